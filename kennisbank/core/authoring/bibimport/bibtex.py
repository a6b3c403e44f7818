"""BibTeX (and BibLaTeX, as Zotero and others export it) to BibEntry, with LaTeX turned into Unicode text.

The entry type says which kind of source it is and what each field means for it: `booktitle` is the book a chapter
or conference paper appeared in, `number` is a journal's issue but a report's number, `school` is the thesis'
publisher. Zotero writes web pages, preprints, laws and documents all as @misc; the fields tell them apart.
"""
from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import Block, DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock

from kennisbank.core.authoring.bibimport.entry import (
    BibEntry,
    arxiv_note,
    arxiv_number,
    clean,
    date_of,
    person,
    preprint_server,
    rich_text,
    server_name,
    year_of,
)
from kennisbank.core.authoring.bibimport.latex import decode
from kennisbank.core.i18n import both, say
from kennisbank.core.reading.problems import Problem

TYPES = {
    "article": "article", "book": "book", "booklet": "book", "mvbook": "book", "manual": "book", "collection": "book",
    "mvcollection": "book", "proceedings": "book", "mvproceedings": "book", "inbook": "chapter",
    "incollection": "chapter", "inreference": "chapter", "bookinbook": "chapter", "suppbook": "chapter",
    "suppcollection": "chapter", "inproceedings": "conference-paper", "conference": "conference-paper",
    "techreport": "report", "report": "report", "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "online": "webpage", "electronic": "webpage", "www": "webpage", "webpage": "webpage",
    "legislation": "legislation", "law": "legislation", "legal": "legislation",
}
# Entry types whose fields may show a preprint (Zotero and arXiv write @misc, Google Scholar @article).
_MAY_BE_PREPRINT = {"misc", "unpublished", "online", "electronic", "www", "article"}
_IDENTIFIER_EPRINTS = {"jstor", "pubmed", "hdl", "googlebooks", "doi", "pmcid", "mr", "zbl"}  # not preprint servers

# Per kind of source: which BibTeX fields hold which Source field, first one present wins.
_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "article": {"container": ("journal", "journaltitle"), "volume": ("volume",), "issue": ("number", "issue"),
                "pages": ("pages",), "number": ("eid",)},
    "book": {"editors": ("editor",), "edition": ("edition",), "volume": ("volume",),
             "publisher": ("publisher", "organization")},
    "chapter": {"editors": ("editor",), "container": ("booktitle", "maintitle"), "edition": ("edition",),
                "volume": ("volume",), "pages": ("pages",), "publisher": ("publisher",)},
    "conference-paper": {"editors": ("editor",), "container": ("booktitle", "eventtitle"), "volume": ("volume",),
                         "pages": ("pages",), "publisher": ("publisher", "organization")},
    "report": {"genre": ("type",), "number": ("number",), "edition": ("edition",),
               "publisher": ("institution", "publisher", "organization")},
    "thesis": {"genre": ("type",), "publisher": ("school", "institution", "publisher")},
    "webpage": {"container": ("journal", "journaltitle", "titleaddon", "organization")},
    "preprint": {"genre": ("type",), "number": ("number",), "publisher": ("publisher",)},
    "legislation": {"container": ("journal", "journaltitle"), "number": ("number",)},
    "other": {"genre": ("type",), "number": ("number",), "publisher": ("publisher", "institution", "organization")},
}
# What a field means when its entry type has no rule for it: kept only if the kind of source shows it, else reported.
_GENERIC = {"editors": ("editor",), "container": ("journal", "journaltitle", "booktitle"), "edition": ("edition",),
            "volume": ("volume",), "issue": ("issue",), "pages": ("pages",), "number": ("number",), "genre": ("type",),
            "publisher": ("publisher", "institution", "school")}
# BibLaTeX's localisation keys in `type`, and what @phdthesis and @mastersthesis mean without one: the genre an APA
# reference shows, in the site's language (plan_import writes the wording of the site).
_DOCTORAL, _MASTERS = both("Proefschrift", "Doctoral dissertation"), both("Masterscriptie", "Master's thesis")
_THESIS_GENRE = {"phdthesis": _DOCTORAL, "mathesis": _MASTERS, "mastersthesis": _MASTERS}
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")
_URL_FIELD = re.compile(r"^\s*\\url\s*\{(.*)\}\s*$", re.S)


class _Fields:
    """An entry's fields, decoded once; notes what TeX could not be converted."""

    def __init__(self, block: Entry, entry: BibEntry, file: str):
        self.raw = {f.key.lower(): f.value for f in block.fields if isinstance(f.value, str)}
        self.lines = {f.key.lower(): (f.start_line + 1 if isinstance(f.start_line, int) else entry.line)
                      for f in block.fields}
        self.entry, self.file = entry, file
        self.used: set[str] = set()
        self._decoded: dict[tuple[str, bool], str | None] = {}

    def has(self, name: str) -> bool:
        return bool(clean(self.raw.get(name)))

    def line(self, name: str) -> int:
        return self.lines.get(name, self.entry.line)

    def text(self, name: str, rich: bool = False) -> str | None:
        if not self.has(name):
            return None
        if (name, rich) not in self._decoded:
            decoded = decode(self.raw[name], rich=rich)
            if decoded.residue and not any(key[0] == name for key in self._decoded):  # one warning per field
                self.entry.notes.append(_residue_problem(self.file, self.line(name), self.entry, name, self.raw[name],
                                                         decoded.residue))
            self._decoded[(name, rich)] = rich_text(decoded.text)  # Zotero keeps Crossref's '&amp;' in titles
        return self._decoded[(name, rich)]

    def verbatim(self, name: str) -> str | None:
        """URLs and DOIs are written verbatim in BibTeX ('%' is no comment there); undo only escaped specials."""
        value = self.raw.get(name) or ""
        match = _URL_FIELD.match(value)
        value = match.group(1) if match else value
        return clean(re.sub(r"\\([_%&#$~])", r"\1", value).strip("{} ")) or None


def _residue_problem(file: str, line: int, entry: BibEntry, name: str, raw: str, residue: tuple[str, ...]) -> Problem:
    cleaned = clean(raw)
    shown = " ".join(cleaned.split()) if cleaned else ""
    shown = shown if len(shown) <= 120 else shown[:117] + "…"
    return Problem(file, line, say("in '{name}' ({shown}) kon {residue} niet naar tekst worden omgezet; dat deel is "
                                   "weggelaten.", "in '{name}' ({shown}) {residue} could not be converted to text; that "
                                   "part has been left out.", name=name, shown=shown, residue=", ".join(residue)),
                   severity="warning", subject=entry.subject,
                   fix=say("Controleer '{name}' in het nieuwe bronbestand en vul aan wat ontbreekt, of herstel het veld "
                           "in Zotero (of in het .bib-bestand) en importeer opnieuw.",
                           "Check '{name}' in the new source file and add what is missing, or correct the field in "
                           "Zotero (or in the .bib file) and import again.", name=name))


def _names(value: str, fields: _Fields, field_name: str) -> list[dict[str, str]]:
    names = []
    for name in split_multiple_persons_names(value):
        name = name.strip()
        if name.lower() == "others":  # 'and others' is BibTeX for et al.
            continue
        if name.startswith("{") and name.endswith("}") and _one_group(name):
            literal = _decoded_name(name, fields, field_name)  # {Rathenau Instituut}: an organisation, never split
            found = {"literal": literal} if literal else None
        else:
            parts = parse_single_name_into_parts(name, strict=False)
            last = parts.last or parts.von[-1:]  # 'de la': BibTeX needs a last name; a lone particle is one
            von = parts.von if parts.last else parts.von[:-1]
            family = _decoded_name(" ".join(von + last + parts.jr), fields, field_name)
            found = person(family, _decoded_name(" ".join(parts.first), fields, field_name))
        if found:
            names.append(found)
    return names


def _decoded_name(text: str, fields: _Fields, field_name: str) -> str:
    decoded = decode(text)
    if decoded.residue:
        fields.entry.notes.append(_residue_problem(fields.file, fields.line(field_name), fields.entry, field_name, text,
                                                   decoded.residue))
    return decoded.text


def _one_group(text: str) -> bool:
    """True when the outer braces of `text` enclose all of it: '{A B}' yes, '{A} {B}' no."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _eprint_server(fields: _Fields) -> str | None:
    for name in ("archiveprefix", "eprinttype"):
        value = clean(fields.raw.get(name))
        if value and value.lower() not in _IDENTIFIER_EPRINTS:
            return server_name(fields.text(name) or value)
    return None


def _kind(entry_type: str, fields: _Fields) -> str:
    kind = TYPES.get(entry_type)
    if entry_type not in _MAY_BE_PREPRINT:
        return kind or "other"
    naming = ("journal", "journaltitle") if entry_type == "article" else \
        ("journal", "journaltitle", "publisher", "howpublished", "organization", "institution")
    if (entry_type != "article" and _eprint_server(fields)) or preprint_server(*(fields.text(n) for n in naming)):
        return "preprint"
    if kind:
        return kind
    has_url = fields.has("url") or bool(_URL_FIELD.match(fields.raw.get("howpublished") or ""))
    if entry_type == "misc" and has_url and (fields.has("howpublished") or not fields.has("publisher")):
        return "webpage"
    return "other"


def _preprint(entry: BibEntry, fields: _Fields) -> None:
    """A preprint's server is its publisher; its number is the server's id ('arXiv:2101.00001')."""
    naming = [n for n in ("howpublished", "journal", "journaltitle", "organization", "institution")
              if preprint_server(fields.text(n))]
    server = _eprint_server(fields)
    if fields.has("publisher"):
        entry.put("publisher", fields.text("publisher"), "publisher", fields.line("publisher"))
        fields.used.add("publisher")
    elif server:
        origin = "archiveprefix" if fields.has("archiveprefix") else "eprinttype"
        entry.put("publisher", server, origin, fields.line(origin))
    elif naming:
        entry.put("publisher", preprint_server(fields.text(naming[0])), naming[0], fields.line(naming[0]))
    fields.used.update(naming)
    eprint = fields.verbatim("eprint")
    if eprint and server:
        arxiv = server.lower() == "arxiv" and not eprint.lower().startswith("arxiv:")
        entry.put("number", f"arXiv:{eprint}" if arxiv else eprint, "eprint", fields.line("eprint"))
    entry.put("number", fields.text("number"), "number", fields.line("number"))
    fields.used.add("number")
    for name in naming:
        entry.put("number", arxiv_number(fields.text(name)), name, fields.line(name))
    if fields.has("note"):
        entry.put("number", arxiv_note(fields.text("note")), "note", fields.line("note"))


def _first_line(block: Block) -> int:
    """The 1-based line a block starts on; start_line is None only for blocks made in code, never for parsed ones."""
    assert block.start_line is not None, "bibtexparser gives every block it parses a start line"
    return block.start_line + 1


def _entry(block: Entry, number: int, file: str) -> BibEntry:
    entry_type = block.entry_type.lower()
    entry = BibEntry(line=_first_line(block), number=number, key=block.key, type="other")
    fields = _Fields(block, entry, file)
    entry.type = _kind(entry_type, fields)
    entry.authors = _names(fields.raw.get("author", ""), fields, "author")
    entry.year = year_of(fields.raw.get("year"), fields.raw.get("date"))
    entry.title = fields.text("title", rich=True)
    if entry.type == "preprint":
        _preprint(entry, fields)
    for target, names in [*_RULES[entry.type].items(), *_GENERIC.items()]:
        for name in names:
            if name in fields.used or not fields.has(name):
                continue
            if target == "editors":
                entry.put_editors(_names(fields.raw[name], fields, name), name, fields.line(name))
            else:
                entry.put(target, fields.text(name), name, fields.line(name))
            fields.used.add(name)
            if target in entry.optional or target == "editors":
                break
    if entry.type == "thesis":
        genre = entry.optional.get("genre")
        if genre and genre.lower() in _THESIS_GENRE:
            entry.optional["genre"] = _THESIS_GENRE[genre.lower()]
        elif not genre and entry_type in _THESIS_GENRE:
            entry.put("genre", _THESIS_GENRE[entry_type], f"@{entry_type}")
    if fields.has("doi"):
        entry.put("doi", fields.verbatim("doi"), "doi", fields.line("doi"))
    if fields.has("url"):
        entry.put("url", fields.verbatim("url"), "url", fields.line("url"))
    elif entry.type == "webpage" and fields.has("howpublished") and _URL_FIELD.match(fields.raw["howpublished"]):
        entry.put("url", fields.verbatim("howpublished"), "howpublished", fields.line("howpublished"))
    if fields.has("urldate"):
        entry.put("accessed", date_of(fields.raw.get("urldate")), "urldate", fields.line("urldate"))
    return entry


def _failed(block: ParsingFailedBlock, file: str) -> Problem:
    match = _KEY.search(block.raw or "")
    key = match.group(1) if match else None
    subject = f"item '{key}'" if key else "item"
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(file, _first_line(block), say("de sleutel '{key}' staat al eerder in het bestand.",
                                                     "the key '{key}' already appears earlier in the file.",
                                                     key=block.key),
                       fix=both("Geef een van beide items een eigen sleutel in Zotero of in het bestand en importeer "
                                "opnieuw.", "Give one of the two items a key of its own in Zotero or in the file, and "
                                "import again."),
                       subject=subject)
    if isinstance(block, DuplicateFieldKeyBlock):
        return Problem(file, _first_line(block), both("een veld staat twee keer in dit item.",
                                                      "a field appears twice in this item."),
                       fix=both("Houd één van de twee over en importeer opnieuw.", "Keep one of the two and import again."),
                       subject=subject)
    return Problem(file, _first_line(block), both("dit item kon niet gelezen worden (BibTeX-syntaxfout).",
                                                  "this item could not be read (BibTeX syntax error)."),
                   expected=both("@soort{sleutel, veld = {waarde}, …}", "@type{key, field = {value}, …}"),
                   fix=both("Controleer de accolades en komma's van dit item, of exporteer het opnieuw uit Zotero.",
                            "Check the braces and commas of this item, or export it from Zotero again."),
                   subject=subject)


def _unreadable(block: Entry, number: int, file: str, err: BaseException) -> Problem:
    reason = both("te diep geneste accolades", "braces nested too deeply") if isinstance(err, RecursionError) \
        else type(err).__name__
    subject = f"item '{block.key}'" if getattr(block, "key", None) else f"item {number}"
    return Problem(file, _first_line(block), say("dit item kon niet worden omgezet ({reason}); het is niet geïmporteerd.",
                                                 "this item could not be converted ({reason}); it was not imported.",
                                                 reason=reason),
                   fix=both("Controleer de accolades en LaTeX-opdrachten van dit item, of exporteer het opnieuw uit "
                            "Zotero.", "Check the braces and LaTeX commands of this item, or export it from Zotero "
                            "again."),
                   subject=subject)


def read_bibtex(text: str, file: str) -> tuple[list[BibEntry], list[Problem]]:
    # bibtexparser (and its child loggers) logs each syntax error; the editor gets a Problem in the site's language.
    logger, silent = logging.getLogger("bibtexparser"), logging.NullHandler()
    logger.addHandler(silent)
    logger.propagate = False
    try:
        library = bibtexparser.parse_string(text)
    except RecursionError:
        return [], [Problem(file, None, both("het bestand kon niet gelezen worden: de accolades zijn te diep genest; "
                                             "er is niets geïmporteerd.", "the file could not be read: its braces are "
                                             "nested too deeply; nothing was imported."),
                            fix=both("Exporteer het bestand opnieuw uit Zotero.", "Export the file from Zotero again."))]
    finally:
        logger.removeHandler(silent)
        logger.propagate = True
    entries, problems = [], [_failed(block, file) for block in library.failed_blocks]
    for number, block in enumerate(library.entries, start=1):
        try:
            entries.append(_entry(block, number, file))
        except (RecursionError, ValueError, TypeError, IndexError, KeyError, AttributeError) as err:
            # pylatexenc and the name splitter on input no exporter writes: this entry is reported, the others stay
            problems.append(_unreadable(block, number, file, err))
    return entries, problems

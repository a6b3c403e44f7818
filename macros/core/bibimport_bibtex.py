"""BibTeX (and BibLaTeX, as Zotero exports it) to BibEntry, with LaTeX escapes turned into Unicode."""
from __future__ import annotations

import logging
import re
from typing import Optional

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from .bibimport_entry import BibEntry, add_optional, clean, person, year_of
from .problems import Problem

TYPES = {
    "article": "article", "book": "book", "booklet": "book", "mvbook": "book", "collection": "book",
    "proceedings": "book", "inbook": "chapter", "incollection": "chapter", "inproceedings": "chapter",
    "conference": "chapter", "techreport": "report", "report": "report", "phdthesis": "thesis",
    "mastersthesis": "thesis", "thesis": "thesis", "online": "webpage", "electronic": "webpage", "www": "webpage",
}

# The settings bibtexparser's own LatexDecodingMiddleware uses; math stays as written.
_DECODER = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")


def latex_to_text(value: str) -> str:
    return clean(_DECODER.latex_to_text(value)) or ""


def _raw_url(value: str) -> str:
    """URLs and DOIs are written verbatim in BibTeX ('%' is no comment there); undo only escaped specials."""
    return re.sub(r"\\([_%&#$])", r"\1", value).strip("{} ")


def _names(value: str) -> list[dict[str, str]]:
    names = []
    for name in split_multiple_persons_names(value):
        name = name.strip()
        if name.lower() == "others":  # 'and others' is BibTeX for et al.
            continue
        if name.startswith("{") and name.endswith("}") and _one_group(name):
            literal = latex_to_text(name)  # {Rathenau Instituut}: an organisation, never split
            found = {"literal": literal} if literal else None
        else:
            parts = parse_single_name_into_parts(name, strict=False)
            family = latex_to_text(" ".join(parts.von + parts.last + parts.jr))
            found = person(family, latex_to_text(" ".join(parts.first)))
        if found:
            names.append(found)
    return names


def _one_group(text: str) -> bool:
    """True when the outer braces of `text` enclose all of it: '{A B}' yes, '{A} {B}' no."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


def _entry(block: Entry, number: int) -> BibEntry:
    fields = {f.key.lower(): f.value for f in block.fields if isinstance(f.value, str)}

    def text(*names: str) -> Optional[str]:
        for name in names:
            if fields.get(name):
                return latex_to_text(fields[name]) or None
        return None

    entry = BibEntry(line=block.start_line + 1, number=number, key=block.key, type=TYPES.get(block.entry_type.lower(), "other"),
                     authors=_names(fields.get("author", "")), year=year_of(fields.get("year"), fields.get("date")),
                     title=text("title"))
    add_optional(entry, container=text("journal", "journaltitle", "booktitle"), volume=text("volume"),
                 issue=text("number", "issue"), pages=text("pages"),
                 publisher=text("publisher", "institution", "school", "organization"),
                 doi=_raw_url(fields["doi"]) if fields.get("doi") else None,
                 url=_raw_url(fields["url"]) if fields.get("url") else None)
    return entry


def _failed(block: ParsingFailedBlock, file: str) -> Problem:
    match = _KEY.search(block.raw or "")
    key = match.group(1) if match else None
    subject = f"item '{key}'" if key else "item"
    if isinstance(block, DuplicateBlockKeyBlock):
        return Problem(file, block.start_line + 1, f"de sleutel '{block.key}' staat al eerder in het bestand.",
                       fix="Geef een van beide items een eigen sleutel in Zotero of in het bestand en importeer opnieuw.",
                       subject=subject)
    if isinstance(block, DuplicateFieldKeyBlock):
        return Problem(file, block.start_line + 1, "een veld staat twee keer in dit item.",
                       fix="Houd één van de twee over en importeer opnieuw.", subject=subject)
    return Problem(file, block.start_line + 1, "dit item kon niet gelezen worden (BibTeX-syntaxfout).",
                   expected="@soort{sleutel, veld = {waarde}, …}",
                   fix="Controleer de accolades en komma's van dit item, of exporteer het opnieuw uit Zotero.",
                   subject=subject)


def read_bibtex(text: str, file: str) -> tuple[list[BibEntry], list[Problem]]:
    # bibtexparser (and its child loggers) logs each syntax error in English; the editor gets a Dutch Problem instead.
    logger, silent = logging.getLogger("bibtexparser"), logging.NullHandler()
    logger.addHandler(silent)
    logger.propagate = False
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.removeHandler(silent)
        logger.propagate = True
    entries = [_entry(block, number) for number, block in enumerate(library.entries, start=1)]
    problems = [_failed(block, file) for block in library.failed_blocks]
    return entries, problems

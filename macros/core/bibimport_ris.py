"""RIS (Zotero, EndNote, Mendeley) to BibEntry. Each TY … ER block is parsed on its own, so a broken one
is reported with its line while the others are still read."""
from __future__ import annotations

import re
from typing import Any

import rispy

from .bibimport_entry import BibEntry, add_optional, clean, name_from_text, year_of
from .problems import Problem

TYPES = {
    "JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "chapter", "ECHAP": "chapter", "CPAPER": "chapter",
    "RPRT": "report", "GOVDOC": "report", "THES": "thesis", "ELEC": "webpage", "WEB": "webpage", "BLOG": "webpage",
    "SLIDE": "presentation",
}
# Where T2 means the journal, book or website the item appeared in (for a book it is the series).
_HAS_CONTAINER = {"article", "chapter", "webpage", "presentation", "other"}

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -")


def _first(record: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if clean(value):
            return value
    return None


def _pages(record: dict[str, Any]) -> str | None:
    start, end = clean(record.get("start_page")), clean(record.get("end_page"))
    if start and end and end != start:
        return f"{start}-{end}"
    return start or end


def _entry(record: dict[str, Any], line: int, number: int) -> BibEntry:
    kind = TYPES.get(str(record.get("type_of_reference", "")).strip(), "other")
    names = dict.fromkeys([*record.get("authors", []), *record.get("first_authors", [])])  # AU and A1 may repeat
    entry = BibEntry(line=line, number=number, key=clean(record.get("id")), type=kind,
                     authors=[n for n in map(name_from_text, names) if n],
                     year=year_of(record.get("year"), record.get("publication_year"), record.get("date")),
                     title=clean(_first(record, "title", "primary_title")))
    container = _first(record, "secondary_title", "journal_name", "alternate_title3", "alternate_title1") \
        if kind in _HAS_CONTAINER else None
    add_optional(entry, container=container, volume=record.get("volume"), issue=record.get("number"),
                 pages=_pages(record), publisher=record.get("publisher"), doi=record.get("doi"),
                 url=_first(record, "urls"))
    return entry


def _blocks(text: str) -> list[tuple[int, list[str], bool]]:
    """(first line, lines, closed) per TY … ER block."""
    blocks: list[tuple[int, list[str], bool]] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        tag = _TAG.match(line)
        if tag and tag.group(1) == "TY":
            if current is not None:
                blocks.append((start, current, False))
            current, start = [line], number
        elif current is not None:
            current.append(line)
            if tag and tag.group(1) == "ER":
                blocks.append((start, current, True))
                current = None
    if current is not None:
        blocks.append((start, current, False))
    return blocks


def read_ris(text: str, file: str) -> tuple[list[BibEntry], list[Problem]]:
    entries, problems = [], []
    for number, (line, lines, closed) in enumerate(_blocks(text), start=1):
        if not closed:
            problems.append(Problem(file, line, "dit item sluit niet af met 'ER  - '.",
                                    fix="Exporteer het bestand opnieuw, of zet 'ER  - ' op de laatste regel van het item.",
                                    subject=f"item {number}"))
            continue
        try:
            records = rispy.loads("\n".join(lines) + "\n")
        except Exception as err:  # rispy raises plain IOError/ValueError subclasses on malformed input
            problems.append(Problem(file, line, f"dit item kon niet gelezen worden ({err}).",
                                    fix="Controleer de regels van dit item ('XX  - waarde') of exporteer opnieuw.",
                                    subject=f"item {number}"))
            continue
        entries += [_entry(record, line, number) for record in records]
    return entries, problems

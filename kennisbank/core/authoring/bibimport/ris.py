"""RIS (Zotero, EndNote, Mendeley) to BibEntry. Each TY … ER block is parsed on its own, so a broken one
is reported with its line while the others are still read.

A tag means different things per reference type; this follows what Zotero's RIS translator writes
(zotero/translators RIS.js): T2 is a chapter's book but a book's series, a conference paper's proceedings are in
C3 (T2 is the conference), editors of a book are A3 but of a chapter A2, a report's number is SN, the kind of
thesis or report is M3, and a preprint is written as GEN with the server as publisher (PB).
"""
from __future__ import annotations

import re
from typing import Any

import rispy

from kennisbank.core.authoring.bibimport.entry import (
    BibEntry,
    arxiv_number,
    clean,
    date_of,
    name_from_text,
    plain_text,
    preprint_server,
    rich_text,
    year_of,
)
from kennisbank.core.i18n import both, say
from kennisbank.core.reading.problems import Problem

TYPES = {
    "JOUR": "article", "JFULL": "article", "EJOUR": "article", "MGZN": "article", "NEWS": "article", "ABST": "article",
    "INPR": "article", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CLSWK": "book", "SER": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "DICT": "chapter", "ENCYC": "chapter", "CONF": "conference-paper",
    "CPAPER": "conference-paper", "RPRT": "report", "GOVDOC": "report", "STAND": "report", "THES": "thesis",
    "ELEC": "webpage", "WEB": "webpage", "BLOG": "webpage", "STAT": "legislation", "BILL": "legislation",
    "LEGAL": "legislation", "SLIDE": "presentation",
}
_MAY_BE_PREPRINT = {"article", "other"}

# rispy's names for the tags used here.
_KEYS = {"T2": "secondary_title", "T3": "tertiary_title", "JO": "journal_name", "JF": "alternate_title3",
         "J2": "alternate_title1", "JA": "alternate_title2", "C3": "custom3", "ET": "edition", "VL": "volume",
         "IS": "number", "SN": "issn", "M1": "note", "M3": "type_of_work", "PB": "publisher", "DB": "name_of_database",
         "A2": "secondary_authors", "A3": "tertiary_authors", "Y2": "access_date"}

# Per kind of source: which tags hold which Source field (first one present wins). 'SP' stands for SP and EP.
_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "article": {"editors": ("A2", "ED"), "container": ("T2", "JO", "JF", "JA", "J2"), "volume": ("VL",),
                "issue": ("IS",), "pages": ("SP",)},
    "book": {"editors": ("A3", "ED"), "edition": ("ET",), "volume": ("VL",), "publisher": ("PB",)},
    "chapter": {"editors": ("A2", "ED"), "container": ("T2", "BT"), "edition": ("ET",), "volume": ("VL",),
                "pages": ("SP",), "publisher": ("PB",)},
    "conference-paper": {"editors": ("A2", "ED"), "container": ("C3", "T2", "BT"), "volume": ("VL",), "pages": ("SP",),
                         "publisher": ("PB",)},
    "report": {"genre": ("M3",), "number": ("SN",), "edition": ("ET",), "publisher": ("PB",)},
    "thesis": {"genre": ("M3",), "publisher": ("PB",)},
    "webpage": {"container": ("T2",)},
    "preprint": {"genre": ("M3",), "publisher": ("PB",)},
    "legislation": {"container": ("T2",), "number": ("M1",)},
    "presentation": {"container": ("T2",), "publisher": ("PB",)},
    "other": {"editors": ("A2", "ED"), "genre": ("M3",), "publisher": ("PB",)},
}
# Tags with one meaning for every type: kept if the kind of source shows the field, else reported.
_GENERIC = {"editors": ("ED",), "container": ("T2", "JO", "JF"), "edition": ("ET",), "volume": ("VL",), "issue": ("IS",),
            "pages": ("SP",), "genre": ("M3",), "publisher": ("PB",)}
# Tags that mean something else for a type (Zotero): a book's or report's T2 is its series, a book's SP its number of
# pages, a chapter's IS the number of volumes, a law's ET its session.
_OTHER_MEANING = {"book": {"T2", "SP", "IS"}, "report": {"T2"}, "thesis": {"SP"}, "chapter": {"IS"},
                  "legislation": {"ET"}, "webpage": {"VL"}}

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -")
_ISBN = re.compile(r"^(?:97[89])?\d{9}[\dX]$")
_DOI_LIKE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/", re.I)
# A name without a comma is an organisation; with one, it still is when its first part is several words with one of
# these in it, or the rest is joined by 'en'/'and': RIS has no other way to say so, and Zotero writes
# 'Ministerie van Volksgezondheid, Welzijn en Sport' with its comma.
_ORGANISATION = re.compile(
    r"\b(ministerie|ministry|department|departement|instituut|institute|institut|universiteit|university|"
    r"hogeschool|college|raad|council|association|vereniging|stichting|foundation|organi[sz]ation|organisatie|agency|"
    r"centrum|centre|center|commissie|commission|committee|bureau|office|gemeente|provincie|kenniscentrum|"
    r"inspectie|inspectorate|platform|netwerk|network|society|genootschap|federatie|federation)\b", re.I)
_CONJUNCTION = re.compile(r"(?:^|\s)(en|and|und|et|&)(?:\s|$)")


def _value(record: dict[str, Any], tag: str) -> Any:
    if tag == "ED" or tag == "BT":
        values = (record.get("unknown_tag") or {}).get(tag) or []
        return values if tag == "ED" else (values[0] if values else None)
    value = record.get(_KEYS.get(tag, tag))
    if isinstance(value, list) and tag not in ("A2", "A3"):
        value = value[0] if value else None
    return value


def _text(record: dict[str, Any], tag: str) -> str | None:
    value = _value(record, tag)
    return clean(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None


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


def ris_name(text: Any) -> dict[str, str] | None:
    """'Family, Given' is a person, as RIS writes it; an organisation may have a comma too."""
    found = name_from_text(str(text)) if isinstance(text, str) else None
    family = found.get("family", "") if found else ""
    if family and ((len(family.split()) > 1 and _ORGANISATION.search(family))  # 'Raad, Ahmed' is a person
                   or _CONJUNCTION.search(found.get("given", ""))):  # type: ignore[union-attr]
        return {"literal": clean(text) or ""}
    return found


def _names(values: Any) -> list[dict[str, str]]:
    values = values if isinstance(values, list) else [values] if values else []
    return [n for n in map(ris_name, dict.fromkeys(v for v in values if isinstance(v, str))) if n]


def _kind(record: dict[str, Any]) -> str:
    kind = TYPES.get(str(record.get("type_of_reference", "")).strip(), "other")
    if kind in _MAY_BE_PREPRINT:
        naming = ("T2", "JO", "JF") if kind == "article" else ("PB", "T2", "JO", "JF", "DB")
        if preprint_server(*(_text(record, tag) for tag in naming)):
            return "preprint"
    return kind


def _entry(record: dict[str, Any], line: int, number: int) -> BibEntry:
    reference_type = str(record.get("type_of_reference", "")).strip()
    kind = _kind(record)
    names = _names([*(record.get("authors") or []), *(record.get("first_authors") or [])])  # AU and A1 may repeat
    entry = BibEntry(line=line, number=number, key=clean(record.get("id")), type=kind, authors=names,
                     year=year_of(record.get("year"), record.get("publication_year"), record.get("date")),
                     title=rich_text(_first(record, "title", "primary_title")))
    if reference_type == "EDBOOK" and not (_value(record, "A3") or _value(record, "ED")):
        entry.put_editors(entry.authors, "AU")  # RIS: the names of an edited book are its editors
        entry.authors = []
    naming: list[str] = []
    if kind == "preprint":
        naming = [tag for tag in ("T2", "JO", "JF", "DB") if preprint_server(_text(record, tag))]
        if not _text(record, "PB") and naming:
            entry.put("publisher", preprint_server(_text(record, naming[0])), naming[0])
        for tag in naming:
            entry.put("number", arxiv_number(_text(record, tag)), tag)
    skip = _OTHER_MEANING.get(kind, set()) | set(naming)
    used: set[str] = set()
    for target, tags in [*_RULES.get(kind, {}).items(), *_GENERIC.items()]:
        for tag in tags:
            if tag in used or (tag in skip and tag not in _RULES.get(kind, {}).get(target, ())):
                continue
            used.add(tag)
            if target == "editors":
                entry.put_editors(_names(_value(record, tag)), tag)
            elif tag == "SP":
                entry.put("pages", _pages(record), "SP/EP")
            else:
                value = _text(record, tag)
                if value and ((tag == "M3" and _DOI_LIKE.match(value))
                              or (tag == "SN" and _ISBN.match(re.sub(r"[\s-]", "", value)))):
                    continue  # EndNote's DOI in M3, an ISBN in a report's SN: not what this field means
                entry.put(target, plain_text(value) if target in ("container", "publisher", "genre") else value, tag)
            if target in entry.optional or (target == "editors" and entry.editors):
                break
    entry.put("doi", _text(record, "doi"), "DO")
    entry.put("url", _first(record, "urls"), "UR")
    entry.put("accessed", date_of(_text(record, "Y2")), "Y2")
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
            problems.append(Problem(file, line, both("dit item sluit niet af met 'ER  - '.",
                                                     "this item does not end with 'ER  - '."),
                                    fix=both("Exporteer het bestand opnieuw, of zet 'ER  - ' op de laatste regel van het "
                                             "item.", "Export the file again, or put 'ER  - ' on the last line of the item."),
                                    subject=f"item {number}"))
            continue
        try:
            records = rispy.loads("\n".join(lines) + "\n")
            entries += [_entry(record, line, number) for record in records]
        except Exception as err:  # rispy raises plain IOError/ValueError subclasses on malformed input
            problems.append(Problem(file, line, say("dit item kon niet gelezen worden ({error}).",
                                                    "this item could not be read ({error}).",
                                                    error=f"{type(err).__name__}: {err}"),
                                    fix=both("Controleer de regels van dit item ('XX  - waarde') of exporteer opnieuw.",
                                             "Check the lines of this item ('XX  - value') or export again."),
                                    subject=f"item {number}"))
    return entries, problems

"""CSL JSON (Zotero's 'CSL JSON' export, also what citeproc tools read) to BibEntry."""
from __future__ import annotations

import json
from typing import Any, Iterator

from .bibimport_entry import BibEntry, add_optional, clean, person, year_of
from .problems import Problem

TYPES = {
    "article": "article", "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "book": "book", "chapter": "chapter", "paper-conference": "chapter", "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter", "report": "report", "thesis": "thesis", "webpage": "webpage",
    "post-weblog": "webpage", "post": "webpage", "speech": "presentation",
}


def _name(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    if clean(value.get("literal")):
        return {"literal": clean(value["literal"])}  # type: ignore[dict-item]
    # 'de Vries': CSL keeps the particle apart; the family name as a Dutch reader expects it carries it.
    family = " ".join(p for p in (clean(value.get("non-dropping-particle")), clean(value.get("dropping-particle")),
                                  clean(value.get("family")), clean(value.get("suffix"))) if p)
    return person(family, value.get("given"))


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[]]
        first = parts[0][0] if parts and isinstance(parts[0], list) and parts[0] else None
        return year_of(first, issued.get("raw"), issued.get("literal"))
    return year_of(issued)


def _entry(item: dict[str, Any], line: int, number: int) -> BibEntry:
    entry = BibEntry(line=line, number=number, key=clean(item.get("id")), type=TYPES.get(str(item.get("type")), "other"),
                     authors=[n for n in map(_name, item.get("author") or []) if n], year=_year(item.get("issued")),
                     title=clean(item.get("title")))
    add_optional(entry, container=item.get("container-title"), volume=item.get("volume"), issue=item.get("issue"),
                 pages=item.get("page"), publisher=item.get("publisher"), doi=item.get("DOI"), url=item.get("URL"))
    return entry


def _items(text: str) -> Iterator[tuple[int, Any]]:
    """(line, item) for each element of the top-level array, decoded one by one to know its line."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if not text.startswith("[", pos):  # a single item on its own
        yield text.count("\n", 0, pos) + 1, decoder.raw_decode(text, pos)[0]
        return
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        item, end = decoder.raw_decode(text, pos)
        yield text.count("\n", 0, pos) + 1, item
        pos = end


def read_csl(text: str, file: str) -> tuple[list[BibEntry], list[Problem]]:
    entries, problems = [], []
    try:
        for number, (line, item) in enumerate(_items(text), start=1):
            if isinstance(item, dict):
                entries.append(_entry(item, line, number))
            else:
                problems.append(Problem(file, line, "dit item is geen groep velden ({…}).",
                                        fix="Exporteer opnieuw uit Zotero als CSL JSON.", subject=f"item {number}"))
    except json.JSONDecodeError as err:
        problems.append(Problem(file, err.lineno, f"het bestand is geen geldige JSON ({err.msg}); er is niets geïmporteerd.",
                                fix="Exporteer opnieuw uit Zotero als CSL JSON, of herstel de fout op deze regel.",
                                subject=None))
        return [], problems
    return entries, problems

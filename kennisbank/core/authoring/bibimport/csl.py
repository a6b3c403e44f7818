"""CSL JSON (Zotero's 'CSL JSON' export, also what citeproc tools read) to BibEntry.

Each item is decoded on its own, so an item that is no item, or has a field of the wrong shape ("author": 5), is
reported with its line and number while the others are still imported. Titles keep CSL's rich text (<i>…</i>);
HTML entities such as '&amp;' become the character.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from kennisbank.core.authoring.bibimport.entry import (
    BibEntry,
    arxiv_note,
    arxiv_number,
    clean,
    date_of,
    person,
    preprint_server,
    rich_text,
    year_of,
)
from kennisbank.core.i18n import Message, both, say
from kennisbank.core.reading.problems import Problem

TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article", "review": "article",
    "review-book": "article", "book": "book", "collection": "book", "chapter": "chapter", "entry": "chapter",
    "entry-encyclopedia": "chapter", "entry-dictionary": "chapter", "paper-conference": "conference-paper",
    "report": "report", "standard": "report", "thesis": "thesis", "webpage": "webpage", "post-weblog": "webpage",
    "post": "webpage", "legislation": "legislation", "bill": "legislation", "regulation": "legislation",
    "treaty": "legislation", "speech": "presentation", "document": "other", "manuscript": "other",
}
# CSL 'article': "not published in a journal … preprints, working papers" (CSL 1.0.2); a preprint when it says so.
_PREPRINT_GENRE = re.compile(r"pre-?print", re.I)

_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "article": {"container": ("container-title",), "volume": ("volume",), "issue": ("issue",), "pages": ("page",),
                "number": ("number",)},
    "book": {"editors": ("editor",), "edition": ("edition",), "volume": ("volume",), "publisher": ("publisher",)},
    "chapter": {"editors": ("editor",), "container": ("container-title",), "edition": ("edition",),
                "volume": ("volume",), "pages": ("page",), "publisher": ("publisher",)},
    "conference-paper": {"editors": ("editor",), "container": ("container-title", "event-title", "event"),
                         "volume": ("volume",), "pages": ("page",), "publisher": ("publisher",)},
    "report": {"genre": ("genre",), "number": ("number",), "edition": ("edition",), "publisher": ("publisher",)},
    "thesis": {"genre": ("genre",), "number": ("number",), "publisher": ("publisher",)},
    "webpage": {"container": ("container-title",)},
    "preprint": {"genre": ("genre",), "number": ("number",), "publisher": ("publisher",)},
    "legislation": {"container": ("container-title",), "number": ("number",)},
    "presentation": {"container": ("event-title", "event", "container-title"), "publisher": ("publisher",)},
    "other": {"genre": ("genre",), "number": ("number",), "publisher": ("publisher",)},
}
_GENERIC = {"editors": ("editor",), "container": ("container-title",), "edition": ("edition",), "volume": ("volume",),
            "issue": ("issue",), "pages": ("page",), "number": ("number",), "genre": ("genre",),
            "publisher": ("publisher",)}
_TEXT_FIELDS = ("id", "type", "title", "container-title", "event-title", "event", "edition", "volume", "issue", "page",
                "number", "genre", "publisher", "archive", "note", "DOI", "URL")
_NAME_PARTS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")


class _Broken(Exception):
    """A field of the wrong shape: the item is skipped and the editor told which field and what it should be."""

    def __init__(self, field: str, value: Any, expected: Message, in_list: bool = False):
        super().__init__(field)
        self.field, self.value, self.expected, self.in_list = field, value, expected, in_list


_TEXT = both("tekst", "text")


def _what(value: Any) -> Message:
    if isinstance(value, bool) or value is None:
        return both("true/false", "true/false") if isinstance(value, bool) else both("null", "null")
    if isinstance(value, (int, float)):
        return say("het getal {value}", "the number {value}", value=repr(value))
    if isinstance(value, str):
        return _TEXT
    return both("een lijst ([…])", "a list ([…])") if isinstance(value, list) else \
        both("een groep velden ({…})", "a group of fields ({…})")


def _text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Broken(name, value, _TEXT)
    return clean(value)


_NAMES = both('een lijst van namen, elk als {"family": …, "given": …} of {"literal": …}',
              'a list of names, each as {"family": …, "given": …} or {"literal": …}')


def _name(value: Any, field: str) -> dict[str, str] | None:
    if not isinstance(value, dict):
        raise _Broken(field, value, _NAMES, in_list=True)
    for part in _NAME_PARTS:
        if not isinstance(value.get(part), (str, type(None))):
            raise _Broken(f"{field}.{part}", value[part], _TEXT, in_list=True)
    if clean(value.get("literal")):
        return {"literal": clean(value["literal"])}  # type: ignore[dict-item]
    # 'de Vries': CSL keeps the particle apart; the family name as a Dutch reader expects it carries it.
    family = " ".join(p for p in (clean(value.get("non-dropping-particle")), clean(value.get("dropping-particle")),
                                  clean(value.get("family")), clean(value.get("suffix"))) if p)
    return person(family, value.get("given"))


def _names(item: dict[str, Any], field: str) -> list[dict[str, str]]:
    value = item.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Broken(field, value, _NAMES)
    return [n for n in (_name(v, field) for v in value) if n]


def _year(item: dict[str, Any]) -> int | None:
    issued = item.get("issued")
    if issued is None:
        return None
    expected = both('een datum als {"date-parts": [[2021, 5, 1]]}', 'a date such as {"date-parts": [[2021, 5, 1]]}')
    if not isinstance(issued, dict):
        raise _Broken("issued", issued, expected)
    parts = issued.get("date-parts")
    if parts is not None and not (isinstance(parts, list) and all(isinstance(p, list) for p in parts)):
        raise _Broken("issued", issued, expected)
    first = parts[0][0] if parts and parts[0] else None
    if first is not None and (isinstance(first, bool) or not isinstance(first, (str, int))):
        raise _Broken("issued", issued, expected)
    for name in ("raw", "literal", "season"):
        if issued.get(name) is not None and not isinstance(issued[name], (str, int)):
            raise _Broken("issued", issued, expected)
    return year_of(first, issued.get("raw"), issued.get("literal"))


def _kind(item: dict[str, Any]) -> str:
    csl = _text(item, "type") or ""
    if csl == "article":
        naming = (_text(item, n) for n in ("publisher", "archive", "container-title"))
        preprint = preprint_server(*naming) or _PREPRINT_GENRE.search(_text(item, "genre") or "")
        return "preprint" if preprint else "other"
    return TYPES.get(csl, "other")


def _entry(item: dict[str, Any], line: int, number: int) -> BibEntry:
    for name in _TEXT_FIELDS:
        _text(item, name)  # every field this reader uses has the right shape, or the item is reported as a whole
    kind = _kind(item)
    entry = BibEntry(line=line, number=number, key=_text(item, "id"), type=kind, authors=_names(item, "author"),
                     year=_year(item), title=rich_text(_text(item, "title")))
    used: set[str] = set()
    if kind == "preprint":
        naming = [n for n in ("archive", "container-title") if preprint_server(_text(item, n))]
        if not _text(item, "publisher") and naming:
            entry.put("publisher", preprint_server(_text(item, naming[0])), naming[0])
        entry.put("number", _text(item, "number"), "number")
        for name in naming:
            entry.put("number", arxiv_number(_text(item, name)), name)
        entry.put("number", arxiv_note(_text(item, "note")), "note")
        used.update(naming)
    for target, names in [*_RULES[kind].items(), *_GENERIC.items()]:
        for name in names:
            if name in used:
                continue
            used.add(name)
            if target == "editors":
                entry.put_editors(_names(item, name), name)
            else:
                value = _text(item, name)
                entry.put(target, rich_text(value) if value else None, name)
            if target in entry.optional or (target == "editors" and entry.editors):
                break
    entry.put("doi", _text(item, "DOI"), "DOI")
    entry.put("url", _text(item, "URL"), "URL")
    entry.put("accessed", date_of(item.get("accessed")), "accessed")
    return entry


# --- the file ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def _end_of_value(text: str, pos: int) -> int | None:
    """Where the array or object at `pos` ends, without decoding it (for one nested too deep to decode)."""
    depth = 0
    for match in _TOKEN.finditer(text, pos):
        token = match.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
            if depth == 0:
                return match.end()
    return None


class _TooDeep:
    """Stands for an element nested too deep for the JSON decoder; it is reported and skipped."""


def _items(text: str) -> Iterator[tuple[int, Any]]:
    """(line, item) for each element of the top-level array, decoded one by one to know its line.
    An element nested too deep for the decoder is yielded as _TooDeep and skipped."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    line, counted = 1 + text.count("\n", 0, pos), pos
    if not text.startswith("[", pos):  # a single item on its own
        yield line, decoder.raw_decode(text, pos)[0]
        return
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        line, counted = line + text.count("\n", counted, pos), pos
        try:
            item, end = decoder.raw_decode(text, pos)
        except RecursionError:
            skipped_to = _end_of_value(text, pos)
            if skipped_to is None:
                raise
            item, end = _TooDeep(), skipped_to
        yield line, item
        pos = end


def _broken(file: str, line: int, number: int, key: Any, err: _Broken) -> Problem:
    subject = f"item '{clean(key)}'" if isinstance(key, (str, int)) and not isinstance(key, bool) and clean(key) \
        else f"item {number}"
    where = say("een naam in het veld '{field}'", "a name in the field '{field}'", field=err.field) if err.in_list \
        else say("het veld '{field}'", "the field '{field}'", field=err.field)
    return Problem(file, line, say("{where} is {what}; dit item is niet geïmporteerd.",
                                   "{where} is {what}; this item was not imported.", where=where, what=_what(err.value)),
                   expected=err.expected, subject=subject,
                   fix=both("Herstel het veld in het bestand, of exporteer het item opnieuw uit Zotero als CSL JSON.",
                            "Correct the field in the file, or export the item from Zotero again as CSL JSON."))


_EXPORT_AGAIN = both("Exporteer opnieuw uit Zotero als CSL JSON.", "Export again from Zotero as CSL JSON.")
_EXPORT_ITEM_AGAIN = both("Exporteer het item opnieuw uit Zotero als CSL JSON.", "Export the item from Zotero again as CSL JSON.")


def read_csl(text: str, file: str) -> tuple[list[BibEntry], list[Problem]]:
    entries, problems = [], []
    try:
        for number, (line, item) in enumerate(_items(text), start=1):
            if isinstance(item, _TooDeep):
                problems.append(Problem(file, line, both("dit item is te diep genest om te lezen; het is niet "
                                                         "geïmporteerd.", "this item is nested too deeply to be read; "
                                                         "it was not imported."),
                                        fix=_EXPORT_ITEM_AGAIN, subject=f"item {number}"))
            elif not isinstance(item, dict):
                problems.append(Problem(file, line, both("dit item is geen groep velden ({…}); het is niet "
                                                         "geïmporteerd.", "this item is not a group of fields ({…}); "
                                                         "it was not imported."),
                                        fix=_EXPORT_AGAIN, subject=f"item {number}"))
            else:
                try:
                    entries.append(_entry(item, line, number))
                except _Broken as err:
                    problems.append(_broken(file, line, number, item.get("id"), err))
    except json.JSONDecodeError as err:
        return [], [Problem(file, err.lineno, say("het bestand is geen geldige JSON ({reason}); er is niets "
                                                  "geïmporteerd.", "the file is not valid JSON ({reason}); nothing "
                                                  "was imported.", reason=err.msg),
                            fix=both("Exporteer opnieuw uit Zotero als CSL JSON, of herstel de fout op deze regel.",
                                     "Export again from Zotero as CSL JSON, or correct the mistake on this line."))]
    except RecursionError:
        return [], [Problem(file, None, both("het bestand is te diep genest om te lezen; er is niets geïmporteerd.",
                                             "the file is nested too deeply to be read; nothing was imported."),
                            fix=_EXPORT_AGAIN)]
    return entries, problems

"""Checks of one record on its own that the schema cannot express: text an editor still has to write, and
bibliographic fields the APA reference of a source's type does not show.

Both are warnings: the page is still built. Leftover TODO text is `unfinished`, which `kennisbank check --strict`
and `mkdocs build --strict` treat as an error, so a placeholder never reaches the published site.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel

from kennisbank.core.labels import labels_for
from kennisbank.core.model.records import Source, text_fields
from kennisbank.core.model.source_types import BIBLIOGRAPHIC_FIELDS, SOURCE_TYPES
from kennisbank.core.reading.problems import Problem

_TODO = re.compile(r"\bTODO\b")
_FIELD_LABELS = labels_for("nl")  # the field names of the editors' form, e.g. 'container' is "Verschenen in"


def record_problems(record: BaseModel, line_of: Callable[[tuple], int], file: str, who: str, source: str) -> list[Problem]:
    """Warnings for one record; `source` is the file's text (most files have no 'TODO' and are not walked)."""
    problems = _leftover_todos(record, line_of, file, who) if "TODO" in source else []
    if isinstance(record, Source):
        problems += _fields_not_shown(record, line_of, file, who)
    return problems


def _leftover_todos(record: BaseModel, line_of: Callable[[tuple], int], file: str, who: str) -> list[Problem]:
    found = []
    for path, text in text_fields(record):
        if _TODO.search(text):
            name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
            found.append(Problem(file, line_of(path), f"'{name}' bevat nog 'TODO': deze tekst moet nog geschreven worden.",
                                 fix="Vervang de TODO-tekst door de echte inhoud (of haal het veld weg als het niet nodig is). "
                                     "Met --strict, zoals bij het publiceren, is dit een fout.",
                                 subject=who, severity="warning", unfinished=True))
    return found


def _fields_not_shown(source: Source, line_of: Callable[[tuple], int], file: str, who: str) -> list[Problem]:
    """A field the reference of this type leaves out would be lost without a word: say so, and what to choose."""
    kind = SOURCE_TYPES[source.type]
    problems = []
    for name in BIBLIOGRAPHIC_FIELDS:
        if getattr(source, name) and not kind.shows(name):
            users = [t for t, k in SOURCE_TYPES.items() if k.shows(name) and t != "other"]
            problems.append(Problem(
                file, line_of((name,)),
                f"'{name}' ({_FIELD_LABELS[f'cms.field.{name}'].lower()}) staat niet in de bronvermelding "
                f"van een bron met type '{source.type}': "
                "APA 7 noemt het daar niet.",
                expected=f"'{name}' bij type {', '.join(users)}",
                fix=f"Is de bron eigenlijk een ander soort publicatie, kies dan dat type. Anders: haal '{name}' weg "
                    "(een export uit Zotero zet hier soms de catalogus, zoals 'Cambridge Core').",
                subject=who, severity="warning"))
    return problems

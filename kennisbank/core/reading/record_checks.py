"""Checks of one record on its own that the schema cannot express: text an editor still has to write, and
bibliographic fields the APA reference of a source's type does not show.

Both are warnings: the page is still built. Leftover TODO text is `unfinished`, which `kennisbank check --strict`
and `mkdocs build --strict` treat as an error, so a placeholder never reaches the published site.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel

from kennisbank.core.i18n import both, say
from kennisbank.core.labels import EN, NL
from kennisbank.core.model.records import Source, text_fields
from kennisbank.core.model.source_types import BIBLIOGRAPHIC_FIELDS, SOURCE_TYPES
from kennisbank.core.reading.problems import Problem

_TODO = re.compile(r"\bTODO\b")


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
            found.append(Problem(file, line_of(path),
                                 say("'{name}' bevat nog 'TODO': deze tekst moet nog geschreven worden.",
                                     "'{name}' still contains 'TODO': this text has yet to be written.", name=name),
                                 fix=say("Vervang de TODO-tekst door de echte inhoud (of haal het veld weg als het niet "
                                         "nodig is). Met --strict, zoals bij het publiceren, is dit een fout.",
                                         "Replace the TODO text with the real content (or remove the field if it is not "
                                         "needed). With --strict, as when publishing, this is an error."),
                                 subject=who, severity="warning", unfinished=True))
    return found


def _fields_not_shown(source: Source, line_of: Callable[[tuple], int], file: str, who: str) -> list[Problem]:
    """A field the reference of this type leaves out would be lost without a word: say so, and what to choose."""
    kind = SOURCE_TYPES[source.type]
    problems = []
    for name in BIBLIOGRAPHIC_FIELDS:
        if getattr(source, name) and not kind.shows(name):
            users = [t for t, k in SOURCE_TYPES.items() if k.shows(name) and t != "other"]
            key = f"cms.field.{name}"  # the field's name in the editors' form, e.g. 'container' is "Verschenen in"
            problems.append(Problem(
                file, line_of((name,)),
                say("'{name}' ({label}) staat niet in de bronvermelding van een bron met type '{type}': "
                    "APA 7 noemt het daar niet.",
                    "'{name}' ({label}) is not part of the reference of a source of type '{type}': "
                    "APA 7 does not show it there.",
                    name=name, label=both(NL[key].lower(), EN[key].lower()), type=source.type),
                expected=say("'{name}' bij type {types}", "'{name}' with type {types}", name=name, types=", ".join(users)),
                fix=say("Is de bron eigenlijk een ander soort publicatie, kies dan dat type. Anders: haal '{name}' weg "
                        "(een export uit Zotero zet hier soms de catalogus, zoals 'Cambridge Core').",
                        "Is the source really another kind of publication? Then choose that type. Otherwise remove "
                        "'{name}' (a Zotero export sometimes puts the catalogue here, such as 'Cambridge Core').",
                        name=name),
                subject=who, severity="warning"))
    return problems

"""The five record kinds: where their files live and which model validates them.

Where their pages go depends on the site's language: see core/paths.py (`Site.paths`)."""
from __future__ import annotations

from dataclasses import dataclass

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.records import Element, Example, Record, Source, Template, Theme
from kennisbank.core.textutil import ID_RE, MAX_ID_LENGTH, WINDOWS_RESERVED, printable, slugify


@dataclass(frozen=True)
class Kind:
    name: str          # used in code and messages: 'element'
    folder: str        # data/<folder>/<id>.yaml
    model: type[Record]


THEME = Kind("theme", "themes", Theme)
ELEMENT = Kind("element", "elements", Element)
SOURCE = Kind("source", "sources", Source)
EXAMPLE = Kind("example", "examples", Example)
TEMPLATE = Kind("template", "templates", Template)

KINDS: tuple[Kind, ...] = (THEME, ELEMENT, SOURCE, EXAMPLE, TEMPLATE)
BY_NAME = {k.name: k for k in KINDS}
BY_FOLDER = {k.folder: k for k in KINDS}

RESERVED_IDS = frozenset({"index"})
"""'index' would be the overview page of the kind's folder."""


@dataclass(frozen=True)
class IdRefusal:
    """Why a name cannot be an id, in Dutch and English; `check` and `new` both word it so."""

    rule: str               # 'length', 'pattern', 'windows' or 'reserved'
    message: Message
    expected: Message | None
    suggestion: str | None  # a valid id close to the name (callers may still have to make it unique)


def id_refusal(record_id: str) -> IdRefusal | None:
    """The first id rule `record_id` breaks, or None. The id is a file name, a folder of the site and a web address."""
    if len(record_id) > MAX_ID_LENGTH:
        return IdRefusal("length", say("de id '{id}…' is te lang: {length} tekens, hoogstens {limit}.",
                                       "the id '{id}…' is too long: {length} characters, at most {limit}.",
                                       id=printable(record_id[:40]), length=len(record_id), limit=MAX_ID_LENGTH),
                         both("een kortere id (hij wordt ook de naam van mappen en downloads, en die mogen niet te lang zijn)",
                              "a shorter id (it also becomes the name of folders and downloads, and those must not be "
                              "too long)"),
                         _suggest(record_id))
    if not ID_RE.fullmatch(record_id):
        return IdRefusal("pattern", say("de bestandsnaam '{name}' is geen geldige id.",
                                        "the file name '{name}' is not a valid id.", name=printable(record_id)),
                         both("kleine letters, cijfers en enkele koppeltekens (de id wordt deel van het webadres)",
                              "lower-case letters, digits and single hyphens (the id becomes part of the web address)"),
                         _suggest(record_id))
    if record_id in WINDOWS_RESERVED:
        return IdRefusal("windows", say("de id '{id}' is in Windows een gereserveerde naam: een bestand met die "
                                        "naam kan daar niet worden uitgecheckt.",
                                        "the id '{id}' is a reserved name in Windows: a file with that name "
                                        "cannot be checked out there.", id=record_id), None, f"{record_id}-2")
    if record_id in RESERVED_IDS:
        return IdRefusal("reserved", say("de id '{id}' is gereserveerd voor de overzichtspagina.",
                                         "the id '{id}' is reserved for the overview page.", id=record_id), None, None)
    return None


def _suggest(name: str) -> str:
    """A valid id close to `name` that breaks no other rule ('CON' must not become 'con')."""
    slug = slugify(name)
    return f"{slug}-2" if slug in WINDOWS_RESERVED or slug in RESERVED_IDS else slug

"""The five record kinds: where their files live, which model validates them, where their pages go."""
from __future__ import annotations

from dataclasses import dataclass

from kennisbank.core.model.records import Element, Example, Record, Source, Template, Theme
from kennisbank.core.textutil import ID_RE, MAX_ID_LENGTH, WINDOWS_RESERVED, printable, slugify


@dataclass(frozen=True)
class Kind:
    name: str          # used in code and messages: 'element'
    folder: str        # data/<folder>/<id>.yaml
    url: str           # <url>/<id>/ on the site (Dutch, fixed by the content model)
    model: type[Record]

    def page_path(self, record_id: str) -> str:
        """The docs-relative Markdown path of a record's generated page."""
        return f"{self.url}/{record_id}.md"

    @property
    def overview_path(self) -> str:
        return f"{self.url}/index.md"


THEME = Kind("theme", "themes", "themas", Theme)
ELEMENT = Kind("element", "elements", "werkzame-elementen", Element)
SOURCE = Kind("source", "sources", "bronnen", Source)
EXAMPLE = Kind("example", "examples", "praktijkvoorbeelden", Example)
TEMPLATE = Kind("template", "templates", "hulpmiddelen", Template)

KINDS: tuple[Kind, ...] = (THEME, ELEMENT, SOURCE, EXAMPLE, TEMPLATE)
BY_NAME = {k.name: k for k in KINDS}
BY_FOLDER = {k.folder: k for k in KINDS}

RESERVED_IDS = frozenset({"index"})
"""'index' would be the overview page of the kind's folder."""


@dataclass(frozen=True)
class IdRefusal:
    """Why a name cannot be an id, in Dutch; `check` and `new` both word it so."""

    rule: str               # 'length', 'pattern', 'windows' or 'reserved'
    message: str
    expected: str | None
    suggestion: str | None  # a valid id close to the name (callers may still have to make it unique)


def id_refusal(record_id: str) -> IdRefusal | None:
    """The first id rule `record_id` breaks, or None. The id is a file name, a folder of the site and a web address."""
    if len(record_id) > MAX_ID_LENGTH:
        return IdRefusal("length", f"de id '{printable(record_id[:40])}…' is te lang: {len(record_id)} tekens, "
                                   f"hoogstens {MAX_ID_LENGTH}.",
                         "een kortere id (hij wordt ook de naam van mappen en downloads, en die mogen niet te lang zijn)",
                         _suggest(record_id))
    if not ID_RE.fullmatch(record_id):
        return IdRefusal("pattern", f"de bestandsnaam '{printable(record_id)}' is geen geldige id.",
                         "kleine letters, cijfers en enkele koppeltekens (de id wordt deel van het webadres)",
                         _suggest(record_id))
    if record_id in WINDOWS_RESERVED:
        return IdRefusal("windows", f"de id '{record_id}' is in Windows een gereserveerde naam: een bestand met die "
                                    "naam kan daar niet worden uitgecheckt.", None, f"{record_id}-2")
    if record_id in RESERVED_IDS:
        return IdRefusal("reserved", f"de id '{record_id}' is gereserveerd voor de overzichtspagina.", None, None)
    return None


def _suggest(name: str) -> str:
    """A valid id close to `name` that breaks no other rule ('CON' must not become 'con')."""
    slug = slugify(name)
    return f"{slug}-2" if slug in WINDOWS_RESERVED or slug in RESERVED_IDS else slug

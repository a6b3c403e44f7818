"""The five record kinds: where their files live, which model validates them, where their pages go."""
from __future__ import annotations

from dataclasses import dataclass

from .schema import Element, Example, Record, Source, Template, Theme


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

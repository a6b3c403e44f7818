"""The validated knowledge base: records, taxonomy and the indexes derived from them. Read-only."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypeVar

from kennisbank.core.model.kinds import BY_NAME, KINDS, Kind
from kennisbank.core.model.records import Element, Example, GlossaryTerm, Record, Source, Taxonomy, Template, Term, Theme
from kennisbank.core.model.year_suffixes import year_suffixes

Ref = tuple[str, str]  # (kind or taxonomy list, id)
K = TypeVar("K")
V = TypeVar("V")

TERM_LISTS = {"phase": "phases", "step": "steps", "evidence_kind": "evidence_kinds", "sector": "sectors",
              "group_stage": "group_stages"}


@dataclass(frozen=True)
class Origin:
    """Where a record came from, to point editors at the right line."""

    file: str
    lines: Mapping[tuple[Any, ...], int]

    def line_of(self, loc: tuple[Any, ...]) -> int:
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def freeze(mapping: Mapping[K, V]) -> Mapping[K, V]:
    """A read-only view of `mapping` (not a copy)."""
    return MappingProxyType(mapping)


@dataclass(frozen=True)
class KnowledgeBase:
    taxonomy: Taxonomy
    records: Mapping[str, Mapping[str, Record]]
    origins: Mapping[Ref, Origin]
    referrers: Mapping[Ref, tuple[Ref, ...]] = field(default_factory=lambda: freeze({}))
    evidence_counts: Mapping[str, Mapping[str, int]] = field(default_factory=lambda: freeze({}))
    glossary: tuple[GlossaryTerm, ...] = ()

    @cached_property
    def year_suffixes(self) -> Mapping[str, str]:
        """Source id -> APA's letter after the year (2019a, 2019b) for works by the same authors in the same year."""
        return freeze(year_suffixes(self.sources.values()))

    # --- records -------------------------------------------------------------------------------------
    def of(self, kind: str | Kind) -> Mapping[str, Record]:
        return self.records[kind if isinstance(kind, str) else kind.name]

    @property
    def themes(self) -> Mapping[str, Theme]:
        return self.records["theme"]  # type: ignore[return-value]

    @property
    def elements(self) -> Mapping[str, Element]:
        return self.records["element"]  # type: ignore[return-value]

    @property
    def sources(self) -> Mapping[str, Source]:
        return self.records["source"]  # type: ignore[return-value]

    @property
    def examples(self) -> Mapping[str, Example]:
        return self.records["example"]  # type: ignore[return-value]

    @property
    def templates(self) -> Mapping[str, Template]:
        return self.records["template"]  # type: ignore[return-value]

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.records.get(kind, {}).get(record_id)

    def resolve(self, kind: str, ids: Iterable[str]) -> list[Record]:
        """The records behind `ids` that exist, in the given order."""
        found = (self.get(kind, i) for i in ids)
        return [r for r in found if r is not None]

    def kind_of(self, record: Record) -> Kind:
        return BY_NAME[_KIND_BY_MODEL[type(record)]]

    def origin(self, record: Record) -> Origin | None:
        return self.origins.get((self.kind_of(record).name, record.id))

    def file_of(self, kind: str, record_id: str) -> str | None:
        """The data file a record was read from (what a page shows of its origin: not its line table, so that the
        page memo's record of what a page read stays small)."""
        origin = self.origins.get((kind, record_id))
        return origin.file if origin else None

    def sorted(self, kind: str) -> list[Record]:
        """Records for an overview: themes by `order`, everything else by title."""
        records = list(self.of(kind).values())
        if kind == "theme":
            return sorted(records, key=lambda t: (t.order if t.order is not None else 10**6, t.title.casefold()))  # type: ignore[attr-defined]
        return sorted(records, key=lambda r: (r.title.casefold(), r.id))

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.records.values())

    # --- taxonomy ------------------------------------------------------------------------------------
    def terms(self, term_kind: str) -> tuple[Term, ...]:
        return getattr(self.taxonomy, TERM_LISTS[term_kind])

    def term(self, term_kind: str, term_id: str) -> Term | None:
        return next((t for t in self.terms(term_kind) if t.id == term_id), None)

    # --- derived indexes -----------------------------------------------------------------------------
    def element_links(self, element_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """An element's themes and the sources of its evidence, each sorted ((), () for no such element)."""
        return self._element_links.get(element_id, ((), ()))

    def linked_elements(self, link: str, link_id: str) -> tuple[str, ...]:
        """The elements of a theme (`link` 'theme') or citing a source ('source'), by id.

        With `element_links` this is what 'Zie ook' counts from (render/pages.related_elements). A page reads the
        lists of its own themes and sources: a list is shared by many pages, so checking whether a page is still
        valid costs one look per list and build, not a count over every element that shares a theme with it."""
        by_theme, by_source = self._elements_by_link
        return (by_theme if link == "theme" else by_source).get(link_id, ())

    @cached_property
    def _element_links(self) -> Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        return {e.id: (tuple(sorted(set(e.themes))),  # type: ignore[attr-defined]
                       tuple(sorted({s for entry in e.evidence for s in entry.sources})))  # type: ignore[attr-defined]
                for e in self.of("element").values()}

    @cached_property
    def _elements_by_link(self) -> tuple[Mapping[str, tuple[str, ...]], Mapping[str, tuple[str, ...]]]:
        by_theme: dict[str, list[str]] = {}
        by_source: dict[str, list[str]] = {}
        for element_id, (themes, sources) in self._element_links.items():
            for theme in themes:
                by_theme.setdefault(theme, []).append(element_id)
            for source in sources:
                by_source.setdefault(source, []).append(element_id)
        return ({k: tuple(v) for k, v in by_theme.items()}, {k: tuple(v) for k, v in by_source.items()})

    def referring(self, target_kind: str, target_id: str, kind: str) -> list[Record]:
        """Records of `kind` that name (target_kind, target_id): the backlinks."""
        refs = self.referrers.get((target_kind, target_id), ())
        return self.resolve(kind, [rid for rkind, rid in refs if rkind == kind])


_KIND_BY_MODEL = {k.model: k.name for k in KINDS}

"""Facets for the filterable overviews: which theme, phase, evidence kind and sector each record belongs to.

The overview is a full list in the HTML (it works without JavaScript); every item carries its facet values as
data attributes, and kennisbank/theme/assets/kennisbank-filters.js turns the checkboxes into combinable filters whose
state lives in the URL (?thema=…&fase=…), so a filtered view can be shared.
"""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable

from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import Element, Example, Record, Step, Template
from kennisbank.core.render.pages import PageContext

# URL parameter -> label key; the order is the order of the fieldsets.
FACETS = (("thema", "themes"), ("fase", "phases"), ("onderbouwing", "evidence"), ("praktijkbron", "practice_source"),
          ("sector", "sector"))
PRACTICE = "practice"  # the evidence kind whose documents get their own facet: they differ most in what they are


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def facet_values(kb: KnowledgeBase, record: Record) -> dict[str, tuple[str, ...]]:
    """The facet values of one record; a facet a kind does not have is simply empty."""
    if isinstance(record, Element):
        themes = record.themes
        phases = record.phases or tuple(p for t in kb.resolve("theme", themes) for p in t.phases)  # type: ignore[attr-defined]
        evidence = tuple(e.kind for e in record.evidence)
        practice = practice_sources(record)
        sectors = tuple(x.sector for x in kb.referring("element", record.id, "example"))  # type: ignore[attr-defined]
    elif isinstance(record, Example):
        themes = record.themes + tuple(t for e in kb.resolve("element", record.elements) for t in e.themes)  # type: ignore[attr-defined]
        phases, sectors = record.phases, (record.sector,)
        evidence = practice = ()
    elif isinstance(record, Template):
        elements = kb.resolve("element", record.elements)
        themes = tuple(t for e in elements for t in e.themes)  # type: ignore[attr-defined]
        phases = record.phases + tuple(s.phase for s in (kb.term("step", i) for i in record.steps)
                                       if isinstance(s, Step) and s.phase)
        evidence = tuple(x.kind for e in elements for x in e.evidence)  # type: ignore[attr-defined]
        practice = sectors = ()
    else:
        return {}
    return {"thema": _dedupe(themes), "fase": _dedupe(phases), "onderbouwing": _dedupe(evidence),
            "praktijkbron": _dedupe(practice), "sector": _dedupe(s for s in sectors if s)}


def practice_sources(element: Element) -> tuple[str, ...]:
    """The documents an element's practice evidence comes from, in the order written."""
    return _dedupe(s for e in element.evidence if e.kind == PRACTICE for s in e.sources)


def data_attributes(values: dict[str, tuple[str, ...]]) -> str:
    return " ".join(f'data-{name}="{html.escape(" ".join(ids))}"' for name, ids in values.items())


def _choices(ctx: PageContext, facet: str) -> list[tuple[str, str]]:
    kb = ctx.kb
    if facet == "thema":
        return [(t.id, t.title) for t in kb.sorted("theme")]
    if facet == "fase":
        return [(p.id, p.label) for p in kb.taxonomy.phases]
    if facet == "onderbouwing":
        return [(k.id, k.label + (f" ({k.short})" if getattr(k, "short", None) == "E" else ""))
                for k in kb.taxonomy.evidence_kinds]
    if facet == "praktijkbron":
        return [(s.id, s.title) for s in kb.sorted("source")]
    return [(s.id, s.label) for s in kb.taxonomy.sectors]


def filter_panel(ctx: PageContext, all_values: list[dict[str, tuple[str, ...]]]) -> str:
    """Checkbox groups with counts; hidden until the script runs, so without JavaScript the list stays whole."""
    lb = ctx.labels
    groups = []
    for facet, label_key in FACETS:
        counts = Counter(v for values in all_values for v in values.get(facet, ()))
        if not counts:
            continue
        boxes = []
        for value, label in _choices(ctx, facet):
            if counts[value]:
                boxes.append(f'<label><input type="checkbox" name="{facet}" value="{html.escape(value)}"> '
                             f'{html.escape(label)} '
                             f'<span class="kb-count" data-count="{html.escape(value)}">({counts[value]})</span></label>')
        groups.append(f'<fieldset data-facet="{facet}"><legend>{html.escape(lb[label_key])}</legend>{"".join(boxes)}</fieldset>')
    total = len(all_values)
    status = lb["filter.status"].format(shown=f'<span data-kb-shown>{total}</span>', total=total)
    return (f'<div class="kb-filters" data-kb-filters hidden role="group" aria-label="{html.escape(lb["filter.label"])}">'
            + "".join(groups)
            + f'<p class="kb-filters__status" aria-live="polite">{status}</p>'
            + f'<button type="button" class="md-button" data-kb-reset>{html.escape(lb["filter.reset"])}</button></div>')

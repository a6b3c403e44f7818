"""Overview lists for the hand-written pages (called through macros; record text is escaped here)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from kennisbank.core.model.kinds import BY_NAME, SOURCE, THEME
from kennisbank.core.model.records import Element, Example, Record
from kennisbank.core.render.citation import authors_text
from kennisbank.core.render.facets import PRACTICE, data_attributes, facet_values, filter_panel
from kennisbank.core.render.mdtext import escape, inline, link, relative
from kennisbank.core.render.pages import PageContext, evidence_badges, evidence_label

FILTERABLE = ("element", "example", "template")


def _item(ctx: PageContext, record: Record, here: str, extra: str = "") -> str:
    kind = ctx.kb.kind_of(record)
    line = f"- {link(record.title, ctx.paths.record_page(kind, record.id), here)}"
    if isinstance(record, Element):
        line += " " + evidence_badges(ctx, record)
    if isinstance(record, Example) and record.reference_only:
        extra = escape(ctx.labels["reference_only.short"])
    if extra:
        line += f" <span class=\"kb-overview__meta\">{extra}</span>"
    return line + f"<br>\n  {inline(record.summary)}"


def theme_cards(ctx: PageContext, here: str) -> str:
    cards = []
    for theme in ctx.kb.sorted("theme"):
        count = len(ctx.kb.referring("theme", theme.id, "element"))
        counts = ctx.kb.evidence_counts.get(theme.id, {})
        evidence = ", ".join(f"{escape(evidence_label(ctx, k.id))}: {counts[k.id]}"
                             for k in ctx.kb.taxonomy.evidence_kinds if counts.get(k.id))
        cards.append(f"-   **{link(theme.title, ctx.paths.record_page(THEME, theme.id), here)}**\n\n"
                     f"    ---\n\n    {inline(theme.summary)}\n\n"
                     f"    {count} {escape(ctx.labels['count.elements'])}" + (f" — {evidence}" if evidence else ""))
    if not cards:
        return escape(ctx.labels["overview.empty"])
    return '<div class="grid cards" markdown>\n\n' + "\n\n".join(cards) + "\n\n</div>\n"


def record_list(ctx: PageContext, kind_name: str, here: str) -> str:
    records = ctx.kb.sorted(kind_name)
    if not records:
        return escape(ctx.labels["overview.empty"])
    if kind_name == "source":
        records = sorted(records, key=lambda s: ((authors_text(s.authors) or s.title).casefold(), s.year or 0))  # type: ignore[attr-defined]
    describe: Callable[[Record], str] = _EXTRA.get(kind_name, lambda r: "")
    if kind_name not in FILTERABLE:
        return "\n".join(_item(ctx, r, here, describe(r)) for r in records) + "\n"
    values = [facet_values(ctx.kb, r) for r in records]
    items = []
    for record, facets in zip(records, values, strict=True):
        # md_in_html: the item is Markdown (links resolve), its facet values are plain attributes
        body = _item(ctx, record, here, describe(record))[2:].replace("<br>\n  ", "<br> ")
        items.append(f"<li {data_attributes(facets)} markdown>{body}</li>")
    return (filter_panel(ctx, values) + "\n\n" + '<ul class="kb-list" data-kb-list markdown>\n'
            + "\n".join(items) + "\n</ul>\n")


def _source_meta(source: Record) -> str:
    year = source.year if source.year is not None else "z.j."  # type: ignore[attr-defined]
    return escape(f"{authors_text(source.authors)} ({year})".strip())  # type: ignore[attr-defined]


_EXTRA: dict[str, Callable[[Record], str]] = {"source": _source_meta}


def overview(ctx: PageContext, kind_name: str, here: str) -> str:
    """The overview of one kind, as Markdown for the page at `here`."""
    if kind_name not in BY_NAME:
        raise ValueError(f"unknown kind {kind_name!r}")
    return theme_cards(ctx, here) if kind_name == "theme" else record_list(ctx, kind_name, here)



def evidence_map(ctx: PageContext, here: str) -> str:
    """Themes × evidence kinds: how many elements rest on each kind; every cell opens the filtered list, gaps say so."""
    kinds = ctx.kb.taxonomy.evidence_kinds
    overview = relative(ctx.paths.overview("element"), here)
    head = f"| {escape(ctx.labels['kind.theme'])} | " + " | ".join(escape(evidence_label(ctx, k.id)) for k in kinds) + " |"
    rows = [head, "| --- |" + " ---: |" * len(kinds)]
    for theme in ctx.kb.sorted("theme"):
        counts = ctx.kb.evidence_counts.get(theme.id, {})
        cells = []
        for kind in kinds:
            count = counts.get(kind.id, 0)
            cells.append(f"[{count}]({overview}?thema={theme.id}&onderbouwing={kind.id})" if count
                         else f'<span class="kb-gap">0 <span class="kb-gap__label">{escape(ctx.labels["gap"])}</span></span>')
        rows.append(f"| {link(theme.title, ctx.paths.record_page(THEME, theme.id), here)} | " + " | ".join(cells) + " |")
    practice = practice_sources_table(ctx, here)
    if practice:
        practice = f"\n## {escape(ctx.labels['practice_sources'])} {{#{ctx.paths.anchor('praktijkbronnen')}}}\n\n" + practice
    return '<div class="kb-evidence-map" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n" + practice


def practice_sources_table(ctx: PageContext, here: str) -> str:
    """Which documents the practice evidence rests on: a presentation, a workshop report and a documented network
    are different kinds of practice, and a reader should see the spread rather than one count."""
    entries: Counter[str] = Counter()
    elements: dict[str, set[str]] = {}
    for element in ctx.kb.elements.values():
        for entry in element.evidence:
            if entry.kind == PRACTICE:
                entries.update(entry.sources)
                for source_id in entry.sources:
                    elements.setdefault(source_id, set()).add(element.id)
    if not entries:
        return ""
    lb = ctx.labels
    overview = relative(ctx.paths.overview("element"), here)
    rows = [f"| {escape(lb['column.document'])} | {escape(lb['column.type'])} | {escape(lb['column.entries'])} | "
            f"{escape(lb['column.elements'])} |", "| --- | --- | ---: | ---: |"]
    for source_id, count in sorted(entries.items(), key=lambda kv: (-kv[1], kv[0])):
        source = ctx.kb.get("source", source_id)
        if source is None:
            continue
        rows.append(f"| {link(source.title, ctx.paths.record_page(SOURCE, source.id), here)} | "
                    f"{escape(lb[f'source.{source.type}'])} | {count} | "  # type: ignore[attr-defined]
                    f"[{len(elements[source_id])}]({overview}?praktijkbron={source_id}) |")
    return f"<p>{escape(lb['practice_sources.intro'])}</p>\n\n" + "\n".join(rows) + "\n"

"""Overview lists for the hand-written pages (called through macros; record text is escaped here)."""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from urllib.parse import quote

from kennisbank.core.model.kinds import BY_NAME, SOURCE, THEME
from kennisbank.core.model.records import Element, Example, Record
from kennisbank.core.render.citation import authors_text
from kennisbank.core.render.facets import PRACTICE, data_attributes, facet_values, filter_panel
from kennisbank.core.render.hrefs import page_href
from kennisbank.core.render.mdtext import escape, html_text, inline, link, relative
from kennisbank.core.render.meeting_links import meeting_downloads
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
    # each item: its facet values as plain attributes, its text as inline Markdown (links resolve)
    items = [(data_attributes(facets), _item(ctx, record, here, describe(record))[2:].replace("<br>\n  ", "<br> "))
             for record, facets in zip(records, values, strict=True)]
    if ctx.list_html is not None:  # the engine converts each item once and keeps it (adapter/overview_rows.py)
        # relinked here: page_macros relinks the macro's Markdown, which then holds only the list's placeholder
        relinked = [(attributes, ctx.paths.relink(body, here)) for attributes, body in items]
        return filter_panel(ctx, values) + "\n\n" + ctx.list_html(relinked, here) + "\n"
    return (filter_panel(ctx, values) + "\n\n" + '<ul class="kb-list" data-kb-list markdown>\n'
            + "\n".join(f"<li {attributes} markdown>{body}</li>" for attributes, body in items) + "\n</ul>\n")


def _source_meta(source: Record) -> str:
    year = source.year if source.year is not None else "z.j."  # type: ignore[attr-defined]
    return escape(f"{authors_text(source.authors)} ({year})".strip())  # type: ignore[attr-defined]


_EXTRA: dict[str, Callable[[Record], str]] = {"source": _source_meta}


def overview(ctx: PageContext, kind_name: str, here: str) -> str:
    """The overview of one kind, as Markdown for the page at `here`."""
    if kind_name not in BY_NAME:
        raise ValueError(f"unknown kind {kind_name!r}")
    if kind_name == "template":  # the downloads overview: the meeting PDFs (whole knowledge base, card set) follow
        return record_list(ctx, kind_name, here) + "\n" + meeting_downloads(ctx, here)
    return theme_cards(ctx, here) if kind_name == "theme" else record_list(ctx, kind_name, here)



SHADES = 4
"""Shades of the evidence map for counts above zero; zero (a gap) has its own look and says so in words."""


def shade(count: int, highest: int) -> int:
    """The shade of a count, 1 (fewest) to SHADES (most): the range up to the highest count in equal parts."""
    return 0 if count <= 0 else min(SHADES, -(-count * SHADES // max(highest, 1)))


def shade_ranges(highest: int) -> list[tuple[int, int, int]]:
    """(shade, lowest count, highest count) of each shade some count from 1 to `highest` gets, for the legend."""
    bounds = [highest * level // SHADES for level in range(SHADES + 1)]
    return [(level, bounds[level - 1] + 1, bounds[level]) for level in range(1, SHADES + 1)
            if bounds[level - 1] < bounds[level]]


def evidence_map(ctx: PageContext, here: str) -> str:
    """Themes × evidence kinds: how many elements rest on each kind, as a heat map. Every count is written out and
    opens the filtered list; the shade only repeats it (the legend says which counts each shade stands for), and a
    gap says so in words. Raw HTML for the caption and header scopes, so links carry their final URL (hrefs.py)."""
    lb, kinds = ctx.labels, ctx.kb.taxonomy.evidence_kinds
    themes = ctx.kb.sorted("theme")
    counts = {theme.id: ctx.kb.evidence_counts.get(theme.id, {}) for theme in themes}
    highest = max((c for row in counts.values() for c in row.values()), default=0)
    overview = page_href(ctx.site, ctx.paths.overview("element"), here)
    gap = f'<span class="kb-gap">0 <span class="kb-gap__label">{html_text(lb["gap"])}</span></span>'
    head = "".join(f'<th scope="col">{html_text(evidence_label(ctx, k.id))}</th>' for k in kinds)
    rows = []
    for theme in themes:
        cells = []
        for kind in kinds:
            count = counts[theme.id].get(kind.id, 0)
            query = html.escape(f"?thema={quote(theme.id)}&onderbouwing={quote(kind.id)}")
            cells.append(f'<td class="kb-heat kb-heat--{shade(count, highest)}">'
                         + (f'<a href="{html.escape(overview)}{query}">{count}</a>' if count else gap) + "</td>")
        theme_href = html.escape(page_href(ctx.site, ctx.paths.record_page(THEME, theme.id), here))
        rows.append(f'<tr><th scope="row"><a href="{theme_href}">{html_text(theme.title)}</a></th>{"".join(cells)}</tr>')
    key = "".join(f'<li><span class="kb-heat kb-heat--{level}">{low if low == high else f"{low}–{high}"}</span></li>'
                  for level, low, high in shade_ranges(highest))
    legend = (f'<p class="kb-heat-legend__text" id="kb-heat-legend">{html_text(lb["evidence_map.legend"])}</p>'
              f'<ul class="kb-heat-legend" aria-label="{html_text(lb["evidence_map.key"])}">'
              f'<li><span class="kb-heat kb-heat--0">{gap}</span></li>{key}</ul>')
    table = (f'<div class="kb-evidence-map">\n<table aria-describedby="kb-heat-legend">'
             f'<caption>{html_text(lb["evidence_map.caption"])}</caption>\n'
             f'<thead><tr><th scope="col">{html_text(lb["kind.theme"])}</th>{head}</tr></thead>\n'
             f'<tbody>\n' + "\n".join(rows) + f'\n</tbody></table>\n{legend}\n</div>\n')
    practice = practice_sources_table(ctx, here)
    if practice:
        practice = f"\n## {escape(lb['practice_sources'])} {{#{ctx.paths.anchor('praktijkbronnen')}}}\n\n" + practice
    return table + practice


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

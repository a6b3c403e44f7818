"""Overview lists for the hand-written pages (called through macros; record text is escaped here)."""
from __future__ import annotations

from typing import Callable

from ..kinds import BY_NAME, THEME
from ..schema import Element, Record
from .citation import authors_text
from .mdtext import escape, inline, link
from .pages import PageContext, evidence_badges, evidence_label


def _item(ctx: PageContext, record: Record, here: str, extra: str = "") -> str:
    kind = ctx.kb.kind_of(record)
    line = f"- {link(record.title, kind.page_path(record.id), here)}"
    if isinstance(record, Element):
        line += " " + evidence_badges(ctx, record)
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
        cards.append(f"-   **{link(theme.title, THEME.page_path(theme.id), here)}**\n\n"
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
    return "\n".join(_item(ctx, r, here, describe(r)) for r in records) + "\n"


def _source_meta(source: Record) -> str:
    year = source.year if source.year is not None else "z.j."  # type: ignore[attr-defined]
    return escape(f"{authors_text(source.authors)} ({year})".strip())  # type: ignore[attr-defined]


_EXTRA: dict[str, Callable[[Record], str]] = {"source": _source_meta}


def overview(ctx: PageContext, kind_name: str, here: str) -> str:
    """The overview of one kind, as Markdown for the page at `here`."""
    if kind_name not in BY_NAME:
        raise ValueError(f"unknown kind {kind_name!r}")
    return theme_cards(ctx, here) if kind_name == "theme" else record_list(ctx, kind_name, here)


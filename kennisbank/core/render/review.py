"""The editors' page: records whose review date is missing or older than the configured age."""
from __future__ import annotations

from kennisbank.core.render.mdtext import escape, front_matter, html_text, link
from kennisbank.core.render.pages import PageContext


def review_page(ctx: PageContext) -> str:
    lb, here = ctx.labels, ctx.paths.review
    lines = []
    for kind in ("theme", "element", "source", "example", "template"):
        records = [r for r in ctx.kb.sorted(kind) if ctx.needs_review(r)]
        if records:
            lines.append(f"## {escape(lb[f'kind.{kind}.plural'])}\n")
            kind_obj = ctx.kb.kind_of(records[0])
            for record in records:
                when = record.reviewed.isoformat() if record.reviewed else lb["reviewed.never"]
                lines.append(f"- {link(record.title, ctx.paths.record_page(kind_obj, record.id), here)} ({escape(when)})")
            lines.append("")
    title = lb["review.page.title"]
    meta = {"title": html_text(title), "render_macros": False, "search": {"exclude": True}}
    intro = lb["review.page.intro"].format(days=ctx.review_after_days)
    return (front_matter(meta) + f"# {escape(title)}\n\n{escape(intro)}\n\n"
            + ("\n".join(lines) or escape(lb["review.page.none"])) + "\n")

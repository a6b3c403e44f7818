"""The meeting PDFs on the site: how they cite sources (as the pages do) and the buttons that download them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kennisbank.core.model.records import Source
from kennisbank.core.outputs.documents.collection_html import Citing
from kennisbank.core.outputs.downloads import size_text
from kennisbank.core.outputs.meeting import CARDS, FULL, theme_key
from kennisbank.core.render.citation import authors_text, in_text_markdown, reference_markdown
from kennisbank.core.render.mdtext import escape, relative

if TYPE_CHECKING:  # pages.py calls this module
    from kennisbank.core.render.pages import PageContext


def citing(ctx: PageContext) -> Citing:
    """In-text citations and APA references exactly as the source pages show them (through the citation cache)."""
    kb, labels, language, cache = ctx.kb, ctx.labels, ctx.language, ctx.citations
    in_texts: dict[str, str] = {}     # a source is cited by many elements: its CSL item and key are made once
    references: dict[str, str] = {}

    def in_text(source: Source) -> str:
        if source.id not in in_texts:
            in_texts[source.id] = in_text_markdown(source, labels, language, kb.year_suffixes.get(source.id, ""), cache)
        return in_texts[source.id]

    def reference(source: Source) -> str:
        if source.id not in references:
            references[source.id] = reference_markdown(source, labels, language, kb.year_suffixes.get(source.id, ""), cache)
        return references[source.id]

    def order(source: Source) -> tuple[str, int, str]:  # as the sources overview sorts them
        return ((authors_text(source.authors) or source.title).casefold(), source.year or 0, source.id)

    return Citing(in_text, reference, order)


def _buttons(ctx: PageContext, keys: list[tuple[str, str]], here: str) -> str:
    buttons = []
    for key, label in keys:
        download = ctx.documents.get(key)
        if download is not None:
            buttons.append(f"[{escape(ctx.labels[label])} ({escape(size_text(download, ctx.language))})]"
                           f"({relative(download.site_path, here)}){{ .md-button download }}")
    return ('<div class="kb-downloads" markdown>\n\n' + "\n".join(buttons) + "\n\n</div>") if buttons else ""


def theme_pdf_button(ctx: PageContext, theme_id: str, here: str) -> str:
    """On a theme's page: its PDF (nothing when the site has no PDFs)."""
    return _buttons(ctx, [(theme_key(theme_id), "meeting.theme_pdf")], here)


def meeting_downloads(ctx: PageContext, here: str) -> str:
    """On the templates overview: the whole knowledge base and the card set, under their own heading."""
    buttons = _buttons(ctx, [(FULL, "meeting.full_pdf"), (CARDS, "meeting.cards")], here)
    return f"## {escape(ctx.labels['meeting.heading'])}\n\n{buttons}\n" if buttons else ""

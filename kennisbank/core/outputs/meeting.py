"""PDFs to take to a meeting: one per theme, one of the whole knowledge base, and a card set of the working elements.

Each is prepared here as self-contained HTML (documents/collection_html.py, documents/cards_html.py) and made into a
tagged PDF by build_downloads, in the same pool as the templates; the HTML says everything the PDF shows, so its
hash is the cache key: an unchanged rebuild makes none, and an edited element remakes only its themes' PDFs, the
full PDF and the card set.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import Theme
from kennisbank.core.outputs.documents.cards_html import cards_html
from kennisbank.core.outputs.documents.collection_html import Citing, Writing, full_html, theme_html
from kennisbank.core.outputs.downloads import PreparedDocument
from kennisbank.core.site import Site

FULL, CARDS = "full", "cards"
WHOLE_UP_TO = 250
"""Above this many working elements the full PDF and the card set are not made, and neither is the PDF of a theme
with more elements than this. They grow with the elements and are made again after every edit: at the benchmark's
600 elements the full PDF and the cards take 51 and 33 s of one core (a 228-page PDF, 150 sheets of cards), a theme
of 900 elements 23-25 s (205 pages); at 250 less than half of that, which a build after an edit can carry. And a
card set of more than 60 sheets, or a theme PDF of 200 pages, is no longer something a group takes to a meeting.
See CONTRIBUTING.md."""


def whole_withheld(kb: KnowledgeBase) -> bool:
    """Whether this knowledge base is too large for the full PDF and the card set (WHOLE_UP_TO)."""
    return len(kb.elements) > WHOLE_UP_TO


def themes_withheld(kb: KnowledgeBase) -> list[Theme]:
    """The themes too large for a PDF of their own (WHOLE_UP_TO), in the site's order."""
    return [t for t in kb.sorted("theme") if isinstance(t, Theme) and _too_large(kb, t)]


def _too_large(kb: KnowledgeBase, theme: Theme) -> bool:
    elements = sum(1 for kind, _ in kb.referrers.get(("theme", theme.id), ()) if kind == "element")  # none read
    return elements > WHOLE_UP_TO


def theme_key(theme_id: str) -> str:
    return f"theme:{theme_id}"


def meeting_documents(kb: KnowledgeBase, site: Site, labels: Mapping[str, str], citing: Citing,
                      prepare: bool | Callable[[str], bool] = True,
                      theme_text: Callable[[Theme], str] | None = None) -> list[PreparedDocument]:
    """The meeting PDFs of this knowledge base, as HTML to be made (nothing when it has no themes or elements).

    `prepare` False (or False for a document's name): name and path only, no HTML (`mkdocs serve` shows the version
    made last; writing the HTML of thousands of elements would cost every rebuild seconds). `theme_text`: a theme's
    HTML, when the caller keeps it between builds (the page memo); theme_html otherwise.
    """
    wanted: Callable[[str], bool] = prepare if callable(prepare) else (lambda _name: bool(prepare))
    w = Writing(kb, site, labels, citing)
    paths = site.paths
    themes = [t for t in kb.sorted("theme") if isinstance(t, Theme) and not _too_large(kb, t)]
    text = theme_text or (lambda theme: theme_html(w, theme))
    documents = [PreparedDocument(theme_key(t.id), f"meeting-theme-{t.id}", paths.theme_pdf(t.id),
                                  text(t) if wanted(f"meeting-theme-{t.id}") else "") for t in themes]
    if whole_withheld(kb):
        return documents
    if themes:
        documents.append(PreparedDocument(FULL, "meeting-full", paths.meeting_pdf(FULL),
                                           full_html(w) if wanted("meeting-full") else ""))
    if kb.elements:
        html, urls = cards_html(w) if wanted("meeting-cards") else ("", ())
        documents.append(PreparedDocument(CARDS, "meeting-cards", paths.meeting_pdf(CARDS), html, urls, labels["doc.qr"]))
    return documents

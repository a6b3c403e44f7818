"""HTML for the meeting PDFs of a theme and of the whole knowledge base (laid out by pdf_writer.html_pdf).

Only what the records say: titles, summaries, the evidence per kind with its note and in-text citations, the
templates, and at the end the APA references of the sources cited (as on the site, formatted by the caller).
Record text is plain-texted (outline.plain) and passed through html.escape; the references arrive as the
sanitised inline HTML the site shows. Nothing here is fetched: the HTML is self-contained.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from kennisbank.core.model.kinds import ELEMENT, TEMPLATE, THEME
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import Element, Record, Source, Template, Theme
from kennisbank.core.outputs.documents.outline import clean, plain
from kennisbank.core.site import Site

LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}

_CSS = """
@page { size: A4; margin: 2cm 2cm 2.4cm;
        @bottom-left { content: element(footer); vertical-align: top; padding-top: 0.4cm; width: 75%; }
        @bottom-right { content: counter(page); vertical-align: top; padding-top: 0.4cm; font-size: 7.5pt; } }
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; line-height: 1.45; color: #000; }
footer { position: running(footer); font-size: 7.5pt; color: #333; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 0.5em; }
h2 { font-size: 15pt; line-height: 1.25; margin: 1.4em 0 0.4em; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1.1em 0 0.25em; break-after: avoid; }
p { margin: 0 0 0.4em; }
.summary { font-size: 10.5pt; }
.evidence { margin-left: 1em; }
.kind { font-weight: bold; }
.url, .meta { font-size: 8pt; color: #333; }
.element { break-inside: avoid-page; }
ul.templates { margin: 0 0 0.6em; padding-left: 1.2em; }
.reference { padding-left: 2em; text-indent: -2em; margin-bottom: 0.35em; }
a { color: #000; text-decoration: none; }
.again a::after { content: " (" attr(data-see) " " target-counter(attr(href), page) ")"; }
.toc ol { list-style: none; padding-left: 0; margin: 0; }
.toc ol ol { padding-left: 1.2em; margin-bottom: 0.3em; }
.toc li { overflow: hidden; }
/* no leader(): WeasyPrint draws every dot as a text of its own, which made the contents most of the work */
.toc a::after { content: target-counter(attr(href), page); float: right; padding-left: 1em; }
.part { break-before: page; }
"""
# Bookmarks: the theme PDF's title, sections and elements; the full PDF's themes and their elements (its cover title
# is no bookmark, and neither are the evidence lines).
_THEME_BOOKMARKS = "h1 { bookmark-level: 1; } h2 { bookmark-level: 2; } h3 { bookmark-level: 3; }"
_FULL_BOOKMARKS = "h1 { bookmark-level: none; } h2 { bookmark-level: 1; } h3 { bookmark-level: 2; }"


@dataclass(frozen=True)
class Citing:
    """How the site cites a source: the in-text citation and the APA reference as safe inline HTML, and the order of
    the reference list (core/render/citation.py, through the build's citation cache)."""
    in_text: Callable[[Source], str]
    reference: Callable[[Source], str]
    order: Callable[[Source], Any]


@dataclass(frozen=True)
class Writing:
    """What every meeting document of one site needs besides the record it shows."""
    kb: KnowledgeBase
    site: Site
    labels: Mapping[str, str]
    citing: Citing

    @property
    def language(self) -> str:
        return LANGUAGE_TAGS.get(self.site.language, self.site.language)

    def evidence_label(self, kind_id: str) -> str:
        """As on the site (render/pages.evidence_label): 'Expertadvies (E)'."""
        term = self.kb.term("evidence_kind", kind_id)
        if term is None:
            return kind_id
        short = getattr(term, "short", None)
        return f"{term.label} ({short})" if short == "E" else term.label

    def url(self, kind: Any, record_id: str) -> str | None:
        """The absolute address of a record's page; None without a site address (no relative paths on paper)."""
        return self.site.absolute_url(self.site.page_url(kind, record_id))


def theme_elements(kb: KnowledgeBase, theme: Theme) -> list[Element]:
    return sorted(kb.referring("theme", theme.id, "element"), key=lambda e: e.title.casefold())  # type: ignore[arg-type]


def theme_templates(kb: KnowledgeBase, elements: Iterable[Element]) -> list[Template]:
    """The templates of a theme, as its page lists them: those supporting any of its elements."""
    seen: dict[str, Record] = {}
    for element in elements:
        for template in kb.referring("element", element.id, "template"):
            seen.setdefault(template.id, template)
    return sorted(seen.values(), key=lambda t: t.title.casefold())  # type: ignore[arg-type, return-value]


def theme_html(w: Writing, theme: Theme) -> str:
    lb = w.labels
    elements = theme_elements(w.kb, theme)
    body = [f'<h1 id="t-{escape(theme.id)}">{escape(clean(theme.title))}</h1>',
            f'<p class="summary">{escape(plain(theme.summary))}</p>']
    body += _url_line(w, THEME, theme.id)
    body.append(f"<h2>{escape(lb['elements'])}</h2>")
    body += [_element(w, e) for e in elements] or [f"<p>{escape(lb['elements.none'])}</p>"]
    body += _templates(w, theme_templates(w.kb, elements), "h2")
    body += _references(w, elements)
    return _document(w, clean(theme.title), plain(theme.summary), _THEME_BOOKMARKS, body)


def full_html(w: Writing) -> str:
    """Cover, contents with page numbers, a part per theme (an element in several themes is written out under the
    first and points there from the others), and one reference list."""
    lb, kb = w.labels, w.kb
    themes = [t for t in kb.sorted("theme") if isinstance(t, Theme)]
    per_theme = {t.id: theme_elements(kb, t) for t in themes}
    title = clean(w.site.name) or lb["doc.full.title"]
    body = [f"<h1>{escape(title)}</h1>", f'<p class="summary">{escape(lb["doc.full.title"])}</p>']
    body += [f'<p class="meta">{escape(line)}</p>' for line in (w.site.owner, w.site.licence, w.site.url) if line]
    toc = [f'<section class="toc"><h2>{escape(lb["doc.contents"])}</h2><ol>']
    for theme in themes:
        toc.append(f'<li><a href="#t-{escape(theme.id)}">{escape(clean(theme.title))}</a>')
        items = [f'<li><a href="#e-{escape(e.id)}">{escape(clean(e.title))}</a></li>' for e in per_theme[theme.id]]
        toc.append(f"<ol>{''.join(items)}</ol></li>" if items else "</li>")
    toc.append("</ol></section>")
    body += toc
    written: set[str] = set()
    for theme in themes:
        body.append(f'<section class="part"><h2 id="t-{escape(theme.id)}">{escape(clean(theme.title))}</h2>')
        body.append(f'<p class="summary">{escape(plain(theme.summary))}</p>')
        for element in per_theme[theme.id]:
            if element.id in written:
                body.append(f'<p class="again"><a href="#e-{escape(element.id)}" data-see="{escape(lb["doc.see_page"])}">'
                            f"{escape(clean(element.title))}</a></p>")
            else:
                written.add(element.id)
                body.append(_element(w, element))
        body += _templates(w, theme_templates(kb, per_theme[theme.id]), "h3")
        body.append("</section>")
    body += _references(w, [e for t in themes for e in per_theme[t.id]], part=True)
    return _document(w, title, lb["doc.full.title"], _FULL_BOOKMARKS, body)


def _document(w: Writing, title: str, description: str, bookmarks: str, body: Sequence[str]) -> str:
    footer = " — ".join(escape(clean(part)) for part in (w.site.name, w.site.licence) if part)
    head = ['<meta charset="utf-8">', f"<title>{escape(title)}</title>",
            f'<meta name="author" content="{escape(clean(w.site.owner or w.site.name))}">',
            f'<meta name="description" content="{escape(description)}">',
            f"<style>{_CSS}{bookmarks}</style>"]
    return (f'<!DOCTYPE html>\n<html lang="{escape(w.language)}">\n<head>\n' + "\n".join(head) + "\n</head>\n<body>\n"
            + f"<footer>{footer}</footer>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _url_line(w: Writing, kind: Any, record_id: str) -> list[str]:
    url = w.url(kind, record_id)
    return [f'<p class="url">{escape(url)}</p>'] if url else []


def _element(w: Writing, element: Element) -> str:
    parts = [f'<section class="element"><h3 id="e-{escape(element.id)}">{escape(clean(element.title))}</h3>',
             f'<p class="summary">{escape(plain(element.summary))}</p>', '<div class="evidence">']
    for term in w.kb.taxonomy.evidence_kinds:
        for entry in (e for e in element.evidence if e.kind == term.id):
            cited = " ".join(w.citing.in_text(s) for s in _sources(w.kb, entry.sources))
            via = _sources(w.kb, (entry.via,)) if entry.via else []
            if via:
                cited += f" {escape(w.labels['evidence.via'])} {w.citing.in_text(via[0])}"
            note = escape(plain(entry.note)) if entry.note else ""
            text = " ".join(part for part in (note, cited.strip()) if part)
            parts.append(f'<p><span class="kind">{escape(w.evidence_label(term.id))}</span>'
                         + (f" — {text}" if text else "") + "</p>")
    parts.append("</div>")
    parts += _url_line(w, ELEMENT, element.id)
    parts.append("</section>")
    return "\n".join(parts)


def _templates(w: Writing, templates: list[Template], tag: str) -> list[str]:
    if not templates:
        return []
    items = []
    for template in templates:
        url = w.url(TEMPLATE, template.id)
        items.append(f"<li><strong>{escape(clean(template.title))}</strong> — {escape(plain(template.summary))}"
                     + (f' <span class="url">{escape(url)}</span>' if url else "") + "</li>")
    return [f"<{tag}>{escape(w.labels['templates'])}</{tag}>", '<ul class="templates">', *items, "</ul>"]


def _sources(kb: KnowledgeBase, ids: Iterable[str]) -> list[Source]:
    return [s for s in kb.resolve("source", tuple(ids)) if isinstance(s, Source)]


def _references(w: Writing, elements: Iterable[Element], part: bool = False) -> list[str]:
    """The reference list: every source the printed evidence cites (or cites it through), once, in the site's order."""
    cited: dict[str, Source] = {}
    for element in elements:
        for entry in element.evidence:
            for source in _sources(w.kb, (*entry.sources, *((entry.via,) if entry.via else ()))):
                cited.setdefault(source.id, source)
    if not cited:
        return []
    references = [f'<p class="reference">{w.citing.reference(s)}</p>' for s in sorted(cited.values(), key=w.citing.order)]
    opening = '<section class="part">' if part else "<section>"
    return [f'{opening}<h2>{escape(w.labels["evidence.sources"])}</h2>', *references, "</section>"]

"""Tagged PDF (PDF/UA-1) version of a template: escaped HTML laid out by WeasyPrint with local fonts only.

WeasyPrint needs system libraries (Pango, HarfBuzz, fontconfig) that pip cannot install; `pdf_unavailable` says,
once per process, whether they load, so that a site can be built without PDFs instead of failing halfway.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import io
from html import escape
from itertools import groupby

from kennisbank.core.model.records import Template
from kennisbank.core.outputs.documents.outline import Block, DocumentContext, Outline, OutlineItem, OutlineSection, build_outline

_CSS = """
@page { size: A4; margin: 2cm 2cm 2.4cm;
        @bottom-center { content: element(footer); vertical-align: top; padding-top: 0.4cm; } }
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; line-height: 1.45; color: #000; }
footer { position: running(footer); font-size: 7.5pt; color: #333; text-align: center; }
h1 { font-size: 19pt; line-height: 1.2; margin: 0 0 0.6em; }
h2 { font-size: 13.5pt; margin: 1.3em 0 0.4em; break-after: avoid; }
p { margin: 0 0 0.5em; }
p.meta strong, p.question { font-weight: bold; }
.items { list-style: none; margin: 0 0 0.6em; padding: 0; }
.items li { padding-left: 1.5em; text-indent: -1.5em; margin-bottom: 0.3em; break-inside: avoid; }
span.label { display: inline-block; width: 1.5em; text-indent: 0; }
span.minutes { font-style: italic; }
p.question { break-after: avoid; margin-top: 0.8em; }
div.answer { border: 0.75pt solid #777; border-radius: 3pt; min-height: 2.4cm; padding: 0.2em 0.5em;
             margin-bottom: 0.8em; break-inside: avoid; font-size: 8pt; color: #444; }
p.field { display: flex; align-items: flex-end; margin: 1.1em 0 0.6em; break-inside: avoid; }
p.field span.text { flex: 0 1 auto; }
p.field span.line { flex: 1 1 30%; min-width: 30%; height: 1.2em; margin-left: 0.5em; border-bottom: 0.75pt solid #555; }
"""


@functools.cache
def pdf_unavailable() -> str | None:
    """Why no PDF can be made on this machine (WeasyPrint cannot load Pango or another system library), or None.

    Imports WeasyPrint (about a second), so only ask when a PDF is wanted; the answer is kept for the process.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints its own advice before it raises
            import weasyprint  # noqa: F401
    except (OSError, ImportError) as err:  # OSError: "cannot load library 'libpango-1.0-0': ..."
        return " ".join(str(err).split()) or type(err).__name__
    return None


def render_pdf(template: Template, ctx: DocumentContext) -> bytes:
    return html_pdf(build_html(build_outline(template, ctx)))


def html_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 of a self-contained HTML document (its /Lang from the html element's lang)."""
    from weasyprint import HTML  # imported here: loading WeasyPrint costs about a second
    from weasyprint.urls import URLFetcher

    no_fetching = URLFetcher(allowed_protocols=())  # the document needs nothing from outside; never load anything
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()  # stable /ID instead of a random one
    return HTML(string=html, base_url=None, url_fetcher=no_fetching).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=identifier)


def build_html(outline: Outline) -> str:
    """The whole document as HTML; every string from the template passes through html.escape."""
    date = outline.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(outline.title)}</title>",
        f'<meta name="author" content="{escape(outline.author)}">',
        f'<meta name="description" content="{escape(outline.purpose)}">',
        f'<meta name="dcterms.created" content="{date}">',
        f'<meta name="dcterms.modified" content="{date}">',
        *(f'<meta name="keywords" content="{escape(keyword)}">' for keyword in outline.keywords),
        f"<style>{_CSS}</style>",
    ]
    body = [f"<footer>{escape(outline.footer)}</footer>", "<main>", f"<h1>{escape(outline.title)}</h1>"]
    body += [f'<p class="meta"><strong>{escape(label)}:</strong> {escape(value)}</p>' for label, value in outline.meta]
    body += _body(outline.body)
    for section in outline.sections:
        body += _section(section, outline.answer_label)
    body.append("</main>")
    return (f'<!DOCTYPE html>\n<html lang="{escape(outline.language)}">\n<head>\n' + "\n".join(head)
            + "\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def _body(blocks: tuple[Block, ...]) -> list[str]:
    html: list[str] = []
    for kind, group in groupby(blocks, key=lambda block: block.kind):
        if kind == "bullet":
            html.append('<ul class="items">')
            html += [f"<li>{_label(b.label)}{escape(b.text)}</li>" for b in group]
            html.append("</ul>")
        else:
            tag = "h2" if kind == "heading" else "p"
            html += [f"<{tag}>{escape(b.text)}</{tag}>" for b in group]
    return html


def _section(section: OutlineSection, answer_label: str) -> list[str]:
    html = ["<section>", f"<h2>{escape(section.title)}</h2>"]
    if section.intro:
        html.append(f"<p>{escape(section.intro)}</p>")
    for kind, group in groupby(section.items, key=lambda item: item.kind):
        items = list(group)
        if kind == "question":
            for item in items:
                html.append(f'<p class="question">{escape(item.text)}</p>')
                html.append(f'<div class="answer">{escape(answer_label)}</div>')
        elif kind == "field":
            html += [f'<p class="field"><span class="text">{escape(i.text)}</span><span class="line"></span></p>' for i in items]
        else:
            tag = "ol" if kind == "step" else "ul"
            html += [f'<{tag} class="items">', *(_listed(item) for item in items), f"</{tag}>"]
    html.append("</section>")
    return html


def _listed(item: OutlineItem) -> str:
    minutes = f' <span class="minutes">— {escape(item.minutes)}</span>' if item.minutes else ""
    return f"<li>{_label(item.label)}{escape(item.text)}{minutes}</li>"


def _label(label: str) -> str:
    return f'<span class="label">{escape(label)}</span>' if label else ""

"""HTML for the card set of the working elements: one A6 card per element, four on an A4 sheet, with cut marks.

A card shows the element's title, its summary (the one-line advice), its themes, the kinds of evidence it rests on
(labelled as on the site) and, when the site's address is known, a QR code to its page with the address printed
small under it. The QR codes are left as placeholders (`QR_SLOT`) in the HTML, which is what the cache key hashes;
`with_qr_codes` draws them (segno, as inline SVG) only when the PDF is made.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

from kennisbank.core.model.kinds import ELEMENT
from kennisbank.core.model.records import Element, Theme
from kennisbank.core.outputs.documents.collection_html import Writing
from kennisbank.core.outputs.documents.outline import clean, plain

QR_SLOT = "<kb-qr></kb-qr>"  # record text is escaped, so no record can write this
_PER_SHEET = 4

_CSS = """
@page { size: A4; margin: 0; }
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; color: #000; }
body { margin: 0; }
.sheet { position: relative; width: 210mm; height: 297mm; break-after: page; }
.sheet:last-child { break-after: auto; }
.card { position: absolute; width: 105mm; height: 148.5mm; box-sizing: border-box; padding: 12mm 11mm 11mm;
        overflow: hidden; }
.c0 { left: 0; top: 0; } .c1 { left: 105mm; top: 0; } .c2 { left: 0; top: 148.5mm; } .c3 { left: 105mm; top: 148.5mm; }
.kicker { font-size: 8pt; letter-spacing: 0.04em; text-transform: uppercase; color: #333; margin: 0 0 2mm; }
h1 { font-size: 15pt; line-height: 1.2; margin: 0 0 4mm; bookmark-level: 1; }
.advice { font-size: 11pt; line-height: 1.4; margin: 0 0 4mm; }
.facts { font-size: 8.5pt; line-height: 1.35; margin: 0 0 1.5mm; }
.facts strong { font-weight: bold; }
.qr { position: absolute; left: 11mm; bottom: 10mm; width: 83mm; }
.qr svg { display: block; width: 24mm; height: 24mm; }
.qr p { font-size: 6.5pt; margin: 1mm 0 0; overflow-wrap: anywhere; }
.mark { position: absolute; background: #000; }
.v { width: 0.3pt; height: 6mm; left: 105mm; } .h { height: 0.3pt; width: 6mm; top: 148.5mm; }
.top { top: 0; } .bottom { bottom: 0; } .left { left: 0; } .right { right: 0; }
.cross-v { width: 0.3pt; height: 6mm; left: 105mm; top: 145.5mm; }
.cross-h { height: 0.3pt; width: 6mm; left: 102mm; top: 148.5mm; }
"""
# Cut marks at the two cut lines, on every edge of the sheet and a cross where they meet (drawn, not tagged: empty).
_MARKS = ('<div class="mark v top"></div><div class="mark v bottom"></div><div class="mark h left"></div>'
          '<div class="mark h right"></div><div class="mark cross-v"></div><div class="mark cross-h"></div>')


def cards_html(w: Writing) -> tuple[str, tuple[str, ...]]:
    """The card set, and the addresses its QR codes stand for (in the order of the QR_SLOTs)."""
    lb = w.labels
    elements = sorted((e for e in w.kb.elements.values() if isinstance(e, Element)),
                      key=lambda e: (e.title.casefold(), e.id))
    cards, urls = [], []
    for index, element in enumerate(elements):
        url = w.url(ELEMENT, element.id)
        cards.append(_card(w, element, index % _PER_SHEET, url))
        if url:
            urls.append(url)
    sheets = ['<div class="sheet">' + "".join(cards[i:i + _PER_SHEET]) + _MARKS + "</div>"
              for i in range(0, len(cards), _PER_SHEET)]
    title = lb["doc.cards.title"]
    head = ['<meta charset="utf-8">', f"<title>{escape(title)}</title>",
            f'<meta name="author" content="{escape(clean(w.site.owner or w.site.name))}">',
            f"<style>{_CSS}</style>"]
    html = (f'<!DOCTYPE html>\n<html lang="{escape(w.language)}">\n<head>\n' + "\n".join(head) + "\n</head>\n<body>\n"
            + "\n".join(sheets) + "\n</body>\n</html>\n")
    return html, tuple(urls)


def _card(w: Writing, element: Element, position: int, url: str | None) -> str:
    lb = w.labels
    kinds = []
    for term in w.kb.taxonomy.evidence_kinds:
        if any(entry.kind == term.id for entry in element.evidence):
            kinds.append(w.evidence_label(term.id))
    themes = [clean(t.title) for t in w.kb.resolve("theme", element.themes) if isinstance(t, Theme)]
    parts = [f'<section class="card c{position}">', f'<p class="kicker">{escape(lb["kind.element"])}</p>',
             f"<h1>{escape(clean(element.title))}</h1>", f'<p class="advice">{escape(plain(element.summary))}</p>',
             f'<p class="facts"><strong>{escape(lb["evidence"])}:</strong> {escape(", ".join(kinds))}</p>']
    if themes:
        parts.append(f'<p class="facts"><strong>{escape(lb["themes"])}:</strong> {escape(", ".join(themes))}</p>')
    if url:
        parts.append(f'<div class="qr">{QR_SLOT}<p>{escape(url)}</p></div>')
    parts.append("</section>")
    return "".join(parts)


def with_qr_codes(html: str, urls: Sequence[str], title: str) -> str:
    """The card set's HTML with each QR_SLOT replaced by the QR code (inline SVG, its <title> the PDF's alt text) of
    the next address."""
    import segno  # only where a card set is made

    pieces = html.split(QR_SLOT)
    assert len(pieces) == len(urls) + 1, "one address per QR slot"
    out = [pieces[0]]
    for url, rest in zip(urls, pieces[1:], strict=True):
        buffer = io.BytesIO()
        segno.make(url, error="m", micro=False).save(buffer, kind="svg", xmldecl=False, svgns=True, svgclass=None,
                                                     lineclass=None, omitsize=True, border=0, title=title)
        out += [buffer.getvalue().decode("utf-8"), rest]
    return "".join(out)

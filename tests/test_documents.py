"""The downloadable documents (DOCX, PDF, ODT) of a template, each read back with a library of its own format."""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kennisbank.core.labels import labels_for
from kennisbank.core.model.records import Template
from kennisbank.core.outputs.documents import FORMATS, GENERATOR_VERSION, DocumentContext, build_outline
from kennisbank.core.outputs.documents.outline import body_blocks, plain
from kennisbank.core.outputs.documents.pdf_writer import build_html

HOSTILE_TITLE = "Agenda <script>alert(1)</script> & co"
URL = "https://kennisbank.example/hulpmiddelen/startbijeenkomst/"

RECORD = {
    "id": "startbijeenkomst",
    "title": HOSTILE_TITLE,
    "summary": "Een **agenda** voor de _eerste_ bijeenkomst, met {{ config }} letterlijk.",
    "body": "Gebruik dit hulpmiddel bij de [start](https://example.org/start) van een netwerk.\n\n"
            "## Voorbereiding\n\n- Nodig *iedereen* uit\n- Stuur de agenda <b>vooraf</b>\n",
    "kind": "agenda",
    "phases": ["formeren"],
    "duration": "90 minuten",
    "group_size": "6 tot 15",
    "reviewed": "2025-03-01",
    "keywords": ["startbijeenkomst", "kick-off"],
    "sections": [
        {"title": "Verloop", "intro": "Zo verloopt de *bijeenkomst*.", "items": [
            {"text": "Welkom en kennismaking", "type": "step", "minutes": 10},
            {"text": "Gedeelde ambitie bespreken {{ config }}", "type": "step", "minutes": 30},
            {"text": "Werkafspraken maken", "type": "step", "minutes": 20},
            {"text": "Afsluiting en vervolg", "type": "step"},
        ]},
        {"title": "Voorbereiding", "items": [
            {"text": "Zaal geboekt", "type": "check"},
            {"text": "Koffie <b>besteld</b> & betaald", "type": "check"},
            {"text": "Deelnemerslijst geprint", "type": "check"},
            "Een punt zonder soort",
        ]},
        {"title": "Vragen aan de deelnemers", "items": [
            {"text": "Wat wil je in dit netwerk leren?", "type": "question"},
            {"text": "Wat breng je zelf in?", "type": "question"},
            {"text": "Wie mist er nog aan tafel?", "type": "question"},
            {"text": "Wanneer is het netwerk voor jou geslaagd?", "type": "question"},
        ]},
        {"title": "Gegevens", "items": [
            {"text": "Naam", "type": "field"},
            {"text": "Organisatie", "type": "field"},
            {"text": "E-mailadres", "type": "field"},
            {"text": "Datum", "type": "field"},
        ]},
    ],
}
CHECKLIST = {
    "id": "checklist-start", "title": "Checklist start", "summary": "Alles klaar?", "kind": "checklist",
    "sections": [{"title": "Klaar", "items": ["Doel beschreven", {"text": "Vraag", "type": "question"}]}],
}

TEMPLATE = Template.model_validate(RECORD)
CTX = DocumentContext(site_name="Kennisbank Lerende Netwerken", page_url=URL, licence="CC BY 4.0",
                      author="Kennisbank Lerende Netwerken", language="nl", phase_labels=("Formeren",),
                      kind_label="Agenda")
ITEM_TEXTS = [plain(item.text) for section in TEMPLATE.sections for item in section.items]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return {key: fmt.render(TEMPLATE, CTX) for key, fmt in FORMATS.items()}


def squash(text: str) -> str:
    return " ".join(text.split())


# --- outline --------------------------------------------------------------------------------------------

def test_plain_strips_markdown_and_keeps_html_literal() -> None:
    assert plain("Een **vet** en _schuin_ woord, `code` en snake_case") == "Een vet en schuin woord, code en snake_case"
    assert plain("[site](https://example.org) en [intern](../x/)") == "site (https://example.org) en intern"
    assert plain("<b>niet vet</b> & {{ config }}") == "<b>niet vet</b> & {{ config }}"


def test_body_blocks() -> None:
    blocks = body_blocks("Alinea een\nloopt door.\n\n## Kop\n\n- punt\n  vervolg\n2. genummerd\n")
    assert [(b.kind, b.text, b.label) for b in blocks] == [
        ("paragraph", "Alinea een loopt door.", ""), ("heading", "Kop", ""),
        ("bullet", "punt vervolg", "•"), ("bullet", "genummerd", "2.")]


def test_outline_items_steps_and_meta() -> None:
    outline = build_outline(TEMPLATE, CTX)
    steps = outline.sections[0].items
    assert [(i.kind, i.label, i.minutes) for i in steps] == [
        ("step", "1.", "10 min"), ("step", "2.", "30 min"), ("step", "3.", "20 min"), ("step", "4.", None)]
    assert outline.sections[1].items[-1].kind == "plain"  # untyped outside a checklist
    assert dict(outline.meta) == {"Doel": "Een agenda voor de eerste bijeenkomst, met {{ config }} letterlijk.",
                                  "Fase": "Formeren", "Duur": "90 minuten", "Groepsgrootte": "6 tot 15", "Soort": "Agenda"}
    assert outline.footer == f"Kennisbank Lerende Netwerken — {URL} — Licentie: CC BY 4.0"
    assert outline.language == "nl-NL" and outline.date.isoformat() == "2025-03-01T00:00:00+00:00"


def test_untyped_items_in_a_checklist_are_checks_and_english_labels() -> None:
    ctx = DocumentContext("KB", URL, "CC BY 4.0", "KB", language="en", phase_labels=("Forming", "Storming"))
    outline = build_outline(Template.model_validate(CHECKLIST), ctx)
    assert [i.kind for i in outline.sections[0].items] == ["check", "question"]
    assert outline.meta[1] == ("Phases", "Forming, Storming") and outline.answer_label == labels_for("en")["answer"]
    assert outline.language == "en-GB" and outline.date.isoformat().startswith("2000-01-01")


def test_html_for_the_pdf_escapes_every_string() -> None:
    html = build_html(build_outline(TEMPLATE, CTX))
    assert "<script>" not in html and "<b>" not in html
    assert "Agenda &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert '<html lang="nl-NL">' in html


# --- the three formats ----------------------------------------------------------------------------------

def test_formats_table() -> None:
    assert [(f.extension, f.label) for f in FORMATS.values()] == [
        ("pdf", "PDF"), ("docx", "Word (DOCX)"), ("odt", "OpenDocument (ODT)")]
    assert FORMATS["odt"].mime_type == "application/vnd.oasis.opendocument.text" and GENERATOR_VERSION


def test_docx(outputs: dict[str, bytes]) -> None:
    from docx import Document

    doc = Document(io.BytesIO(outputs["docx"]))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == HOSTILE_TITLE and doc.paragraphs[0].style.name == "Heading 1"
    for text in ITEM_TEXTS:
        assert any(text in t for t in texts), text
    assert "1.\tWelkom en kennismaking — 10 min" in texts
    assert sum(t.startswith("Antwoord: ") for t in texts) == 4
    checkboxes = doc.element.body.findall(".//{http://schemas.microsoft.com/office/word/2010/wordml}checkbox")
    assert len(checkboxes) == 3
    assert doc.sections[0].footer.paragraphs[0].text == build_outline(TEMPLATE, CTX).footer
    props = doc.core_properties
    assert (props.title, props.author, props.language) == (HOSTILE_TITLE, CTX.author, "nl-NL")
    assert props.subject.startswith("Een agenda") and props.created.year == 2025


def test_pdf(outputs: dict[str, bytes]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(outputs["pdf"]))
    pages = [squash(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    assert HOSTILE_TITLE in text
    for item in ITEM_TEXTS:
        assert item in text, item
    assert "Welkom en kennismaking — 10 min" in text
    assert all(URL in page and "CC BY 4.0" in page for page in pages)  # the footer on every page
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nl-NL"
    meta = reader.metadata
    assert (meta.title, meta.author) == (HOSTILE_TITLE, CTX.author)
    assert meta["/CreationDate"].startswith("D:20250301")
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_odt(outputs: dict[str, bytes]) -> None:
    from odfdo import Document

    doc = Document(io.BytesIO(outputs["odt"]))
    assert doc.body.get_headers()[0].text_recursive == HOSTILE_TITLE
    text = "\n".join(paragraph.text_recursive for paragraph in doc.body.get_paragraphs())
    for item in ITEM_TEXTS:
        assert item in text, item
    footer = doc.get_style("master-page", "Standard").get_page_footer()
    assert URL in footer.text_recursive
    meta = doc.meta
    assert (meta.get_title(), meta.get_initial_creator(), meta.get_language()) == (HOSTILE_TITLE, CTX.author, "nl-NL")
    assert meta.get_creation_date().year == 2025


@pytest.mark.parametrize("key", list(FORMATS))
def test_pasted_control_characters_and_english(key: str) -> None:
    record = {**CHECKLIST, "title": "Bel\x07 de\x00 voorzitter", "summary": "Vooraf\x0c klaar?", "reviewed": "2024-02-29"}
    ctx = DocumentContext("KB", URL, "CC BY 4.0", "KB", language="en", kind_label="Checklist")
    data = FORMATS[key].render(Template.model_validate(record), ctx)
    if key == "docx":
        from docx import Document

        props = Document(io.BytesIO(data)).core_properties
        assert (props.title, props.language) == ("Bel de voorzitter", "en-GB")
    elif key == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        assert reader.trailer["/Root"]["/Lang"] == "en-GB" and "Answer" in reader.pages[0].extract_text()
    else:
        from odfdo import Document as OdfDocument

        assert OdfDocument(io.BytesIO(data)).meta.get_language() == "en-GB"


@pytest.mark.parametrize("key", list(FORMATS))
def test_output_is_byte_identical(key: str, outputs: dict[str, bytes]) -> None:
    assert FORMATS[key].render(TEMPLATE, CTX) == outputs[key]


def test_output_is_identical_in_another_process(outputs: dict[str, bytes]) -> None:
    script = ("import hashlib, sys\nfrom tests.test_documents import CTX, TEMPLATE\n"
              "from kennisbank.core.outputs.documents import FORMATS\n"
              "for key, fmt in FORMATS.items(): print(key, hashlib.sha256(fmt.render(TEMPLATE, CTX)).hexdigest())")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    expected = "".join(f"{key} {hashlib.sha256(data).hexdigest()}\n" for key, data in outputs.items())
    assert result.stdout == expected

"""Word (DOCX) version of a template, written with python-docx."""
from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from kennisbank.core.model.records import Template
from kennisbank.core.outputs.documents.outline import (
    DocumentContext,
    Outline,
    OutlineItem,
    OutlineSection,
    build_outline,
    fixed_zip,
)

_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = Cm(21), Cm(29.7), Cm(2)
_LINE_END = _PAGE_WIDTH - 2 * _MARGIN
_CHECKBOX = (  # a Word content control that people can tick on screen; prints as ☐
    '<w:sdt {ns}><w:sdtPr><w14:checkbox><w14:checked w14:val="0"/>'
    '<w14:checkedState w14:val="2612" w14:font="Segoe UI Symbol"/>'
    '<w14:uncheckedState w14:val="2610" w14:font="Segoe UI Symbol"/></w14:checkbox></w:sdtPr>'
    '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol"/></w:rPr>'
    '<w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>'
).format(ns=nsdecls("w", "w14"))


def render_docx(template: Template, ctx: DocumentContext) -> bytes:
    outline = build_outline(template, ctx)
    doc = Document()
    _set_up(doc, outline)
    doc.add_heading(outline.title, level=1)
    for label, value in outline.meta:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        paragraph.paragraph_format.space_after = Pt(2)
    for block in outline.body:
        if block.kind == "heading":
            doc.add_heading(block.text, level=2)
        elif block.kind == "bullet":
            _listed(doc, block.label, block.text)
        else:
            doc.add_paragraph(block.text)
    for section in outline.sections:
        _add_section(doc, section, outline)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue(), outline.date)


def _set_up(doc: DocxDocument, outline: Outline) -> None:
    """A4 page, footer, document language and fixed core properties."""
    section = doc.sections[0]
    section.page_width, section.page_height = _PAGE_WIDTH, _PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = _MARGIN
    footer = section.footer.paragraphs[0]
    footer.text = outline.footer
    footer.style = doc.styles["Footer"]
    for run in footer.runs:
        run.font.size = Pt(8)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    _set_language(doc, outline.language)
    props = doc.core_properties
    # Word limits core properties to 255 characters; the full text is in the document itself.
    props.title, props.subject, props.author = outline.title[:255], outline.purpose[:255], outline.author[:255]
    props.last_modified_by, props.language = outline.author, outline.language
    props.keywords, props.comments, props.category = ", ".join(outline.keywords), "", ""
    props.created = props.modified = props.last_printed = outline.date.replace(tzinfo=None)
    props.revision = 1
    package_rels = doc.part.package.rels  # python-docx's template thumbnail would be a wrong preview of this document
    for rel_id in [rel_id for rel_id, rel in package_rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del package_rels[rel_id]


def _set_language(doc: DocxDocument, language: str) -> None:
    """Spelling and screen readers follow w:lang in the default run properties, not the core property."""
    r_pr = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if r_pr is None:
        return
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def _add_section(doc: DocxDocument, section: OutlineSection, outline: Outline) -> None:
    doc.add_heading(section.title, level=2)
    if section.intro:
        doc.add_paragraph(section.intro)
    for item in section.items:
        if item.kind == "question":
            _question(doc, item, outline.answer_label)
        elif item.kind == "field":
            _fill_line(doc.add_paragraph(), item.text + " ")
        else:
            _listed(doc, item.label, item.text, item.minutes, checkbox=item.kind == "check")


def _listed(doc: DocxDocument, label: str, text: str, minutes: str | None = None, checkbox: bool = False) -> None:
    """A list line with a hanging label (☐, 1., •), the text, and the minutes when given."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(0.9)
    paragraph.paragraph_format.first_line_indent = Cm(-0.9)
    paragraph.paragraph_format.space_after = Pt(3)
    if checkbox:
        paragraph._p.append(parse_xml(_CHECKBOX))
        paragraph.add_run("\t")
    else:
        paragraph.add_run(f"{label}\t")
    paragraph.add_run(text)
    if minutes:
        paragraph.add_run(f" — {minutes}").italic = True


def _question(doc: DocxDocument, item: OutlineItem, answer_label: str) -> None:
    question = doc.add_paragraph()
    question.add_run(item.text).bold = True
    question.paragraph_format.keep_with_next = True
    for line in range(3):
        _fill_line(doc.add_paragraph(), f"{answer_label}: " if line == 0 else "")


def _fill_line(paragraph: Paragraph, text: str) -> None:
    """Text followed by a ruled line up to the right margin, to write on."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(_LINE_END, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run(f"{text}\t")

"""OpenDocument Text (ODT) version of a template, written with odfdo."""
from __future__ import annotations

import io

from odfdo import Document, Element, Header, Paragraph, Span
from odfdo.xmlpart import XmlPart

from kennisbank.core.model.records import Template
from kennisbank.core.outputs.documents.outline import DocumentContext, Outline, OutlineSection, build_outline, fixed_zip

_NS = ('xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
_PARAGRAPH = f'<style:style {_NS} style:family="paragraph" style:parent-style-name="Standard" style:name='
_STYLES = (  # page text width is 17 cm: A4 with 2 cm margins (the odfdo default template)
    (f'{_PARAGRAPH}"Footer"><style:paragraph-properties fo:text-align="center"/>'
     '<style:text-properties fo:font-size="7.5pt"/></style:style>'),
    (f'{_PARAGRAPH}"KB_Item"><style:paragraph-properties fo:margin-left="0.9cm" fo:text-indent="-0.9cm" '
     'fo:margin-bottom="0.1cm"><style:tab-stops><style:tab-stop style:position="0cm"/></style:tab-stops>'
     '</style:paragraph-properties></style:style>'),
    (f'{_PARAGRAPH}"KB_Fill"><style:paragraph-properties fo:margin-top="0.25cm" fo:margin-bottom="0.1cm">'
     '<style:tab-stops><style:tab-stop style:position="17cm" style:type="right" style:leader-style="solid" '
     'style:leader-text="_"/></style:tab-stops></style:paragraph-properties></style:style>'),
    (f'{_PARAGRAPH}"KB_Question"><style:paragraph-properties fo:margin-top="0.3cm" fo:keep-with-next="always"/>'
     '<style:text-properties fo:font-weight="bold"/></style:style>'),
    (f'<style:style {_NS} style:family="text" style:name="KB_Strong">'
     '<style:text-properties fo:font-weight="bold"/></style:style>'),
    (f'<style:style {_NS} style:family="text" style:name="KB_Emphasis">'
     '<style:text-properties fo:font-style="italic"/></style:style>'),
)
_THUMBNAIL = "Thumbnails/thumbnail.png"  # the blank page of odfdo's template: a wrong preview of this document


def render_odt(template: Template, ctx: DocumentContext) -> bytes:
    outline = build_outline(template, ctx)
    doc = Document("text")
    _set_up(doc, outline)
    body = doc.body
    for empty in body.get_paragraphs():  # the template's single empty paragraph; keep its sequence declarations
        empty.delete()
    body.append(Header(1, outline.title, style="Heading_20_1"))
    for label, value in outline.meta:
        paragraph = Paragraph("", style="Standard")
        paragraph.append(Span(f"{label}: ", style="KB_Strong"))
        paragraph.append(value)
        body.append(paragraph)
    for block in outline.body:
        if block.kind == "heading":
            body.append(Header(2, block.text, style="Heading_20_2"))
        elif block.kind == "bullet":
            body.append(Paragraph(f"{block.label}\t{block.text}", style="KB_Item"))
        else:
            body.append(Paragraph(block.text, style="Text_20_body"))
    for section in outline.sections:
        _add_section(body, section, outline)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue(), outline.date)


def _set_up(doc: Document, outline: Outline) -> None:
    """Styles, page footer, language and fixed metadata."""
    for style in _STYLES:
        doc.insert_style(style)
    styles = doc.get_part("styles.xml")
    assert isinstance(styles, XmlPart)
    language, _, country = outline.language.partition("-")
    # odfdo's template is French, serif, and numbers its headings (1., 1.1.): make it Dutch or English, plain, sans
    default = _element(styles, '//style:default-style[@style:family="paragraph"]/style:text-properties')
    default.set_attribute("fo:language", language)
    default.set_attribute("fo:country", country)
    default.set_attribute("style:font-name", "Liberation Sans")
    default.set_attribute("fo:font-size", "10.5pt")
    for level in styles.get_elements("//text:outline-style/text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        level.del_attribute("style:num-suffix")
        level.del_attribute("loext:num-list-format")
    footer_style = _element(styles, '//style:page-layout[@style:name="Mpm1"]/style:footer-style')
    footer_style.append(Element.from_tag('<style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.4cm"/>'))
    master = doc.get_style("master-page", "Standard")
    master.set_page_footer(Paragraph(outline.footer, style="Footer"))  # type: ignore[union-attr]
    if doc.container is not None and _THUMBNAIL in doc.container.get_parts():
        doc.container.del_part(_THUMBNAIL)
        doc.manifest.del_full_path(_THUMBNAIL)
    _set_meta(doc, outline)


def _element(part: XmlPart, xpath: str) -> Element:
    found = part.get_element(xpath)
    if found is None:
        raise RuntimeError(f"odfdo's text template has no {xpath}")
    return found


def _set_meta(doc: Document, outline: Outline) -> None:
    meta = doc.meta
    meta.set_title(outline.title)
    meta.set_subject(outline.purpose)
    meta.set_description(outline.purpose)
    meta.set_language(outline.language)
    meta.set_initial_creator(outline.author)
    meta.set_creator(outline.author)
    meta.set_keywords(", ".join(outline.keywords))
    meta.set_creation_date(outline.date.replace(tzinfo=None))
    meta.set_modification_date(outline.date.replace(tzinfo=None))
    statistic = meta.get_element("//meta:document-statistic")  # counts of the template's empty page: wrong here
    if statistic is not None:
        statistic.delete()


def _add_section(body: Element, section: OutlineSection, outline: Outline) -> None:
    append = body.append
    append(Header(2, section.title, style="Heading_20_2"))
    if section.intro:
        append(Paragraph(section.intro, style="Text_20_body"))
    for item in section.items:
        if item.kind == "question":
            append(Paragraph(item.text, style="KB_Question"))
            for line in range(3):
                append(Paragraph(f"{outline.answer_label}: \t" if line == 0 else "\t", style="KB_Fill"))
        elif item.kind == "field":
            append(Paragraph(f"{item.text} \t", style="KB_Fill"))
        else:
            paragraph = Paragraph(f"{item.label}\t{item.text}", style="KB_Item")
            if item.minutes:
                paragraph.append(Span(f" — {item.minutes}", style="KB_Emphasis"))
            append(paragraph)

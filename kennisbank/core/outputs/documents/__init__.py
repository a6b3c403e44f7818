"""Downloadable versions of a template (hulpmiddel): Word, PDF and OpenDocument.

Plain Python, no MkDocs: the build calls these functions and writes the bytes next to the template's page.
The same template and context always give the same bytes, so GENERATOR_VERSION plus the inputs make a cache key.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kennisbank.core.model.records import Template
from kennisbank.core.outputs.documents.docx_writer import render_docx
from kennisbank.core.outputs.documents.odt_writer import render_odt
from kennisbank.core.outputs.documents.outline import DocumentContext, Outline, build_outline
from kennisbank.core.outputs.documents.pdf_writer import pdf_unavailable, render_pdf

GENERATOR_VERSION = "2"  # 2: outline.plain() in linear time (escaped \* kept, nested [links] read right)
"""Bump when the output of any writer changes, so that cached documents are made again."""


@dataclass(frozen=True)
class DocumentFormat:
    key: str
    extension: str          # without the dot
    mime_type: str
    label: str              # Dutch, for the download link
    render: Callable[[Template, DocumentContext], bytes]


FORMATS: Mapping[str, DocumentFormat] = MappingProxyType({
    "pdf": DocumentFormat("pdf", "pdf", "application/pdf", "PDF", render_pdf),
    "docx": DocumentFormat("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           "Word (DOCX)", render_docx),
    "odt": DocumentFormat("odt", "odt", "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)", render_odt),
})

__all__ = [
    "FORMATS", "GENERATOR_VERSION", "DocumentContext", "DocumentFormat", "Outline",
    "build_outline", "pdf_unavailable", "render_docx", "render_odt", "render_pdf",
]

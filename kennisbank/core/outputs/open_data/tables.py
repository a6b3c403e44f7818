"""CSV per kind, for spreadsheet users: one row per record, lists in one cell, details in their own tables.

Choices, documented in the folder's LEESMIJ.txt:
- RFC 4180 (comma, double quotes, CRLF), UTF-8 with a byte order mark: Excel then reads accents correctly,
  and LibreOffice, R and pandas skip the mark.
- Lists are joined with '; '. An element's evidence is summarised per row ('literature: a, b; expert') and given
  in full in element-evidence.csv; a template's items are in template-items.csv.
- A cell that starts with = + - @ (or a tab or carriage return) is a formula to a spreadsheet; it gets a leading
  apostrophe, so that record text is shown as text and never run (OWASP "CSV injection").
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from kennisbank.core.model.kinds import KINDS, Kind
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import Author, Evidence, Link, Section
from kennisbank.core.render.citation import author_name
from kennisbank.core.site import Site

LIST_SEPARATOR = "; "
_FORMULA_START = tuple("=+-@\t\r") + ("\uff1d", "\uff0b", "\uff0d", "\uff20")  # the full-width forms count in some spreadsheets


def neutralise(cell: str) -> str:
    """Spreadsheet formula injection: text that a spreadsheet would evaluate gets a leading apostrophe."""
    return "'" + cell if cell.lstrip(" ").startswith(_FORMULA_START) else cell


def cell(value: Any) -> str:
    """Any field value as the text of one cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Author):
        return author_name(value)
    if isinstance(value, Evidence):
        return value.kind + (": " + ", ".join(value.sources) if value.sources else "")
    if isinstance(value, Link):
        return f"{value.title} <{value.url}>"
    if isinstance(value, Section):
        return value.title
    if isinstance(value, (tuple, list)):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    if hasattr(value, "model_dump_json"):  # a model this table does not know yet: still complete, as JSON
        return value.model_dump_json(exclude_none=True)
    return str(value)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def kind_table(kb: KnowledgeBase, site: Site, kind: Kind) -> bytes:
    """One row per record; the columns are the model's fields in their declared order, then the page address."""
    fields = list(kind.model.model_fields)
    records = sorted(kb.of(kind).values(), key=lambda r: r.id)
    return to_csv(fields + ["_page"], ([getattr(r, f) for f in fields] + [site.file_url(site.page_url(kind, r.id))]
                                       for r in records))


def evidence_table(kb: KnowledgeBase) -> bytes:
    rows = [(e.id, n, ev.kind, ev.sources, ev.note) for e in sorted(kb.elements.values(), key=lambda r: r.id)
            for n, ev in enumerate(e.evidence, 1)]
    return to_csv(["element", "number", "kind", "sources", "note"], rows)


def items_table(kb: KnowledgeBase) -> bytes:
    rows = [(t.id, s_no, s.title, s.intro, i_no, i.type, i.text, i.minutes)
            for t in sorted(kb.templates.values(), key=lambda r: r.id)
            for s_no, s in enumerate(t.sections, 1) for i_no, i in enumerate(s.items, 1)]
    return to_csv(["template", "section", "section_title", "section_intro", "item", "type", "text", "minutes"], rows)


def taxonomy_table(kb: KnowledgeBase) -> bytes:
    lists = ("phases", "steps", "evidence_kinds", "sectors")
    rows = [(name, t.id, t.label, t.description, getattr(t, "phase", None)) for name in lists for t in getattr(kb.taxonomy, name)]
    return to_csv(["list", "id", "label", "description", "phase"], rows)


def glossary_table(kb: KnowledgeBase) -> bytes:
    terms = sorted(kb.glossary, key=lambda t: (t.term.casefold(), t.term))
    return to_csv(["term", "definition", "aliases"], ((t.term, t.definition, t.aliases) for t in terms))


def csv_files(kb: KnowledgeBase, site: Site) -> dict[str, bytes]:
    """File name -> bytes, for the csv/ folder."""
    files = {f"{kind.folder}.csv": kind_table(kb, site, kind) for kind in KINDS}
    files["element-evidence.csv"] = evidence_table(kb)
    files["template-items.csv"] = items_table(kb)
    files["taxonomy.csv"] = taxonomy_table(kb)
    files["glossary.csv"] = glossary_table(kb)
    return files

"""Record text that is safe without a sanitiser after Markdown, for a project another engine builds.

In the plugin's build every page passes the allow-list (render/sanitize.py) after Markdown. A project written for
any engine (`kennisbank generate`) has no such step, so the knowledge base itself is made safe first: each text
field whose Markdown would give anything the allow-list removes (a script, a handler, a javascript: link, an image
from another host, the theme's ids) is replaced by its plain text, and the report names file and field.
`kennisbank check` warns about the same text (core/reading/html_in_text.py).
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from kennisbank.core.i18n import Message, say
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import markdown_fields
from kennisbank.core.render.mdtext import escape
from kennisbank.core.render.sanitize import clean_html, clean_text_html, unsafe_parts

# Only text with one of these can turn into HTML beyond what the renderers write: a tag, a link or image, an
# attribute list, a link definition.
_MAY_HAVE_HTML = re.compile(r"<|\]\(|\{[^{}\n]*[#.=]|^\s{0,3}\[[^\]\n]+\]:", re.M)


def safe_knowledge_base(kb: KnowledgeBase, to_html: Callable[[str], str]) -> tuple[KnowledgeBase, list[Message]]:
    """The knowledge base with every unsafe text field replaced by its plain text, and what was replaced."""
    replaced: list[Message] = []

    def safe(model: Any, where: str) -> Any:
        for path, text in list(markdown_fields(model)):
            if _MAY_HAVE_HTML.search(text) and unsafe_parts(html := to_html(text)):
                found = ", ".join(sorted(set(unsafe_parts(html)))[:6])
                replaced.append(say("{where}, veld {field}: {found}", "{where}, field {field}: {found}", where=where,
                                    field=".".join(map(str, path)), found=found))
                model = _replaced(model, path, escape(clean_text_html(clean_html(html))))
        return model

    records = {kind: {record_id: safe(record, _file(kb, kind, record_id)) for record_id, record in records.items()}
               for kind, records in kb.records.items()}
    taxonomy = safe(kb.taxonomy, "taxonomy.yaml")
    if not replaced:
        return kb, []
    return dataclasses.replace(kb, records=records, taxonomy=taxonomy), replaced


def _file(kb: KnowledgeBase, kind: str, record_id: str) -> str:
    return kb.file_of(kind, record_id) or f"{kind} '{record_id}'"


def _replaced(value: Any, path: tuple, new: str) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, BaseModel):
        return value.model_copy(update={head: _replaced(getattr(value, head), rest, new)})
    items = list(value)
    items[head] = _replaced(items[head], rest, new)
    return type(value)(items)

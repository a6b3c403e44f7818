"""The sections and items of a template as Markdown: tick boxes, questions, fill-in fields, numbered steps."""
from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from kennisbank.core.model.records import Item, Template
from kennisbank.core.render.mdtext import escape, inline

DEFAULT_ITEM_TYPE = {"checklist": "check", "agenda": "step", "interview-guide": "question", "form": "field",
                     "evaluation": "question"}


def item_type(template: Template, item: Item) -> str:
    """The item's own type, else the natural one for the template's kind, else plain text."""
    return item.type or DEFAULT_ITEM_TYPE.get(template.kind, "text")


def _item_line(kind: str, item: Item, number: int, labels: Mapping[str, str]) -> str:
    text = inline(item.text)
    minutes = f" <span class=\"kb-minutes\">({item.minutes} {escape(labels['minutes'])})</span>" if item.minutes else ""
    if kind == "check":  # a real, labelled checkbox: people tick it on screen or on paper
        return f'- <label class="kb-check"><input type="checkbox"> {text}{minutes}</label>'
    if kind == "step":
        return f"{number}. {text}{minutes}"
    if kind == "question":
        return f"- {text}{minutes}<br>\n  <span class=\"kb-answer\" aria-hidden=\"true\"></span>"
    if kind == "field":
        return f"- {text}{minutes} <span class=\"kb-field\" aria-hidden=\"true\"></span>"
    return f"- {text}{minutes}"


def sections_markdown(template: Template, labels: Mapping[str, str]) -> str:
    parts = []
    for section in template.sections:
        lines = [f"## {escape(section.title)}"]
        if section.intro:
            lines.append(inline(section.intro))
        number = 0
        groups = []
        for kind, items in groupby(section.items, key=lambda i: item_type(template, i)):
            group = []
            for item in items:
                number += 1 if kind == "step" else 0
                group.append(_item_line(kind, item, number, labels))
            groups.append("\n".join(group))
        # An empty comment ends a list, so a checklist and a numbered list stay two lists.
        lines.append("\n\n<!-- -->\n\n".join(groups))
        parts.append("\n\n".join(lines))
    return '<div class="kb-template" markdown>\n\n' + "\n\n".join(parts) + "\n\n</div>"

"""Nested lists as editors write them (two spaces, as GitHub and Decap show them) -> four spaces per level.

Python-Markdown nests a list item only when it is indented four spaces, so `  - b` under `- a` came out as a
flat, renumbered list. CommonMark nests a line under an item when it starts at or beyond the item's content column
(after the marker and its spaces). Each line that belongs to a list is re-indented to four spaces per level; what
lies beyond an item's content column (code inside an item, the inside of a fenced block) keeps its own indentation.
Text outside lists and fenced code outside lists are left exactly as written. One pass, linear in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TAB = 4  # Python-Markdown's tab_length
# A list marker and the spaces after it (or the end of the line: an empty item).
_MARKER = re.compile(r"( *)([-*+]|\d{1,9}[.)])( +|$)")
# Lines that end a list's last paragraph instead of continuing it lazily: headings, quotes, fences, rules, HTML.
_INTERRUPT = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|>|```|~~~|<[A-Za-z/!?]|([-*_])(?: *\1){2,} *$)")
_FENCE = re.compile(r" *(`{3,}|~{3,})")
_HR = re.compile(r" *([-*_])(?: *\1){2,} *$")  # '- - -' and '* * *' are rules, not nested items
# A heading, a rule or a setext underline is a block of its own: a list may start on the next line.
_WHOLE_BLOCK = re.compile(r"#{1,6}(?:[ \t]|$)| *([-*_])(?: *\1){2,} *$| {0,3}=+ *$")
_ANY_ITEM = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)])(?: |$)", re.M)


@dataclass
class _Item:
    content: int   # the column where the item's text starts, as written
    new: int       # that column after normalising: four spaces per level


def normalise_lists(text: str) -> str:
    """The same Markdown with every list line indented four spaces per nesting level."""
    if not _ANY_ITEM.search(text):
        return text  # no list at all: the common case
    out: list[str] = []
    stack: list[_Item] = []
    fence: tuple[str, int] | None = None      # (closing marker, shift) while inside a fenced block
    after_blank, in_paragraph = True, False
    for line in text.split("\n"):
        line = _expand_leading_tabs(line)
        if fence is not None:
            out.append(_shift(line, fence[1]))
            if line.strip().startswith(fence[0]) and not line.strip().strip(fence[0][0]):
                fence = None
            continue
        if not line.strip():
            out.append("")
            after_blank, in_paragraph = True, False
            continue
        indent = len(line) - len(line.lstrip(" "))
        marker = _MARKER.match(line)
        interrupts = bool(_INTERRUPT.match(line))
        if marker and not _HR.match(line) and (stack or after_blank):
            while stack and indent < stack[-1].content:
                stack.pop()
            if stack or indent < TAB:
                out.append(" " * (TAB * len(stack)) + line[indent:])
                spaces = len(marker.group(3))
                width = len(marker.group(2)) + (spaces if 1 <= spaces <= 4 else 1)  # 5+ spaces: code inside the item
                stack.append(_Item(indent + width, TAB * (len(stack) + 1)))
                after_blank, in_paragraph = False, bool(line[marker.end():].strip())
                continue
        if stack and in_paragraph and not after_blank and indent < stack[-1].content and not interrupts:
            out.append(" " * stack[-1].new + line[indent:])  # a lazy line continues the paragraph above it
            continue
        while stack and indent < stack[-1].content:
            stack.pop()
        shift = stack[-1].new - stack[-1].content if stack else 0
        out.append(_shift(line, shift))
        opening = _FENCE.match(line)
        if opening:
            fence = (opening.group(1), shift)
        after_blank = bool(_WHOLE_BLOCK.match(line)) and not (fence or stack)
        in_paragraph = not (opening or interrupts or after_blank)
    return "\n".join(out)


def _shift(line: str, shift: int) -> str:
    if shift >= 0 or not line:
        return " " * shift + line if line else line
    removable = len(line) - len(line.lstrip(" "))
    return line[min(-shift, removable):]


def _expand_leading_tabs(line: str) -> str:
    """Tabs in the indentation count as four columns, as Python-Markdown reads them."""
    if "\t" not in line[:len(line) - len(line.lstrip(" \t"))]:
        return line
    body = line.lstrip(" \t")
    return line[:len(line) - len(body)].expandtabs(TAB) + body

"""CSL's rich text in a source title: the few tags CSL-JSON allows (<i>, <b>, <sup>, <sub>, <span class="nocase">,
<span style="font-variant:small-caps;">) are formatting; everything else stays text.

A title such as 'Genome <i>de novo</i> assembly' is shown in the APA reference with 'de novo' in italics and as
plain text everywhere else (headings, lists, search, exports). Only a tag that is opened and closed again in the
right order counts; a stray '<i>' or any other '<…>' is text, as a reader would type it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# CSL-JSON rich text (CSL 1.0.2, appendix "Rich text") -> the HTML a reference may carry.
_OPEN = {"<i>": "i", "<b>": "b", "<sup>": "sup", "<sub>": "sub", '<span class="nocase">': "nocase",
         '<span style="font-variant:small-caps;">': "smallcaps"}
_CLOSE = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>", "nocase": "</span>", "smallcaps": "</span>"}
_TOKEN = re.compile("|".join(re.escape(t) for t in [*_OPEN, *set(_CLOSE.values())]))


@dataclass(frozen=True)
class Span:
    """A run of text and the formatting around it, outermost first (e.g. ('i',))."""

    text: str
    marks: tuple[str, ...] = ()


def spans(text: str) -> list[Span]:
    """The title as runs of text with their formatting; unmatched tags are kept as text."""
    pairs = _matched_pairs(text)
    result: list[Span] = []
    marks: list[str] = []
    pos = 0
    for start, end, mark in pairs:
        if start > pos:
            result.append(Span(text[pos:start], tuple(marks)))
        if mark.startswith("/"):
            marks.pop()
        else:
            marks.append(mark)
        pos = end
    if pos < len(text):
        result.append(Span(text[pos:], tuple(marks)))
    return [s for s in result if s.text]


def _matched_pairs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, mark or '/mark') of the tags that open and close in proper nesting."""
    stack: list[tuple[int, int, str]] = []
    kept: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in _OPEN:
            stack.append((match.start(), match.end(), _OPEN[token]))
            continue
        # a closing tag closes the innermost open tag of its kind, if that is the top of the stack
        if stack and _CLOSE[stack[-1][2]] == token:
            opened = stack.pop()
            kept += [opened, (match.start(), match.end(), "/" + opened[2])]
    return sorted(kept)


def has_markup(text: str) -> bool:
    return "<" in text and bool(_matched_pairs(text))


def plain(text: str) -> str:
    """The title without its formatting tags: what headings, lists and exports show."""
    if "<" not in text:
        return text
    return " ".join("".join(s.text for s in spans(text)).split())

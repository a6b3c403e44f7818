"""The block-level parts of mdx_linear: text the HTML parser, attr_list or tables read again and again.

- '<a' with no '>' anywhere after it: Python's HTML parser read to the end of the page for each one (100 kB of
  '<a ': 208 s). Such a '<' can be no tag; it is stored as the text '&lt;' it would have become anyway.
- attr_list's pattern for '{: …}' at the end of a heading or table cell tried every space of a long run
  ('# Kop' and 100,000 spaces: 10 s); it now starts only where a run starts, with the same matches.
- tables tested every block by splitting all of its lines, to look at the first two.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor


class InertText(Preprocessor):
    """Text that only looks like syntax, stored as the HTML it would become anyway, before the HTML parser sees it."""

    _TAG_START = re.compile(r"<(?=[A-Za-z/!?])")

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        last = text.rfind(">")
        if self._TAG_START.search(text, last + 1):
            # '<' + letter with no '>' after it can be no tag; the HTML parser would read to the end for each one.
            text = text[:last + 1] + self._TAG_START.sub(lambda m: self.md.htmlStash.store("&lt;"), text[last + 1:])
        return text.split("\n")


class _HeaderAttributes:
    """attr_list's HEADER_RE, `[ ]+{...}[ ]*$`, searched without trying every space of a long run: a match can only
    start where a run of spaces starts, and can only end at a '}' at the end of the text."""

    _RE = re.compile(r"(?<![ ])" + AttrListTreeprocessor.HEADER_RE.pattern)

    def search(self, text: str) -> re.Match[str] | None:
        end = text[:-1] if text.endswith("\n") else text  # '$' also matches before a final newline
        return self._RE.search(text) if end.rstrip(" ").endswith("}") else None


class AttrList(AttrListTreeprocessor):
    HEADER_RE = _HeaderAttributes()  # type: ignore[assignment]


class Table(TableProcessor):
    """TableProcessor.test, reading only the lines it looks at instead of splitting the whole block."""

    def test(self, parent: Any, block: str) -> bool:
        rows = _lines(block)
        header0 = next(rows).strip(" ")
        second = next(rows, None)
        if second is None:
            return False
        self.border = 0  # PIPE_NONE
        if header0.startswith("|"):
            self.border |= 1  # PIPE_LEFT
        if self.RE_END_BORDER.search(header0) is not None:
            self.border |= 2  # PIPE_RIGHT
        row0_len = len(self._split_row(header0))
        is_table = row0_len > 1
        if not is_table and row0_len == 1 and self.border:
            for row in _chain(second, rows):  # each row of a single-column table needs a pipe
                row = row.strip(" ")
                is_table = row.startswith("|") or self.RE_END_BORDER.search(row) is not None
                if not is_table:
                    break
        if is_table:
            row = self._split_row(second.strip(" "))
            is_table = len(row) == row0_len and set("".join(row)) <= set("|:- ")
            if is_table:
                self.separator = row
        return is_table


def _lines(block: str) -> Iterator[str]:
    start = 0
    while True:
        end = block.find("\n", start)
        if end < 0:
            yield block[start:]
            return
        yield block[start:end]
        start = end + 1


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest

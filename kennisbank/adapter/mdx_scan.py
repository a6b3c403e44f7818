"""Link scanning for Python-Markdown in time linear in the text, with exactly the results of markdown 3.11.

Python-Markdown looks for the `]` and `)` that close a link by reading on, character by character, from every `[`.
Thousands of `[` that close nowhere made that quadratic: 20 kB of `[` took 137 s, 20 kB of `[](` 14 s. Here the
positions of brackets, parentheses and quotes are collected once per text (a C-level regex scan), and each question
("where does the `[` at p close?") is answered by bisecting them. Plain links take a faster path without tables.

The answers depend only on the text after the position asked about. Python-Markdown changes a text by replacing a
found link, left of where it asks next, with a placeholder; the tables of the old text are reused for the new one
after checking (one C-level comparison) that the rest is unchanged. tests/test_markdown_speed.py compares every
function here with the original on random texts.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

_SPECIAL = re.compile(r"[\[\]()'\"]")
_QUOTE_CLOSE = re.compile(r"(['\"]) *\)")  # a ')' whose last non-space character before it is a quote


class Tables:
    """Where the brackets, parentheses and quotes of one text are, and which ones match."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.closing: dict[int, int] = {}     # position of '[' -> position of the ']' that closes it
        self.brackets_close: list[int] = []   # positions of ']'
        self.parens: list[int] = []           # positions of '(' and ')'
        self.depth = [0]                      # depth[k]: '(' minus ')' among parens[:k]
        self.quotes: list[int] = []
        self.by_quote: dict[str, list[int]] = {"'": [], '"': []}
        opened: list[int] = []
        for match in _SPECIAL.finditer(text):
            char, at = match.group(), match.start()
            if char == "[":
                opened.append(at)
            elif char == "]":
                self.brackets_close.append(at)
                if opened:
                    self.closing[opened.pop()] = at
            elif char in "()":
                self.parens.append(at)
                self.depth.append(self.depth[-1] + (1 if char == "(" else -1))
            else:
                self.quotes.append(at)
                self.by_quote[char].append(at)
        # first_drop[k]: the first paren index m >= k where the depth falls below depth[k] (a ')' closing it)
        self.first_drop: list[int | None] = [None] * len(self.parens)
        seen: dict[int, int] = {}
        for k in range(len(self.parens) - 1, -1, -1):
            seen[self.depth[k + 1]] = k
            self.first_drop[k] = seen.get(self.depth[k] - 1)
        self.terminators = [(m.end() - 1, m.start(), m.group(1)) for m in _QUOTE_CLOSE.finditer(text)]
        self.terminator_ends = [t[0] for t in self.terminators]


class Scanner:
    """The tables of the texts one Markdown instance is converting, reused across its edits."""

    def __init__(self) -> None:
        self._recent: list[tuple[str, Tables, int, int]] = []   # (text, tables, offset, valid from)
        self._last: tuple[str, int, int, int] | None = None      # (text, last ']', last ')', last quote)

    def _known(self, data: str, start: int) -> tuple[Tables, int] | None:
        for text, tables, offset, valid_from in self._recent:
            if text is data and start >= valid_from:
                return tables, offset
        return None

    def tables(self, data: str, start: int) -> tuple[Tables, int]:
        """Tables valid for data[start:], and the offset from their text to `data`."""
        known = self._known(data, start)
        if known:
            return known
        for _, tables, _, _ in self._recent:
            shift = len(data) - len(tables.text)
            if start - shift >= 0 and data.startswith(tables.text[start - shift:], start):
                self._remember(data, tables, shift, start)
                return tables, shift
        tables = Tables(data)
        self._remember(data, tables, 0, 0)
        return tables, 0

    def _remember(self, data: str, tables: Tables, offset: int, valid_from: int) -> None:
        self._recent = [(data, tables, offset, valid_from)] + [e for e in self._recent if e[0] is not data][:3]

    def _lasts(self, data: str) -> tuple[str, int, int, int]:
        """The last ']', ')' and quote of the text: asking past them needs no search at all."""
        if self._last is None or self._last[0] is not data:
            self._last = (data, data.rfind("]"), data.rfind(")"), max(data.rfind("'"), data.rfind('"')))
        return self._last

    # --- LinkInlineProcessor.getText ----------------------------------------------------------------------

    def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
        """Same result as markdown's getText for a '[' at index - 1 (the text is unused when nothing closes)."""
        known = self._known(data, index - 1)
        if not known:
            if index > self._lasts(data)[1]:
                return "", len(data), False
            close = data.find("]", index)
            if data.count("[", index, close) == 0:
                return data[index:close], close + 1, True
        tables, offset = known or self.tables(data, index - 1)
        end = tables.closing.get(index - 1 - offset)
        if end is None:
            return "", len(data), False
        return data[index:end + offset], end + offset + 1, True

    # --- LinkInlineProcessor.getLink: the loop after RE_LINK ---------------------------------------------

    def link_target(self, data: str, start: int) -> tuple[str, str | None, int, bool]:
        """(href, title, index, handled) as the character loop of markdown's getLink computes them from `start`."""
        known = self._known(data, start)
        if not known:
            _, _, last_paren, last_quote = self._lasts(data)
            if start > last_paren and start > last_quote:
                return "", None, len(data), False
            close = data.find(")", start)
            if close >= 0 and not any(data.find(c, start, close) >= 0 for c in "('\""):
                return data[start:close], None, close + 1, True
        tables, offset = known or self.tables(data, start)
        return _shifted(_link_target(tables, start - offset), offset)

    # --- ReferenceInlineProcessor.evalId: RE_LINK = \s?\[([^\]]*)\] --------------------------------------

    def next_close(self, data: str, index: int) -> int:
        """Position of the first ']' at or after index, or -1."""
        if index > self._lasts(data)[1]:
            return -1
        tables, offset = self.tables(data, index)
        found = bisect_left(tables.brackets_close, index - offset)
        return tables.brackets_close[found] + offset if found < len(tables.brackets_close) else -1


def _link_target(t: Tables, s: int) -> tuple[str, str | None, int, bool]:
    text, length = t.text, len(t.text)
    first_paren = bisect_left(t.parens, s)
    drop = t.first_drop[first_paren] if first_paren < len(t.parens) else None
    close = t.parens[drop] if drop is not None else None
    next_quote = bisect_left(t.quotes, s)
    q = t.quotes[next_quote] if next_quote < len(t.quotes) else None
    if q is None or (close is not None and close < q):
        return (text[s:close], None, close + 1, True) if close is not None else ("", None, length, False)
    # A quote before the closing parenthesis: markdown now reads a title and counts parentheses only as a fallback.
    quote, other = text[q], "'" if text[q] == '"' else '"'
    count_at_quote = 1 + t.depth[bisect_left(t.parens, q)] - t.depth[first_paren]
    others = t.by_quote[other]
    after = bisect_right(others, q)
    alt = others[after] if after < len(others) else None
    found = bisect_right(t.terminator_ends, q)
    for end, before, char in t.terminators[found:found + 3]:  # at most two candidates are the opening quotes
        if char == quote and before > q:
            return text[s:q], text[q + 1:before], end + 1, True
        if char == other and alt is not None and before > alt:
            return text[s:alt], text[alt + 1:before], end + 1, True
    # No title closed: the count-th parenthesis after the quote (either kind) is the fallback end.
    later = bisect_right(t.parens, q)
    if len(t.parens) - later < count_at_quote:
        return "", None, length, False
    at = t.parens[later + count_at_quote - 1]
    last_bracket = at + 1 if text[at] == ")" else -1
    return text[s:last_bracket - 1], None, last_bracket, True


def _shifted(result: tuple[str, str | None, int, bool], offset: int) -> tuple[str, str | None, int, bool]:
    href, title, index, handled = result
    return href, title, (index + offset if index >= 0 else index), handled


def scanner_of(md: Any) -> Scanner:
    """One scanner per Markdown instance (MkDocs makes one per page)."""
    scanner = getattr(md, "_kb_scanner", None)
    if scanner is None:
        scanner = md._kb_scanner = Scanner()
    return scanner

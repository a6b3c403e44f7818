"""Python-Markdown extension `kennisbank.adapter.mdx_linear`: the site's Markdown in time linear in a record's text.

A record field may hold 100,000 characters. Python-Markdown 3.11 is quadratic or worse on some of them, each found
by timing 20-100 kB of one repeated pattern (tests/test_markdown_speed.py keeps them linear):

- links: thousands of '[', '![', '[a', '[](' or '[^' read the rest of the text once per bracket (100 kB: hours);
  mdx_scan.py answers from tables instead, with the same results;
- runs of backslash escapes (a long run of backslashes, or of escaped brackets): each escape copied the whole
  paragraph (100 kB: 2 s); a run is now one piece;
- '<a', long spaces in headings, tables: see mdx_blocks.py.

Nothing here changes what a page shows. MkDocs gets the extension from the kennisbank plugin (config_tweaks.adjust).
"""
from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown, util
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    InlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
    dequote,
)

from kennisbank.adapter.mdx_blocks import AttrList, InertText, Table
from kennisbank.adapter.mdx_scan import scanner_of

NAME = "kennisbank.adapter.mdx_linear"
_REFERENCE_START = re.compile(r"\s?\[")


class _FastLinks:
    """getText, getLink and evalId of Python-Markdown's link processors, answered by mdx_scan."""

    md: Markdown
    RE_LINK: re.Pattern[str]
    RE_TITLE_CLEAN: re.Pattern[str]

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        return scanner_of(self.md).get_text(data, index)

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        match = LinkInlineProcessor.RE_LINK.match(data, pos=index)
        if not match or match.group(1):  # no '(' at all, or the <…> form: the original reads no further
            return LinkInlineProcessor.getLink(self, data, index)  # type: ignore[arg-type]
        href, title, index, handled = scanner_of(self.md).link_target(data, match.end())
        if title is not None:  # as in LinkInlineProcessor.getLink
            title = self.RE_TITLE_CLEAN.sub(" ", dequote(self.unescape(title.strip())))  # type: ignore[attr-defined]
        return self.unescape(href).strip(), title, index, handled  # type: ignore[attr-defined]

    def evalId(self, data: str, index: int, text: str) -> tuple[str | None, int, bool]:
        """ReferenceInlineProcessor.evalId without its regex `\\s?\\[([^\\]]*)\\]`, which reads on to the next ']'."""
        start = _REFERENCE_START.match(data, index)
        close = scanner_of(self.md).next_close(data, start.end()) if start else -1
        if close < 0:
            return None, index, False
        return (data[start.end():close].lower() or text.lower()), close + 1, True  # type: ignore[union-attr]


class _Link(_FastLinks, LinkInlineProcessor):
    pass


class _Image(_FastLinks, ImageInlineProcessor):
    pass


class _Reference(_FastLinks, ReferenceInlineProcessor):
    pass


class _ImageReference(_FastLinks, ImageReferenceInlineProcessor):
    pass


class _ShortReference(_FastLinks, ShortReferenceInlineProcessor):
    evalId = ShortReferenceInlineProcessor.evalId  # reads nothing


class _ShortImageReference(_FastLinks, ShortImageReferenceInlineProcessor):
    evalId = ShortImageReferenceInlineProcessor.evalId


class _Footnote(FootnoteInlineProcessor):
    """'[^id]' with the closing ']' found by mdx_scan; the footnotes extension's regex reads on for each '[^'."""

    def __init__(self, original: FootnoteInlineProcessor, md: Markdown) -> None:
        super().__init__(r"\[\^", original.footnotes)
        self.md = md

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int | None, int | None]:
        close = scanner_of(self.md).next_close(data, m.end())
        if close < 0:
            return None, None, None
        node, _, _ = super().handleMatch(_Found(m.start(), close + 1, data[m.end():close]), data)  # type: ignore[arg-type]
        # An unknown id: skip past its ']' as the original regex did, so that nothing inside it becomes a footnote.
        return node, m.start(), close + 1


class _Found:
    """The parts of a regex match that FootnoteInlineProcessor.handleMatch reads."""

    def __init__(self, start: int, end: int, group1: str) -> None:
        self._start, self._end, self._group1 = start, end, group1

    def group(self, index: int = 0) -> str:
        return self._group1

    def start(self, index: int = 0) -> int:
        return self._start

    def end(self, index: int = 0) -> int:
        return self._end


class _EscapeRun(InlineProcessor):
    """Two or more backslash escapes in a row as one piece, with the same placeholders the escape pattern makes."""

    def __init__(self, md: Markdown) -> None:
        escaped = "".join(re.escape(c) for c in md.ESCAPED_CHARS)
        super().__init__(rf"(?<!\\)(?:\\[{escaped}]){{2,}}", md)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:
        chars = m.group()[1::2]
        if not all(c in self.md.ESCAPED_CHARS for c in chars):  # ESCAPED_CHARS grew after we compiled: let it be
            return None, None, None
        return _Escapes("".join(f"{util.STX}{ord(c)}{util.ETX}" for c in chars)), m.start(), m.end()


class _Escapes(str):
    """The placeholders of several escapes. Where Python-Markdown puts escapes back as written (raw HTML, link
    addresses) it writes '\\' + str(node), made for one escape; str() gives each one its own backslash."""

    def __str__(self) -> str:
        return f"\\{util.STX}".join(self.split(util.STX))[1:]


_LINK_PROCESSORS = {"reference": (_Reference, REFERENCE_RE), "link": (_Link, LINK_RE), "image_link": (_Image, IMAGE_LINK_RE),
                    "image_reference": (_ImageReference, IMAGE_REFERENCE_RE),
                    "short_reference": (_ShortReference, REFERENCE_RE),
                    "short_image_ref": (_ShortImageReference, IMAGE_REFERENCE_RE)}


class LinearMarkdown(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        patterns = md.inlinePatterns
        for name, (cls, pattern) in _LINK_PROCESSORS.items():
            if name in patterns:
                patterns.register(cls(pattern, md), name, _priority(patterns, name))
        if "footnote" in patterns and isinstance(patterns["footnote"], FootnoteInlineProcessor):
            patterns.register(_Footnote(patterns["footnote"], md), "footnote", _priority(patterns, "footnote"))
        patterns.register(_EscapeRun(md), "kb_escape_run", 185)  # after code spans (190), before single escapes (180)
        md.preprocessors.register(InertText(md), "kb_inert_text", 21)  # after fenced code (25), before HTML (20)
        if "attr_list" in md.treeprocessors and type(md.treeprocessors["attr_list"]) is AttrListTreeprocessor:
            md.treeprocessors.register(AttrList(md), "attr_list", _priority(md.treeprocessors, "attr_list"))
        blocks = md.parser.blockprocessors
        if "table" in blocks and type(blocks["table"]) is TableProcessor:
            blocks.register(Table(md.parser, blocks["table"].config), "table", _priority(blocks, "table"))


def with_linear_markdown(extensions: list[Any]) -> list[Any]:
    """The extension list of a site, with this extension last (after the ones whose processors it replaces)."""
    if NAME not in extensions:
        extensions.append(NAME)
    return extensions


def _priority(registry: Any, name: str) -> float:
    return next(item.priority for item in registry._priority if item.name == name)


def makeExtension(**kwargs: Any) -> LinearMarkdown:  # noqa: N802 (Python-Markdown's name)
    return LinearMarkdown(**kwargs)

"""A Template as a neutral document outline that the DOCX, PDF and ODT writers all render the same way.

Every string in it is plain text: Markdown markers removed, HTML left as literal characters for the writers to escape.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from kennisbank.core.labels import labels_for
from kennisbank.core.model.records import Item as SchemaItem
from kennisbank.core.model.records import Template

ItemKind = Literal["check", "question", "field", "step", "plain"]

_LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
_UNTYPED_ITEM = {"checklist": "check"}  # what an item without `type` is, per template kind; else "plain"
FALLBACK_DATE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class DocumentContext:
    """Everything about the site that a downloadable document prints besides the template itself."""
    site_name: str
    page_url: str
    licence: str
    author: str
    language: str = "nl"
    phase_labels: tuple[str, ...] = ()
    step_labels: tuple[str, ...] = ()
    kind_label: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)  # overrides; missing words come from labels.py

    def label(self, key: str) -> str:
        """A word the document prints, from the site's label table (core/labels.py) unless overridden."""
        return self.labels.get(key) or labels_for(self.language)[key]


@dataclass(frozen=True)
class OutlineItem:
    kind: ItemKind
    text: str
    label: str = ""                # "☐", "3." or "•"; empty for questions and fields
    minutes: str | None = None     # "10 min"


@dataclass(frozen=True)
class OutlineSection:
    title: str
    intro: str | None
    items: tuple[OutlineItem, ...]


@dataclass(frozen=True)
class Block:
    kind: Literal["heading", "paragraph", "bullet"]
    text: str
    label: str = ""                # "•" or "2." for a list item


@dataclass(frozen=True)
class Outline:
    title: str
    purpose: str
    meta: tuple[tuple[str, str], ...]     # (label, value) lines: purpose first, then phase, step, …
    body: tuple[Block, ...]
    sections: tuple[OutlineSection, ...]
    footer: str
    language: str                          # BCP 47 tag: nl-NL or en-GB
    author: str
    keywords: tuple[str, ...]
    date: dt.datetime                      # creation and modification date: fixed for reproducible files
    answer_label: str


# --- Markdown to plain text -----------------------------------------------------------------------------

# Every pattern here runs in time linear in the text: no two parts of one pattern can take the same characters,
# and a scan for a closing ']' or ')' stops at the next '[' or '('. (The earlier patterns took 1.7 s for a heading
# followed by 1,000 spaces and 9 s for 2,000; thousands of '[' or '**' were quadratic.)
_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"`([^`]+)`"), r"\1"),
    # absolute URLs stay: paper has no links
    (re.compile(r"!?\[([^\[\]]*)\]\((https?://[^()\[\]\s]+)(?:\s+\"[^\"]*\")?\)"), r"\1 (\2)"),
    (re.compile(r"!?\[([^\[\]]*)\]\([^()\[\]]*\)"), r"\1"),
    (re.compile(r"<(https?://[^<>\s]+)>"), r"\1"),
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_DELIMITER = re.compile(r"\\.|\*+|_+|~~")
_HEADING = re.compile(r"\s{0,3}#{1,6}\s+")
_BULLET = re.compile(r"^\s*(?:[-*+]|(\d{1,9})[.)])\s+(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # pasted control characters


def clean(text: str) -> str:
    """One line without characters that XML (DOCX, ODT) cannot hold; they would crash the writers."""
    return " ".join(_NOT_XML.sub(" ", text).split())


def plain(text: str) -> str:
    """Inline Markdown as plain text on one line; anything that looks like HTML stays literal."""
    text = clean(text)
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    return _ESCAPE.sub(r"\1", _without_emphasis(text))


def _without_emphasis(text: str) -> str:
    """Drop the *, _ and ~~ that open and close emphasis, in one pass: each closing run takes the nearest open run of
    the same character (CommonMark's rule, simplified). Unpaired ones, snake_case and escaped \\* stay as written."""
    if "*" not in text and "_" not in text and "~~" not in text:
        return text
    drop: list[tuple[int, int]] = []           # (start, end) of delimiter characters to remove
    open_runs: dict[str, list[list[int]]] = {"*": [], "_": [], "~": []}   # char -> [start, length] still open
    for match in _DELIMITER.finditer(text):
        run = match.group()
        if run[0] == "\\":
            continue
        start, end, char = match.start(), match.end(), run[0]
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        opens, closes = not after.isspace(), not before.isspace()
        if char == "_":  # like the earlier patterns: no emphasis inside a word (snake_case)
            opens, closes = opens and not before.isalnum(), closes and not after.isalnum()
        stack = open_runs[char]
        length = len(run)
        while closes and stack and length:
            opener = stack[-1]
            if opener[0] + opener[1] == start:
                break  # '****': nothing between, no emphasis
            used = min(opener[1], length)
            drop.append((opener[0] + opener[1] - used, opener[0] + opener[1]))
            drop.append((start, start + used))
            opener[1] -= used
            start, length = start + used, length - used
            if not opener[1]:
                stack.pop()
        if opens and length:
            stack.append([start, length])
    if not drop:
        return text
    drop.sort()
    parts, position = [], 0
    for begin, finish in drop:
        parts.append(text[position:begin])
        position = max(position, finish)
    return "".join(parts) + text[position:]


def body_blocks(markdown: str) -> tuple[Block, ...]:
    """Headings, paragraphs and list items of a Markdown body, as plain text."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(Block("paragraph", plain(" ".join(lines))))
            lines.clear()

    for raw in markdown.replace("\r\n", "\n").split("\n"):
        stripped = raw.strip()
        heading, bullet = _HEADING.match(raw), _BULLET.match(raw)
        if not stripped or stripped.startswith(("```", "~~~")) or _RULE.match(raw):
            flush()
        elif heading:
            flush()
            # The closing #s of '## Kop ##' go; string methods, not a pattern: 1,000 spaces made one cubic.
            blocks.append(Block("heading", plain(raw[heading.end():].rstrip().rstrip("#").rstrip())))
        elif bullet:
            flush()
            number = bullet.group(1)
            blocks.append(Block("bullet", plain(bullet.group(2)), f"{int(number)}." if number else "•"))
        elif blocks and blocks[-1].kind == "bullet" and not lines and raw[:1].isspace():
            last = blocks[-1]  # an indented line continues the list item above it
            blocks[-1] = Block("bullet", f"{last.text} {plain(stripped)}", last.label)
        else:
            lines.append(stripped.lstrip(">").strip() if stripped.startswith(">") else stripped)
    flush()
    return tuple(b for b in blocks if b.text)


def _items(template: Template, items: tuple[SchemaItem, ...], ctx: DocumentContext) -> tuple[OutlineItem, ...]:
    result: list[OutlineItem] = []
    for item in items:
        kind: ItemKind = item.type or _UNTYPED_ITEM.get(template.kind, "plain")  # type: ignore[assignment]
        step = sum(done.kind == "step" for done in result) + 1  # steps count 1, 2, … within their section
        label = {"check": "☐", "step": f"{step}.", "plain": "•"}.get(kind, "")
        minutes = f"{item.minutes} {ctx.label('minutes')}" if item.minutes is not None else None
        result.append(OutlineItem(kind, plain(item.text), label, minutes))
    return tuple(result)


def build_outline(template: Template, ctx: DocumentContext) -> Outline:
    meta: list[tuple[str, str]] = [(ctx.label("doc.purpose"), plain(template.summary))]
    for key, values in (("phase", ctx.phase_labels), ("step", ctx.step_labels)):
        if values:
            meta.append((ctx.label(key if len(values) == 1 else key + "s"), clean(", ".join(values))))
    for key, value in (("duration", template.duration), ("group_size", template.group_size), ("template_kind", ctx.kind_label)):
        if value:
            meta.append((ctx.label(key), clean(value)))
    licence = f"{ctx.label('doc.licence')}: {ctx.licence}" if ctx.licence else ""
    reviewed = template.reviewed or FALLBACK_DATE  # never today's date: the same input must give the same bytes
    return Outline(
        title=clean(template.title),
        purpose=plain(template.summary),
        meta=tuple(meta),
        body=body_blocks(template.body),
        sections=tuple(OutlineSection(clean(s.title), plain(s.intro) if s.intro else None, _items(template, s.items, ctx))
                       for s in template.sections),
        footer=clean(" — ".join(part for part in (ctx.site_name, ctx.page_url, licence) if part)),
        language=_LANGUAGE_TAGS.get(ctx.language, ctx.language),
        author=clean(ctx.author),
        keywords=tuple(clean(k) for k in template.keywords),
        date=dt.datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=dt.UTC),
        answer_label=ctx.label("answer"),
    )


def fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same ZIP package with every entry stamped `when`, so that equal input gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():  # order kept: ODF needs 'mimetype' first and stored
            info = zipfile.ZipInfo(entry.filename, when.timetuple()[:6])
            info.compress_type = entry.compress_type
            info.create_system = 3
            info.external_attr = (0o40755 << 16) | 0x10 if entry.is_dir() else 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()

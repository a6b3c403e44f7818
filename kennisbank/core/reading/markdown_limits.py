"""Refuse Markdown that the build cannot render: `kennisbank check` must fail where the build would.

Python-Markdown handles nesting by recursion. A body of 1.2 kB (`- - - … x`, 600 list markers) or a few hundred
levels of lists, quotes, `<div markdown>` or emphasis ended the build with a RecursionError of thousands of lines
and no file name. Measured with the extensions of mkdocs.yml: lists on one line break at ~500 levels, indented
lists at ~250, `<div markdown>` and admonitions at ~330, definition lists without blank lines at ~500 terms,
emphasis at ~1,000 levels. MAX_DEPTH is far below all of these and far above what a text needs.

Many headings, rules or abbreviations in one block (no blank line between them) make Python-Markdown re-read the
rest of the block after each one: quadratic (40 kB of `# a` lines: 12 s). MAX_BLOCK_BREAKS bounds that work.

Checked on the text as the page gets it: lists normalised (mdlists), inline fields on one line (mdtext.inline).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pydantic import BaseModel

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.records import text_fields
from kennisbank.core.reading.problems import Problem
from kennisbank.core.render.mdlists import normalise_lists
from kennisbank.core.render.mdtext import inline

MAX_DEPTH = 12           # lists, quotes, admonitions, <div markdown>, definitions: nested levels
MAX_EMPHASIS = 50        # * and _ open at the same time in one paragraph
MAX_BLOCK_BREAKS = 50    # headings, rules, abbreviations and admonitions in one block without a blank line

BLOCK_FIELDS = {"body"}                                                  # Markdown over several lines
INLINE_FIELDS = {"summary", "note", "intro", "text", "description"}      # Markdown kept on one line (mdtext.inline)

# One container marker and the spaces after it: list item, quote, admonition or collapsible block.
_CONTAINER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?: |$)|> ?|(?:!!!|\?\?\?\+?)(?: |$)")
_RULE = re.compile(r" *([-*_])(?: *\1){2,} *$")
_FENCE = re.compile(r" *(`{3,}|~{3,})")
_DEFINITION = re.compile(r" {0,3}:[ \t]")
# Lines after which Python-Markdown splits a block and reads the rest again.
_BREAK = re.compile(r"#{1,6}(?:[ \t]|$)| {0,3}(?:=+ *$|([-*_])(?: *\1){2,} *$|\*\[|!!!|\?\?\?)")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown\b", re.I)  # markdown="0" counts too: safe, and never nested 13 deep
_DELIMITERS = re.compile(r"\*+|_+")

LineOf = Callable[[tuple], int]


def markdown_problems(model: BaseModel, line_of: LineOf, file: str, who: str) -> list[Problem]:
    """Every Markdown field of a record (or the taxonomy) that nests deeper than the build can render."""
    fields = [(path, text, text if multiline else inline(text), multiline) for path, text, multiline in markdown_fields(model)]
    # Every limit is a count or a run at a line start, so if all fields together stay below them, each one does.
    if not _may_exceed("\n\n".join(page_text for _, _, page_text, _ in fields)):
        return []
    problems = []
    for path, text, page_text, multiline in fields:
        for offset, message, fix in limits(page_text, multiline):
            line = line_of(path) + (offset + 1 if multiline and "\n" in text.strip("\n") else 0)
            problems.append(Problem(file, line, message, fix=fix, subject=who))
    return problems


def markdown_fields(model: BaseModel) -> Iterator[tuple[tuple, str, bool]]:
    """(path, text, spans several lines) for each Markdown field, found by name anywhere in the model."""
    for path, text in text_fields(model):
        name = path[-1]
        if name in BLOCK_FIELDS or name in INLINE_FIELDS:
            yield path, text, name in BLOCK_FIELDS


# Each level of nesting takes at least one of these characters at the start of a line (a marker or indentation):
# a text without 13 of them in a row at any line start cannot nest 13 deep.
_MAYBE_DEEP = re.compile(rf"^[ \t\-*+>!?.)0-9]{{{MAX_DEPTH + 1}}}", re.MULTILINE)
_DEFINITION_LINE = re.compile(r"^ {0,3}:[ \t]", re.MULTILINE)


def _may_exceed(text: str) -> bool:
    """Cheap necessary conditions for any limit, so that the line walk below runs only for texts that need it
    (`kennisbank check` reads thousands of records)."""
    return (_MAYBE_DEEP.search(text) is not None or text.count("\n") > MAX_BLOCK_BREAKS
            or text.count("*") + text.count("_") > MAX_EMPHASIS or text.count("<") > MAX_DEPTH
            or len(_DEFINITION_LINE.findall(text)) > MAX_DEPTH)


def limits(text: str, multiline: bool = True) -> list[tuple[int, Message, Message]]:
    """(line index, message, fix) for the first place where `text` goes past each limit."""
    if not _may_exceed(text):
        return []
    found: dict[str, tuple[int, Message, Message]] = {}
    lines = normalise_lists(text).split("\n") if multiline else [text]
    fence = None
    html = _HtmlDepth()
    emphasis = definitions = breaks = 0
    for index, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if not line.strip():
            emphasis = definitions = breaks = 0  # a blank line ends the paragraph and the block
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            continue
        depth = _line_depth(line)
        if depth > MAX_DEPTH:
            found.setdefault("depth", (index, say("de tekst is hier {depth} niveaus diep genest (lijsten, citaten of "
                                                  "blokken in elkaar); de site kan hoogstens {most} niveaus tonen.",
                                                  "the text here is nested {depth} levels deep (lists, quotes or "
                                                  "blocks inside each other); the site can show at most {most} levels.",
                                                  depth=depth, most=MAX_DEPTH),
                                       both("Maak de lijst minder diep, of haal overbodige tekens als '- ', '1. ' of "
                                            "'> ' vooraan de regel weg.",
                                            "Make the list less deep, or remove extra characters such as '- ', '1. ' "
                                            "or '> ' at the start of the line.")))
        if _DEFINITION.match(line):
            definitions += 1
            if definitions > MAX_DEPTH:
                found.setdefault("definitions", (index, say("er staan meer dan {most} definities (regels die met ': ' "
                                                            "beginnen) zonder lege regel ertussen; de site zet die in "
                                                            "elkaar.",
                                                            "there are more than {most} definitions (lines that start "
                                                            "with ': ') without a blank line between them; the site "
                                                            "nests them inside each other.", most=MAX_DEPTH),
                                                 both("Zet een lege regel vóór elk begrip van de definitielijst.",
                                                      "Put a blank line before each term of the definition list.")))
        if _BREAK.match(line):
            breaks += 1
            if breaks > MAX_BLOCK_BREAKS:
                found.setdefault("breaks", (index, say("er staan meer dan {most} kopjes, scheidingslijnen of "
                                                       "afkortingen achter elkaar zonder lege regel ertussen; dat maakt "
                                                       "de build zeer traag.",
                                                       "there are more than {most} headings, dividing lines or "
                                                       "abbreviations in a row without a blank line between them; that "
                                                       "makes the build very slow.", most=MAX_BLOCK_BREAKS),
                                            both("Zet een lege regel vóór en na elk kopje en elke scheidingslijn.",
                                                 "Put a blank line before and after each heading and each dividing "
                                                 "line.")))
        if "<" in line and html.feed(line) > MAX_DEPTH:
            found.setdefault("html", (index, say("hier staan meer dan {most} HTML-blokken met 'markdown' in elkaar.",
                                                 "more than {most} HTML blocks with 'markdown' are nested inside each "
                                                 "other here.", most=MAX_DEPTH),
                                      both("Haal overbodige <div markdown> (of andere blokken met 'markdown') weg.",
                                           "Remove the extra <div markdown> (or other blocks with 'markdown').")))
        if "*" in line or "_" in line:
            emphasis, peak = _emphasis(line, emphasis)
            if peak > MAX_EMPHASIS:
                found.setdefault("emphasis", (index, say("in deze alinea staan meer dan {most} tekens * of _ open "
                                                         "(nadruk binnen nadruk); zo diep kan de site niet tonen.",
                                                         "this paragraph has more than {most} * or _ characters open "
                                                         "(emphasis inside emphasis); the site cannot show nesting "
                                                         "that deep.", most=MAX_EMPHASIS),
                                              both("Sluit elke nadruk (*…*, **…**, _…_) af, of schrijf een los "
                                                   "sterretje of liggend streepje als \\* of \\_.",
                                                   "Close every emphasis (*…*, **…**, _…_), or write a single "
                                                   "asterisk or underscore as \\* or \\_.")))
    return sorted(found.values())


def _line_depth(line: str) -> int:
    """Nesting at the start of a line: container markers, plus four spaces of indentation a level (after normalising;
    inside a quote too: '>     - b' is a list in a list in a quote)."""
    if _RULE.match(line):
        return 0
    position = markers = spaces = 0
    while True:
        start = position
        while position < len(line) and line[position] == " ":
            position += 1
        match = _CONTAINER.match(line, position)
        if not match or match.end() == position:
            return markers + spaces // 4 if markers else 0
        spaces += position - start
        markers += 1
        position = match.end()


class _HtmlDepth:
    """Open block tags with a `markdown` attribute: each one makes md_in_html parse its content a level deeper."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, bool]] = []
        self.open: dict[str, int] = {}  # tag name -> how many are open, so that a stray closing tag costs nothing
        self.depth = 0

    def feed(self, line: str) -> int:
        deepest = self.depth
        for match in _TAG.finditer(line):
            name = match.group(2).lower()
            if match.group(1):
                while self.open.get(name):  # close up to and including the matching open tag
                    open_name, markdown = self.stack.pop()
                    self.open[open_name] -= 1
                    self.depth -= markdown
                    if open_name == name:
                        break
            elif not match.group(3).rstrip().endswith("/"):
                markdown = bool(_MARKDOWN_ATTRIBUTE.search(match.group(3)))
                self.stack.append((name, markdown))
                self.open[name] = self.open.get(name, 0) + 1
                self.depth += markdown
                deepest = max(deepest, self.depth)
        return deepest


def _emphasis(line: str, open_count: int) -> tuple[int, int]:
    """(still open, most open at once) after this line, by CommonMark's flanking rules, roughly. The caller resets
    the count at each blank line (a new paragraph)."""
    peak = open_count
    for match in _DELIMITERS.finditer(line):
        before = line[match.start() - 1] if match.start() else " "
        after = line[match.end()] if match.end() < len(line) else " "
        if match.group()[0] == "_" and before.isalnum() and after.isalnum():
            continue  # snake_case: no emphasis
        opens = not after.isspace() and (before.isspace() or not before.isalnum() or after.isalnum())
        closes = not before.isspace() and (after.isspace() or not after.isalnum() or before.isalnum())
        if closes and open_count:
            open_count = max(0, open_count - len(match.group()))
        elif opens:
            open_count += len(match.group())
            peak = max(peak, open_count)
    return open_count, peak

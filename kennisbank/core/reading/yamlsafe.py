"""Read one YAML file as untrusted input: safe, line-aware, strict about what editors may write.

Refuses tags (nothing is ever constructed from a tag), anchors and aliases (no "billion laughs"),
duplicate keys, tabs used for indentation, invisible control and bidi characters, non-UTF-8 bytes and
oversized files. Never changes what an editor typed without a word: where YAML 1.1 would read a plain
value as something else (`1:30` as 90, `010` as 8, `yes` as true) the typed text is kept, and a
comment that cuts a value short (`Tip #1`) is a warning. Every problem has a line number, so
`kennisbank check` can list them all.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kennisbank.core.i18n import Message, both, joined, say
from kennisbank.core.reading.problems import Problem, Severity

try:  # the C parser is much faster and keeps the same marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
"""A record is a page of text; a file larger than this is a mistake (or an attack), not content."""

MAX_DEPTH = 64
"""A record nests a few levels (sections, items); deeper nesting would overflow the composer's recursion."""

Path = tuple[Any, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCT = SafeConstructor()


@dataclass
class Parsed:
    """The plain data of a file and the line of every key and list item (path -> 1-based line)."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused_lines: set[int] = field(default_factory=set)  # values dropped by the reader (tags, aliases)
    source: str = ""  # the text itself, for checks that can skip a file at a glance

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def megabytes(size: int) -> Message:
    """'5,1' for 5,100,000 bytes, the Dutch way editors read it; '5.1' in English."""
    english = f"{size / 1_000_000:.1f}"
    return both(english.replace(".", ","), english)


def too_large(size: int, file: str) -> Problem:
    """A record file over MAX_FILE_BYTES, whether found by stat (datafolder) or after reading."""
    return Problem(file, None, say("het bestand is te groot ({size} MB).", "the file is too large ({size} MB).",
                                   size=megabytes(size)),
                   expected=say("hoogstens {limit} MB per record", "at most {limit} MB per record",
                                limit=MAX_FILE_BYTES // 1_000_000),
                   fix=both("Kort de tekst in of verdeel hem over meer records.",
                            "Shorten the text or spread it over more records."))


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only (a BOM is tolerated and dropped)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(len(raw), file)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        bad = raw[err.start : err.start + 1].hex().upper()
        return None, [Problem(file, line, say("het bestand is geen geldige UTF-8 (byte 0x{bad}).",
                                              "the file is not valid UTF-8 (byte 0x{bad}).", bad=bad),
                              expected=both("tekst in UTF-8-codering", "text in UTF-8 encoding"),
                              fix=both("Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8).",
                                       "Save the file as UTF-8 (in most editors: 'Save as' → encoding UTF-8)."))]


# --- invisible characters ----------------------------------------------------------------------------------

# C0 controls but tab, LF and CR; DEL; C1 (with U+0085 NEXT LINE); line and paragraph separators; bidi
# embeddings, overrides and isolates; noncharacters. Invisible in an editor, yet they change how YAML reads
# the file (libyaml breaks lines at U+0085/U+2028/U+2029) or how a reader sees the text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_LINE_BREAKS = "\x85\u2028\u2029"
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
MAX_CHAR_PROBLEMS = 10
"""One pasted fragment can hold hundreds of them; the first few show what to remove."""

# unicodedata.name() has no names for controls; these are Unicode's name aliases (NameAliases.txt).
_CONTROL_NAMES = dict(zip(
    [*range(0x20), 0x7F, *range(0x80, 0xA0)],
    ("NULL|START OF HEADING|START OF TEXT|END OF TEXT|END OF TRANSMISSION|ENQUIRY|ACKNOWLEDGE|ALERT|BACKSPACE|"
     "CHARACTER TABULATION|LINE FEED|LINE TABULATION|FORM FEED|CARRIAGE RETURN|SHIFT OUT|SHIFT IN|DATA LINK ESCAPE|"
     "DEVICE CONTROL ONE|DEVICE CONTROL TWO|DEVICE CONTROL THREE|DEVICE CONTROL FOUR|NEGATIVE ACKNOWLEDGE|"
     "SYNCHRONOUS IDLE|END OF TRANSMISSION BLOCK|CANCEL|END OF MEDIUM|SUBSTITUTE|ESCAPE|INFORMATION SEPARATOR FOUR|"
     "INFORMATION SEPARATOR THREE|INFORMATION SEPARATOR TWO|INFORMATION SEPARATOR ONE|DELETE|PADDING CHARACTER|"
     "HIGH OCTET PRESET|BREAK PERMITTED HERE|NO BREAK HERE|INDEX|NEXT LINE|START OF SELECTED AREA|"
     "END OF SELECTED AREA|CHARACTER TABULATION SET|CHARACTER TABULATION WITH JUSTIFICATION|LINE TABULATION SET|"
     "PARTIAL LINE FORWARD|PARTIAL LINE BACKWARD|REVERSE LINE FEED|SINGLE SHIFT TWO|SINGLE SHIFT THREE|"
     "DEVICE CONTROL STRING|PRIVATE USE ONE|PRIVATE USE TWO|SET TRANSMIT STATE|CANCEL CHARACTER|MESSAGE WAITING|"
     "START OF GUARDED AREA|END OF GUARDED AREA|START OF STRING|SINGLE GRAPHIC CHARACTER INTRODUCER|"
     "SINGLE CHARACTER INTRODUCER|CONTROL SEQUENCE INTRODUCER|STRING TERMINATOR|OPERATING SYSTEM COMMAND|"
     "PRIVACY MESSAGE|APPLICATION PROGRAM COMMAND").split("|"), strict=True))

# One escape in a double-quoted YAML value; '\\\\' is matched as a whole, so '\\\\e' is no escape.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SHORT_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "v": "\x0b", "f": "\x0c", "e": "\x1b", "N": "\x85",
                  "L": "\u2028", "P": "\u2029"}


def char_name(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)'."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, f"<noncharacter-{code:04X}>")
    return f"U+{code:04X} ({name})"


def _unescape(escape: str) -> str:
    if escape[0] in "xuU" and len(escape) > 1:
        return chr(int(escape[1:], 16))
    return _SHORT_ESCAPES.get(escape, "")


def _invisible_problems(text: str, file: str) -> list[Problem]:
    if not _INVISIBLE.search(text):
        return []
    found = _INVISIBLE.finditer(text)
    problems = [_char_problem(file, text, match.start(), match.group()) for match in islice(found, MAX_CHAR_PROBLEMS)]
    more = sum(1 for _ in found)
    if more:
        problems.append(Problem(file, None, say("na deze {shown} staan er nog {more} onzichtbare tekens in het bestand.",
                                                "after these {shown}, the file has {more} more invisible characters.",
                                                shown=MAX_CHAR_PROBLEMS, more=more),
                                fix=both("Verwijder ze ook; 'kennisbank check' noemt ze als je deze hebt opgelost.",
                                         "Remove them too; 'kennisbank check' lists them once you have fixed these.")))
    return problems


def _char_problem(file: str, text: str, pos: int, char: str, escape: str | None = None) -> Problem:
    """`char` at `pos`, raw or made by `escape`; only '\\n' counts as a line break, as in an editor."""
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    what = say("het onzichtbare teken {name}", "the invisible character {name}", name=char_name(char))
    if escape:
        what = say("de escape '{escape}' maakt {what}, en dat", "the escape '{escape}' makes {what}, and that",
                   escape=escape, what=what)
    if char in _LINE_BREAKS:
        why = both("YAML leest het als een nieuwe regel, je editor toont het niet",
                   "YAML reads it as a new line, but your editor does not show it")
    elif char in _BIDI:
        why = both("het draait de leesrichting om, zodat de tekst er anders uitziet dan hij is",
                   "it reverses the reading direction, so the text looks different from what it really is")
    else:
        why = both("het is een stuurteken, geen tekst", "it is a control character, not text")
    fix = say("Haal '{escape}' weg uit de tekst.", "Remove '{escape}' from the text.", escape=escape) if escape else \
        both("Verwijder het teken (het komt vaak mee bij plakken uit Word, een pdf of een webpagina).",
             "Remove the character (it often comes along when you paste from Word, a PDF or a web page).")
    if char in _LINE_BREAKS:
        fix = joined(" ", [fix, both("Voor een nieuwe regel schrijf je \\n.", "For a new line, write \\n.") if escape
                             else both("Voor een nieuwe regel gebruik je Enter.", "For a new line, press Enter.")])
    return Problem(file, line, say("kolom {column}: {what} mag niet in een record staan: {why}.",
                                   "column {column}: {what} is not allowed in a record: {why}.",
                                   column=column, what=what, why=why),
                   expected=both("gewone tekst (tabs en regelovergangen mogen wel)",
                                 "plain text (tabs and line breaks are allowed)"), fix=fix)


def parse(text: str, file: str) -> Parsed:
    """Parse YAML text into plain data (dict, list, str, int, float, bool, None, date)."""
    invisible = _invisible_problems(text, file)
    if invisible:  # also keeps libyaml's line count right: it breaks lines at U+0085, U+2028 and U+2029
        return Parsed(None, problems=invisible)
    too_deep = _too_deep(text, file) if _may_be_deep(text) else None
    if too_deep:
        return Parsed(None, problems=[too_deep])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        return Parsed(None, problems=[_syntax_problem(err, text, file)])
    except yaml.YAMLError as err:  # reader errors (control characters) carry no MarkedYAMLError
        return Parsed(None, problems=[_reader_problem(err, text, file)])
    finally:
        loader.dispose()
    if node is None:
        return Parsed(None, problems=[Problem(
            file, None, both("het bestand is leeg.", "the file is empty."),
            expected=both("een record met minstens 'title' en 'summary'", "a record with at least 'title' and 'summary'"),
            fix=both("Vul het bestand aan (zie CONTRIBUTING.md) of verwijder het.",
                     "Fill in the file (see CONTRIBUTING.md) or delete it."))])
    parsed = Parsed(None, source=text)
    parsed.lines[()] = node.start_mark.line + 1
    parsed.data = _Walker(file, parsed, text).run(node)
    return parsed


_DEEP_INDENT = re.compile(rf"^ {{{MAX_DEPTH}}}", re.MULTILINE)


def _may_be_deep(text: str) -> bool:
    """Nesting past MAX_DEPTH needs that many brackets or that much indentation; most records have neither."""
    return text.count("[") + text.count("{") > MAX_DEPTH or _DEEP_INDENT.search(text) is not None \
        or text.count("- ") > MAX_DEPTH


def _too_deep(text: str, file: str) -> Problem | None:
    """Refuse absurd nesting before composing: libyaml's composer recurses in C (a crash, not an exception, at
    ~100,000 levels of '[' or '- ') and so does _Walker (RecursionError at ~500). The event parser keeps its
    own stack, so counting its events is safe at any depth."""
    loader = _Loader(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(file, event.start_mark.line + 1,
                                   say("de gegevens zijn dieper genest dan {depth} niveaus.",
                                       "the data is nested more than {depth} levels deep.", depth=MAX_DEPTH),
                                   expected=both("velden, lijsten en hooguit enkele niveaus daaronder",
                                                 "fields, lists and at most a few levels below them"),
                                   fix=both("Haal de overbodige haakjes ([ {) of streepjes (-) weg.",
                                            "Remove the extra brackets ([ {) or dashes (-)."))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif event is None or isinstance(event, yaml.StreamEndEvent):
                return None
    except yaml.YAMLError:
        return None  # parse() reports syntax errors itself, with a hint
    finally:
        loader.dispose()


# A '#' after a single space, or glued to the word after it, reads like text ("Tip #1"), yet YAML drops it as a
# comment. One search over the file tells whether any plain value needs a closer look.
_CUT_COMMENT = re.compile(r"#(?:(?<=\S[ \t]#)|(?<=[ \t]#)(?=[^ \t\r\n]))")  # starts with '#': a fast scan
_COMMENT_AFTER = re.compile(r"([ \t]+)#([^\r\n]*)")
# Where a node starts with an anchor (after a tag, if any): nodes do not keep their anchor.
_ANCHOR = re.compile(r"(?:![^\s&]*\s+)?&([^\s,\[\]{}]+)")
_NATIVE_BOOL = {"true", "True", "TRUE", "false", "False", "FALSE"}  # YAML 1.2; yes/no/on/off stay text
_NULL = {"", "~", "null", "Null", "NULL"}


class _Walker:
    """Turn composed nodes into data, visiting every node once (an alias would be a second visit)."""

    def __init__(self, file: str, parsed: Parsed, text: str):
        self.file = file
        self.parsed = parsed
        self.text = text
        self.seen: set[int] = set()
        self.alias_reported = False
        self.anchored: dict[int, tuple[Node, str]] = {}  # by position: a map and its first key can share one
        self.may_have_anchors = "&" in text  # cheap tests first: most files need neither check
        self.may_cut_comments = _CUT_COMMENT.search(text) is not None
        self.may_have_tags = "!" in text

    def problem(self, node: Node, message: str, expected: str | None = None, fix: str | None = None,
                line: int | None = None, severity: Severity = "error") -> None:
        line = line or node.start_mark.line + 1
        self.parsed.problems.append(Problem(self.file, line, message, expected, fix, severity=severity))

    def run(self, node: Node) -> Any:
        data = self.convert(node, ())
        if not self.alias_reported:  # that message already says anchors are not allowed (and a bomb has hundreds)
            for anchored, name in self.anchored.values():
                self._refuse_anchor(anchored, name)
        return data

    def convert(self, node: Node, path: Path) -> Any:
        if id(node) in self.seen:
            self.parsed.refused_lines.add(node.start_mark.line + 1)
            if not self.alias_reported:  # one message is enough, even for a "billion laughs"
                self.alias_reported = True
                self.problem(node, both("ankers en verwijzingen (&naam en *naam) zijn niet toegestaan.",
                                        "anchors and aliases (&name and *name) are not allowed."),
                             fix=both("Schrijf de waarde voluit op elke plek waar je haar nodig hebt.",
                                      "Write the value out in full in every place where you need it."))
            return None
        self.seen.add(id(node))
        if self.may_have_anchors:
            self._note_anchor(node)
        if self.may_have_tags and self.text.startswith("!", node.start_mark.index):
            # A tag the composer resolved to a plain type ('!' alone, '!!map') is dropped from the value: refuse it
            # too. Only '!!str', YAML's own way to say "this is text", keeps what follows it exactly.
            written = self.text[node.start_mark.index:].split(None, 1)[0]
            if written != "!!str" or not isinstance(node, ScalarNode):
                return self._refuse_tag(node, written)
        if isinstance(node, MappingNode):
            if node.tag != _TAG + "map":
                return self._refuse_tag(node)
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                return self._refuse_tag(node)
            out = []
            for index, item in enumerate(node.value):
                self.parsed.lines[path + (index,)] = item.start_mark.line + 1
                out.append(self.convert(item, path + (index,)))
            return out
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self.seen or key_node.tag == _TAG + "merge":
                self.problem(key_node, both("samenvoegen met '<<' en verwijzingen zijn niet toegestaan.",
                                            "merging with '<<' and aliases are not allowed."),
                             fix=both("Schrijf alle velden voluit.", "Write out every field in full."))
                continue
            self.seen.add(id(key_node))
            if self.may_have_anchors:
                self._note_anchor(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.problem(key_node, both("een sleutel moet een gewoon woord zijn.", "a key must be a plain word."),
                             expected=both("sleutel: waarde", "key: value"),
                             fix=both("Gebruik een veldnaam zoals 'title'.", "Use a field name such as 'title'."))
                continue
            if key_node.style == '"':
                self._check_escapes(key_node)
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                self.problem(key_node, say("het veld '{key}' staat twee keer in dit record (ook op regel {line}).",
                                           "the field '{key}' appears twice in this record (also on line {line}).",
                                           key=key, line=first_line[key]),
                             fix=both("Houd één van de twee over; YAML zou anders stil de laatste nemen.",
                                      "Keep only one of the two; otherwise YAML would silently take the last one."))
                continue
            first_line[key] = line
            self.parsed.lines[path + (key,)] = line
            out[key] = self.convert(value_node, path + (key,))
        return out

    def _scalar(self, node: Node) -> Any:
        if node.tag not in _SCALAR_TAGS:
            return self._refuse_tag(node)
        if node.style == '"':
            self._check_escapes(node)
        elif not node.style and self.may_cut_comments:
            self._check_cut_comment(node)
        if node.tag == _TAG + "str":
            return node.value
        if node.tag == _TAG + "null":
            return None if node.value in _NULL else node.value
        try:
            value = _CONSTRUCT.construct_object(node, deep=True)
        except Exception:  # e.g. 2024-13-45 matches the timestamp pattern but is no date
            if node.tag == _TAG + "timestamp":
                self.problem(node, say("'{value}' is geen bestaande datum.", "'{value}' is not a date that exists.",
                                       value=node.value),
                             expected=both("een datum als JJJJ-MM-DD", "a date as YYYY-MM-DD"),
                             fix=both("Controleer maand en dag.", "Check the month and the day."))
                return None
            return node.value
        # The schema converts text where it wants a number or a date, and refuses it with a message otherwise.
        return value if _reads_back_as_typed(value, node.value) else node.value

    def _refuse_tag(self, node: Node, written: str | None = None) -> None:
        self.parsed.refused_lines.add(node.start_mark.line + 1)
        self.problem(node, say("YAML-tags zoals '{tag}' zijn niet toegestaan.", "YAML tags such as '{tag}' are not allowed.",
                               tag=written or _short_tag(node.tag)),
                     expected=both("gewone tekst, getallen, lijsten en sleutel: waarde",
                                   "plain text, numbers, lists and key: value"),
                     fix=both("Haal de tag (het woord met ! ervoor) weg; zet de waarde zo nodig tussen aanhalingstekens.",
                              "Remove the tag (the word with ! in front of it); put the value in quotes if needed."))
        return None

    def _note_anchor(self, node: Node) -> None:
        match = _ANCHOR.match(self.text, node.start_mark.index)
        if match:
            self.anchored.setdefault(match.start(1), (node, match.group(1)))

    def _refuse_anchor(self, node: Node, name: str) -> None:
        fix = say("Haal '&{name}' weg.", "Remove '&{name}'.", name=name)
        if isinstance(node, ScalarNode) and node.value:
            fix = say("Hoort '&{name}' bij de tekst, zet dan de hele waarde tussen aanhalingstekens: {example}; "
                      "anders: haal '&{name}' weg.",
                      "If '&{name}' is part of the text, put the whole value in quotes: {example}; "
                      "otherwise remove '&{name}'.",
                      name=name, example=_quoted(f"&{name} {node.value}"))
        self.problem(node, say("'&{name}' is voor YAML een anker (&naam), geen tekst, en ankers zijn niet toegestaan.",
                               "to YAML, '&{name}' is an anchor (&name), not text, and anchors are not allowed.",
                               name=name),
                     fix=fix)

    def _check_cut_comment(self, node: Node) -> None:
        match = _COMMENT_AFTER.match(self.text, node.end_mark.index)
        if not match or (len(match.group(1)) >= 2 and match.group(2)[:1] in ("", " ", "\t")):
            return  # no comment, or a conventional one: 'waarde  # uitleg'
        dropped = "#" + match.group(2).rstrip()
        what = say("de waarde wordt '{value}'", "the value becomes '{value}'", value=node.value) if node.value else \
            both("de waarde wordt leeg", "the value becomes empty")
        self.problem(node, say("de tekst vanaf ' #' ('{dropped}') valt weg, want YAML leest die als commentaar; {what}.",
                               "the text from ' #' on ('{dropped}') is lost, because YAML reads it as a comment; {what}.",
                               dropped=dropped, what=what),
                     fix=say("Zet de hele waarde tussen aanhalingstekens: {quoted}. "
                             "Is het wel commentaar, zet er dan twee spaties voor en één erna: 'waarde  # uitleg'.",
                             "Put the whole value in quotes: {quoted}. "
                             "If it is meant as a comment, put two spaces before the '#' and one after it: "
                             "'value  # explanation'.",
                             quoted=_quoted(f"{node.value} {dropped}".strip())),
                     line=node.end_mark.line + 1, severity="warning")

    def _check_escapes(self, node: Node) -> None:
        """A double-quoted value can make invisible characters with escapes ("\\e", "\\u202E"); name each one."""
        if not _INVISIBLE.search(node.value):
            return
        for match in _ESCAPE.finditer(self.text, node.start_mark.index, node.end_mark.index):
            char = _unescape(match.group(1))
            if _INVISIBLE.fullmatch(char):
                self.parsed.problems.append(_char_problem(self.file, self.text, match.start(), char, match.group()))


def _reads_back_as_typed(value: Any, text: str) -> bool:
    """Is `value` written exactly as `text`? YAML 1.1 also reads 1:30 as 90, 010 as 8, 1_000 as 1000, yes as true."""
    if isinstance(value, bool):
        return text in _NATIVE_BOOL
    if isinstance(value, (int, float)):
        return str(value) == text
    if isinstance(value, dt.datetime):
        return False  # kept as text: a date field reads the date from it, a text field keeps the time too
    if isinstance(value, dt.date):
        return value.isoformat() == text
    return False


def _quoted(text: str) -> str:
    """`text` as a double-quoted YAML value (JSON strings are valid YAML), for a fix an editor can copy."""
    return json.dumps(text, ensure_ascii=False)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


_BAD_INDENT = both("de inspringing klopt niet.", "the indentation is wrong.")
_INDENT_FIX = both("Laat velden van hetzelfde niveau precies even ver inspringen (met spaties).",
                   "Indent fields of the same level exactly as far as each other (with spaces).")
_SYNTAX_HINTS = (
    ("mapping values are not allowed",
     both("een dubbele punt staat op een plek waar YAML hem niet verwacht.",
          "a colon is in a place where YAML does not expect one."),
     both("Zet tekst met een dubbele punt tussen aanhalingstekens, bijv. summary: \"Let op: …\".",
          "Put text with a colon in quotes, e.g. summary: \"Note: …\".")),
    ("could not find expected ':'",
     both("YAML mist hier een dubbele punt na de sleutel.", "YAML is missing a colon after the key here."),
     both("Schrijf 'sleutel: waarde'; loopt een tekst over meer regels, gebruik dan '>' of '|'.",
          "Write 'key: value'; if a text runs over several lines, use '>' or '|'.")),
    ("expected <block end>", _BAD_INDENT, _INDENT_FIX),
    ("did not find expected key", _BAD_INDENT, _INDENT_FIX),
    ("found unexpected end of stream",
     both("een aanhalingsteken of haakje wordt niet gesloten.", "a quotation mark or bracket is not closed."),
     both("Sluit elk \" of ' en elk [ of { af op dezelfde waarde.",
          "Close every \" or ' and every [ or { within the same value.")),
    ("found character '\\t'", both("deze regel bevat een tab.", "this line contains a tab."),
     both("Vervang de tab door spaties.", "Replace the tab with spaces.")),
    ("found undefined alias", both("verwijzingen (*naam) zijn niet toegestaan.", "aliases (*name) are not allowed."),
     both("Schrijf de waarde voluit.", "Write the value out in full.")),
    ("but found another document",
     both("het bestand bevat meer dan één YAML-document ('---').",
          "the file contains more than one YAML document ('---')."),
     both("Zet één record per bestand; verwijder de tweede '---'.",
          "Put one record in each file; remove the second '---'.")),
)


_TAB_INDENT = re.compile(r" *\t")
# A quoted value that closes and goes on with more text: 'title: "Het "beste" netwerk"' or "title: 'it's'".
_CLOSED_EARLY = re.compile(r"""(?:^[ \t]*|[:-][ \t]+|[\[{,][ \t]*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')(?=[^\s,\]}:#])""")


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else None
    source_line = _source_line(text, mark.index) if mark else ""
    if _TAB_INDENT.match(source_line):  # tabs elsewhere (in a '|' text, inside a line) are valid YAML
        return Problem(file, line, both("deze regel springt in met een tab.", "this line is indented with a tab."),
                       expected=both("inspringen met spaties", "indentation with spaces"),
                       fix=both("Vervang de tab door twee spaties.", "Replace the tab with two spaces."))
    closed_early = _CLOSED_EARLY.search(source_line)
    if closed_early:
        return _closed_early_problem(closed_early.group(1)[0], source_line[closed_early.start(1):], file, line)
    found = f"{err.problem or ''} {err.context or ''}"
    for needle, message, fix in _SYNTAX_HINTS:
        if needle in found:
            return Problem(file, line, say("YAML-syntaxfout: {hint}", "YAML syntax error: {hint}", hint=message), fix=fix)
    return Problem(file, line, say("YAML-syntaxfout ({detail}).", "YAML syntax error ({detail}).",
                                   detail=(err.problem or err.context or "").strip()),
                   fix=both("Controleer inspringing, dubbele punten en aanhalingstekens op deze regel en de regel ervoor.",
                            "Check the indentation, colons and quotation marks on this line and the line before it."))


def _source_line(text: str, index: int) -> str:
    end = text.find("\n", index)
    return text[text.rfind("\n", 0, index) + 1 : end if end >= 0 else len(text)]


def _closed_early_problem(quote: str, value: str, file: str, line: int | None) -> Problem:
    """The editor's text from its opening quote to the end of the line, shown the way that does work."""
    value = value.rstrip()
    inner = value[1:-1] if len(value) > 1 and value.endswith(quote) else None
    single = "'" + re.sub("''?", "''", inner) + "'" if inner is not None and "\\" not in inner else None
    example = say(", dus {single},", ", so {single},", single=single) if single else ""
    if quote == '"':
        fix = say("Zet de tekst tussen enkele aanhalingstekens{example} of schrijf \\\" voor elk aanhalingsteken binnen "
                  "de tekst.",
                  "Put the text in single quotes{example} or write \\\" instead of each quotation mark inside the text.",
                  example=example)
    else:
        fix = say("Schrijf een apostrof binnen enkele aanhalingstekens dubbel{example} of zet de tekst tussen dubbele "
                  "aanhalingstekens.",
                  "Write an apostrophe inside single quotes twice{example} or put the text in double quotes.",
                  example=example)
    return Problem(file, line, say("YAML-syntaxfout: een {quote} binnen de tekst sluit de tekst te vroeg af.",
                                   "YAML syntax error: a {quote} inside the text ends the text too early.", quote=quote),
                   fix=fix)


def _reader_problem(err: yaml.YAMLError, text: str, file: str) -> Problem:
    position = getattr(err, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    return Problem(file, line, both("het bestand bevat een onzichtbaar stuurteken dat in YAML niet mag.",
                                    "the file contains an invisible control character that YAML does not allow."),
                   fix=both("Verwijder het teken (vaak geplakt uit Word of een pdf) of typ de regel opnieuw.",
                            "Remove the character (often pasted from Word or a PDF) or type the line again."))

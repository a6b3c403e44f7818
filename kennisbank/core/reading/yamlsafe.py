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


def megabytes(size: int) -> str:
    """'5,1' for 5,100,000 bytes: the Dutch way editors read it."""
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def too_large(size: int, file: str) -> Problem:
    """A record file over MAX_FILE_BYTES, whether found by stat (datafolder) or after reading."""
    return Problem(file, None, f"het bestand is te groot ({megabytes(size)} MB).",
                   expected=f"hoogstens {MAX_FILE_BYTES // 1_000_000} MB per record",
                   fix="Kort de tekst in of verdeel hem over meer records.")


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
        return None, [Problem(file, line, f"het bestand is geen geldige UTF-8 (byte 0x{bad}).",
                              expected="tekst in UTF-8-codering",
                              fix="Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8).")]


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
        problems.append(Problem(file, None, f"na deze {MAX_CHAR_PROBLEMS} staan er nog {more} onzichtbare tekens in het bestand.",
                                fix="Verwijder ze ook; 'kennisbank check' noemt ze als je deze hebt opgelost."))
    return problems


def _char_problem(file: str, text: str, pos: int, char: str, escape: str | None = None) -> Problem:
    """`char` at `pos`, raw or made by `escape`; only '\\n' counts as a line break, as in an editor."""
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    what = f"het onzichtbare teken {char_name(char)}"
    if escape:
        what = f"de escape '{escape}' maakt {what}, en dat"
    if char in _LINE_BREAKS:
        why = "YAML leest het als een nieuwe regel, je editor toont het niet"
    elif char in _BIDI:
        why = "het draait de leesrichting om, zodat de tekst er anders uitziet dan hij is"
    else:
        why = "het is een stuurteken, geen tekst"
    fix = f"Haal '{escape}' weg uit de tekst." if escape else \
        "Verwijder het teken (het komt vaak mee bij plakken uit Word, een pdf of een webpagina)."
    if char in _LINE_BREAKS:
        fix += " Voor een nieuwe regel schrijf je \\n." if escape else " Voor een nieuwe regel gebruik je Enter."
    return Problem(file, line, f"kolom {column}: {what} mag niet in een record staan: {why}.",
                   expected="gewone tekst (tabs en regelovergangen mogen wel)", fix=fix)


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
            file, None, "het bestand is leeg.", expected="een record met minstens 'title' en 'summary'",
            fix="Vul het bestand aan (zie CONTRIBUTING.md) of verwijder het.")])
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
                    return Problem(file, event.start_mark.line + 1, f"de gegevens zijn dieper genest dan {MAX_DEPTH} niveaus.",
                                   expected="velden, lijsten en hooguit enkele niveaus daaronder",
                                   fix="Haal de overbodige haakjes ([ {) of streepjes (-) weg.")
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
                self.problem(node, "ankers en verwijzingen (&naam en *naam) zijn niet toegestaan.",
                             fix="Schrijf de waarde voluit op elke plek waar je haar nodig hebt.")
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
                self.problem(key_node, "samenvoegen met '<<' en verwijzingen zijn niet toegestaan.",
                             fix="Schrijf alle velden voluit.")
                continue
            self.seen.add(id(key_node))
            if self.may_have_anchors:
                self._note_anchor(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.problem(key_node, "een sleutel moet een gewoon woord zijn.",
                             expected="sleutel: waarde", fix="Gebruik een veldnaam zoals 'title'.")
                continue
            if key_node.style == '"':
                self._check_escapes(key_node)
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                self.problem(key_node, f"het veld '{key}' staat twee keer in dit record (ook op regel {first_line[key]}).",
                             fix="Houd één van de twee over; YAML zou anders stil de laatste nemen.")
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
                self.problem(node, f"'{node.value}' is geen bestaande datum.",
                             expected="een datum als JJJJ-MM-DD", fix="Controleer maand en dag.")
                return None
            return node.value
        # The schema converts text where it wants a number or a date, and refuses it with a message otherwise.
        return value if _reads_back_as_typed(value, node.value) else node.value

    def _refuse_tag(self, node: Node, written: str | None = None) -> None:
        self.parsed.refused_lines.add(node.start_mark.line + 1)
        self.problem(node, f"YAML-tags zoals '{written or _short_tag(node.tag)}' zijn niet toegestaan.",
                     expected="gewone tekst, getallen, lijsten en sleutel: waarde",
                     fix="Haal de tag (het woord met ! ervoor) weg; zet de waarde zo nodig tussen aanhalingstekens.")
        return None

    def _note_anchor(self, node: Node) -> None:
        match = _ANCHOR.match(self.text, node.start_mark.index)
        if match:
            self.anchored.setdefault(match.start(1), (node, match.group(1)))

    def _refuse_anchor(self, node: Node, name: str) -> None:
        fix = f"Haal '&{name}' weg."
        if isinstance(node, ScalarNode) and node.value:
            example = _quoted(f"&{name} {node.value}")
            fix = f"Hoort '&{name}' bij de tekst, zet dan de hele waarde tussen aanhalingstekens: {example}; " \
                  f"anders: haal '&{name}' weg."
        self.problem(node, f"'&{name}' is voor YAML een anker (&naam), geen tekst, en ankers zijn niet toegestaan.",
                     fix=fix)

    def _check_cut_comment(self, node: Node) -> None:
        match = _COMMENT_AFTER.match(self.text, node.end_mark.index)
        if not match or (len(match.group(1)) >= 2 and match.group(2)[:1] in ("", " ", "\t")):
            return  # no comment, or a conventional one: 'waarde  # uitleg'
        dropped = "#" + match.group(2).rstrip()
        what = f"de waarde wordt '{node.value}'" if node.value else "de waarde wordt leeg"
        self.problem(node, f"de tekst vanaf ' #' ('{dropped}') valt weg, want YAML leest die als commentaar; {what}.",
                     fix=f"Zet de hele waarde tussen aanhalingstekens: {_quoted(f'{node.value} {dropped}'.strip())}. "
                         "Is het wel commentaar, zet er dan twee spaties voor en één erna: 'waarde  # uitleg'.",
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


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "een dubbele punt staat op een plek waar YAML hem niet verwacht.",
     "Zet tekst met een dubbele punt tussen aanhalingstekens, bijv. summary: \"Let op: …\"."),
    ("could not find expected ':'", "YAML mist hier een dubbele punt na de sleutel.",
     "Schrijf 'sleutel: waarde'; loopt een tekst over meer regels, gebruik dan '>' of '|'."),
    ("expected <block end>", "de inspringing klopt niet.",
     "Laat velden van hetzelfde niveau precies even ver inspringen (met spaties)."),
    ("did not find expected key", "de inspringing klopt niet.",
     "Laat velden van hetzelfde niveau precies even ver inspringen (met spaties)."),
    ("found unexpected end of stream", "een aanhalingsteken of haakje wordt niet gesloten.",
     "Sluit elk \" of ' en elk [ of { af op dezelfde waarde."),
    ("found character '\\t'", "deze regel bevat een tab.", "Vervang de tab door spaties."),
    ("found undefined alias", "verwijzingen (*naam) zijn niet toegestaan.",
     "Schrijf de waarde voluit."),
    ("but found another document", "het bestand bevat meer dan één YAML-document ('---').",
     "Zet één record per bestand; verwijder de tweede '---'."),
)


_TAB_INDENT = re.compile(r" *\t")
# A quoted value that closes and goes on with more text: 'title: "Het "beste" netwerk"' or "title: 'it's'".
_CLOSED_EARLY = re.compile(r"""(?:^[ \t]*|[:-][ \t]+|[\[{,][ \t]*)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')(?=[^\s,\]}:#])""")


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else None
    source_line = _source_line(text, mark.index) if mark else ""
    if _TAB_INDENT.match(source_line):  # tabs elsewhere (in a '|' text, inside a line) are valid YAML
        return Problem(file, line, "deze regel springt in met een tab.",
                       expected="inspringen met spaties", fix="Vervang de tab door twee spaties.")
    closed_early = _CLOSED_EARLY.search(source_line)
    if closed_early:
        return _closed_early_problem(closed_early.group(1)[0], source_line[closed_early.start(1):], file, line)
    found = f"{err.problem or ''} {err.context or ''}"
    for needle, message, fix in _SYNTAX_HINTS:
        if needle in found:
            return Problem(file, line, f"YAML-syntaxfout: {message}", fix=fix)
    return Problem(file, line, f"YAML-syntaxfout ({(err.problem or err.context or '').strip()}).",
                   fix="Controleer inspringing, dubbele punten en aanhalingstekens op deze regel en de regel ervoor.")


def _source_line(text: str, index: int) -> str:
    end = text.find("\n", index)
    return text[text.rfind("\n", 0, index) + 1 : end if end >= 0 else len(text)]


def _closed_early_problem(quote: str, value: str, file: str, line: int | None) -> Problem:
    """The editor's text from its opening quote to the end of the line, shown the way that does work."""
    value = value.rstrip()
    inner = value[1:-1] if len(value) > 1 and value.endswith(quote) else None
    single = "'" + re.sub("''?", "''", inner) + "'" if inner is not None and "\\" not in inner else None
    if quote == '"':
        fix = "Zet de tekst tussen enkele aanhalingstekens" + (f", dus {single}," if single else "") + \
              " of schrijf \\\" voor elk aanhalingsteken binnen de tekst."
    else:
        fix = "Schrijf een apostrof binnen enkele aanhalingstekens dubbel" + (f", dus {single}," if single else "") + \
              " of zet de tekst tussen dubbele aanhalingstekens."
    return Problem(file, line, f"YAML-syntaxfout: een {quote} binnen de tekst sluit de tekst te vroeg af.", fix=fix)


def _reader_problem(err: yaml.YAMLError, text: str, file: str) -> Problem:
    position = getattr(err, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    return Problem(file, line, "het bestand bevat een onzichtbaar stuurteken dat in YAML niet mag.",
                   fix="Verwijder het teken (vaak geplakt uit Word of een pdf) of typ de regel opnieuw.")

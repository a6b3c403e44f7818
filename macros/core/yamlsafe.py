"""Read one YAML file as untrusted input: safe, line-aware, strict about what editors may write.

Refuses tags (nothing is ever constructed from a tag), anchors and aliases (no "billion laughs"),
duplicate keys, tabs used for indentation, non-UTF-8 bytes and oversized files. Every refusal
is a Problem with a line number, so `kennisbank check` can list them all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

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

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only (a BOM is tolerated and dropped)."""
    if len(raw) > MAX_FILE_BYTES:
        size = f"{len(raw) / 1_000_000:.1f}".replace(".", ",")
        return None, [Problem(file, None, f"het bestand is te groot ({size} MB).",
                              expected=f"hoogstens {MAX_FILE_BYTES // 1_000_000} MB per record",
                              fix="Kort de tekst in of verdeel hem over meer records.")]
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


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def parse(text: str, file: str) -> Parsed:
    """Parse YAML text into plain data (dict, list, str, int, float, bool, None, date)."""
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return Parsed(None, problems=[Problem(
            file, line, "deze regel springt in met een tab.",
            expected="inspringen met spaties", fix="Vervang de tab door twee spaties.")])
    too_deep = _too_deep(text, file) if _may_be_deep(text) else None
    if too_deep:
        return Parsed(None, problems=[too_deep])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        return Parsed(None, problems=[_syntax_problem(err, file)])
    except yaml.YAMLError as err:  # reader errors (control characters) carry no MarkedYAMLError
        return Parsed(None, problems=[_reader_problem(err, text, file)])
    finally:
        loader.dispose()
    if node is None:
        return Parsed(None, problems=[Problem(
            file, None, "het bestand is leeg.", expected="een record met minstens 'title' en 'summary'",
            fix="Vul het bestand aan (zie CONTRIBUTING.md) of verwijder het.")])
    parsed = Parsed(None)
    parsed.lines[()] = node.start_mark.line + 1
    parsed.data = _Walker(file, parsed).convert(node, ())
    return parsed


_DEEP_INDENT = re.compile(r"^ {%d}" % MAX_DEPTH, re.MULTILINE)


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


class _Walker:
    """Turn composed nodes into data, visiting every node once (an alias would be a second visit)."""

    def __init__(self, file: str, parsed: Parsed):
        self.file = file
        self.parsed = parsed
        self.seen: set[int] = set()
        self.alias_reported = False

    def problem(self, node: Node, message: str, expected: str | None = None, fix: str | None = None) -> None:
        self.parsed.problems.append(Problem(self.file, node.start_mark.line + 1, message, expected, fix))

    def convert(self, node: Node, path: Path) -> Any:
        if id(node) in self.seen:
            self.parsed.refused_lines.add(node.start_mark.line + 1)
            if not self.alias_reported:  # one message is enough, even for a "billion laughs"
                self.alias_reported = True
                self.problem(node, "ankers en verwijzingen (&naam en *naam) zijn niet toegestaan.",
                             fix="Schrijf de waarde voluit op elke plek waar je haar nodig hebt.")
            return None
        self.seen.add(id(node))
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
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.problem(key_node, "een sleutel moet een gewoon woord zijn.",
                             expected="sleutel: waarde", fix="Gebruik een veldnaam zoals 'title'.")
                continue
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
        if node.tag == _TAG + "str":
            return node.value
        try:
            return _CONSTRUCT.construct_object(node, deep=True)
        except Exception:  # e.g. 2024-13-45 matches the timestamp pattern but is no date
            if node.tag == _TAG + "timestamp":
                self.problem(node, f"'{node.value}' is geen bestaande datum.",
                             expected="een datum als JJJJ-MM-DD", fix="Controleer maand en dag.")
                return None
            return node.value

    def _refuse_tag(self, node: Node) -> None:
        self.parsed.refused_lines.add(node.start_mark.line + 1)
        self.problem(node, f"YAML-tags zoals '{_short_tag(node.tag)}' zijn niet toegestaan.",
                     expected="gewone tekst, getallen, lijsten en sleutel: waarde",
                     fix="Haal de tag (het woord met ! ervoor) weg; zet de waarde zo nodig tussen aanhalingstekens.")
        return None


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


def _syntax_problem(err: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else None
    text = f"{err.problem or ''} {err.context or ''}"
    for needle, message, fix in _SYNTAX_HINTS:
        if needle in text:
            return Problem(file, line, f"YAML-syntaxfout: {message}", fix=fix)
    return Problem(file, line, f"YAML-syntaxfout ({(err.problem or err.context or '').strip()}).",
                   fix="Controleer inspringing, dubbele punten en aanhalingstekens op deze regel en de regel ervoor.")


def _reader_problem(err: yaml.YAMLError, text: str, file: str) -> Problem:
    position = getattr(err, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
    return Problem(file, line, "het bestand bevat een onzichtbaar stuurteken dat in YAML niet mag.",
                   fix="Verwijder het teken (vaak geplakt uit Word of een pdf) of typ de regel opnieuw.")

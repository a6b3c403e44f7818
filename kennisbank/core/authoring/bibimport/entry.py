"""One bibliographic entry as read from an export, before it becomes a source record; shared helpers for the readers."""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model import richtext
from kennisbank.core.model.source_types import BIBLIOGRAPHIC_FIELDS
from kennisbank.core.reading.problems import CommandError, Problem

OPTIONAL_FIELDS = tuple(f for f in BIBLIOGRAPHIC_FIELDS if f != "editors")
"""The optional text fields of a source, in the order of schema.Source (editors are a list of names)."""


@dataclass(frozen=True)
class Origin:
    """Where a value came from in the export: its field (BibTeX 'journal', RIS 'T2', CSL 'container-title')."""

    name: str
    value: str
    line: int


@dataclass
class BibEntry:
    """What an export says about one publication; only what it says (nothing is filled in)."""

    line: int                      # 1-based line of the entry in the export
    number: int                    # its place in the export (1, 2, …)
    key: str | None             # the export's own key or id, if it has one
    type: str                      # one of schema.SOURCE_TYPES
    authors: list[dict[str, str]] = field(default_factory=list)   # {family, given} or {literal}
    year: int | None = None
    title: str | None = None    # may carry CSL rich text (<i>…</i>); see richtext.py
    optional: dict[str, str] = field(default_factory=dict)        # container, volume, … as Source fields
    editors: list[dict[str, str]] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)      # Source field -> where the export has it
    notes: list[Problem] = field(default_factory=list)            # warnings about this entry from the reader

    @property
    def subject(self) -> str:
        return f"item '{self.key}'" if self.key else f"item {self.number}"

    def put(self, name: str, value: Any, origin: str, line: int | None = None) -> None:
        """Keep `value` as Source field `name` unless an earlier export field already gave one. A Message is a wording
        of ours (a thesis' genre 'Proefschrift'): kept as it is, plan_import writes it in the site's language."""
        if isinstance(value, Message):
            if name not in self.optional:
                self.optional[name] = value
                self.origins[name] = Origin(origin, value, line or self.line)
            return
        text = clean(value)
        if not text or name in self.optional:
            return
        if name in ("container", "publisher", "genre"):
            text = clean(richtext.plain(text)) or ""  # names are plain text: formatting only in a title
            if not text:
                return
        self.optional[name] = text
        self.origins[name] = Origin(origin, text, line or self.line)

    def put_editors(self, names: list[dict[str, str]], origin: str, line: int | None = None) -> None:
        if names and not self.editors:
            self.editors = names
            self.origins["editors"] = Origin(origin, "; ".join(name_text(n) for n in names), line or self.line)


def name_text(name: dict[str, str]) -> str:
    return name.get("literal") or ", ".join(p for p in (name.get("family"), name.get("given")) if p)


# Characters a record may not hold (yamlsafe refuses them: controls, bidi overrides): never text in an export.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean(value: Any) -> str | None:
    """Export text as one tidy line, without control characters; None when there is nothing."""
    if value is None:
        return None
    text = " ".join(_INVISIBLE.sub("", str(value)).split())
    return text or None


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def year_of(*values: Any) -> int | None:
    """The first four-digit year in the given date-like values ('2021', '2021/03/01/', '2021-03')."""
    for value in values:
        match = _YEAR.search(str(value)) if value is not None else None
        if match:
            return int(match.group(1))
    return None


_DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")


def date_of(value: Any) -> str | None:
    """An export's full date ('2024-05-01', '2024/05/01/', '2024-05-01 10:12:00', CSL date-parts) as YYYY-MM-DD."""
    if isinstance(value, dict):
        parts = value.get("date-parts")
        first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
        if len(first) >= 3 and all(isinstance(p, (int, str)) and not isinstance(p, bool) for p in first[:3]):
            value = "-".join(str(p) for p in first[:3])
        else:
            value = value.get("raw")
    match = _DATE.search(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def person(family: str | None, given: str | None = None) -> dict[str, str] | None:
    family, given = clean(family), clean(given)
    if not family:
        return {"literal": given} if given else None  # a lone given name is still a name; keep it as written
    return {"family": family, "given": given} if given else {"family": family}


def name_from_text(text: str) -> dict[str, str] | None:
    """'Family, Given' is a person; a name without a comma is an organisation (how Zotero writes both)."""
    text = clean(text) or ""
    if not text:
        return None
    if "," not in text:
        return {"literal": text}
    family, _, given = text.partition(",")
    given = given.strip().strip(",").strip()
    return person(family, given)


def rich_text(value: Any) -> str | None:
    """A title from CSL JSON or RIS: HTML entities ('R&amp;D') decoded outside the formatting tags, which stay."""
    text = clean(value)
    if not text or "&" not in text:
        return text
    pieces = re.split(r"(<[^<>]*>)", text)
    return clean("".join(p if p.startswith("<") else html.unescape(p) for p in pieces))


def plain_text(value: Any) -> str | None:
    """A name (journal, publisher) from CSL JSON or RIS: entities decoded, formatting tags left out."""
    text = rich_text(value)
    return clean(richtext.plain(text)) if text else None


# --- preprints -------------------------------------------------------------------------------------------

# Servers whose name says 'preprint': every *Rxiv/*arXiv, and the others APA's examples and Zotero's translators know.
_SERVER = re.compile(r"(?<![\w.])((?i:[a-z]*rxiv)|SSRN|OSF Preprints|Research Square|Preprints\.org|Authorea|Qeios|"
                     r"JMIR Preprints|Cambridge Open Engage|ESS Open Archive|SciELO Preprints)(?!\w)")
_KNOWN_SPELLING = {"arxiv": "arXiv", "biorxiv": "bioRxiv", "medrxiv": "medRxiv", "psyarxiv": "PsyArXiv", "socarxiv": "SocArXiv",
                   "edarxiv": "EdArXiv", "chemrxiv": "ChemRxiv", "engrxiv": "engrXiv", "eartharxiv": "EarthArXiv",
                   "techrxiv": "TechRxiv", "ssrn": "SSRN", "metaarxiv": "MetaArXiv", "lawarxiv": "LawArXiv",
                   "sportrxiv": "SportRxiv", "agrirxiv": "agriRxiv"}
_ARXIV_ID = r"((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?)"
_ARXIV_IN_TEXT = re.compile(r"\barXiv:\s*" + _ARXIV_ID, re.IGNORECASE)
_ARXIV_NOTE = re.compile(r"^arXiv:\s*" + _ARXIV_ID + r"(?:\s*\[[^\]]*\])?$", re.IGNORECASE)


def preprint_server(*values: Any) -> str | None:
    """The preprint server a field names ('arXiv' in 'arXiv preprint arXiv:2101.00001'), as written there."""
    for value in values:
        text = clean(value)
        match = _SERVER.search(text) if text else None
        if match:
            return match.group(1)
    return None


def server_name(name: str) -> str:
    """An eprint type ('arxiv') in the server's own spelling ('arXiv'); other names as given."""
    return _KNOWN_SPELLING.get(name.strip().lower(), name.strip())


def arxiv_number(*values: Any) -> str | None:
    """'arXiv:2101.00001' from a journal field such as 'arXiv preprint arXiv:2101.00001'."""
    for value in values:
        match = _ARXIV_IN_TEXT.search(clean(value) or "")
        if match:
            return f"arXiv:{match.group(1)}"
    return None


def arxiv_note(value: Any) -> str | None:
    """Zotero writes an arXiv preprint's id into the note as 'arXiv:2101.00001 [cs]': only that exact form counts."""
    match = _ARXIV_NOTE.match(clean(value) or "")
    return f"arXiv:{match.group(1)}" if match else None


# --- reading the file ------------------------------------------------------------------------------------

FORMATS = ("bibtex", "ris", "csl-json")
_EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".json": "csl-json", ".csljson": "csl-json"}
_RIS_START = re.compile(r"^TY  - ", re.MULTILINE)
# [ \t]*, not \s*: \s* crossed lines, so every line start of a long file re-read all blank lines after it.
_BIBTEX_START = re.compile(r"^[ \t]*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def decode_export(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(say("{file} is geen UTF-8-tekst.", "{file} is not UTF-8 text.", file=shown),
                           fix=both("Exporteer opnieuw met tekenset UTF-8 (Zotero: Exporteren → Tekenset: Unicode (UTF-8)).",
                                    "Export again with character encoding UTF-8 (Zotero: Export → Character Encoding: "
                                    "Unicode (UTF-8)).")) from None


def detect_format(path: Path, text: str) -> str:
    """By extension first, then by content: a .txt from a reference manager is often RIS."""
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return "csl-json"
    if _RIS_START.search(text):
        return "ris"
    if _BIBTEX_START.search(text):
        return "bibtex"
    raise CommandError(say("het formaat van {file} is onbekend.", "the format of {file} is unknown.", file=path.name),
                       fix=both("Exporteer uit Zotero als BibTeX (.bib), RIS (.ris) of CSL JSON (.json).",
                                "Export from Zotero as BibTeX (.bib), RIS (.ris) or CSL JSON (.json)."))

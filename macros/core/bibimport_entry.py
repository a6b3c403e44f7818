"""One bibliographic entry as read from an export, before it becomes a source record; shared helpers for the readers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .scaffold import CommandError


@dataclass
class BibEntry:
    """What an export says about one publication; only what it says (nothing is filled in)."""

    line: int                      # 1-based line of the entry in the export
    number: int                    # its place in the export (1, 2, …)
    key: Optional[str]             # the export's own key or id, if it has one
    type: str                      # one of schema.SOURCE_TYPES
    authors: list[dict[str, str]] = field(default_factory=list)   # {family, given} or {literal}
    year: Optional[int] = None
    title: Optional[str] = None
    optional: dict[str, str] = field(default_factory=dict)        # container, volume, … as Source fields

    @property
    def subject(self) -> str:
        return f"item '{self.key}'" if self.key else f"item {self.number}"


OPTIONAL_FIELDS = ("container", "volume", "issue", "pages", "publisher", "doi", "url")


def clean(value: Any) -> Optional[str]:
    """Export text as one tidy line; None when there is nothing."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def year_of(*values: Any) -> Optional[int]:
    """The first four-digit year in the given date-like values ('2021', '2021/03/01/', '2021-03')."""
    for value in values:
        match = _YEAR.search(str(value)) if value is not None else None
        if match:
            return int(match.group(1))
    return None


def person(family: Optional[str], given: Optional[str] = None) -> Optional[dict[str, str]]:
    family, given = clean(family), clean(given)
    if not family:
        return {"literal": given} if given else None  # a lone given name is still a name; keep it as written
    return {"family": family, "given": given} if given else {"family": family}


def name_from_text(text: str) -> Optional[dict[str, str]]:
    """'Family, Given' is a person; a name without a comma is an organisation (how Zotero writes both)."""
    text = clean(text) or ""
    if not text:
        return None
    if "," not in text:
        return {"literal": text}
    family, _, given = text.partition(",")
    given = given.strip().strip(",").strip()
    return person(family, given)


def add_optional(entry: BibEntry, **values: Any) -> None:
    for name, value in values.items():
        text = clean(value)
        if text:
            entry.optional[name] = text


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
        raise CommandError(f"{shown} is geen UTF-8-tekst.",
                           fix="Exporteer opnieuw met tekenset UTF-8 (Zotero: Exporteren → Tekenset: Unicode (UTF-8)).") \
            from None


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
    raise CommandError(f"het formaat van {path.name} is onbekend.",
                       fix="Exporteer uit Zotero als BibTeX (.bib), RIS (.ris) of CSL JSON (.json).")

"""`kennisbank import-bib`: a Zotero export (BibTeX, RIS, CSL JSON) becomes one source record per entry.

Nothing is invented and nothing is overwritten: each record holds exactly what the export says, is marked
`verified: false` until an editor has compared it with the publication, and an id that already exists is
reported and skipped. Every entry that cannot be imported is reported with its line; the others still are.
"""
from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from anyascii import anyascii
from pydantic import ValidationError

from .bibimport_bibtex import read_bibtex
from .bibimport_csl import read_csl
from .bibimport_entry import OPTIONAL_FIELDS, BibEntry, decode_export, detect_format
from .bibimport_ris import read_ris
from .kinds import SOURCE, id_refusal
from .loader import load
from .messages import validation_problems
from .problems import Problem
from .scaffold import CommandError, Line, render_lines, schema_line, shown
from .schema import Source
from .textutil import slugify
from .yamlsafe import Parsed

READERS: dict[str, Callable[[str, str], tuple[list[BibEntry], list[Problem]]]] = {
    "bibtex": read_bibtex, "ris": read_ris, "csl-json": read_csl}


@dataclass(frozen=True)
class Planned:
    entry: BibEntry
    record_id: str
    path: Path
    data: dict[str, Any]   # the record as written, for the read-back test
    text: str


@dataclass
class ImportReport:
    format: str
    planned: list[Planned]
    problems: list[Problem]
    items: int             # entries in the export, readable or not

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def skipped(self) -> int:
        return self.items - len(self.planned)


# --- from entry to record ------------------------------------------------------------------------------

def _citation_title(entry: BibEntry) -> str:
    """'Salem (2002)', as CONTRIBUTING.md asks when only author and year are known."""
    names = [a.get("family") or a.get("literal", "") for a in entry.authors]
    who = names[0] if len(names) == 1 else " & ".join(names) if len(names) == 2 else f"{names[0]} et al."
    return f"{who} ({entry.year})"


def record_data(entry: BibEntry) -> dict[str, Any]:
    """The source record in the field order of data/sources/*.yaml."""
    data: dict[str, Any] = {"type": entry.type, "title": entry.title or _citation_title(entry),
                            "title_known": bool(entry.title), "authors": entry.authors, "year": entry.year}
    data.update((name, entry.optional[name]) for name in OPTIONAL_FIELDS if name in entry.optional)
    data["verified"] = False
    data["summary"] = "TODO: schrijf waarvoor deze bron in de kennisbank wordt aangehaald."
    return data


def _missing(entry: BibEntry, file: str) -> Problem | None:
    if entry.title or (entry.authors and entry.year):
        return None
    lacks = " en geen ".join(w for w, gone in (("titel", True), ("auteur", not entry.authors), ("jaar", entry.year is None))
                             if gone)
    return Problem(file, entry.line, f"dit item heeft geen {lacks}; het is niet geïmporteerd.",
                   expected="een titel, of ten minste een auteur en een jaar",
                   fix="Vul het item aan in Zotero (of in het bestand) en importeer opnieuw.", subject=entry.subject)


def _validate(data: dict[str, Any], record_id: str, entry: BibEntry, file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate as the loader will; a bad optional field (a DOI that is no DOI) is left out with a warning."""
    try:
        record, notes = Source.model_validate({**data, "id": record_id}), []
    except ValidationError as err:
        found = validation_problems(err, Source, Parsed(None, lines={(): entry.line}), file, entry.subject)
        bad = {e["loc"][0] for e in err.errors() if e["loc"]}
        if not bad or not bad <= set(OPTIONAL_FIELDS):
            return None, found
        notes = [dataclasses.replace(p, severity="warning", fix="Het veld is weggelaten; vul het zelf in als je het zeker "
                                     "weet.") for p in found]
        data = {k: v for k, v in data.items() if k not in bad}
        record = Source.model_validate({**data, "id": record_id})  # only optional fields were wrong, and they are gone
    if record.doi:
        data["doi"] = record.doi  # without https://doi.org/, as the site writes it
    return data, notes


def base_id(entry: BibEntry) -> str:
    """First author's family name (or organisation) and year, folded to ASCII: 'de-vries-2021'."""
    first = entry.authors[0] if entry.authors else {}
    candidates = [first.get("family") or first.get("literal") or "", entry.title or "", "bron"]
    for text in candidates:
        ascii_text = " ".join(anyascii(text).split()[:5])
        if any(c.isalnum() for c in ascii_text):
            name = slugify(ascii_text)
            candidate = f"{name}-{entry.year}" if entry.year is not None else name
            refusal = id_refusal(candidate)  # 'Nul' without a year, or a title 'Index': an id `check` would refuse
            return (refusal.suggestion or f"{candidate}-bron") if refusal else candidate
    return "bron"  # pragma: no cover - 'bron' always has letters


def _unique(base: str, taken: set[str]) -> str:
    """base, base-b, base-c, …: the first one not used earlier in this import."""
    for suffix in ["", *(f"-{c}" for c in string.ascii_lowercase[1:])]:
        if base + suffix not in taken:
            return base + suffix
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def file_text(entry: BibEntry, data: dict[str, Any], target: Path, root: Path, source_name: str) -> str:
    where = " ".join(f"{source_name} ({entry.subject}, regel {entry.line})".split())
    head = (schema_line(SOURCE.name, target, root)
            + f"# Geïmporteerd met 'kennisbank import-bib' uit {where}.\n")
    notes = {"title_known": "De export noemt geen titel: 'title' noemt alleen de verwijzing." if not data["title_known"] else "",
             "verified": "Geïmporteerd en nog niet nagekeken: zet dit pas op true als je de gegevens met de\n"
                         "publicatie zelf hebt vergeleken.",
             "summary": "TODO: schrijf in één of twee zinnen waarvoor deze bron in de kennisbank wordt aangehaald."}
    return head + render_lines(Line(name, value, notes.get(name, "")) for name, value in data.items())


# --- the whole file ------------------------------------------------------------------------------------

def _existing(data_dirs: Sequence[Path], root: Path) -> tuple[dict[str, Path], dict[str, str]]:
    """Source ids with their files (also broken ones), and DOIs of valid sources -> id."""
    ids: dict[str, Path] = {}
    for folder in data_dirs:
        for path in sorted((folder / SOURCE.folder).glob("*.y*ml")):
            ids.setdefault(path.stem, path)
    kb = load(data_dirs, root=root).kb
    dois = {s.doi.lower(): s.id for s in kb.sources.values() if s.doi} if kb else {}
    return ids, dois


def plan_import(export: Path, data_dirs: Sequence[Path], root: Path, shown_name: str | None = None) -> ImportReport:
    """Read the export and decide, per entry, the record to write or why it is skipped. Writes nothing."""
    name = shown_name or export.as_posix()
    if not export.is_file():
        raise CommandError(f"het bestand {name} bestaat niet.", fix="Controleer het pad naar de export.")
    if not data_dirs or not data_dirs[0].is_dir():
        raise CommandError(f"de datamap '{shown(data_dirs[0], root) if data_dirs else 'data'}' bestaat niet.",
                           fix="Start het commando in de map met mkdocs.yml, of noem de datamap met --data.")
    text = decode_export(export.read_bytes(), name)
    fmt = detect_format(export, text)
    entries, problems = READERS[fmt](text, name)
    items = len(entries) + sum(p.subject is not None for p in problems)  # the readers name each unreadable item
    existing, dois = _existing(data_dirs, root)
    taken: set[str] = set()
    planned: list[Planned] = []
    for entry in entries:
        missing = _missing(entry, name)
        if missing:
            problems.append(missing)
            continue
        record_id = _unique(base_id(entry), taken)
        taken.add(record_id)
        if record_id in existing:
            problems.append(Problem(name, entry.line, f"de bron '{record_id}' bestaat al ({shown(existing[record_id], root)}); "
                                    "niet overschreven.", severity="warning", subject=entry.subject,
                                    fix="Is het dezelfde publicatie, dan hoef je niets te doen. Is het een andere, maak haar "
                                        f"dan aan met 'kennisbank new bron {record_id}-b' en neem de gegevens over."))
            continue
        data, notes = _validate(record_data(entry), record_id, entry, name)
        if data is None:
            problems += notes
            continue
        doi = str(data.get("doi", "")).lower()
        if doi and doi in dois:
            problems.append(Problem(name, entry.line, f"een bron met DOI {data['doi']} bestaat al: '{dois[doi]}'; "
                                    "niet opnieuw geïmporteerd.", severity="warning", subject=entry.subject,
                                    fix="Noem de bestaande bron bij de onderbouwing in plaats van een nieuwe te maken."))
            continue
        problems += notes
        if doi:
            dois[doi] = record_id  # the same DOI twice in one export: import it once
        target = data_dirs[0] / SOURCE.folder / f"{record_id}.yaml"
        planned.append(Planned(entry, record_id, target, data, file_text(entry, data, target, root, export.name)))
    return ImportReport(fmt, planned, sorted(problems, key=lambda p: p.line or 0), items)


def write_planned(report: ImportReport) -> None:
    for item in report.planned:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        with item.path.open("x", encoding="utf-8") as handle:  # 'x': never overwrite, even if a file appeared meanwhile
            handle.write(item.text)

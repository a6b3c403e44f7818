"""Load the data folders into a KnowledgeBase, collecting every problem on the way.

Parsing and validating a file depends only on its bytes, so results are cached per file
(path, size, mtime): `mkdocs serve` re-reads only what an editor changed.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kennisbank.core.model.kinds import KINDS, Kind, id_refusal
from kennisbank.core.model.knowledge_base import KnowledgeBase, Origin, freeze
from kennisbank.core.model.records import Glossary, GlossaryTerm, Record, Taxonomy
from kennisbank.core.reading.datafolder import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    REFUSED_FIX,
    TAXONOMY_FILE,
    Checked,
    Listing,
    Refused,
    check_file,
    inside,
    read_checked,
    refused_problem,
    rel_path,
    scan,
)
from kennisbank.core.reading.html_in_text import html_problems
from kennisbank.core.reading.internal_links import check_internal_links
from kennisbank.core.reading.markdown_limits import markdown_problems
from kennisbank.core.reading.messages import validation_problems
from kennisbank.core.reading.problems import Problem, sort_problems
from kennisbank.core.reading.record_checks import record_problems
from kennisbank.core.reading.references import build_referrers, check_references, count_evidence, subject
from kennisbank.core.reading.yamlsafe import Parsed, decode, megabytes, parse
from kennisbank.core.textutil import printable

REQUIRED_EVIDENCE_KINDS = ("literature", "expert", "practice")


@dataclass(frozen=True)
class LoadResult:
    kb: KnowledgeBase | None     # built from every valid record, even when other files have errors
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def ok(self) -> bool:
        return self.kb is not None and not self.errors


@dataclass(frozen=True)
class _FileResult:
    value: Any                  # a validated model, or None
    origin: Origin
    problems: tuple[Problem, ...]


class FileCache:
    """Validated files keyed on (path, size, mtime); reused across builds in one process."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple[int, int], _FileResult]] = {}

    def get(self, path: Path, stamp: tuple[int, int]) -> _FileResult | None:
        entry = self._entries.get(str(path))
        return entry[1] if entry and entry[0] == stamp else None

    def put(self, path: Path, stamp: tuple[int, int], result: _FileResult) -> None:
        self._entries[str(path)] = (stamp, result)


def load(data_dirs: Sequence[str | os.PathLike[str]], root: str | os.PathLike[str] | None = None,
         cache: FileCache | None = None) -> LoadResult:
    """Read taxonomy and records from `data_dirs` (later folders add to earlier ones)."""
    root_path = Path(root) if root else Path.cwd()
    cache = cache or FileCache()
    problems: list[Problem] = []
    dirs = [Path(d) if Path(d).is_absolute() else root_path / d for d in data_dirs]
    for folder in dirs:
        if not folder.is_dir():
            problems.append(Problem(rel_path(folder, root_path), None, "deze datamap bestaat niet.",
                                    fix="Maak de map aan of pas de lijst 'data' onder extra.kennisbank in mkdocs.yml aan."))
    # Only entries named exactly as the loader expects are read; every other one that matters is reported.
    listings = [scan(d, root_path) for d in dirs if d.is_dir()]
    for listing in listings:
        problems += listing.problems

    taxonomy = _load_taxonomy(listings, root_path, cache, problems)
    records: dict[str, dict[str, Record]] = {k.name: {} for k in KINDS}
    origins: dict[tuple[str, str], Origin] = {}
    broken: dict[str, set[str]] = {k.name: set() for k in KINDS}
    for kind in KINDS:
        for listing in listings:
            for path in listing.records[kind.name]:
                result = _load_file(path, root_path, listing.base, cache,
                                    lambda data, parsed, rel, k=kind, p=path, d=listing.folder:
                                    _validate_record(k, p.stem, data, parsed, rel, d))
                problems.extend(result.problems)
                if result.value is None:
                    broken[kind.name].add(path.stem)
                    continue
                if _merge(kind, result, records, origins, problems):
                    records[kind.name][result.value.id] = result.value
                    origins[(kind.name, result.value.id)] = result.origin
    if taxonomy is None:
        return LoadResult(None, sort_problems(problems))

    glossary = _load_glossary(listings, root_path, cache, problems)
    frozen = freeze({name: freeze(dict(sorted(by_id.items()))) for name, by_id in records.items()})
    kb = KnowledgeBase(taxonomy=taxonomy, records=frozen, origins=freeze(origins),
                       referrers=build_referrers(frozen), evidence_counts=count_evidence(frozen), glossary=glossary)
    problems += check_references(kb, broken)
    problems += check_internal_links(kb)
    return LoadResult(kb, sort_problems(problems))


def _merge(kind: Kind, result: _FileResult, records: dict[str, dict[str, Record]], origins: dict[tuple[str, str], Origin],
           problems: list[Problem]) -> bool:
    """May this record go in? A later data folder replaces an earlier record only when it says `replaces: true`."""
    record = result.value
    earlier = origins.get((kind.name, record.id))
    who = subject(kind.name, record.id)
    if earlier is None:
        if record.replaces:
            problems.append(Problem(result.origin.file, result.origin.line_of(("replaces",)),
                                    f"'replaces: true' staat hier, maar geen eerdere datamap heeft een record "
                                    f"'{record.id}' van deze soort.",
                                    fix="Verwijder de regel, of geef het bestand de naam van het record dat het moet vervangen.",
                                    subject=who, severity="warning"))
        return True
    if record.replaces:
        return True
    problems.append(Problem(result.origin.file, 1, f"de id '{record.id}' bestaat al in {earlier.file}.",
                            fix=f"Zet 'replaces: true' in {result.origin.file} als dit record dat uit {earlier.file} "
                                "moet vervangen; geef het anders een andere bestandsnaam.", subject=who))
    return False


def _load_file(path: Path, root: Path, base: Path, cache: FileCache, validate: Any) -> _FileResult:
    """Parse and validate one file of the data folder `base`; it is stat-checked before a byte is read."""
    rel = rel_path(path, root)
    checked = check_file(path, base)
    if isinstance(checked, Refused):
        return _FileResult(None, Origin(rel, freeze({})), (refused_problem(checked, rel),))
    stamp = (checked.size, checked.mtime_ns)
    cached = cache.get(path, stamp)
    if cached is not None:
        return cached
    raw = read_checked(checked)
    if isinstance(raw, Refused):
        return _FileResult(None, Origin(rel, freeze({})), (refused_problem(raw, rel),))
    text, problems = decode(raw, rel)
    parsed = parse(text, rel) if text is not None else Parsed(None)
    problems = problems + parsed.problems
    value = None
    if text is not None and parsed.data is not None:
        if not isinstance(parsed.data, dict):
            what = "een lijst" if isinstance(parsed.data, list) else "losse tekst of een getal"
            problems.append(Problem(rel, 1, f"het bestand is {what}, geen record.",
                                    expected="velden als 'title: …' en 'summary: …' onder elkaar, zonder '-' ervoor",
                                    fix="Begin elke regel van het hoogste niveau met een veldnaam "
                                        "gevolgd door een dubbele punt."))
        else:
            value, more = validate(parsed.data, parsed, rel)
            # A value the reader refused (a tag, an alias) is already reported on that line.
            problems += [p for p in more if p.line not in parsed.refused_lines]
    if any(p.is_error for p in problems):
        value = None
    result = _FileResult(value, Origin(rel, freeze(dict(parsed.lines))), tuple(problems))
    cache.put(path, stamp, result)
    return result


def _validate_record(kind: Kind, stem: str, data: dict[str, Any], parsed: Parsed, rel: str,
                     data_dir: Path) -> tuple[Any, list[Problem]]:
    who = subject(kind.name, printable(stem))
    refusal = id_refusal(stem)  # the rules of `kennisbank new` (scaffold.check_new_id)
    problems = [] if refusal is None else [Problem(
        rel, None, refusal.message, expected=refusal.expected, subject=who,
        fix=f"Hernoem het bestand naar '{refusal.suggestion}.yaml'." if refusal.suggestion else "Kies een andere bestandsnaam.")]
    if "id" in data:
        problems.append(Problem(rel, parsed.line_of(("id",)), "het veld 'id' hoort niet in het bestand.",
                                fix="Verwijder de regel: de id is de bestandsnaam zonder .yaml.", subject=who))
        data = {k: v for k, v in data.items() if k != "id"}
    try:
        record = kind.model.model_validate({**data, "id": stem})
    except ValidationError as err:
        return None, problems + validation_problems(err, kind.model, parsed, rel, who)
    attachment = getattr(record, "attachment", None)
    if attachment:
        problems += _check_attachment(attachment, data_dir, parsed.line_of(("attachment",)), rel, who)
    problems += markdown_problems(record, parsed.line_of, rel, who)  # Markdown the build cannot render (markdown_limits.py)
    problems += html_problems(record, parsed.line_of, rel, who, parsed.source)  # what the page drops (html_in_text.py)
    problems += record_problems(record, parsed.line_of, rel, who, parsed.source)  # TODO text, fields APA leaves out
    return record, problems


def _check_attachment(attachment: str, data_dir: Path, line: int, rel: str, who: str) -> list[Problem]:
    """An organisation's own file for a template: a regular document inside the data folder, spelled exactly."""
    folder = data_dir.resolve()
    target = folder / attachment
    expected = "een pad binnen de datamap, bijv. templates/bijlagen/agenda.docx"
    if Path(attachment).is_absolute() or not inside(Path(os.path.realpath(target)), folder):
        return [Problem(rel, line, f"de bijlage '{attachment}' ligt buiten de datamap.", expected=expected,
                        fix="Zet het bestand in de datamap en schrijf het pad vanaf die map, zonder '..' of '/' vooraan.",
                        subject=who)]
    if target.suffix.lower() not in ATTACHMENT_TYPES:
        return [Problem(rel, line, f"de bijlage '{attachment}' is geen document.", expected=", ".join(ATTACHMENT_TYPES),
                        fix="Lever de bijlage aan als pdf, docx, odt, xlsx, ods of pptx.", subject=who)]
    if not _exists_as_spelled(folder, target):
        return [Problem(rel, line, f"de bijlage '{attachment}' bestaat niet.", expected=expected,
                        fix="Controleer de schrijfwijze van het pad (hoofdletters tellen mee).", subject=who)]
    checked = check_file(target, folder, MAX_ATTACHMENT_BYTES)
    if isinstance(checked, Checked):
        return []
    if checked.reason == "size":
        return [Problem(rel, line, f"de bijlage '{attachment}' is te groot ({megabytes(checked.size)} MB).",
                        expected=f"hoogstens {MAX_ATTACHMENT_BYTES // 1_000_000} MB",
                        fix="Maak het bestand kleiner, bijvoorbeeld met kleinere afbeeldingen.", subject=who)]
    return [Problem(rel, line, f"de bijlage '{attachment}' {checked.detail}.", fix=REFUSED_FIX[checked.reason], subject=who)]


def _exists_as_spelled(folder: Path, target: Path) -> bool:
    """Exists with exactly this spelling: a case-insensitive disk (Mac, Windows) finds 'Agenda.docx' for 'agenda.docx',
    the build server does not."""
    current = folder
    for part in target.relative_to(folder).parts:
        if part in ("", "."):
            continue
        try:
            if part != ".." and part not in os.listdir(current):
                return False
        except OSError:
            return False
        current = current / part
    return os.path.lexists(current)


def _load_taxonomy(listings: list[Listing], root: Path, cache: FileCache, problems: list[Problem]) -> Taxonomy | None:
    found = [(path, listing.base) for listing in listings if (path := listing.taxonomy) is not None]
    if not found:
        where = rel_path(listings[0].folder, root) if listings else "data"
        problems.append(Problem(f"{where}/{TAXONOMY_FILE}", None, "de taxonomie ontbreekt.",
                                expected="een bestand met de lijsten phases, steps, evidence_kinds en sectors",
                                fix="Kopieer data/taxonomy.yaml uit de voorbeeldkennisbank "
                                    "of maak er een met 'kennisbank init'."))
        return None
    # The last folder that has a taxonomy wins: an organisation's copy may extend the upstream one.
    path, base = found[-1]
    result = _load_file(path, root, base, cache, _validate_taxonomy)
    problems.extend(result.problems)
    return result.value


def _validate_taxonomy(data: dict[str, Any], parsed: Parsed, rel: str) -> tuple[Any, list[Problem]]:
    try:
        taxonomy = Taxonomy.model_validate(data)
    except ValidationError as err:
        return None, validation_problems(err, Taxonomy, parsed, rel, "taxonomie")
    problems = []
    for list_name in ("phases", "steps", "evidence_kinds", "sectors"):
        seen: set[str] = set()
        for index, term in enumerate(getattr(taxonomy, list_name)):
            if term.id in seen:
                problems.append(Problem(rel, parsed.line_of((list_name, index)), f"'{term.id}' staat twee keer in '{list_name}'.",
                                        fix="Houd één van de twee over.", subject="taxonomie"))
            seen.add(term.id)
    kinds = {k.id for k in taxonomy.evidence_kinds}
    for required in REQUIRED_EVIDENCE_KINDS:
        if required not in kinds:
            problems.append(Problem(rel, parsed.line_of(("evidence_kinds",)),
                                    f"de soort onderbouwing '{required}' ontbreekt in 'evidence_kinds'.",
                                    expected="minstens literature, expert en practice",
                                    fix=f"Voeg '- id: {required}' met een label toe.", subject="taxonomie"))
    problems += markdown_problems(taxonomy, parsed.line_of, rel, "taxonomie")  # phase and step texts (markdown_limits.py)
    return (None if problems else taxonomy), problems


def _load_glossary(listings: list[Listing], root: Path, cache: FileCache, problems: list[Problem]) -> tuple[GlossaryTerm, ...]:
    """Glossaries of all folders together; a later folder's term replaces an earlier one with the same name."""
    terms: dict[str, GlossaryTerm] = {}
    for listing in listings:
        if listing.glossary:
            result = _load_file(listing.glossary, root, listing.base, cache, _validate_glossary)
            problems.extend(result.problems)
            for term in (result.value.terms if result.value else ()):
                terms[term.term.casefold()] = term
    return tuple(sorted(terms.values(), key=lambda t: t.term.casefold()))


def _validate_glossary(data: dict[str, Any], parsed: Parsed, rel: str) -> tuple[Any, list[Problem]]:
    try:
        return Glossary.model_validate(data), []
    except ValidationError as err:
        return None, validation_problems(err, Glossary, parsed, rel, "begrippenlijst")

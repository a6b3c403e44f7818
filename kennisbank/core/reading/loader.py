"""Load the data folders into a KnowledgeBase, collecting every problem on the way.

Parsing and validating a file depends only on its bytes, so results are cached per file (filecache.py): `mkdocs
serve` re-reads only what an editor changed, `kennisbank check` only what changed since the last check. The checks
across records run on every load, from each record's facts (facts.py).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.kinds import KINDS, Kind, id_refusal
from kennisbank.core.model.knowledge_base import KnowledgeBase, Origin, freeze
from kennisbank.core.model.records import Glossary, GlossaryTerm, Taxonomy
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
from kennisbank.core.reading.facts import Facts, record_facts
from kennisbank.core.reading.filecache import NOT_KEPT, Deferred, FileCache, FileResult, LazyRecords, Stamp, unblob
from kennisbank.core.reading.internal_links import check_internal_links
from kennisbank.core.reading.messages import validation_problems
from kennisbank.core.reading.problems import Problem, sort_problems
from kennisbank.core.reading.record_checks import record_problems
from kennisbank.core.reading.references import build_referrers, check_references, count_evidence, subject
from kennisbank.core.reading.yamlsafe import Parsed, decode, megabytes, parse
from kennisbank.core.textutil import printable

__all__ = ["FileCache", "LoadResult", "load"]  # FileCache lives in filecache.py; the adapter imports it from here

REQUIRED_EVIDENCE_KINDS = ("literature", "expert", "practice")
TAXONOMY = both("taxonomie", "taxonomy")      # the subject of the taxonomy's problems
GLOSSARY = both("begrippenlijst", "glossary")  # the subject of the glossary's problems


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


def load(data_dirs: Sequence[str | os.PathLike[str]], root: str | os.PathLike[str] | None = None,
         cache: FileCache | None = None) -> LoadResult:
    """Read taxonomy and records from `data_dirs` (later folders add to earlier ones)."""
    root_path = Path(root) if root else Path.cwd()
    cache = cache or FileCache()
    problems: list[Problem] = []
    dirs = [Path(d) if Path(d).is_absolute() else root_path / d for d in data_dirs]
    for folder in dirs:
        if not folder.is_dir():
            problems.append(Problem(rel_path(folder, root_path), None,
                                    both("deze datamap bestaat niet.", "this data folder does not exist."),
                                    fix=both("Maak de map aan of pas de lijst 'data' onder extra.kennisbank in mkdocs.yml aan.",
                                             "Create the folder or change the list 'data' under extra.kennisbank in "
                                             "mkdocs.yml.")))
    # Only entries named exactly as the loader expects are read; every other one that matters is reported.
    listings = [scan(d, root_path) for d in dirs if d.is_dir()]
    for listing in listings:
        problems += listing.problems

    taxonomy = _load_taxonomy(listings, root_path, cache, problems)
    records: dict[str, dict[str, Any]] = {k.name: {} for k in KINDS}   # models, or Deferred ones (check cache)
    facts: dict[str, dict[str, Facts]] = {k.name: {} for k in KINDS}
    origins: dict[tuple[str, str], Origin] = {}
    broken: dict[str, set[str]] = {k.name: set() for k in KINDS}
    for kind in KINDS:
        for listing in listings:
            for path in listing.records[kind.name]:
                result = _load_file(path, root_path, listing.base, cache,
                                    lambda data, parsed, rel, k=kind, p=path, d=listing.folder:
                                    _validate_record(k, p.stem, data, parsed, rel, d))
                value = _with_attachment(result, problems)
                if value is None or result.facts is None:
                    broken[kind.name].add(path.stem)
                    continue
                if _merge(kind, result, origins, problems):
                    records[kind.name][result.facts.id] = value
                    facts[kind.name][result.facts.id] = result.facts
                    origins[(kind.name, result.facts.id)] = result.origin
    if taxonomy is None:
        return LoadResult(None, sort_problems(problems))

    glossary = _load_glossary(listings, root_path, cache, problems)
    by_kind = {name: dict(sorted(by_id.items())) for name, by_id in records.items()}
    frozen = freeze({name: LazyRecords(by_id) if any(isinstance(v, Deferred) for v in by_id.values()) else freeze(by_id)
                     for name, by_id in by_kind.items()})
    in_order = {name: {record_id: facts[name][record_id] for record_id in by_id} for name, by_id in by_kind.items()}
    kb = KnowledgeBase(taxonomy=taxonomy, records=frozen, origins=freeze(origins),
                       referrers=build_referrers(in_order), evidence_counts=count_evidence(in_order), glossary=glossary)
    problems += check_references(kb, in_order, broken)
    problems += check_internal_links(kb, in_order)
    return LoadResult(kb, sort_problems(problems))


def _with_attachment(result: FileResult, problems: list[Problem]) -> Any:
    """The file's problems, and those of its attachment: that is another file, so it is checked on every load."""
    problems.extend(result.problems)
    if result.attachment is None:
        return result.value
    attachment, data_dir, line, who = result.attachment
    found = _check_attachment(attachment, Path(data_dir), line, result.origin.file, who)
    problems.extend(found)
    return None if found else result.value


def _merge(kind: Kind, result: FileResult, origins: dict[tuple[str, str], Origin], problems: list[Problem]) -> bool:
    """May this record go in? A later data folder replaces an earlier record only when it says `replaces: true`."""
    assert result.facts is not None
    record_id, replaces = result.facts.id, result.facts.replaces
    earlier = origins.get((kind.name, record_id))
    if earlier is None:
        if replaces:
            problems.append(Problem(result.origin.file, result.origin.line_of(("replaces",)),
                                    say("'replaces: true' staat hier, maar geen eerdere datamap heeft een record "
                                        "'{id}' van deze soort.",
                                        "'replaces: true' is here, but no earlier data folder has a record '{id}' "
                                        "of this kind.", id=record_id),
                                    fix=both("Verwijder de regel, of geef het bestand de naam van het record dat het moet "
                                             "vervangen.",
                                             "Remove the line, or give the file the name of the record it should replace."),
                                    subject=subject(kind.name, record_id), severity="warning"))
        return True
    if replaces:
        return True
    problems.append(Problem(result.origin.file, 1,
                            say("de id '{id}' bestaat al in {earlier}.", "the id '{id}' already exists in {earlier}.",
                                id=record_id, earlier=earlier.file),
                            fix=say("Zet 'replaces: true' in {file} als dit record dat uit {earlier} moet vervangen; "
                                    "geef het anders een andere bestandsnaam.",
                                    "Put 'replaces: true' in {file} if this record should replace the one in {earlier}; "
                                    "otherwise give it another file name.",
                                    file=result.origin.file, earlier=earlier.file), subject=subject(kind.name, record_id)))
    return False


def _load_file(path: Path, root: Path, base: Path, cache: FileCache, validate: Any) -> FileResult:
    """Parse and validate one file of the data folder `base`; it is stat-checked before a byte is read."""
    name = str(path)  # once: a check over cached files does little more per file than this and a stat
    checked = check_file(name, base)
    if isinstance(checked, Refused):
        rel = rel_path(path, root)
        return FileResult(None, Origin(rel, freeze({})), (refused_problem(checked, rel),))
    stamp = (checked.size, checked.mtime_ns, checked.ctime_ns, checked.ino)
    cached = cache.get(name, stamp)
    if cached is not None:
        if cached.value is NOT_KEPT:
            return cached._replace(value=_Reread(path, root, base, validate, stamp))
        return cached
    rel = rel_path(path, root)
    raw = read_checked(checked)
    if isinstance(raw, Refused):
        return FileResult(None, Origin(rel, freeze({})), (refused_problem(raw, rel),))
    text, problems = decode(raw, rel)
    parsed = parse(text, rel) if text is not None else Parsed(None)
    problems = problems + parsed.problems
    value = facts = attachment = None
    if text is not None and parsed.data is not None:
        if not isinstance(parsed.data, dict):
            what = both("een lijst", "a list") if isinstance(parsed.data, list) else \
                both("losse tekst of een getal", "plain text or a number")
            problems.append(Problem(rel, 1, say("het bestand is {what}, geen record.", "the file is {what}, not a record.",
                                                what=what),
                                    expected=both("velden als 'title: …' en 'summary: …' onder elkaar, zonder '-' ervoor",
                                                  "fields such as 'title: …' and 'summary: …' one below the other, "
                                                  "without a '-' in front"),
                                    fix=both("Begin elke regel van het hoogste niveau met een veldnaam "
                                             "gevolgd door een dubbele punt.",
                                             "Start each top-level line with a field name followed by a colon.")))
        else:
            value, more, facts, attachment = validate(parsed.data, parsed, rel)
            # A value the reader refused (a tag, an alias) is already reported on that line.
            problems += [p for p in more if p.line not in parsed.refused_lines]
            if attachment is not None and attachment[2] in parsed.refused_lines:
                attachment = None
    if any(p.is_error for p in problems):
        value = facts = None
    result = FileResult(value, Origin(rel, freeze(dict(parsed.lines))), tuple(problems), facts, attachment)
    cache.put(name, stamp, result)
    return result


class _Reread(Deferred):
    """A valid record from the check cache, which keeps no models: validated again from its file when first needed."""

    __slots__ = ("path", "root", "base", "validate", "stamp")

    def __init__(self, path: Path, root: Path, base: Path, validate: Any, stamp: Stamp) -> None:
        self.path, self.root, self.base, self.validate, self.stamp = path, root, base, validate, stamp

    def model(self) -> Any:
        checked = check_file(str(self.path), self.base)
        result = _load_file(self.path, self.root, self.base, FileCache(), self.validate)
        if not isinstance(checked, Checked) or (checked.size, checked.mtime_ns, checked.ctime_ns, checked.ino) != self.stamp \
                or result.value is None:
            raise RuntimeError(f"{self.path} changed after it was checked; load the data again")
        return result.value


def _validate_record(kind: Kind, stem: str, data: dict[str, Any], parsed: Parsed, rel: str,
                     data_dir: Path) -> tuple[Any, list[Problem], Facts | None, tuple[str, str, int, Message] | None]:
    who = subject(kind.name, printable(stem))
    refusal = id_refusal(stem)  # the rules of `kennisbank new` (scaffold.check_new_id)
    problems = [] if refusal is None else [Problem(
        rel, None, refusal.message, expected=refusal.expected, subject=who,
        fix=say("Hernoem het bestand naar '{name}.yaml'.", "Rename the file to '{name}.yaml'.", name=refusal.suggestion)
        if refusal.suggestion else both("Kies een andere bestandsnaam.", "Choose another file name."))]
    if "id" in data:
        problems.append(Problem(rel, parsed.line_of(("id",)),
                                both("het veld 'id' hoort niet in het bestand.", "the field 'id' does not belong in the file."),
                                fix=both("Verwijder de regel: de id is de bestandsnaam zonder .yaml.",
                                         "Remove the line: the id is the file name without .yaml."), subject=who))
        data = {k: v for k, v in data.items() if k != "id"}
    try:
        record = kind.model.model_validate({**data, "id": stem})
    except ValidationError as err:
        return None, problems + validation_problems(err, kind.model, parsed, rel, who), None, None
    # These two import the renderer (its sanitiser, its list handling): only needed when a file is read, so a check
    # over cached files does without.
    from kennisbank.core.reading.html_in_text import html_problems
    from kennisbank.core.reading.markdown_limits import markdown_problems

    attachment = getattr(record, "attachment", None)  # checked by the loader on every load (_with_attachment)
    problems += markdown_problems(record, parsed.line_of, rel, who)  # Markdown the build cannot render (markdown_limits.py)
    problems += html_problems(record, parsed.line_of, rel, who, parsed.source)  # what the page drops (html_in_text.py)
    problems += record_problems(record, parsed.line_of, rel, who, parsed.source)  # TODO text, fields APA leaves out
    return (record, problems, record_facts(kind, record),
            (attachment, str(data_dir), parsed.line_of(("attachment",)), who) if attachment else None)


def _check_attachment(attachment: str, data_dir: Path, line: int, rel: str, who: str) -> list[Problem]:
    """An organisation's own file for a template: a regular document inside the data folder, spelled exactly."""
    folder = data_dir.resolve()
    target = folder / attachment
    expected = both("een pad binnen de datamap, bijv. templates/bijlagen/agenda.docx",
                    "a path inside the data folder, e.g. templates/attachments/agenda.docx")
    if Path(attachment).is_absolute() or not inside(Path(os.path.realpath(target)), folder):
        return [Problem(rel, line, say("de bijlage '{name}' ligt buiten de datamap.",
                                       "the attachment '{name}' is outside the data folder.", name=attachment),
                        expected=expected,
                        fix=both("Zet het bestand in de datamap en schrijf het pad vanaf die map, zonder '..' of '/' vooraan.",
                                 "Put the file in the data folder and write the path from that folder, without '..' or "
                                 "'/' at the start."),
                        subject=who)]
    if target.suffix.lower() not in ATTACHMENT_TYPES:
        return [Problem(rel, line, say("de bijlage '{name}' is geen document.", "the attachment '{name}' is not a document.",
                                       name=attachment),
                        expected=", ".join(ATTACHMENT_TYPES),
                        fix=both("Lever de bijlage aan als pdf, docx, odt, xlsx, ods of pptx.",
                                 "Supply the attachment as pdf, docx, odt, xlsx, ods or pptx."), subject=who)]
    if not _exists_as_spelled(folder, target):
        return [Problem(rel, line, say("de bijlage '{name}' bestaat niet.", "the attachment '{name}' does not exist.",
                                       name=attachment),
                        expected=expected,
                        fix=both("Controleer de schrijfwijze van het pad (hoofdletters tellen mee).",
                                 "Check the spelling of the path (capital letters count)."), subject=who)]
    checked = check_file(target, folder, MAX_ATTACHMENT_BYTES)
    if isinstance(checked, Checked):
        return []
    if checked.reason == "size":
        return [Problem(rel, line, say("de bijlage '{name}' is te groot ({size} MB).",
                                       "the attachment '{name}' is too large ({size} MB).",
                                       name=attachment, size=megabytes(checked.size)),
                        expected=say("hoogstens {limit} MB", "at most {limit} MB", limit=MAX_ATTACHMENT_BYTES // 1_000_000),
                        fix=both("Maak het bestand kleiner, bijvoorbeeld met kleinere afbeeldingen.",
                                 "Make the file smaller, for example with smaller images."), subject=who)]
    # `detail` completes the sentence (datafolder.py): a Message where it has an English wording.
    return [Problem(rel, line, say("de bijlage '{name}' {detail}.", "the attachment '{name}' {detail}.",
                                   name=attachment, detail=checked.detail),
                    fix=REFUSED_FIX[checked.reason], subject=who)]


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
        problems.append(Problem(f"{where}/{TAXONOMY_FILE}", None, both("de taxonomie ontbreekt.", "the taxonomy is missing."),
                                expected=both("een bestand met de lijsten phases, steps, evidence_kinds en sectors",
                                              "a file with the lists phases, steps, evidence_kinds and sectors"),
                                fix=both("Kopieer data/taxonomy.yaml uit de voorbeeldkennisbank "
                                         "of maak er een met 'kennisbank init'.",
                                         "Copy data/taxonomy.yaml from the example knowledge base "
                                         "or make one with 'kennisbank init'.")))
        return None
    # The last folder that has a taxonomy wins: an organisation's copy may extend the upstream one.
    path, base = found[-1]
    result = _load_file(path, root, base, cache, _validate_taxonomy)
    problems.extend(result.problems)
    return unblob(result.value)  # type: ignore[no-any-return]


def _validate_taxonomy(data: dict[str, Any], parsed: Parsed, rel: str) -> tuple[Any, list[Problem], None, None]:
    try:
        taxonomy = Taxonomy.model_validate(data)
    except ValidationError as err:
        return None, validation_problems(err, Taxonomy, parsed, rel, TAXONOMY), None, None
    problems = []
    for list_name in ("phases", "steps", "evidence_kinds", "sectors"):
        seen: set[str] = set()
        for index, term in enumerate(getattr(taxonomy, list_name)):
            if term.id in seen:
                problems.append(Problem(rel, parsed.line_of((list_name, index)),
                                        say("'{id}' staat twee keer in '{list}'.", "'{id}' appears twice in '{list}'.",
                                            id=term.id, list=list_name),
                                        fix=both("Houd één van de twee over.", "Keep one of the two."), subject=TAXONOMY))
            seen.add(term.id)
    kinds = {k.id for k in taxonomy.evidence_kinds}
    for required in REQUIRED_EVIDENCE_KINDS:
        if required not in kinds:
            problems.append(Problem(rel, parsed.line_of(("evidence_kinds",)),
                                    say("de soort onderbouwing '{id}' ontbreekt in 'evidence_kinds'.",
                                        "the kind of evidence '{id}' is missing from 'evidence_kinds'.", id=required),
                                    expected=both("minstens literature, expert en practice",
                                                  "at least literature, expert and practice"),
                                    fix=say("Voeg '- id: {id}' met een label toe.", "Add '- id: {id}' with a label.",
                                            id=required), subject=TAXONOMY))
    from kennisbank.core.reading.markdown_limits import markdown_problems  # see _validate_record

    problems += markdown_problems(taxonomy, parsed.line_of, rel, TAXONOMY)  # phase and step texts (markdown_limits.py)
    return (None if problems else taxonomy), problems, None, None


def _load_glossary(listings: list[Listing], root: Path, cache: FileCache, problems: list[Problem]) -> tuple[GlossaryTerm, ...]:
    """Glossaries of all folders together; a later folder's term replaces an earlier one with the same name."""
    terms: dict[str, GlossaryTerm] = {}
    for listing in listings:
        if listing.glossary:
            result = _load_file(listing.glossary, root, listing.base, cache, _validate_glossary)
            problems.extend(result.problems)
            glossary = unblob(result.value)
            for term in (glossary.terms if glossary else ()):
                terms[term.term.casefold()] = term
    return tuple(sorted(terms.values(), key=lambda t: t.term.casefold()))


def _validate_glossary(data: dict[str, Any], parsed: Parsed, rel: str) -> tuple[Any, list[Problem], None, None]:
    try:
        return Glossary.model_validate(data), [], None, None
    except ValidationError as err:
        return None, validation_problems(err, Glossary, parsed, rel, GLOSSARY), None, None

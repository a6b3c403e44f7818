"""`kennisbank import-bib`: a Zotero export (BibTeX, RIS, CSL JSON) becomes one source record per entry.

Nothing is invented and nothing is overwritten: each record holds exactly what the export says, is marked
`verified: false` until an editor has compared it with the publication, and only the fields the APA reference of
its kind shows (source_types.py) are written; any other field the export has is reported. Every entry that cannot
be imported is reported with its line; the others still are. An id that is taken by another publication gets the
next letter (brown-2019-b); the same publication again is reported and skipped. Files are written all or none.

Problems are Messages (kennisbank/core/i18n.py), shown in the site's language where they are printed; the
comments, placeholder text and our own wordings (a thesis genre) of a new source file are in `plan_import`'s language.
"""
from __future__ import annotations

import dataclasses
import os
import re
import string
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anyascii import anyascii
from pydantic import ValidationError

from kennisbank.core.authoring.bibimport.bibtex import read_bibtex
from kennisbank.core.authoring.bibimport.csl import read_csl
from kennisbank.core.authoring.bibimport.entry import OPTIONAL_FIELDS, BibEntry, Origin, decode_export, detect_format
from kennisbank.core.authoring.bibimport.ris import read_ris
from kennisbank.core.authoring.scaffold import Line, render_lines, schema_line, shown
from kennisbank.core.i18n import Message, both, in_language, say
from kennisbank.core.model import richtext
from kennisbank.core.model.kinds import SOURCE, id_refusal
from kennisbank.core.model.records import Source
from kennisbank.core.model.source_types import SOURCE_TYPES
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.messages import validation_problems
from kennisbank.core.reading.problems import CommandError, Problem
from kennisbank.core.reading.yamlsafe import Parsed, parse
from kennisbank.core.textutil import os_reason, slugify

READERS: dict[str, Callable[[str, str], tuple[list[BibEntry], list[Problem]]]] = {
    "bibtex": read_bibtex, "ris": read_ris, "csl-json": read_csl}
"""Each reader returns the entries it could read and one problem per item it could not (with a subject), or one
problem without a subject for a file it could not read at all. Warnings about a read entry are in entry.notes."""

MAX_BASE_ID = 60
"""An imported id (before a -b suffix) is at most this long, cut at a hyphen: a file name that is never too long."""

_KIND_NAMES = {"article": both("een artikel", "an article"), "book": both("een boek", "a book"),
               "chapter": both("een hoofdstuk", "a chapter"),
               "conference-paper": both("een congresbijdrage", "a conference paper"),
               "report": both("een rapport", "a report"),
               "thesis": both("een proefschrift of scriptie", "a dissertation or thesis"),
               "webpage": both("een webpagina", "a web page"), "preprint": both("een preprint", "a preprint"),
               "legislation": both("een wet of regeling", "a law or regulation"),
               "presentation": both("een presentatie", "a presentation"),
               "other": both("een ander soort document", "another kind of document")}
_FIELD_NAMES = {"editors": both("de redacteuren", "the editors"),
                "container": both("het tijdschrift, de bundel of de website", "the journal, the edited book or the website"),
                "edition": both("de druk", "the edition"), "volume": both("de jaargang", "the volume"),
                "issue": both("het nummer", "the issue"), "pages": both("de pagina's", "the pages"),
                "number": both("het nummer", "the number"), "genre": both("het soort document", "the kind of document"),
                "publisher": both("de uitgever", "the publisher")}


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
    people = entry.authors or entry.editors
    names = [a.get("family") or a.get("literal", "") for a in people]
    who = names[0] if len(names) == 1 else " & ".join(names) if len(names) == 2 else f"{names[0]} et al."
    return f"{who} ({entry.year})" if entry.year is not None else who


def shown_fields(entry: BibEntry) -> tuple[dict[str, Any], list[tuple[str, Origin]]]:
    """The optional fields the APA reference of the entry's kind shows, and (field, origin) of those it leaves out."""
    kind = SOURCE_TYPES[entry.type]
    values: dict[str, Any] = {"editors": entry.editors} if entry.editors else {}
    values.update((name, entry.optional[name]) for name in OPTIONAL_FIELDS if name in entry.optional)
    kept = {name: value for name, value in values.items() if kind.shows(name)}
    # Zotero records an access date for every item; APA shows one only for a web page without a date (not a loss).
    dropped = [(name, entry.origins[name]) for name in values
               if name not in kept and name in entry.origins and name != "accessed"]
    return kept, dropped


_SUMMARY_TODO = both("TODO: schrijf waarvoor deze bron in de kennisbank wordt aangehaald.",
                     "TODO: write what this source is cited for in the knowledge base.")


def record_data(entry: BibEntry, language: str = "nl") -> dict[str, Any]:
    """The source record in the field order of data/sources/*.yaml; our own wordings in `language`."""
    data: dict[str, Any] = {"type": entry.type, "title": entry.title or _citation_title(entry),
                            "title_known": bool(entry.title), "authors": entry.authors, "year": entry.year}
    data.update((name, in_language(value, language) if isinstance(value, Message) else value)
                for name, value in shown_fields(entry)[0].items())
    data["verified"] = False
    data["summary"] = _SUMMARY_TODO.text(language)
    return data


def _not_shown(entry: BibEntry, file: str) -> list[Problem]:
    problems = []
    for name, origin in shown_fields(entry)[1]:
        value = origin.value if len(origin.value) <= 120 else origin.value[:117] + "…"
        problems.append(Problem(
            file, origin.line,
            say("'{origin}' ({value}) is niet overgenomen: APA 7 noemt {field} niet bij {kind} (type '{type}').",
                "'{origin}' ({value}) was not imported: APA 7 does not show {field} for {kind} (type '{type}').",
                origin=origin.name, value=value, field=_FIELD_NAMES.get(name, name), kind=_KIND_NAMES[entry.type],
                type=entry.type),
            severity="warning", subject=entry.subject,
            fix=both("Is het eigenlijk een ander soort publicatie (bijv. een hoofdstuk of artikel), kies dan in Zotero "
                     "het juiste itemtype en importeer opnieuw. Anders hoef je niets te doen.",
                     "Is it really another kind of publication (such as a chapter or an article)? Then choose the right "
                     "item type in Zotero and import again. Otherwise there is nothing to do.")))
    return problems


def _missing(entry: BibEntry, file: str) -> Problem | None:
    people = entry.authors or entry.editors
    if entry.title or (people and entry.year):
        return None
    gone = [(nl, en) for nl, en, lacking in (("titel", "title", True), ("auteur", "author", not people),
                                              ("jaar", "year", entry.year is None)) if lacking]
    english = [f"no {en}" for _, en in gone]
    lacks = both(" en geen ".join(nl for nl, _ in gone),
                 english[0] if len(english) == 1 else ", ".join(english[:-1]) + " and " + english[-1])
    return Problem(file, entry.line, say("dit item heeft geen {lacks}; het is niet geïmporteerd.",
                                         "this item has {lacks}; it was not imported.", lacks=lacks),
                   expected=both("een titel, of ten minste een auteur en een jaar",
                                 "a title, or at least an author and a year"),
                   fix=both("Vul het item aan in Zotero (of in het bestand) en importeer opnieuw.",
                            "Complete the item in Zotero (or in the file) and import again."), subject=entry.subject)


_OPTIONAL = {"editors", *OPTIONAL_FIELDS}


def _validate(data: dict[str, Any], entry: BibEntry, file: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate as the loader will; a bad optional field (a DOI that is no DOI) is left out with a warning."""
    record_id = "import"  # the id is chosen later; a Source does not check its own id's form
    try:
        record, notes = Source.model_validate({**data, "id": record_id}), []
    except ValidationError as err:
        found = validation_problems(err, Source, Parsed(None, lines={(): entry.line}), file, entry.subject)
        bad = {e["loc"][0] for e in err.errors() if e["loc"]}
        if not bad or not bad <= _OPTIONAL:
            return None, found
        fix = both("Het veld is weggelaten; vul het zelf in als je het zeker weet.",
                   "The field has been left out; fill it in yourself if you are sure of it.")
        notes = [dataclasses.replace(p, severity="warning", fix=fix) for p in found]
        data = {k: v for k, v in data.items() if k not in bad}
        record = Source.model_validate({**data, "id": record_id})  # only optional fields were wrong, and they are gone
    if record.doi:
        data["doi"] = record.doi  # without https://doi.org/, as the site writes it
    return data, notes


def _cut(slug: str, limit: int) -> str:
    """At most `limit` characters, cut at a hyphen so no word is cut in half."""
    if len(slug) <= limit:
        return slug
    head = slug[: limit + 1]
    cut = head.rfind("-")
    return (head[:cut] if cut > 0 else slug[:limit]).strip("-")


def base_id(entry: BibEntry) -> str:
    """First author's (or editor's) family name or organisation and year, folded to ASCII: 'de-vries-2021'."""
    first = (entry.authors or entry.editors or [{}])[0]
    candidates = [first.get("family") or first.get("literal") or "", richtext.plain(entry.title or ""), "bron"]
    year = f"-{entry.year}" if entry.year is not None else ""
    for text in candidates:
        ascii_text = " ".join(anyascii(text).split()[:5])
        if any(c.isalnum() for c in ascii_text):
            candidate = _cut(slugify(ascii_text), MAX_BASE_ID - len(year)) + year
            refusal = id_refusal(candidate)  # 'Nul' without a year, or a title 'Index': an id `check` would refuse
            return (refusal.suggestion or f"{candidate}-bron") if refusal else candidate
    return "bron"  # pragma: no cover - 'bron' always has letters


def _candidates(base: str) -> Iterator[str]:
    """base, base-b, base-c, …, base-z, base-2, base-3, …"""
    yield base
    yield from (f"{base}-{c}" for c in string.ascii_lowercase[1:])
    number = 2
    while True:
        yield f"{base}-{number}"
        number += 1


# --- sources that are already there --------------------------------------------------------------------

@dataclass(frozen=True)
class _Existing:
    path: Path
    doi: str | None
    title: str | None   # normalised; None when the title is unknown or the file unreadable
    year: int | None


def normalised_title(title: str) -> str:
    """'Samen <i>leren</i>: een Overzicht!' -> 'samen leren een overzicht' (to tell two publications apart)."""
    text = unicodedata.normalize("NFKD", richtext.plain(title)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", "".join(c for c in text if not unicodedata.combining(c))).split())


def _existing(data_dirs: Sequence[Path], root: Path) -> tuple[dict[str, _Existing], dict[str, str]]:
    """Source ids with what tells their publication apart (also of broken files), and DOIs of valid sources -> id."""
    kb = load(data_dirs, root=root).kb
    sources = kb.sources if kb else {}
    found: dict[str, _Existing] = {}
    for folder in data_dirs:
        for path in sorted((folder / SOURCE.folder).glob("*.y*ml")):
            if path.stem in found:
                continue
            source = sources.get(path.stem)
            if source is not None:
                title = normalised_title(source.title) if source.title_known else None
                found[path.stem] = _Existing(path, source.doi, title, source.year)
            else:
                found[path.stem] = _unvalidated(path)
    dois = {s.doi.lower(): s.id for s in sources.values() if s.doi}
    return found, dois


def _unvalidated(path: Path) -> _Existing:
    """A source file the loader refused: what it says, if it can be read at all."""
    try:
        data = parse(path.read_text(encoding="utf-8"), path.name).data
    except (OSError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return _Existing(path, None, None, None)
    title, doi, year = data.get("title"), data.get("doi"), data.get("year")
    known = isinstance(title, str) and data.get("title_known", True) is not False
    return _Existing(path, doi if isinstance(doi, str) else None,
                     normalised_title(title) if known and isinstance(title, str) else None,
                     year if isinstance(year, int) else None)


def _same_publication(data: dict[str, Any], other: _Existing) -> bool:
    """Same DOI, or the same title and year; when that cannot be told (a title unknown), assume the same."""
    doi = data.get("doi")
    if doi and other.doi:
        return str(doi).lower() == other.doi.lower()
    if other.title is None or not data["title_known"]:
        return True
    return normalised_title(data["title"]) == other.title and data["year"] == other.year


# --- the whole file ------------------------------------------------------------------------------------

_COMMENTS = {
    "title_known": both("De export noemt geen titel: 'title' noemt alleen de verwijzing.",
                        "The export gives no title: 'title' only gives the in-text citation."),
    "verified": both("Geïmporteerd en nog niet nagekeken: zet dit pas op true als je de gegevens met de\n"
                     "publicatie zelf hebt vergeleken.",
                     "Imported and not checked yet: set this to true only once you have compared the details with\n"
                     "the publication itself."),
    "summary": both("TODO: schrijf in één of twee zinnen waarvoor deze bron in de kennisbank wordt aangehaald.",
                    "TODO: write in one or two sentences what this source is cited for in the knowledge base.")}


def file_text(entry: BibEntry, data: dict[str, Any], target: Path, root: Path, source_name: str,
              language: str = "nl") -> str:
    """The new source file: where it came from, then its fields with comments, in `language`."""
    where = say("{file} ({subject}, regel {line})", "{file} ({subject}, line {line})", file=source_name,
                subject=entry.subject, line=entry.line).text(language)
    head = (schema_line(SOURCE.name, target, root)
            + say("# Geïmporteerd met 'kennisbank import-bib' uit {where}.\n",
                  "# Imported with 'kennisbank import-bib' from {where}.\n", where=" ".join(where.split())).text(language))
    notes = {name: comment.text(language) for name, comment in _COMMENTS.items()
             if name != "title_known" or not data["title_known"]}
    return head + render_lines(Line(name, value, notes.get(name, "")) for name, value in data.items())


def plan_import(export: Path, data_dirs: Sequence[Path], root: Path, shown_name: str | None = None,
                language: str = "nl") -> ImportReport:
    """Read the export and decide, per entry, the record to write or why it is skipped. Writes nothing.
    `language` is the site's (settings.language): the new files' comments and placeholder text are written in it."""
    name = shown_name or export.as_posix()
    if not export.is_file():
        raise CommandError(say("het bestand {file} bestaat niet.", "the file {file} does not exist.", file=name),
                           fix=both("Controleer het pad naar de export.", "Check the path to the export."))
    if not data_dirs or not data_dirs[0].is_dir():
        raise CommandError(say("de datamap '{folder}' bestaat niet.", "the data folder '{folder}' does not exist.",
                               folder=shown(data_dirs[0], root) if data_dirs else "data"),
                           fix=both("Start het commando in de map met mkdocs.yml, of noem de datamap met --data.",
                                    "Run the command in the folder with mkdocs.yml, or name the data folder with "
                                    "--data."))
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
        data, notes = _validate(record_data(entry, language), entry, name)
        if data is None:
            problems += notes
            continue
        doi = str(data.get("doi", "")).lower()
        if doi and doi in dois:
            problems.append(Problem(name, entry.line, say("een bron met DOI {doi} bestaat al: '{id}'; niet opnieuw "
                                                          "geïmporteerd.", "a source with DOI {doi} already exists: "
                                                          "'{id}'; not imported again.", doi=data["doi"], id=dois[doi]),
                                    severity="warning", subject=entry.subject,
                                    fix=both("Noem de bestaande bron bij de onderbouwing in plaats van een nieuwe te "
                                             "maken.", "Cite the existing source in the evidence instead of making a "
                                             "new one.")))
            continue
        record_id, same = _choose_id(base_id(entry), data, taken, existing)
        if same is not None:
            problems.append(Problem(name, entry.line, say("de bron '{id}' bestaat al ({path}); niet overschreven.",
                                                          "the source '{id}' already exists ({path}); not overwritten.",
                                                          id=record_id, path=shown(same.path, root)),
                                    severity="warning", subject=entry.subject,
                                    fix=say("Is het dezelfde publicatie, dan hoef je niets te doen. Is het een andere, "
                                            "maak haar dan aan met 'kennisbank new bron {free}' en neem de gegevens "
                                            "over.", "Is it the same publication? Then there is nothing to do. Is it "
                                            "another one? Then create it with 'kennisbank new source {free}' and copy "
                                            "the details.", free=_next_free(record_id, taken, existing))))
            continue
        taken.add(record_id)
        problems += notes + entry.notes + _not_shown(entry, name)
        if doi:
            dois[doi] = record_id  # the same DOI twice in one export: import it once
        target = data_dirs[0] / SOURCE.folder / f"{record_id}.yaml"
        planned.append(Planned(entry, record_id, target, data,
                               file_text(entry, data, target, root, export.name, language)))
    return ImportReport(fmt, planned, sorted(problems, key=lambda p: p.line or 0), items)


def _choose_id(base: str, data: dict[str, Any], taken: set[str],
               existing: dict[str, _Existing]) -> tuple[str, _Existing | None]:
    """The first free id from `base` on; (id, the existing source) when that source is this same publication."""
    for candidate in _candidates(base):
        if candidate in taken or id_refusal(candidate):
            continue
        other = existing.get(candidate)
        if other is None:
            return candidate, None
        if _same_publication(data, other):
            return candidate, other
    raise AssertionError("unreachable")  # pragma: no cover - _candidates never ends


def _next_free(record_id: str, taken: set[str], existing: dict[str, _Existing]) -> str:
    return next(c for c in _candidates(record_id) if c not in taken and c not in existing and not id_refusal(c))


# --- writing: all or nothing -----------------------------------------------------------------------------

def write_planned(report: ImportReport) -> None:
    """Write every planned record, or none: each goes to a temporary file beside its target first; then every
    target name is claimed (never overwriting a file that appeared meanwhile) and the temporary files renamed.
    On any failure whatever this call made is removed again and a CommandError says which file and why."""
    temporary: dict[Path, Path] = {}   # target -> its temporary file
    claimed: list[Path] = []           # targets this call created
    made_folders: list[Path] = []
    current: Path | None = None
    try:
        for item in report.planned:
            current = item.path
            folder = item.path.parent
            if not folder.is_dir():
                missing = [p for p in (folder, *folder.parents) if not p.exists()]
                folder.mkdir(parents=True, exist_ok=True)
                made_folders += missing
            handle, name = tempfile.mkstemp(prefix=f".{item.path.stem}.", suffix=".tmp", dir=folder)
            temporary[item.path] = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(item.text)
        for item in report.planned:
            current = item.path
            with item.path.open("x", encoding="utf-8"):  # 'x': never overwrite, even a file made since the plan
                pass
            claimed.append(item.path)
        for item in report.planned:
            current = item.path
            os.replace(temporary[item.path], item.path)
            del temporary[item.path]
    except OSError as err:
        for path in [*temporary.values(), *claimed]:
            try:
                path.unlink()
            except OSError:
                pass
        for folder in made_folders:  # innermost first; only the empty ones this call made
            try:
                folder.rmdir()
            except OSError:
                pass
        where = shown(current, Path.cwd()) if current else both("de datamap", "the data folder")
        if isinstance(err, FileExistsError):
            raise CommandError(say("{where} bestaat intussen al (aangemaakt na het inlezen van de export); er is niets "
                                   "geïmporteerd.", "{where} exists by now (made after the export was read); nothing "
                                   "was imported.", where=where),
                               fix=both("Importeer opnieuw: de bron krijgt dan een vrije id, of wordt overgeslagen als "
                                        "het dezelfde publicatie is.", "Import again: the source then gets a free id, "
                                        "or is skipped if it is the same publication.")) from err
        raise CommandError(say("{where} kon niet worden geschreven ({reason}); er is niets geïmporteerd.",
                               "{where} could not be written ({reason}); nothing was imported.",
                               where=where, reason=os_reason(err)),
                           fix=both("Controleer of je in de datamap mag schrijven en of er ruimte is, en importeer "
                                    "opnieuw.", "Check that you may write in the data folder and that there is space, "
                                    "and import again.")) from err


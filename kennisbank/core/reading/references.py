"""Cross-references between records: where they are written, whether they resolve, and their backlinks.

Every reference is declared once in REFERENCES; checking, backlinks and the evidence counts all
read that table, so a new reference field is one line here.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kennisbank.core.model.kinds import BY_NAME
from kennisbank.core.model.knowledge_base import TERM_LISTS, KnowledgeBase, Ref, freeze
from kennisbank.core.model.records import Record
from kennisbank.core.reading.problems import Problem
from kennisbank.core.textutil import did_you_mean

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class RefField:
    kind: str                # the record kind that writes the reference
    path: tuple[str, ...]    # attribute names; '*' walks each item of a tuple
    target: str              # a record kind or a taxonomy list (phase, step, evidence_kind, sector)

    def values(self, record: Any) -> Iterator[tuple[Loc, str]]:
        yield from _walk(record, self.path, ())


def _walk(obj: Any, path: tuple[str, ...], loc: Loc) -> Iterator[tuple[Loc, str]]:
    if obj is None:
        return
    if not path:
        yield loc, obj
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for index, item in enumerate(obj):
            yield from _walk(item, rest, loc + (index,))
    else:
        yield from _walk(getattr(obj, head), rest, loc + (head,))


REFERENCES: tuple[RefField, ...] = (
    RefField("theme", ("phases", "*"), "phase"),
    RefField("theme", ("steps", "*"), "step"),
    RefField("element", ("themes", "*"), "theme"),
    RefField("element", ("phases", "*"), "phase"),
    RefField("element", ("steps", "*"), "step"),
    RefField("element", ("evidence", "*", "kind"), "evidence_kind"),
    RefField("element", ("evidence", "*", "sources", "*"), "source"),
    RefField("element", ("evidence", "*", "via"), "source"),
    RefField("element", ("group_stages", "*"), "group_stage"),
    RefField("element", ("further_reading", "*"), "source"),
    RefField("example", ("sector",), "sector"),
    RefField("example", ("elements", "*"), "element"),
    RefField("example", ("themes", "*"), "theme"),
    RefField("example", ("templates", "*"), "template"),
    RefField("example", ("phases", "*"), "phase"),
    RefField("template", ("phases", "*"), "phase"),
    RefField("template", ("steps", "*"), "step"),
    RefField("template", ("elements", "*"), "element"),
)

UNKNOWN = {"theme": "onbekend thema", "element": "onbekend werkzaam element", "source": "onbekende bron",
           "example": "onbekend praktijkvoorbeeld", "template": "onbekend hulpmiddel", "phase": "onbekende fase",
           "step": "onbekende stap", "evidence_kind": "onbekende soort onderbouwing", "sector": "onbekende sector",
           "group_stage": "onbekende fase van de groep"}


def _where(target: str) -> str:
    if target in TERM_LISTS:
        return f"een id uit '{TERM_LISTS[target]}' in data/taxonomy.yaml"
    return f"een id van een bestand in data/{BY_NAME[target].folder}/"


def _ids(kb: KnowledgeBase, target: str) -> Mapping[str, Any] | set[str]:
    if target in TERM_LISTS:
        return {t.id for t in kb.terms(target)}
    return kb.of(target)


_DUTCH_KIND = {"theme": "thema", "element": "element", "source": "bron", "example": "praktijkvoorbeeld", "template": "hulpmiddel"}


def subject(kind: str, record_id: str) -> str:
    """How a message names the record, in the editors' words."""
    return f"{_DUTCH_KIND.get(kind, kind)} '{record_id}'"


def check_references(kb: KnowledgeBase, broken: Mapping[str, set[str]] | None = None) -> list[Problem]:
    """Every dangling reference, every literature entry without sources, every unused source.

    `broken` names records whose file exists but has errors of its own: a reference to them is not
    reported again, so an editor sees each mistake once.
    """
    broken = broken or {}
    problems: list[Problem] = []
    known = {target: set(_ids(kb, target)) | broken.get(target, set()) for target in {r.target for r in REFERENCES}}
    for ref in REFERENCES:
        for record in kb.of(ref.kind).values():
            origin = kb.origins[(ref.kind, record.id)]
            for loc, target_id in ref.values(record):
                if target_id in known[ref.target]:
                    continue
                guess = did_you_mean(target_id, known[ref.target])
                fix = f"Bedoelde je '{guess}'?" if guess else _create_hint(ref.target, target_id)
                problems.append(Problem(
                    origin.file, origin.line_of(loc),
                    f"{_path(loc)} noemt een {UNKNOWN[ref.target]} '{target_id}'.",
                    expected=_where(ref.target), fix=fix, subject=subject(ref.kind, record.id)))
    problems += _evidence_without_sources(kb) + _literature_without_publication(kb) + _ignored_requires_sources(kb)
    if not any(broken.get(kind) for kind in ("element", "example")):  # a broken file may be the one citing it
        problems += _unused_sources(kb)
    problems += _step_phases(kb)
    return problems


def _create_hint(target: str, target_id: str) -> str:
    if target in TERM_LISTS:
        return f"Kies een bestaande id of voeg '{target_id}' toe aan '{TERM_LISTS[target]}' in data/taxonomy.yaml."
    return f"Kies een bestaande id of maak data/{BY_NAME[target].folder}/{target_id}.yaml aan."


def _path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _evidence_without_sources(kb: KnowledgeBase) -> list[Problem]:
    """Every evidence entry names where it was said: a publication, the page with the experts' advice, a report."""
    labels = {k.id: k.label for k in kb.taxonomy.evidence_kinds}
    problems = []
    for element in kb.elements.values():
        origin = kb.origins[("element", element.id)]
        for index, entry in enumerate(element.evidence):
            if not entry.sources:
                problems.append(Problem(
                    origin.file, origin.line_of(("evidence", index)),
                    f"evidence[{index}] ({labels.get(entry.kind, entry.kind).lower()}) noemt geen bron.",
                    expected="minstens één bron-id onder 'sources'",
                    fix="Voeg 'sources: [bron-id]' toe met het document waar dit staat: bij literatuur de publicatie, "
                        "bij expertadvies het document dat het advies geeft, bij praktijkervaring het verslag of de "
                        "beschrijving van het netwerk. Maak de bron zo nodig aan in data/sources/.",
                    subject=subject("element", element.id)))
    return problems


def _ignored_requires_sources(kb: KnowledgeBase) -> list[Problem]:
    """An older taxonomy may still allow evidence without sources; say that this no longer holds."""
    return [Problem("data/taxonomy.yaml", None,
                    f"evidence_kinds '{k.id}' heeft 'requires_sources: false', maar elke onderbouwing moet een bron noemen.",
                    fix="Haal 'requires_sources' weg; het veld wordt genegeerd.", severity="warning")
            for k in kb.taxonomy.evidence_kinds if k.requires_sources is False]


def _literature_without_publication(kb: KnowledgeBase) -> list[Problem]:
    """Literature is a publication cited as 'author, year'. A page or factsheet without either is a reading tip,
    and counting it as literature would make the evidence look stronger than the sources are."""
    problems = []
    for element in kb.elements.values():
        origin = kb.origins[("element", element.id)]
        for index, entry in enumerate(element.evidence):
            if entry.kind != "literature":
                continue
            for position, source in enumerate(kb.resolve("source", entry.sources)):
                if source.authors and source.year is not None:  # type: ignore[attr-defined]
                    continue
                problems.append(Problem(
                    origin.file, origin.line_of(("evidence", index, "sources", position)),
                    f"evidence[{index}] is literatuur, maar bron '{source.id}' noemt geen auteur en jaar.",
                    expected="literatuur als publicatie met auteur(s) en jaar, zoals de oorspronkelijke tekst haar noemt",
                    fix=f"Is '{source.id}' een leestip en geen onderbouwing? Zet haar dan onder 'further_reading'. "
                        "Is het wel literatuur, vul dan 'authors' en 'year' van de bron aan.",
                    severity="warning", subject=subject("element", element.id)))
    return problems


def _unused_sources(kb: KnowledgeBase) -> list[Problem]:
    problems = []
    for source in kb.sources.values():
        if not kb.referrers.get(("source", source.id)):
            origin = kb.origins[("source", source.id)]
            problems.append(Problem(
                origin.file, 1, "deze bron wordt door geen enkel werkzaam element genoemd.",
                fix="Noem de bron bij de onderbouwing (evidence[].sources) of als leestip (further_reading) van een "
                    "element, of verwijder haar.",
                severity="warning", subject=subject("source", source.id)))
    return problems


def _step_phases(kb: KnowledgeBase) -> list[Problem]:
    phases = {p.id for p in kb.taxonomy.phases}
    return [Problem("data/taxonomy.yaml", None, f"stap '{step.id}' noemt een onbekende fase '{step.phase}'.",
                    expected="een id uit 'phases'", fix=f"Bedoelde je '{did_you_mean(step.phase, phases)}'?"
                    if did_you_mean(step.phase, phases) else "Kies een fase uit 'phases'.")
            for step in kb.taxonomy.steps if step.phase and step.phase not in phases]


def build_referrers(records: Mapping[str, Mapping[str, Record]]) -> Mapping[Ref, tuple[Ref, ...]]:
    """Reverse every reference: (target kind, target id) -> records that name it, in a stable order."""
    found: dict[Ref, dict[Ref, None]] = defaultdict(dict)
    for ref in REFERENCES:
        for record in records[ref.kind].values():
            for _, target_id in ref.values(record):
                found[(ref.target, target_id)][(ref.kind, record.id)] = None
    return freeze({key: tuple(sorted(value)) for key, value in found.items()})


def count_evidence(records: Mapping[str, Mapping[str, Record]]) -> Mapping[str, Mapping[str, int]]:
    """Per theme and evidence kind: how many of the theme's elements rest on that kind of evidence."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for element in records["element"].values():
        kinds = {entry.kind for entry in element.evidence}  # type: ignore[attr-defined]
        for theme_id in element.themes:  # type: ignore[attr-defined]
            for kind in kinds:
                counts[theme_id][kind] += 1
    return freeze({theme: freeze(dict(per_kind)) for theme, per_kind in counts.items()})

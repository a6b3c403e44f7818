"""Cross-references between records: where they are written, whether they resolve, and their backlinks.

Every reference is declared once in REFERENCES; checking, backlinks and the evidence counts all
read that table, so a new reference field is one line here. They read each record's facts (facts.py), not the
records: `kennisbank check` over cached files never rebuilds a record.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kennisbank.core.model.kinds import BY_NAME
from kennisbank.core.model.knowledge_base import TERM_LISTS, KnowledgeBase, Ref, freeze
from kennisbank.core.reading.problems import Problem
from kennisbank.core.textutil import did_you_mean

if TYPE_CHECKING:
    from kennisbank.core.reading.facts import Facts

Loc = tuple[Any, ...]
AllFacts = Mapping[str, Mapping[str, "Facts"]]  # kind -> id -> facts, in the order of kb.records


def triples(flat: tuple[Any, ...]) -> Iterator[tuple[Any, Any, Any]]:
    """(index in REFERENCES, where, target id) from Facts.refs, which holds them one after the other."""
    items = iter(flat)
    return zip(items, items, items, strict=True)


@dataclass(frozen=True)
class RefField:
    kind: str                # the record kind that writes the reference
    path: tuple[str, ...]    # attribute names; '*' walks each item of a tuple
    target: str              # a record kind or a taxonomy list (phase, step, evidence_kind, sector)

    def values(self, record: Any) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        _walk(record, self.path, (), found)
        return found


def _walk(obj: Any, path: tuple[str, ...], loc: Loc, found: list[tuple[Loc, str]]) -> None:
    if obj is None:
        return
    if not path:
        found.append((loc, obj))
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if rest:
            for index, item in enumerate(obj):
                _walk(item, rest, loc + (index,), found)
        else:  # a list of ids: most references
            found.extend((loc + (index,), item) for index, item in enumerate(obj) if item is not None)
    else:
        _walk(getattr(obj, head), rest, loc + (head,), found)


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


def check_references(kb: KnowledgeBase, facts: AllFacts, broken: Mapping[str, set[str]] | None = None) -> list[Problem]:
    """Every dangling reference, every literature entry without sources, every unused source.

    `broken` names records whose file exists but has errors of its own: a reference to them is not
    reported again, so an editor sees each mistake once.
    """
    broken = broken or {}
    problems: list[Problem] = []
    known = {target: set(_ids(kb, target)) | broken.get(target, set()) for target in {r.target for r in REFERENCES}}
    known_by_ref = [known[ref.target] for ref in REFERENCES]
    for kind, by_id in facts.items():  # record by record (the problems are sorted afterwards)
        for record_id, fact in by_id.items():
            for number, loc, target_id in triples(fact.refs):
                if target_id in known_by_ref[number]:
                    continue
                ref = REFERENCES[number]
                guess = did_you_mean(target_id, known[ref.target])
                fix = f"Bedoelde je '{guess}'?" if guess else _create_hint(ref.target, target_id)
                origin = kb.origins[(kind, record_id)]
                problems.append(Problem(
                    origin.file, origin.line_of(loc),
                    f"{_path(loc)} noemt een {UNKNOWN[ref.target]} '{target_id}'.",
                    expected=_where(ref.target), fix=fix, subject=subject(kind, record_id)))
    problems += _evidence_without_sources(kb, facts) + _literature_without_publication(kb, facts)
    problems += _ignored_requires_sources(kb)
    if not any(broken.get(kind) for kind in ("element", "example")):  # a broken file may be the one citing it
        problems += _unused_sources(kb, facts)
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


def _evidence_without_sources(kb: KnowledgeBase, facts: AllFacts) -> list[Problem]:
    """Every evidence entry names where it was said: a publication, the page with the experts' advice, a report."""
    labels = {k.id: k.label for k in kb.taxonomy.evidence_kinds}
    problems = []
    for element_id, fact in facts["element"].items():
        for index, (kind, sources) in enumerate(fact.evidence):
            if not sources:
                origin = kb.origins[("element", element_id)]
                problems.append(Problem(
                    origin.file, origin.line_of(("evidence", index)),
                    f"evidence[{index}] ({labels.get(kind, kind).lower()}) noemt geen bron.",
                    expected="minstens één bron-id onder 'sources'",
                    fix="Voeg 'sources: [bron-id]' toe met het document waar dit staat: bij literatuur de publicatie, "
                        "bij expertadvies het document dat het advies geeft, bij praktijkervaring het verslag of de "
                        "beschrijving van het netwerk. Maak de bron zo nodig aan in data/sources/.",
                    subject=subject("element", element_id)))
    return problems


def _ignored_requires_sources(kb: KnowledgeBase) -> list[Problem]:
    """An older taxonomy may still allow evidence without sources; say that this no longer holds."""
    return [Problem("data/taxonomy.yaml", None,
                    f"evidence_kinds '{k.id}' heeft 'requires_sources: false', maar elke onderbouwing moet een bron noemen.",
                    fix="Haal 'requires_sources' weg; het veld wordt genegeerd.", severity="warning")
            for k in kb.taxonomy.evidence_kinds if k.requires_sources is False]


def _literature_without_publication(kb: KnowledgeBase, facts: AllFacts) -> list[Problem]:
    """Literature is a publication cited as 'author, year'. A page or factsheet without either is a reading tip,
    and counting it as literature would make the evidence look stronger than the sources are."""
    problems = []
    sources = facts["source"]
    for element_id, fact in facts["element"].items():
        for index, (kind, source_ids) in enumerate(fact.evidence):
            if kind != "literature":
                continue
            for position, source_id in enumerate(s for s in source_ids if s in sources):  # those that exist, in order
                if sources[source_id].publication:
                    continue
                origin = kb.origins[("element", element_id)]
                problems.append(Problem(
                    origin.file, origin.line_of(("evidence", index, "sources", position)),
                    f"evidence[{index}] is literatuur, maar bron '{source_id}' noemt geen auteur en jaar.",
                    expected="literatuur als publicatie met auteur(s) en jaar, zoals de oorspronkelijke tekst haar noemt",
                    fix=f"Is '{source_id}' een leestip en geen onderbouwing? Zet haar dan onder 'further_reading'. "
                        "Is het wel literatuur, vul dan 'authors' en 'year' van de bron aan.",
                    severity="warning", subject=subject("element", element_id)))
    return problems


_SOURCE_REFS = frozenset(number for number, ref in enumerate(REFERENCES) if ref.target == "source")


def _unused_sources(kb: KnowledgeBase, facts: AllFacts) -> list[Problem]:
    """Sources no record names (what kb.referrers says, without building all of it)."""
    used = {target_id for by_id in facts.values() for fact in by_id.values()
            for number, _, target_id in triples(fact.refs) if number in _SOURCE_REFS}
    problems = []
    for source_id in kb.sources:
        if source_id not in used:
            origin = kb.origins[("source", source_id)]
            problems.append(Problem(
                origin.file, 1, "deze bron wordt door geen enkel werkzaam element genoemd.",
                fix="Noem de bron bij de onderbouwing (evidence[].sources) of als leestip (further_reading) van een "
                    "element, of verwijder haar.",
                severity="warning", subject=subject("source", source_id)))
    return problems


def _step_phases(kb: KnowledgeBase) -> list[Problem]:
    phases = {p.id for p in kb.taxonomy.phases}
    return [Problem("data/taxonomy.yaml", None, f"stap '{step.id}' noemt een onbekende fase '{step.phase}'.",
                    expected="een id uit 'phases'", fix=f"Bedoelde je '{did_you_mean(step.phase, phases)}'?"
                    if did_you_mean(step.phase, phases) else "Kies een fase uit 'phases'.")
            for step in kb.taxonomy.steps if step.phase and step.phase not in phases]


def build_referrers(facts: AllFacts) -> Mapping[Ref, tuple[Ref, ...]]:
    """Reverse every reference: (target kind, target id) -> records that name it, in a stable order. Built when first
    looked up: `kennisbank check` needs none of it."""
    return _Referrers(facts)


class _Referrers(Mapping[Ref, tuple[Ref, ...]]):
    def __init__(self, facts: AllFacts) -> None:
        self._facts: AllFacts | None = facts
        self._built: Mapping[Ref, tuple[Ref, ...]] | None = None

    def _table(self) -> Mapping[Ref, tuple[Ref, ...]]:
        if self._built is None:
            assert self._facts is not None
            found: dict[Ref, dict[Ref, None]] = defaultdict(dict)
            for kind, by_id in self._facts.items():
                for record_id, fact in by_id.items():
                    for number, _, target_id in triples(fact.refs):
                        found[(REFERENCES[number].target, target_id)][(kind, record_id)] = None
            self._built, self._facts = freeze({key: tuple(sorted(value)) for key, value in sorted(found.items())}), None
        return self._built

    def __getitem__(self, key: Ref) -> tuple[Ref, ...]:
        return self._table()[key]

    def __iter__(self) -> Iterator[Ref]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


_ELEMENT_THEMES = next(number for number, ref in enumerate(REFERENCES) if ref.kind == "element" and ref.path == ("themes", "*"))


def count_evidence(facts: AllFacts) -> Mapping[str, Mapping[str, int]]:
    """Per theme and evidence kind: how many of the theme's elements rest on that kind of evidence."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for fact in facts["element"].values():
        kinds = sorted({kind for kind, _ in fact.evidence})
        for number, _, theme_id in triples(fact.refs):
            if number == _ELEMENT_THEMES:
                for kind in kinds:
                    counts[theme_id][kind] += 1
    return freeze({theme: freeze(dict(per_kind)) for theme, per_kind in counts.items()})

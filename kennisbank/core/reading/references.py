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

from kennisbank.core.i18n import Message, both, say
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

UNKNOWN = {"theme": both("onbekend thema", "unknown theme"),
           "element": both("onbekend werkzaam element", "unknown working element"),
           "source": both("onbekende bron", "unknown source"),
           "example": both("onbekend praktijkvoorbeeld", "unknown practice example"),
           "template": both("onbekend hulpmiddel", "unknown tool"),
           "phase": both("onbekende fase", "unknown phase"),
           "step": both("onbekende stap", "unknown step"),
           "evidence_kind": both("onbekende soort onderbouwing", "unknown kind of evidence"),
           "sector": both("onbekende sector", "unknown sector"),
           "group_stage": both("onbekende fase van de groep", "unknown group stage")}


def _where(target: str) -> Message:
    if target in TERM_LISTS:
        return say("een id uit '{list}' in data/taxonomy.yaml", "an id from '{list}' in data/taxonomy.yaml",
                   list=TERM_LISTS[target])
    return say("een id van een bestand in data/{folder}/", "the id of a file in data/{folder}/",
               folder=BY_NAME[target].folder)


def _ids(kb: KnowledgeBase, target: str) -> Mapping[str, Any] | set[str]:
    if target in TERM_LISTS:
        return {t.id for t in kb.terms(target)}
    return kb.of(target)


_KIND_WORDS = {"theme": both("thema", "theme"), "element": both("element", "element"), "source": both("bron", "source"),
               "example": both("praktijkvoorbeeld", "practice example"), "template": both("hulpmiddel", "tool")}


def subject(kind: str, record_id: str) -> Message:
    """How a message names the record, in the editors' words: "element 'x'"."""
    return say("{kind} '{id}'", "{kind} '{id}'", kind=_KIND_WORDS.get(kind, kind), id=record_id)


def _did_you_mean(guess: str) -> Message:
    return say("Bedoelde je '{guess}'?", "Did you mean '{guess}'?", guess=guess)


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
                fix = _did_you_mean(guess) if guess else _create_hint(ref.target, target_id)
                origin = kb.origins[(kind, record_id)]
                problems.append(Problem(
                    origin.file, origin.line_of(loc),
                    say("{path} noemt een {what} '{id}'.", "{path} refers to an {what} '{id}'.",
                        path=_path(loc), what=UNKNOWN[ref.target], id=target_id),
                    expected=_where(ref.target), fix=fix, subject=subject(kind, record_id)))
    problems += _evidence_without_sources(kb, facts) + _literature_without_publication(kb, facts)
    problems += _ignored_requires_sources(kb)
    if not any(broken.get(kind) for kind in ("element", "example")):  # a broken file may be the one citing it
        problems += _unused_sources(kb, facts)
    problems += _step_phases(kb)
    return problems


def _create_hint(target: str, target_id: str) -> Message:
    if target in TERM_LISTS:
        return say("Kies een bestaande id of voeg '{id}' toe aan '{list}' in data/taxonomy.yaml.",
                   "Choose an existing id or add '{id}' to '{list}' in data/taxonomy.yaml.",
                   id=target_id, list=TERM_LISTS[target])
    return say("Kies een bestaande id of maak data/{folder}/{id}.yaml aan.",
               "Choose an existing id or create data/{folder}/{id}.yaml.", folder=BY_NAME[target].folder, id=target_id)


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
                    say("evidence[{index}] ({label}) noemt geen bron.", "evidence[{index}] ({label}) names no source.",
                        index=index, label=labels.get(kind, kind).lower()),
                    expected=both("minstens één bron-id onder 'sources'", "at least one source id under 'sources'"),
                    fix=both("Voeg 'sources: [bron-id]' toe met het document waar dit staat: bij literatuur de publicatie, "
                             "bij expertadvies het document dat het advies geeft, bij praktijkervaring het verslag of de "
                             "beschrijving van het netwerk. Maak de bron zo nodig aan in data/sources/.",
                             "Add 'sources: [source-id]' with the document where this is stated: for literature the "
                             "publication, for expert advice the document that gives the advice, for practice experience "
                             "the report or the description of the network. Create the source in data/sources/ if needed."),
                    subject=subject("element", element_id)))
    return problems


def _ignored_requires_sources(kb: KnowledgeBase) -> list[Problem]:
    """An older taxonomy may still allow evidence without sources; say that this no longer holds."""
    return [Problem("data/taxonomy.yaml", None,
                    say("evidence_kinds '{id}' heeft 'requires_sources: false', maar elke onderbouwing moet een bron noemen.",
                        "evidence_kinds '{id}' has 'requires_sources: false', but all evidence must name a source.",
                        id=k.id),
                    fix=both("Haal 'requires_sources' weg; het veld wordt genegeerd.",
                             "Remove 'requires_sources'; the field is ignored."), severity="warning")
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
                    say("evidence[{index}] is literatuur, maar bron '{id}' noemt geen auteur en jaar.",
                        "evidence[{index}] is literature, but source '{id}' names no author and year.",
                        index=index, id=source_id),
                    expected=both("literatuur als publicatie met auteur(s) en jaar, zoals de oorspronkelijke tekst haar noemt",
                                  "literature as a publication with author(s) and year, as the original text cites it"),
                    fix=say("Is '{id}' een leestip en geen onderbouwing? Zet haar dan onder 'further_reading'. "
                            "Is het wel literatuur, vul dan 'authors' en 'year' van de bron aan.",
                            "Is '{id}' a reading tip rather than evidence? Then put it under 'further_reading'. "
                            "If it is literature, add the source's 'authors' and 'year'.", id=source_id),
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
                origin.file, 1, both("deze bron wordt door geen enkel werkzaam element genoemd.",
                                     "no working element mentions this source."),
                fix=both("Noem de bron bij de onderbouwing (evidence[].sources) of als leestip (further_reading) van een "
                         "element, of verwijder haar.",
                         "Name the source in the evidence (evidence[].sources) or as a reading tip (further_reading) of "
                         "an element, or delete it."),
                severity="warning", subject=subject("source", source_id)))
    return problems


def _step_phases(kb: KnowledgeBase) -> list[Problem]:
    phases = {p.id for p in kb.taxonomy.phases}
    problems = []
    for step in kb.taxonomy.steps:
        if step.phase and step.phase not in phases:
            guess = did_you_mean(step.phase, phases)
            problems.append(Problem(
                "data/taxonomy.yaml", None,
                say("stap '{id}' noemt een onbekende fase '{phase}'.", "step '{id}' refers to an unknown phase '{phase}'.",
                    id=step.id, phase=step.phase),
                expected=both("een id uit 'phases'", "an id from 'phases'"),
                fix=_did_you_mean(guess) if guess else both("Kies een fase uit 'phases'.", "Choose a phase from 'phases'.")))
    return problems


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

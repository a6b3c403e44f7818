"""New record files for editors: `kennisbank new` skeletons and the safe YAML writer that `import-bib` shares.

A skeleton is valid as written (so `kennisbank check` stays clean) and says in Dutch comments what each field
means and what still has to be filled in (TODO). The field explanations come from the descriptions in schema.py,
so the comments and the JSON Schema never disagree.
"""
from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kennisbank.core.model.kinds import BY_NAME, KINDS, Kind, id_refusal
from kennisbank.core.model.records import SOURCE_TYPES, TEMPLATE_KINDS, Record
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.textutil import printable, quote_list

# --- names editors may type for a kind -------------------------------------------------------------------

KIND_ALIASES: Mapping[str, str] = {
    **{k.name: k.name for k in KINDS}, **{k.folder: k.name for k in KINDS}, **{k.url: k.name for k in KINDS},
    "thema": "theme", "werkzaam-element": "element", "werkzaam element": "element", "bron": "source",
    "praktijkvoorbeeld": "example", "voorbeeld": "example", "hulpmiddel": "template",
}


def kind_from_name(name: str) -> Kind:
    found = KIND_ALIASES.get(" ".join(name.strip().lower().split()))
    if found is None:
        raise CommandError(f"onbekende soort record '{name}'.",
                           fix="Kies thema (theme), element (werkzaam-element), bron (source), "
                               "praktijkvoorbeeld (example) of hulpmiddel (template).")
    return BY_NAME[found]


# --- where a record goes ---------------------------------------------------------------------------------

def existing_file(kind: Kind, record_id: str, data_dirs: Sequence[Path]) -> Path | None:
    """The file that already holds this id in any data folder (also a wrongly named .yml)."""
    for folder in data_dirs:
        for suffix in (".yaml", ".yml"):
            path = folder / kind.folder / f"{record_id}{suffix}"
            if path.is_file():
                return path
    return None


def free_variant(kind: Kind, record_id: str, data_dirs: Sequence[Path]) -> str:
    """`id-2`, `id-3`, … : the first that no data folder uses yet."""
    number = 2
    while existing_file(kind, f"{record_id}-{number}", data_dirs):
        number += 1
    return f"{record_id}-{number}"


def check_new_id(kind: Kind, record_id: str, data_dirs: Sequence[Path], root: Path) -> None:
    """Refuse an id that breaks a rule of `kennisbank check` (kinds.id_refusal) or is taken; the fix names a usable id."""
    refusal = id_refusal(record_id)  # the rules of `kennisbank check`, so a new record never fails it
    if refusal and refusal.rule == "reserved":
        raise CommandError(refusal.message, fix="Kies een andere id.")
    if refusal:
        suggestion = refusal.suggestion or "record"
        if existing_file(kind, suggestion, data_dirs):
            suggestion = free_variant(kind, suggestion, data_dirs)
        message = refusal.message if refusal.rule != "pattern" else \
            f"'{printable(record_id)}' is geen geldige id: alleen kleine letters, cijfers en enkele koppeltekens."
        raise CommandError(message, fix=f"Gebruik bijvoorbeeld '{suggestion}'.")
    taken = existing_file(kind, record_id, data_dirs)
    if taken:
        raise CommandError(f"de id '{record_id}' bestaat al: {shown(taken, root)}.",
                           fix=f"Bewerk dat bestand, of kies een andere id, bijv. '{free_variant(kind, record_id, data_dirs)}'.")


def schema_line(kind_name: str, target: Path, root: Path) -> str:
    """The editor hint for autocompletion, relative to the file like the shipped records."""
    relative = os.path.relpath(root / "schema" / f"{kind_name}.json", target.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"


def shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- the safe YAML writer ----------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """The safe dumper (plain data only, quotes where YAML needs it), laid out like the hand-written records."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)  # list items indented under their key


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text (a body) as a literal block, so it reads like the records editors write by hand.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """Plain data as YAML text; non-ASCII letters stay readable (é, ø, 中文)."""
    return yaml.dump(dict(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=10_000)


@dataclass(frozen=True)
class Line:
    """One field of a written record, with the comment lines above it."""

    name: str
    value: Any
    comment: str = ""
    optional: bool = False   # written commented-out: the editor removes the '#' when the field applies


def _comment(text: str) -> list[str]:
    """Comment lines of at most ~110 characters; ids are never broken at their hyphens."""
    out = []
    for line in text.splitlines():
        out += textwrap.wrap(line, width=110, subsequent_indent="  ", break_on_hyphens=False,
                             break_long_words=False) if len(line) > 110 else [line]
    return [f"# {c}".rstrip() for c in out]


def render_lines(lines: Iterable[Line]) -> str:
    out = []
    for line in lines:
        out += _comment(line.comment)
        text = dump_yaml({line.name: line.value})
        out += [f"# {t}" for t in text.splitlines()] if line.optional else text.splitlines()
    return "\n".join(out) + "\n"


_DESCRIPTIONS: dict[type[Record], dict[str, str]] = {}  # per model, computed once


def _descriptions(model: type[Record]) -> dict[str, str]:
    """Field descriptions as the JSON Schema has them (also those set on a type, like Doi and Url)."""
    if model not in _DESCRIPTIONS:
        found = {}
        for name, prop in model.model_json_schema()["properties"].items():
            options = [prop, *prop.get("anyOf", [])]
            found[name] = next((o["description"] for o in options if "description" in o), "")
        _DESCRIPTIONS[model] = found
    return _DESCRIPTIONS[model]


def described(model: type[Record], name: str, extra: str = "") -> str:
    """The Dutch description of a field from schema.py, plus what this file needs."""
    return f"{_descriptions(model)[name]} {extra}".strip()


# --- skeletons ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choices:
    """Ids an editor can pick from, read from the knowledge base as it is now."""

    themes: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    evidence_kinds: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    next_order: int = 10


def read_choices(data_dirs: Sequence[Path], root: Path) -> Choices:
    kb = load(data_dirs, root=root).kb
    if kb is None:  # no taxonomy yet: the skeleton still works, only without the lists
        return Choices()
    themes = sorted(kb.themes.values(), key=lambda t: (t.order is None, t.order or 0, t.id))
    orders = [t.order for t in themes if t.order is not None]
    taxonomy = kb.taxonomy
    return Choices(themes=tuple(t.id for t in themes), phases=tuple(p.id for p in taxonomy.phases),
                   steps=tuple(s.id for s in taxonomy.steps), evidence_kinds=tuple(k.id for k in taxonomy.evidence_kinds),
                   sectors=tuple(s.id for s in taxonomy.sectors), elements=tuple(kb.elements),
                   sources=tuple(kb.sources), next_order=(max(orders) // 10 + 1) * 10 if orders else 10)


def _pick(ids: Sequence[str], what: str) -> str:
    return f"Kies uit: {quote_list(ids, limit=15)}." if ids else f"Nog geen {what} in de kennisbank."


def _title_from_id(record_id: str) -> str:
    words = record_id.replace("-", " ")
    return words[:1].upper() + words[1:]


_TODO_SUMMARY = "TODO: vat in één of twee zinnen samen waar dit over gaat."


def _common_head(model: type[Record], record_id: str, summary: str = _TODO_SUMMARY) -> list[Line]:
    return [Line("title", _title_from_id(record_id), described(model, "title", "TODO: controleer de titel.")),
            Line("summary", summary, described(model, "summary"))]


def _common_tail(model: type[Record], body: str) -> list[Line]:
    return [Line("keywords", [], described(model, "keywords")),
            Line("reviewed", "JJJJ-MM-DD", described(model, "reviewed", "Vul in zodra je de tekst hebt nagekeken."),
                 optional=True),
            Line("body", body, described(model, "body"))]


def _theme(model: type[Record], record_id: str, c: Choices) -> list[Line]:
    return [*_common_head(model, record_id),
            Line("order", c.next_order, described(model, "order")),
            Line("phases", [], described(model, "phases", _pick(c.phases, "fasen"))),
            Line("steps", [], described(model, "steps", _pick(c.steps, "stappen"))),
            *_common_tail(model, "TODO: leg uit waarom dit thema belangrijk is voor een lerend netwerk.\n")]


def _element(model: type[Record], record_id: str, c: Choices) -> list[Line]:
    source = c.sources[0] if c.sources else "kies-een-bron"
    literature = ("Elke onderbouwing noemt de bron waar ze staat (ids uit data/sources/; een nieuwe bron maak je met\n"
                  "'kennisbank import-bib' of 'kennisbank new bron'): bij literatuur de publicatie, bij expertadvies\n"
                  "het document met het advies, bij praktijkervaring het verslag. Bijvoorbeeld:\n"
                  "  - kind: literature\n    sources: [" + (c.sources[0] if c.sources else "auteur-2024") + "]\n"
                  "    note: Wat de bron hierover zegt.")
    return [*_common_head(model, record_id),
            Line("themes", list(c.themes[:1]) or ["kies-een-thema"],
                 described(model, "themes", "TODO: kies de juiste thema's. " + _pick(c.themes, "thema's"))),
            Line("phases", [], described(model, "phases", _pick(c.phases, "fasen"))),
            Line("steps", [], described(model, "steps", _pick(c.steps, "stappen"))),
            Line("evidence", [{"kind": "expert", "sources": [source],
                               "note": "TODO: wat zeggen experts hierover, volgens welk document?"}],
                 described(model, "evidence", "TODO: vul aan. Soorten (kind): "
                           + (", ".join(c.evidence_kinds) or "literature, expert, practice") + ".\n" + literature)),
            *_common_tail(model, "**Waarom?** TODO: waarom werkt dit?\n\n**Hoe?** TODO: hoe pak je het aan?\n")]


def _source(model: type[Record], record_id: str, c: Choices) -> list[Line]:
    return [Line("type", "other", described(model, "type", f"Kies uit: {', '.join(SOURCE_TYPES)}.")),
            Line("title", "TODO: titel van de publicatie", described(model, "title")),
            Line("title_known", True, described(model, "title_known")),
            Line("authors", [], described(model, "authors", "TODO: bijv.\n  - {family: Salem, given: P.}\n"
                                                              "  - {literal: Rathenau Instituut}")),
            Line("year", None, described(model, "year", "TODO")),
            *(Line(name, example, described(model, name, "Alleen invullen als je het zeker weet."), optional=True)
              for name, example in (("editors", [{"family": "Jansen", "given": "P."}]),
                                    ("container", "Naam van het tijdschrift of de bundel"), ("edition", "2"),
                                    ("volume", "12"), ("issue", "3"), ("pages", "12–34"), ("number", "12"),
                                    ("genre", "Proefschrift"), ("publisher", "Naam van de uitgever"),
                                    ("doi", "10.1000/xyz123"), ("url", "https://www.example.org/publicatie"),
                                    ("accessed", "2024-05-01"))),
            Line("verified", False, described(model, "verified")),
            Line("summary", "TODO: schrijf waarvoor deze bron in de kennisbank wordt aangehaald.",
                 described(model, "summary")),
            Line("body", "Toelichting bij de bron.\n", described(model, "body"), optional=True)]


def _example(model: type[Record], record_id: str, c: Choices) -> list[Line]:
    link = [{"title": "Verslag van het netwerk", "url": "https://www.example.org/verslag"}]
    return [*_common_head(model, record_id),
            Line("organisation", "Naam van de organisatie", described(model, "organisation"), optional=True),
            Line("sector", c.sectors[0] if c.sectors else "jeugd", described(model, "sector", _pick(c.sectors, "sectoren")),
                 optional=True),
            Line("elements", [], described(model, "elements", "Ids uit data/elements/.")),
            Line("themes", [], described(model, "themes", _pick(c.themes, "thema's"))),
            Line("templates", [], described(model, "templates", "Ids uit data/templates/.")),
            Line("phases", [], described(model, "phases", _pick(c.phases, "fasen"))),
            Line("links", link, described(model, "links"), optional=True),
            *_common_tail(model, "## Wat is het?\n\nTODO: beschrijf het netwerk.\n\n"
                                 "## Wat kun je ervan leren?\n\nTODO: wat werkte, en wat niet?\n")]


def _template(model: type[Record], record_id: str, c: Choices) -> list[Line]:
    section = [{"title": "TODO: kop van het onderdeel",
                "items": [{"text": "TODO: eerste onderdeel", "type": "check"}]}]
    return [*_common_head(model, record_id),
            Line("kind", "checklist", described(model, "kind", f"Kies uit: {', '.join(TEMPLATE_KINDS)}.")),
            Line("phases", [], described(model, "phases", _pick(c.phases, "fasen"))),
            Line("steps", [], described(model, "steps", _pick(c.steps, "stappen"))),
            Line("elements", [], described(model, "elements", "Ids uit data/elements/.")),
            Line("duration", "90 minuten", described(model, "duration"), optional=True),
            Line("group_size", "6 tot 15", described(model, "group_size"), optional=True),
            Line("sections", section, described(model, "sections", "Een onderdeel is tekst of {text, type}; type is\n"
                 "check (afvinken), question (vraag), field (invulveld) of step (stap, met minutes).")),
            *_common_tail(model, "TODO: leg uit wanneer en hoe je dit hulpmiddel gebruikt.\n")]


_SKELETONS = {"theme": _theme, "element": _element, "source": _source, "example": _example, "template": _template}

_INTRO = {"theme": "Nieuw thema", "element": "Nieuw werkzaam element", "source": "Nieuwe bron",
          "example": "Nieuw praktijkvoorbeeld", "template": "Nieuw hulpmiddel"}


def skeleton(kind: Kind, record_id: str, target: Path, root: Path, choices: Choices) -> str:
    head = (schema_line(kind.name, target, root)
            + f"# {_INTRO[kind.name]}. Vul alles met TODO in; een regel met '# veld:' zet je aan door '# ' weg te halen.\n"
            + "# Controleer daarna met 'kennisbank check'. Uitleg van alle velden: CONTRIBUTING.md.\n")
    return head + render_lines(_SKELETONS[kind.name](kind.model, record_id, choices))


def create_record(kind_name: str, record_id: str, data_dirs: Sequence[Path], root: Path) -> Path:
    """Write the skeleton into the first data folder; refuse a bad or taken id."""
    kind = kind_from_name(kind_name)
    if not data_dirs or not data_dirs[0].is_dir():
        where = shown(data_dirs[0], root) if data_dirs else "data"
        raise CommandError(f"de datamap '{where}' bestaat niet.",
                           fix="Start het commando in de map met mkdocs.yml, of noem de datamap met --data.")
    check_new_id(kind, record_id, data_dirs, root)
    target = data_dirs[0] / kind.folder / f"{record_id}.yaml"
    text = skeleton(kind, record_id, target, root, read_choices(data_dirs, root))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target

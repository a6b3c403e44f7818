"""New record files for editors: `kennisbank new` skeletons and the safe YAML writer that `import-bib` shares.

A skeleton is valid as written (so `kennisbank check` stays clean) and says in comments, in the site's language,
what each field means and what still has to be filled in (TODO). The field explanations come from the descriptions
in records.py, so the comments and the JSON Schema never disagree.
"""
from __future__ import annotations

import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kennisbank.core.i18n import both, language_of, say
from kennisbank.core.model.kinds import BY_NAME, KINDS, Kind, id_refusal
from kennisbank.core.model.records import SOURCE_TYPES, TEMPLATE_KINDS, Record, field_description
from kennisbank.core.paths import FOLDER_KINDS
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.messages import quoted
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.textutil import printable

# --- names editors may type for a kind -------------------------------------------------------------------

KIND_ALIASES: Mapping[str, str] = {
    **{k.name: k.name for k in KINDS}, **{k.folder: k.name for k in KINDS},
    **{f: k for f, k in FOLDER_KINDS.items() if k in BY_NAME},  # the record folders of the site, in every language
    "thema": "theme", "werkzaam-element": "element", "werkzaam element": "element", "bron": "source",
    "praktijkvoorbeeld": "example", "voorbeeld": "example", "hulpmiddel": "template",
}


def kind_from_name(name: str) -> Kind:
    found = KIND_ALIASES.get(" ".join(name.strip().lower().split()))
    if found is None:
        raise CommandError(say("onbekende soort record '{name}'.", "unknown kind of record '{name}'.", name=name),
                           fix=both("Kies thema (theme), element (werkzaam-element), bron (source), "
                                    "praktijkvoorbeeld (example) of hulpmiddel (template).",
                                    "Choose theme, element, source, example or template."))
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
        raise CommandError(refusal.message, fix=both("Kies een andere id.", "Choose another id."))
    if refusal:
        suggestion = refusal.suggestion or "record"
        if existing_file(kind, suggestion, data_dirs):
            suggestion = free_variant(kind, suggestion, data_dirs)
        message = refusal.message if refusal.rule != "pattern" else \
            say("'{id}' is geen geldige id: alleen kleine letters, cijfers en enkele koppeltekens.",
                "'{id}' is not a valid id: only lower-case letters, digits and single hyphens.", id=printable(record_id))
        raise CommandError(message, fix=say("Gebruik bijvoorbeeld '{id}'.", "Use '{id}', for example.", id=suggestion))
    taken = existing_file(kind, record_id, data_dirs)
    if taken:
        raise CommandError(say("de id '{id}' bestaat al: {file}.", "the id '{id}' already exists: {file}.",
                               id=record_id, file=shown(taken, root)),
                           fix=say("Bewerk dat bestand, of kies een andere id, bijv. '{other}'.",
                                   "Edit that file, or choose another id, e.g. '{other}'.",
                                   other=free_variant(kind, record_id, data_dirs)))


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


def described(model: type[Record], name: str, extra: str = "", language: str | None = "nl") -> str:
    """The description of a field from records.py in `language`, plus what this file needs."""
    description = field_description(model, name)
    return f"{description.text(language) if description else ''} {extra}".strip()


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


@dataclass(frozen=True)
class _Writer:
    """The comments and placeholder values of one skeleton, in the site's language."""

    model: type[Record]
    language: str = "nl"

    def __call__(self, nl: str, en: str) -> str:
        return en if self.language == "en" else nl

    def described(self, name: str, extra: str = "") -> str:
        return described(self.model, name, extra, self.language)

    def pick(self, ids: Sequence[str], nl_what: str, en_what: str) -> str:
        if ids:
            return f"{self('Kies uit', 'Choose from')}: {quoted(ids, limit=15).text(self.language)}."
        return self(f"Nog geen {nl_what} in de kennisbank.", f"No {en_what} in the knowledge base yet.")


def _title_from_id(record_id: str) -> str:
    words = record_id.replace("-", " ")
    return words[:1].upper() + words[1:]


def _common_head(w: _Writer, record_id: str) -> list[Line]:
    summary = w("TODO: vat in één of twee zinnen samen waar dit over gaat.",
                "TODO: sum up in one or two sentences what this is about.")
    return [Line("title", _title_from_id(record_id), w.described("title", w("TODO: controleer de titel.",
                                                                              "TODO: check the title."))),
            Line("summary", summary, w.described("summary"))]


def _common_tail(w: _Writer, body: str) -> list[Line]:
    return [Line("keywords", [], w.described("keywords")),
            Line("reviewed", w("JJJJ-MM-DD", "YYYY-MM-DD"),
                 w.described("reviewed", w("Vul in zodra je de tekst hebt nagekeken.",
                                           "Fill in once you have reviewed the text.")), optional=True),
            Line("body", body, w.described("body"))]


def _theme(w: _Writer, record_id: str, c: Choices) -> list[Line]:
    return [*_common_head(w, record_id),
            Line("order", c.next_order, w.described("order")),
            Line("phases", [], w.described("phases", w.pick(c.phases, "fasen", "phases"))),
            Line("steps", [], w.described("steps", w.pick(c.steps, "stappen", "steps"))),
            *_common_tail(w, w("TODO: leg uit waarom dit thema belangrijk is voor een lerend netwerk.\n",
                               "TODO: explain why this theme matters for a learning network.\n"))]


def _element(w: _Writer, record_id: str, c: Choices) -> list[Line]:
    source = c.sources[0] if c.sources else w("kies-een-bron", "choose-a-source")
    example = c.sources[0] if c.sources else w("auteur-2024", "author-2024")
    literature = w("Elke onderbouwing noemt de bron waar ze staat (ids uit data/sources/; een nieuwe bron maak je met\n"
                   "'kennisbank import-bib' of 'kennisbank new bron'): bij literatuur de publicatie, bij expertadvies\n"
                   "het document met het advies, bij praktijkervaring het verslag. Bijvoorbeeld:\n"
                   "  - kind: literature\n    sources: [" + example + "]\n"
                   "    note: Wat de bron hierover zegt.",
                   "All evidence names the source it is given in (ids from data/sources/; you make a new source with\n"
                   "'kennisbank import-bib' or 'kennisbank new source'): for literature the publication, for expert\n"
                   "advice the document with the advice, for practical experience the report. For example:\n"
                   "  - kind: literature\n    sources: [" + example + "]\n"
                   "    note: What the source says about this.")
    kinds = ", ".join(c.evidence_kinds) or "literature, expert, practice"
    return [*_common_head(w, record_id),
            Line("themes", list(c.themes[:1]) or [w("kies-een-thema", "choose-a-theme")],
                 w.described("themes", w("TODO: kies de juiste thema's. ", "TODO: choose the right themes. ")
                             + w.pick(c.themes, "thema's", "themes"))),
            Line("phases", [], w.described("phases", w.pick(c.phases, "fasen", "phases"))),
            Line("steps", [], w.described("steps", w.pick(c.steps, "stappen", "steps"))),
            Line("evidence", [{"kind": "expert", "sources": [source],
                               "note": w("TODO: wat zeggen experts hierover, volgens welk document?",
                                         "TODO: what do experts say about this, in which document?")}],
                 w.described("evidence", w("TODO: vul aan. Soorten (kind): ", "TODO: complete this. Kinds (kind): ")
                             + kinds + ".\n" + literature)),
            *_common_tail(w, w("**Waarom?** TODO: waarom werkt dit?\n\n**Hoe?** TODO: hoe pak je het aan?\n",
                               "**Why?** TODO: why does this work?\n\n**How?** TODO: how do you go about it?\n"))]


def _source(w: _Writer, record_id: str, c: Choices) -> list[Line]:
    return [Line("type", "other", w.described("type", f"{w('Kies uit', 'Choose from')}: {', '.join(SOURCE_TYPES)}.")),
            Line("title", w("TODO: titel van de publicatie", "TODO: title of the publication"), w.described("title")),
            Line("title_known", True, w.described("title_known")),
            Line("authors", [], w.described("authors", w("TODO: bijv.", "TODO: e.g.")
                                            + "\n  - {family: Salem, given: P.}\n  - {literal: Rathenau Instituut}")),
            Line("year", None, w.described("year", "TODO")),
            *(Line(name, example, w.described(name, w("Alleen invullen als je het zeker weet.",
                                                      "Only fill in if you know it for certain.")), optional=True)
              for name, example in (("editors", [{"family": "Jansen", "given": "P."}]),
                                    ("container", w("Naam van het tijdschrift of de bundel",
                                                    "Name of the journal or the edited book")), ("edition", "2"),
                                    ("volume", "12"), ("issue", "3"), ("pages", "12–34"), ("number", "12"),
                                    ("genre", w("Proefschrift", "Doctoral dissertation")),
                                    ("publisher", w("Naam van de uitgever", "Name of the publisher")),
                                    ("doi", "10.1000/xyz123"),
                                    ("url", w("https://www.example.org/publicatie", "https://www.example.org/publication")),
                                    ("accessed", "2024-05-01"))),
            Line("verified", False, w.described("verified")),
            Line("summary", w("TODO: schrijf waarvoor deze bron in de kennisbank wordt aangehaald.",
                              "TODO: write what this source is cited for in the knowledge base."),
                 w.described("summary")),
            Line("body", w("Toelichting bij de bron.\n", "Notes on the source.\n"), w.described("body"), optional=True)]


def _example(w: _Writer, record_id: str, c: Choices) -> list[Line]:
    link = [{"title": w("Verslag van het netwerk", "Report of the network"),
             "url": w("https://www.example.org/verslag", "https://www.example.org/report")}]
    return [*_common_head(w, record_id),
            Line("organisation", w("Naam van de organisatie", "Name of the organisation"), w.described("organisation"),
                 optional=True),
            Line("sector", c.sectors[0] if c.sectors else w("jeugd", "youth"),
                 w.described("sector", w.pick(c.sectors, "sectoren", "sectors")), optional=True),
            Line("elements", [], w.described("elements", w("Ids uit data/elements/.", "Ids from data/elements/."))),
            Line("themes", [], w.described("themes", w.pick(c.themes, "thema's", "themes"))),
            Line("templates", [], w.described("templates", w("Ids uit data/templates/.", "Ids from data/templates/."))),
            Line("phases", [], w.described("phases", w.pick(c.phases, "fasen", "phases"))),
            Line("links", link, w.described("links"), optional=True),
            *_common_tail(w, w("## Wat is het?\n\nTODO: beschrijf het netwerk.\n\n"
                               "## Wat kun je ervan leren?\n\nTODO: wat werkte, en wat niet?\n",
                               "## What is it?\n\nTODO: describe the network.\n\n"
                               "## What can you learn from it?\n\nTODO: what worked, and what did not?\n"))]


def _template(w: _Writer, record_id: str, c: Choices) -> list[Line]:
    section = [{"title": w("TODO: kop van het onderdeel", "TODO: heading of the section"),
                "items": [{"text": w("TODO: eerste onderdeel", "TODO: first item"), "type": "check"}]}]
    return [*_common_head(w, record_id),
            Line("kind", "checklist", w.described("kind", f"{w('Kies uit', 'Choose from')}: {', '.join(TEMPLATE_KINDS)}.")),
            Line("phases", [], w.described("phases", w.pick(c.phases, "fasen", "phases"))),
            Line("steps", [], w.described("steps", w.pick(c.steps, "stappen", "steps"))),
            Line("elements", [], w.described("elements", w("Ids uit data/elements/.", "Ids from data/elements/."))),
            Line("duration", w("90 minuten", "90 minutes"), w.described("duration"), optional=True),
            Line("group_size", w("6 tot 15", "6 to 15"), w.described("group_size"), optional=True),
            Line("sections", section, w.described("sections", w(
                "Een onderdeel is tekst of {text, type}; type is\n"
                "check (afvinken), question (vraag), field (invulveld) of step (stap, met minutes).",
                "An item is text or {text, type}; type is\n"
                "check (tick box), question (a question), field (fill-in field) or step (a step, with minutes)."))),
            *_common_tail(w, w("TODO: leg uit wanneer en hoe je dit hulpmiddel gebruikt.\n",
                               "TODO: explain when and how you use this tool.\n"))]


_SKELETONS = {"theme": _theme, "element": _element, "source": _source, "example": _example, "template": _template}

_INTRO = {"nl": {"theme": "Nieuw thema", "element": "Nieuw werkzaam element", "source": "Nieuwe bron",
                 "example": "Nieuw praktijkvoorbeeld", "template": "Nieuw hulpmiddel"},
          "en": {"theme": "New theme", "element": "New working element", "source": "New source",
                 "example": "New practice example", "template": "New tool"}}


def skeleton(kind: Kind, record_id: str, target: Path, root: Path, choices: Choices, language: str | None = "nl") -> str:
    """The commented file for a new record; comments and placeholders in `language` (the site's, 'nl' or 'en')."""
    w = _Writer(kind.model, language_of(language))
    head = (schema_line(kind.name, target, root)
            + f"# {_INTRO[w.language][kind.name]}. "
            + w("Vul alles met TODO in; een regel met '# veld:' zet je aan door '# ' weg te halen.\n"
                "# Controleer daarna met 'kennisbank check'. Uitleg van alle velden: CONTRIBUTING.md.\n",
                "Fill in everything marked TODO; to use a line such as '# field:', remove the '# '.\n"
                "# Then check with 'kennisbank check'. All fields are explained in CONTRIBUTING.md.\n"))
    return head + render_lines(_SKELETONS[kind.name](w, record_id, choices))


def create_record(kind_name: str, record_id: str, data_dirs: Sequence[Path], root: Path,
                  language: str | None = "nl") -> Path:
    """Write the skeleton into the first data folder, commented in `language` (the site's); refuse a bad or taken id."""
    kind = kind_from_name(kind_name)
    if not data_dirs or not data_dirs[0].is_dir():
        where = shown(data_dirs[0], root) if data_dirs else "data"
        raise CommandError(say("de datamap '{folder}' bestaat niet.", "the data folder '{folder}' does not exist.",
                               folder=where),
                           fix=both("Start het commando in de map met mkdocs.yml, of noem de datamap met --data.",
                                    "Run the command in the folder with mkdocs.yml, or name the data folder with --data."))
    check_new_id(kind, record_id, data_dirs, root)
    target = data_dirs[0] / kind.folder / f"{record_id}.yaml"
    text = skeleton(kind, record_id, target, root, read_choices(data_dirs, root), language)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target

"""Links inside record text to other pages of the knowledge base must point at records that exist.

Editors write a link relative to the record's own page, in either language's folders: '../werkzame-elementen/x.md' as
the Dutch national data does, or '../working-elements/x.md' on an English site. Both name the same record; the check
does not depend on the site's paths, and the pages point every such link at the site's own folder
(SitePaths.relink in core/paths.py).
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterator

from kennisbank.core.i18n import both, say
from kennisbank.core.model.kinds import KINDS, Kind
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.paths import FOLDER_KINDS, MD_LINK, NL, RECORD_KINDS
from kennisbank.core.reading.problems import Problem
from kennisbank.core.reading.references import AllFacts, subject
from kennisbank.core.textutil import did_you_mean

_LINK = MD_LINK  # the target stops at the next '(' '[' or ']' (linear in the text: tests/test_markdown_speed.py)


def _text_fields(record: object) -> Iterator[tuple[tuple, str]]:
    for name in ("summary", "body"):
        yield (name,), getattr(record, name) or ""
    for index, entry in enumerate(getattr(record, "evidence", ())):
        yield ("evidence", index, "note"), entry.note or ""


def link_candidates(kind: Kind, record: object) -> tuple[tuple[tuple, int, str, str, str], ...]:
    """The links of one record to pages of the knowledge base, as (where, line offset, as written, folder, name): what
    check_internal_links looks up on every load. Taken when the record is validated (facts.py).

    A link is read from the record's page in the Dutch folders; every language's folders are one level deep, so a
    link that resolves there resolves on any site ('x.md' is a record of the same kind in both)."""
    here = posixpath.dirname(NL.record_page(kind, record.id))  # type: ignore[attr-defined]
    found = []
    for loc, text in _text_fields(record):
        if "](" not in text:
            continue
        for match in _LINK.finditer(text):
            target = posixpath.normpath(posixpath.join(here, match.group(1)))
            folder, _, name = target.partition("/")
            if folder not in FOLDER_KINDS or "/" in name or name == "index.md":
                continue
            offset = text.count("\n", 0, match.start()) + 1 if loc == ("body",) else 0
            found.append((loc, offset, match.group(1), folder, name))
    return tuple(found)


def check_internal_links(kb: KnowledgeBase, facts: AllFacts) -> list[Problem]:
    """A link like ../hulpmiddelen/x.md in a body is checked here, in Dutch, with its line."""
    problems = []
    known: dict[str, set[str]] = {}
    for kind in KINDS:
        for record_id, fact in facts[kind.name].items():
            for loc, offset, written, folder, name in fact.links:
                ids = known[folder] if folder in known else known.setdefault(folder, _known(kb, folder))
                if name[:-3] in ids:
                    continue
                origin = kb.origins[(kind.name, record_id)]
                guess = did_you_mean(name[:-3], ids)
                problems.append(Problem(origin.file, origin.line_of(loc) + offset,
                                        say("de link naar '{link}' wijst naar een pagina die niet bestaat.",
                                            "the link to '{link}' points to a page that does not exist.", link=written),
                                        expected=say("een bestaande id in {folder}/", "an existing id in {folder}/",
                                                     folder=folder),
                                        fix=say("Bedoelde je '{guess}.md'?", "Did you mean '{guess}.md'?", guess=guess)
                                        if guess else both("Pas de link aan of verwijder hem.", "Change the link or remove it."),
                                        subject=subject(kind.name, record_id)))
    return problems


def _known(kb: KnowledgeBase, folder: str) -> set[str]:
    kind = FOLDER_KINDS[folder]
    if kind in RECORD_KINDS:
        return set(kb.of(kind))
    return {t.id for t in kb.terms(kind)}

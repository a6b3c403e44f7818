"""Links inside record text to other pages of the knowledge base must point at records that exist."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from kennisbank.core.model.kinds import KINDS, Kind
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.reading.problems import Problem
from kennisbank.core.reading.references import AllFacts, subject
from kennisbank.core.textutil import did_you_mean

# The target stops at the next '(' '[' or ']': with thousands of '](' it read on to the end for each (quadratic).
_LINK = re.compile(r"\]\(\s*<?([^()\[\]\s>#]+\.md)(#[^()\[\]\s>]*)?>?\s*(?:\"[^\"]*\")?\)")
_FOLDERS = {k.url: k.name for k in KINDS}
_TERM_FOLDERS = {"fasen": "phase", "stappen": "step"}


def _text_fields(record: object) -> Iterator[tuple[tuple, str]]:
    for name in ("summary", "body"):
        yield (name,), getattr(record, name) or ""
    for index, entry in enumerate(getattr(record, "evidence", ())):
        yield ("evidence", index, "note"), entry.note or ""


def link_candidates(kind: Kind, record: object) -> tuple[tuple[tuple, int, str, str, str], ...]:
    """The links of one record to pages of the knowledge base, as (where, line offset, as written, folder, name): what
    check_internal_links looks up on every load. Taken when the record is validated (facts.py)."""
    here = posixpath.dirname(kind.page_path(record.id))  # type: ignore[attr-defined]
    found = []
    for loc, text in _text_fields(record):
        if "](" not in text:
            continue
        for match in _LINK.finditer(text):
            target = posixpath.normpath(posixpath.join(here, match.group(1)))
            folder, _, name = target.partition("/")
            if (folder not in _FOLDERS and folder not in _TERM_FOLDERS) or "/" in name or name == "index.md":
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
                                        f"de link naar '{written}' wijst naar een pagina die niet bestaat.",
                                        expected=f"een bestaande id in {folder}/",
                                        fix=f"Bedoelde je '{guess}.md'?" if guess else "Pas de link aan of verwijder hem.",
                                        subject=subject(kind.name, record_id)))
    return problems


def _known(kb: KnowledgeBase, folder: str) -> set[str]:
    if folder in _FOLDERS:
        return set(kb.of(_FOLDERS[folder]))
    return {t.id for t in kb.terms(_TERM_FOLDERS[folder])}

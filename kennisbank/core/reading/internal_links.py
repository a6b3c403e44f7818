"""Links inside record text to other pages of the knowledge base must point at records that exist."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.reading.problems import Problem
from kennisbank.core.reading.references import subject
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


def check_internal_links(kb: KnowledgeBase) -> list[Problem]:
    """A link like ../hulpmiddelen/x.md in a body is checked here, in Dutch, with its line."""
    problems = []
    for kind in KINDS:
        for record in kb.of(kind).values():
            origin = kb.origins[(kind.name, record.id)]
            here = posixpath.dirname(kind.page_path(record.id))
            for loc, text in _text_fields(record):
                for match in _LINK.finditer(text):
                    target = posixpath.normpath(posixpath.join(here, match.group(1)))
                    folder, _, name = target.partition("/")
                    ids = _known(kb, folder)
                    if ids is None or "/" in name or name[:-3] in ids or name == "index.md":
                        continue
                    line = origin.line_of(loc) + (text.count("\n", 0, match.start()) + 1 if loc == ("body",) else 0)
                    guess = did_you_mean(name[:-3], ids)
                    problems.append(Problem(origin.file, line,
                                            f"de link naar '{match.group(1)}' wijst naar een pagina die niet bestaat.",
                                            expected=f"een bestaande id in {folder}/",
                                            fix=f"Bedoelde je '{guess}.md'?" if guess else "Pas de link aan of verwijder hem.",
                                            subject=subject(kind.name, record.id)))
    return problems


def _known(kb: KnowledgeBase, folder: str) -> set[str] | None:
    if folder in _FOLDERS:
        return set(kb.of(_FOLDERS[folder]))
    if folder in _TERM_FOLDERS:
        return {t.id for t in kb.terms(_TERM_FOLDERS[folder])}
    return None

"""APA 7 (9.47): works by the same authors in the same order and the same year get a letter after the year, 2019a
and 2019b, ordered by title, so that "(Brown, 2019a)" points at one reference only."""
from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable, Mapping

from kennisbank.core.model.records import Author, Source

# Articles APA skips when it orders by title, in the languages of the knowledge base.
_LEADING_ARTICLE = re.compile(r"^(?:the|an?|de|het|een|'t)\s+", re.I)


def _author_key(author: Author) -> tuple[str, str]:
    if author.literal:
        return (author.literal.casefold(), "")
    initials = "".join(part[0] for part in (author.given or "").replace(".", " ").replace("-", " ").split())
    return (str(author.family).casefold(), initials.casefold())


def _title_key(source: Source) -> tuple[str, str]:
    return (_LEADING_ARTICLE.sub("", source.title).casefold(), source.id)


def year_suffixes(sources: Iterable[Source]) -> Mapping[str, str]:
    """Source id -> 'a', 'b', … for each source that shares its authors and year with another; others are absent."""
    groups: dict[tuple, list[Source]] = defaultdict(list)
    for source in sources:
        if source.authors and source.year is not None:
            groups[(tuple(_author_key(a) for a in source.authors), source.year)].append(source)
    suffixes: dict[str, str] = {}
    for group in groups.values():
        if len(group) > 1:
            for index, source in enumerate(sorted(group, key=_title_key)):
                suffixes[source.id] = _letters(index)
    return suffixes


def _letters(index: int) -> str:
    """a … z, then aa, ab, … as APA continues."""
    letters = string.ascii_lowercase
    return letters[index] if index < 26 else _letters(index // 26 - 1) + letters[index % 26]

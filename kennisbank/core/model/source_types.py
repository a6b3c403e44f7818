"""What each kind of source is in APA 7: its CSL type and the fields its reference shows.

One table for the citation (which fields become CSL), the check (a field the reference of this type does not show
is reported, not silently dropped) and the importers (which export fields to keep for this type).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourceType:
    csl: str                  # the CSL type apa.csl formats this kind as
    fields: frozenset[str]    # optional Source fields the APA reference of this kind shows

    def shows(self, field: str) -> bool:
        return field in self.fields


def _kind(csl: str, *fields: str) -> SourceType:
    return SourceType(csl, frozenset(fields) | {"doi", "url"})


# A conference paper is formatted as APA formats proceedings published as a book: "In *Proceedings* (pp. 5–9).
# Publisher." apa.csl formats 'paper-conference' without editors as a journal article, which it is not.
SOURCE_TYPES: dict[str, SourceType] = {
    "article": _kind("article-journal", "container", "volume", "issue", "pages", "number"),
    "book": _kind("book", "editors", "edition", "volume", "publisher"),
    "chapter": _kind("chapter", "editors", "container", "edition", "volume", "pages", "publisher"),
    "conference-paper": _kind("chapter", "editors", "container", "volume", "pages", "publisher"),
    "report": _kind("report", "genre", "number", "edition", "publisher"),
    "thesis": _kind("thesis", "genre", "number", "publisher"),
    "webpage": _kind("webpage", "container", "accessed"),
    "preprint": _kind("article", "genre", "number", "publisher"),
    "legislation": _kind("legislation", "container", "number"),
    "presentation": _kind("speech", "container"),
    "other": _kind("document", "genre", "number", "publisher"),
}

# Fields that describe the publication (as opposed to title, authors, year and the editors' own fields).
BIBLIOGRAPHIC_FIELDS = ("editors", "container", "edition", "volume", "issue", "pages", "number", "genre", "publisher",
                        "doi", "url", "accessed")

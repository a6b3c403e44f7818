"""APA 7 references for sources and for the knowledge base's own pages, from exactly the fields a record has.

The formatting is citeproc-py's (see csl.py); this module only says which CSL-JSON a record becomes. Nothing is
filled in: no author, year or title that the record does not give.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from ..schema import Author, Source
from . import csl
from .mdtext import escape, html_text

# Our source types as CSL types (apa.csl formats each differently).
CSL_TYPES = {"article": "article-journal", "book": "book", "chapter": "chapter", "report": "report",
             "webpage": "webpage", "thesis": "thesis", "presentation": "speech", "other": "document"}


def author_name(author: Author) -> str:
    """Short plain name for sorting and overviews: 'Salem, P.' or the organisation."""
    if author.literal:
        return author.literal
    initials = " ".join(f"{part[0]}." for part in (author.given or "").replace(".", " ").split() if part)
    return f"{author.family}, {initials}" if initials else str(author.family)


def authors_text(authors: tuple[Author, ...]) -> str:
    names = [author_name(a) for a in authors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def _csl_name(author: Author) -> dict[str, str]:
    if author.literal:
        return {"literal": author.literal}
    return {"family": str(author.family), **({"given": author.given} if author.given else {})}


def source_item(source: Source, labels: Mapping[str, str]) -> dict[str, Any]:
    """A source as CSL-JSON. An unknown title becomes APA's bracketed description, e.g. [Titel onbekend]."""
    item: dict[str, Any] = {"type": CSL_TYPES[source.type]}
    if source.authors:
        item["author"] = [_csl_name(a) for a in source.authors]
    if source.year is not None:
        item["issued"] = {"date-parts": [[source.year]]}
    if source.title_known:
        item["title"] = source.title
        if source.type == "presentation":  # APA describes a presentation in brackets: Titel [Presentatie].
            item["genre"] = labels["source.presentation"]
    else:
        item["genre"] = labels["title_unknown"]  # the record's title only names the citation ("Salem (2002)")
    # A presentation's "container" is the event it was given at (CSL 'event'; citeproc-py lacks 'event-title').
    container = "event" if source.type == "presentation" else "container-title"
    # APA 7: a web page's site name is left out when it is also the author.
    site_is_author = source.type == "webpage" and [a.literal for a in source.authors] == [source.container]
    for key, value in ((container, None if site_is_author else source.container), ("volume", source.volume),
                       ("issue", source.issue), ("page", source.pages), ("publisher", source.publisher),
                       ("DOI", source.doi), ("URL", source.url)):
        if value:
            item[key] = value
    return item


def reference_markdown(source: Source, labels: Mapping[str, str], language: str = "nl") -> str:
    """The APA 7 reference of a source (inline HTML, safe in Markdown)."""
    return csl.reference(source_item(source, labels), language)


def in_text_markdown(source: Source, labels: Mapping[str, str], language: str = "nl") -> str:
    """The APA 7 in-text citation of a source, e.g. (Salem, 2002)."""
    return csl.in_text(source_item(source, labels), language)


_BLOCKS: dict[tuple[Any, ...], str] = {}  # citeproc is slow; a source (frozen) renders the same every time


def source_reference_block(source: Source, labels: Mapping[str, str], language: str = "nl") -> str:
    """The "Bronvermelding" section body: the reference, and how to cite it in running text."""
    key = (source, language, labels["title_unknown"], labels["year_unknown"], labels["cite.in_text"])
    if key not in _BLOCKS:
        if len(_BLOCKS) > 20_000:
            _BLOCKS.clear()
        _BLOCKS[key] = _source_reference_block(source, labels, language)
    return _BLOCKS[key]


def _source_reference_block(source: Source, labels: Mapping[str, str], language: str) -> str:
    return (f"{reference_markdown(source, labels, language)}\n{{: .kb-reference }}\n\n"
            f"{escape(labels['cite.in_text'])}: {in_text_markdown(source, labels, language)}\n{{: .kb-cite__in-text }}")


def page_item(title: str, owner: str, site_name: str, reviewed: dt.date | None, url: str | None) -> dict[str, Any]:
    """A page of this knowledge base as a CSL web page: the owner as author, the year it was last reviewed."""
    item: dict[str, Any] = {"type": "webpage", "title": title}
    if owner:
        item["author"] = [{"literal": owner}]
    if site_name and site_name != owner:  # APA 7: the site name is left out when it is also the author
        item["container-title"] = site_name
    if reviewed:
        item["issued"] = {"date-parts": [[reviewed.year]]}
    if url:
        item["URL"] = url
    return item


def cite_this_page(title: str, owner: str, site_name: str, reviewed: dt.date | None, url: str | None,
                   labels: Mapping[str, str], language: str = "nl") -> str:
    """A collapsible "how to cite this page" block: the APA reference, and the same as plain text to copy.

    Without a known site address the reference has no URL: a relative path is not one, and none is made up.
    """
    reference = csl.webpage_reference(page_item(title, owner, site_name, reviewed, url), language)
    body = (f"{escape(labels['cite.intro'])}\n\n{reference}\n{{: .kb-cite__reference }}\n\n"
            f"{escape(labels['cite.plain'])}\n\n{csl.to_text(reference)}\n{{: .kb-cite__plain }}")
    indented = "\n".join(f"    {line}" if line else "" for line in body.split("\n"))
    return f'??? info kb-cite "{html_text(labels["cite.title"])}"\n\n{indented}'

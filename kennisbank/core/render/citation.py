"""APA 7 references for sources and for the knowledge base's own pages, from exactly the fields a record has.

The formatting is citeproc-py's (see csl.py); this module only says which CSL-JSON a record becomes. Nothing is
filled in: no author, year or title that the record does not give.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kennisbank.core.model.records import Author, Source
from kennisbank.core.model.source_types import SOURCE_TYPES
from kennisbank.core.render import csl
from kennisbank.core.render.citation_cache import CitationCache, citation_cache
from kennisbank.core.render.mdtext import escape, html_text

# Source fields as CSL-JSON variables (a presentation's container is its event: see source_item).
_CSL_VARIABLES = {"container": "container-title", "edition": "edition", "volume": "volume", "issue": "issue",
                  "pages": "page", "number": "number", "genre": "genre", "publisher": "publisher", "doi": "DOI",
                  "url": "URL"}


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


def source_item(source: Source, labels: Mapping[str, str], year_suffix: str = "") -> dict[str, Any]:
    """A source as CSL-JSON, its title as CSL rich text. An unknown title becomes APA's bracketed description, e.g.
    [Titel onbekend].

    The CSL type and the fields passed on come from SOURCE_TYPES: a field the APA reference of this type does not
    show (a book's container, say "Cambridge Core") is left out here and reported by the check.
    """
    kind = SOURCE_TYPES[source.type]
    item: dict[str, Any] = {"type": kind.csl}
    if source.authors:
        item["author"] = [_csl_name(a) for a in source.authors]
    if source.editors and kind.shows("editors"):
        item["editor"] = [_csl_name(a) for a in source.editors]
    if source.year is not None:
        item["issued"] = {"date-parts": [[source.year]]}
        if year_suffix:  # another work by the same authors from the same year: 2019a, 2019b (KnowledgeBase.year_suffixes)
            item["year-suffix"] = year_suffix
    if source.accessed and kind.shows("accessed"):  # printed only without a year: "Geraadpleegd 1 mei 2024, van …"
        item["accessed"] = {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]}
    for field, variable in _CSL_VARIABLES.items():
        value = getattr(source, field)
        if value and kind.shows(field):
            item[variable] = value
    # A presentation's "container" is the event it was given at (CSL 'event'; citeproc-py lacks 'event-title').
    if source.type == "presentation" and "container-title" in item:
        item["event"] = item.pop("container-title")
    # APA 7: a publisher that is also the (group) author is left out, and so is a web page's site name.
    group_author = [a.literal for a in source.authors]
    if group_author == [source.publisher]:
        item.pop("publisher", None)
    if source.type == "webpage" and group_author == [source.container]:
        item.pop("container-title", None)
    if source.title_known:
        item["title"] = source.title_markup
        if source.type == "presentation":  # APA describes a presentation in brackets: Titel [Presentatie].
            item["genre"] = labels["source.presentation"]
    else:
        item["genre"] = labels["title_unknown"]  # the record's title only names the citation ("Salem (2002)")
    return item


def reference_markdown(source: Source, labels: Mapping[str, str], language: str = "nl", year_suffix: str = "",
                       citations: CitationCache | None = None) -> str:
    """The APA 7 reference of a source (inline HTML, safe in Markdown); from `citations` when it has it."""
    item = source_item(source, labels, year_suffix)
    return citations.reference(item, language) if citations else csl.reference(item, language, rich_title=True)


def in_text_markdown(source: Source, labels: Mapping[str, str], language: str = "nl", year_suffix: str = "",
                     citations: CitationCache | None = None) -> str:
    """The APA 7 in-text citation of a source, e.g. (Salem, 2002); from `citations` when it has it."""
    item = source_item(source, labels, year_suffix)
    if not source.title_known:
        # Without author and title the citation names the bracketed description, "([Titel onbekend], z.d.)", the same
        # for every type (apa.csl would print a report's as "(titel onbekend, z.d.)").
        item["type"] = "document"
    return citations.in_text(item, language) if citations else csl.in_text(item, language, rich_title=True)


def source_reference_block(source: Source, labels: Mapping[str, str], language: str = "nl", year_suffix: str = "",
                           citations: CitationCache | None = None) -> str:
    """The "Bronvermelding" section body: the reference, and how to cite it in running text.

    citeproc is slow: the strings come from `citations` (kept across builds when it has a folder), or else from a
    cache in memory for this process; a source (frozen) renders the same every time.
    """
    cache = citations or citation_cache(None)
    key = (source, language, year_suffix, labels["title_unknown"], labels["year_unknown"], labels["cite.in_text"])
    return cache.block(key, lambda: (
        f"{reference_markdown(source, labels, language, year_suffix, cache)}\n{{: .kb-reference }}\n\n"
        f"{escape(labels['cite.in_text'])}: {in_text_markdown(source, labels, language, year_suffix, cache)}\n"
        "{: .kb-cite__in-text }"))


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

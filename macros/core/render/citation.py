"""A reference line for a source, from exactly the fields it has (nothing is filled in)."""
from __future__ import annotations

from typing import Mapping

from ..schema import Author, Source
from .mdtext import escape, md_url

_ITALIC_TITLE = {"book", "report", "thesis", "webpage", "presentation", "other"}


def author_name(author: Author) -> str:
    if author.literal:
        return author.literal
    initials = " ".join(f"{part[0]}." for part in (author.given or "").replace(".", " ").split() if part)
    return f"{author.family}, {initials}" if initials else str(author.family)


def authors_text(authors: tuple[Author, ...]) -> str:
    names = [author_name(a) for a in authors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def reference_markdown(source: Source, labels: Mapping[str, str]) -> str:
    """An APA-like reference in Markdown; unknown parts are named as unknown, never guessed."""
    year = str(source.year) if source.year is not None else labels["year_unknown"]
    title = escape(source.title)
    title = (f"*{title}*." if source.type in _ITALIC_TITLE else f"{title}.") if source.title_known \
        else f"[{escape(labels['title_unknown'])}]."
    # APA: without an author the title moves to the author's place.
    parts = [f"{escape(authors_text(source.authors))} ({year}).", title] if source.authors else [title, f"({year})."]
    if source.container:
        where = f"*{escape(source.container)}*"
        if source.volume:
            where += f", *{escape(source.volume)}*"
        if source.issue:
            where += f"({escape(source.issue)})"
        if source.pages:
            where += f", {escape(source.pages)}"
        parts.append(where + ".")
    if source.publisher:
        parts.append(escape(source.publisher) + ".")
    if source.doi:
        url = f"https://doi.org/{source.doi}"
        parts.append(f"[{escape(url)}](<{md_url(url)}>)")
    elif source.url:
        parts.append(f"[{escape(source.url)}](<{md_url(source.url)}>)")
    return " ".join(parts)

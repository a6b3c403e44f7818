"""The glossary: a page of terms, and explanations (abbr) for those terms wherever they occur."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from kennisbank.core.model.records import GlossaryTerm
from kennisbank.core.render.mdtext import escape, front_matter, html_text


def abbreviations(terms: tuple[GlossaryTerm, ...], markdown: str | None = None) -> str:
    """Markdown abbreviation definitions (abbr extension) for the terms and aliases that occur in `markdown`
    (all of them when no text is given). Defining only what occurs keeps a page's cost independent of the glossary."""
    return abbreviation_writer(terms)(markdown)


def abbreviation_writer(terms: tuple[GlossaryTerm, ...]) -> Callable[[str | None], str]:
    """`abbreviations` for one glossary, prepared once: for thousands of list items (adapter/overview_rows.py)."""
    definitions = _definitions(tuple((t.term, t.aliases, t.definition) for t in terms))
    pattern = _words_pattern(tuple(definitions)) if definitions else None

    def write(markdown: str | None) -> str:
        if pattern is None:
            return ""
        present = None if markdown is None else set(pattern.findall(markdown))
        if present is not None and not present:
            return ""
        # One definition per block: the abbr processor then consumes each in one step (a single long block is quadratic).
        return "\n\n" + "\n\n".join(f"*[{w}]: {d}" for w, d in definitions.items()
                                      if present is None or w in present) + "\n"
    return write


@lru_cache(maxsize=8)
def _definitions(terms: tuple[tuple[str, tuple[str, ...], str], ...]) -> dict[str, str]:
    return {word: " ".join(definition.split()) for term, aliases, definition in terms for word in (term, *aliases)}


@lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words as whole words, longest first (as the abbr extension matches them: case-sensitive)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# The abbr extension puts only the word inside: [^<]* cannot run on past an <abbr> a record left open (quadratic).
_ABBR = re.compile(r"<abbr title=\"([^\"]*)\">([^<]*)</abbr>")


def first_explanation_only(page_html: str) -> str:
    """Explain each term once per page: a screen reader should not hear the same definition twenty times."""
    seen: set[str] = set()

    def keep_first(match: re.Match[str]) -> str:
        if match.group(1) in seen:
            return match.group(2)
        seen.add(match.group(1))
        return match.group(0)

    return _ABBR.sub(keep_first, page_html)


def glossary_page(terms: tuple[GlossaryTerm, ...], title: str, intro: str) -> str:
    entries = []
    for term in terms:
        also = f" *(ook: {', '.join(escape(a) for a in term.aliases)})*" if term.aliases else ""
        entries.append(f"{escape(term.term)}\n:   {escape(term.definition)}{also}\n")
    meta = {"title": html_text(title), "render_macros": False}
    return front_matter(meta) + f"# {escape(title)}\n\n{escape(intro)}\n\n" + "\n".join(entries)




"""The glossary: a page of terms, and explanations (abbr) for those terms wherever they occur."""
from __future__ import annotations


import re

from ..schema import GlossaryTerm
from .mdtext import escape, front_matter, html_text

GLOSSARY_PAGE = "begrippen.md"


def abbreviations(terms: tuple[GlossaryTerm, ...]) -> str:
    """Markdown abbreviation definitions (abbr extension) for every term and alias."""
    lines = []
    for term in terms:
        definition = " ".join(term.definition.split())
        for word in (term.term, *term.aliases):
            lines.append(f"*[{word}]: {definition}")
    # One definition per block: the abbr processor then consumes each in one step (a single long block is quadratic).
    return ("\n\n" + "\n\n".join(lines) + "\n") if lines else ""


_ABBR = re.compile(r"<abbr title=\"([^\"]*)\">(.*?)</abbr>", re.S)


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




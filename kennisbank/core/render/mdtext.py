"""Building blocks for generated Markdown: escaping, links, front matter, dates.

Record text is data. Titles are escaped so that no Markdown, HTML or attribute syntax in them takes
effect; Markdown fields (summary, body, notes) are passed on for the site's Markdown, and the page's
HTML is sanitised afterwards (see sanitize.py).
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kennisbank.core.paths import relpath

# Characters that start Markdown, HTML or attribute syntax in some extension; as numeric entities they
# cannot, whatever extensions a site enables, and the browser still shows the character itself.
_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!|~^=:<>&\"'$%"})
_MONTHS = {"nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                  "november", "december"),
           "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")}


def escape(text: str) -> str:
    """Plain text -> inline Markdown that shows exactly `text` (no emphasis, links, HTML or attributes)."""
    return " ".join(str(text).split()).translate(_SPECIAL)


def inline(text: str | None) -> str:
    """Inline Markdown from a record, kept on one line so it cannot start a block of its own."""
    return " ".join((text or "").split())


def relative(target: str, from_page: str) -> str:
    """Relative link from one docs path to another ('werkzame-elementen/a.md' -> '../bronnen/b.md')."""
    return _relative(target, posixpath.dirname(from_page) or ".")


@functools.lru_cache(maxsize=1 << 16)
def _relative(target: str, folder: str) -> str:
    return relpath(target, folder)


def link(text: str, target: str, from_page: str) -> str:
    return f"[{escape(text)}]({relative(target, from_page)})"


# Characters a YAML reader refuses even inside a quoted string (DEL, C1 controls, U+FFFE/U+FFFF, surrogates), and
# the line breaks JSON leaves as they are (NEL, U+2028, U+2029; after one, '---' would end the front matter).
# MkDocs silently ignores front matter it cannot read -- and with it `render_macros: false`, so mkdocs-macros
# would run the record's text as a Jinja template.
_YAML_UNSAFE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]|[\u2028\u2029]")


def front_matter(meta: Mapping[str, Any]) -> str:
    """YAML front matter; JSON strings are valid YAML once the characters YAML refuses are written as \\u escapes."""
    lines = ["---"]
    for key, value in meta.items():
        text = _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
        lines.append(f"{key}: {text}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def html_text(text: str) -> str:
    """Text for places the theme prints without escaping (page title, meta description)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def plain(markdown_text: str) -> str:
    """A rough plain-text version of inline Markdown, for meta descriptions."""
    text = re.sub(r"!?\[([^\[\]]*)\]\([^()]*\)", r"\1", markdown_text or "")  # stops at '[' / '(': linear
    text = re.sub(r"<[^>]*>?", "", text)  # tags go; html_text() escapes whatever is left
    return " ".join(re.sub(r"(\*\*|__|`)", "", text).split())


def long_date(value: dt.date, language: str) -> str:
    months = _MONTHS.get(language, _MONTHS["nl"])
    if language == "en":
        return f"{value.day} {months[value.month - 1]} {value.year}"
    return f"{value.day} {months[value.month - 1]} {value.year}"


def joined(parts: Iterable[str], sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def badge(kind: str, label: str) -> str:
    """An evidence badge: text, never colour alone."""
    return f'<span class="kb-badge kb-badge--{kind}">{html.escape(label)}</span>'


def block(*parts: str) -> str:
    """Join Markdown blocks with blank lines, skipping empty ones."""
    return "\n\n".join(p.strip("\n") for p in parts if p and p.strip()) + "\n"


def md_url(url: str) -> str:
    """A validated http(s) URL, safe inside <…> link syntax."""
    return url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")

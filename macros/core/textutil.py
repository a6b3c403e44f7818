"""Small text helpers shared by validation and rendering."""
from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)


def slugify(text: str) -> str:
    """A valid id close to `text`: 'Kallio & Lappalainen 2015' -> 'kallio-lappalainen-2015'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "record"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice, for 'bedoelde je …?' hints; None when nothing is close."""
    choices = list(choices)
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not matches:
        lowered = word.lower()
        matches = [c for c in choices if lowered and (c.startswith(lowered) or lowered.startswith(c))][:1]
    return matches[0] if matches else None


def quote_list(items: Iterable[str], limit: int = 12) -> str:
    items = [f"'{i}'" for i in items]
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" (en {len(items) - limit} meer)"
    return ", ".join(items)


def one_line(text: str) -> str:
    return " ".join(text.split())

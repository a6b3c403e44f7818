"""Small text helpers shared by validation and rendering."""
from __future__ import annotations

import difflib
import errno
import re
import unicodedata
from collections.abc import Iterable

from kennisbank.core.i18n import Message, both, say

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
"""Use ID_RE.fullmatch: with match, '$' also accepts a trailing newline. The anchors stay for JSON Schema."""

MAX_ID_LENGTH = 100
"""An id becomes a file name, a folder of the site and part of download names (plus a hash): well below the
255 bytes most file systems allow."""

WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                              *(f"lpt{n}" for n in range(10))})
"""Device names: a file or folder called so (with any extension) cannot be checked out on Windows."""


def slugify(text: str) -> str:
    """A valid id close to `text`: 'Kallio & Lappalainen 2015' -> 'kallio-lappalainen-2015'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "record"
    return shorten_id(slug)


def shorten_id(record_id: str) -> str:
    """At most MAX_ID_LENGTH characters, cut at a hyphen when there is one, so no word is cut in half."""
    if len(record_id) <= MAX_ID_LENGTH:
        return record_id
    head = record_id[: MAX_ID_LENGTH + 1]
    cut = head.rfind("-")
    return (head[:cut] if cut > 0 else head[:MAX_ID_LENGTH]).strip("-")


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


# Controls (but tab and newline), bidi and other invisible format characters, separators, surrogates: printed as
# they are, a value from a record could move the cursor, recolour or clear the terminal, or reorder what is shown.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                          "\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]")


def escape_controls(text: str) -> str:
    """A message for a terminal or a CI annotation, which may span lines: every character in _UNPRINTABLE written
    as an escape ('\\x1b', '\\u202e'); tabs and newlines stay."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """A name on one line (a file name, an id): anything not printable, newlines too, shown as an escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def one_line(text: str) -> str:
    return " ".join(text.split())


_OS_REASONS = {errno.EACCES: both("geen toegang", "permission denied"), errno.EPERM: both("geen toegang", "permission denied"),
               errno.ENOENT: both("bestaat niet", "does not exist"),
               errno.ENOTDIR: both("een deel van het pad is geen map", "part of the path is not a folder"),
               errno.ENOSPC: both("de schijf is vol", "the disk is full"),
               errno.EROFS: both("alleen lezen toegestaan", "read-only"),
               errno.ENAMETOOLONG: both("de naam is te lang", "the name is too long"),
               errno.ELOOP: both("verwijzingen (symlinks) die rondjes maken", "links (symlinks) that go round in circles")}


def os_reason(err: OSError) -> Message:
    """A short reason for a file-system error, in Dutch and English (a Message: strerror is English only)."""
    return _OS_REASONS.get(err.errno or 0) or say("systeemfout {errno}", "system error {errno}", errno=err.errno)

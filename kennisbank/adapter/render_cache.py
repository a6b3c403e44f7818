"""Each page's converted HTML kept on disk between builds, so an unchanged page is not converted again.

Converting Markdown to HTML (Python-Markdown and its extensions, then the allow-list) is most of what a build spends
per record. A page's entry in `.cache/kennisbank/pages/` is keyed on everything its HTML depends on:

- the page's Markdown as MkDocs converts it (after mkdocs-macros), which already holds every title, reference and
  count the core wrote from other records, and the glossary (the explanations added to the Markdown are made from
  the two only when the page has to be converted: finding the terms in a page is a cost of its own);
- its source path and URL, and for each page it links to: whether that page exists and its URL (MkDocs rewrites
  such links, and warns about missing ones);
- the Markdown configuration and the versions of the generator and of every library that turns Markdown into the
  stored HTML.

So adding one record does not invalidate every page: only the pages whose Markdown or links change. A page whose
conversion logged a warning is never stored, so `--strict` sees the warning again in the next build. The cache is a
speed-up only: without it (or with a corrupt entry) the page is converted as always, byte for byte the same.
"""
from __future__ import annotations

import hashlib
import logging
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from kennisbank.adapter.disk_store import DiskStore
from kennisbank.compat import mkdocs_internals as internals
from kennisbank.core.i18n import say
from kennisbank.core.versions import library_versions as versions_of

log = logging.getLogger("mkdocs.plugins.kennisbank")

# Distributions whose code turns a page's Markdown into the HTML stored here.
_LIBRARIES = ("kennisbank-lerende-netwerken", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "nh3")
# Relative link and image targets (Markdown, reference definitions, HTML): MkDocs rewrites them and warns about
# missing ones, so each target's existence and URL is part of the key.
# Three patterns, each tried only when its literal occurs: one alternation with `^` and `\b` was the costliest step
# of an unchanged build (every position of every page tried all three).
_TARGET = r"""([^)\s"'<>#?]+)"""
_LINKS = ((("](",), re.compile(r"\]\(\s*<?" + _TARGET)),
          (("href=", "src="), re.compile(r"""\b(?:href|src)=["']""" + _TARGET)),
          (("]:",), re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?" + _TARGET, re.M)))
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")


class _Stored(NamedTuple):
    html: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None    # target page's src_uri -> its anchors this page links to
    search: list[dict[str, Any]] | None        # the page's entries in the search index (None: no search plugin)


class _Counter(logging.Handler):
    """Counts warnings and errors logged while one page is converted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def library_versions() -> str:
    return versions_of(_LIBRARIES)


class RenderCache:
    def __init__(self) -> None:
        self.folder: Path | None = None
        self._disk: DiskStore | None = None
        self._config_key = ""
        self._keys: dict[str, str] = {}          # src_uri -> key of the page being built
        self._quick: dict[str, str] = {}         # src_uri -> its key before the glossary explanations were added
        self._reusing: dict[str, _Stored] = {}
        self._reused: dict[str, _Stored] = {}      # src_uri -> entry reused in this build (its search entries next)
        self._pending: dict[str, tuple[str, _Stored]] = {}  # converted, saved once the search index has its entries
        self._search = False
        self._counter = _Counter()
        self.reused = self.converted = 0
        self._language = "nl"  # the site's, for the build log

    def begin(self, folder: Path | None, config: Any, glossary: Any = ()) -> None:
        """Start of a build; `folder` None switches the cache off. `glossary`: the terms `markdown`'s `extend` reads."""
        self.folder = folder
        self._disk = DiskStore(folder) if folder is not None else None
        self._keys, self._quick, self._reusing, self._reused, self._pending = {}, {}, {}, {}, {}
        self.reused = self.converted = 0
        self._language = config.theme.get("language") or "nl"
        search = internals.search_plugin(config)
        self._search = folder is not None and search is not None
        self._glossary_key = hashlib.blake2b(repr(glossary).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        self._config_key = repr((library_versions(), config.markdown_extensions, config.mdx_configs,
                                 bool(config.use_directory_urls),
                                 sorted(dict(search.config).items()) if search is not None else None))
        if self._search:
            internals.intercept_search_entries(search, self._search_entries, self._indexed)

    def markdown(self, page: Any, markdown: str, files: Any, extend: Callable[[str], str] = lambda md: md) -> str:
        """The Markdown MkDocs should convert: empty when the stored HTML of this exact input can be used, else
        `extend(markdown)` (the page with its glossary explanations, a function of the Markdown and the glossary)."""
        if self.folder is None:
            return extend(markdown)
        # Two keys: the Markdown with the glossary (no need to look for terms when both are unchanged), and the
        # extended Markdown itself, so that a new glossary term converts only the pages that use it. The first
        # names the second.
        assert self._disk is not None
        quick = self._key(page, markdown, files, self._glossary_key)
        key = self._disk.load(quick)
        stored = self._load(key) if isinstance(key, str) else None
        extended = markdown
        if stored is None:
            extended = extend(markdown)
            key = self._key(page, extended, files)
            stored = self._load(key)
            if stored is not None:
                self._disk.save(quick, key)  # next time found without looking for terms
        if stored is not None:
            self._reusing[page.file.src_uri] = stored
            internals.skip_render(page)  # not even a Markdown() for it
            return ""
        assert isinstance(key, str)
        self._keys[page.file.src_uri] = key
        self._quick[page.file.src_uri] = quick
        self._counter.count = 0
        logging.getLogger("mkdocs").addHandler(self._counter)
        return extended

    def content(self, page: Any, files: Any) -> str | None:
        """The stored HTML of a page `markdown` found unchanged (its table of contents and anchors restored)."""
        stored = self._reusing.pop(page.file.src_uri, None)
        if stored is None:
            return None
        links = None if stored.links is None else {
            target: anchors for uri, anchors in stored.links.items() if (target := files.src_uris.get(uri))}
        internals.restore_page_parts(page, internals.PageParts(stored.toc, stored.title, stored.anchors, links))
        self.reused += 1
        self._reused[page.file.src_uri] = stored
        return stored.html

    def store(self, page: Any, html: str) -> str:
        """Keep the page's final HTML, unless its conversion logged a warning (--strict must see it again)."""
        self.abandon()
        key = self._keys.get(page.file.src_uri)
        if self.folder is None or key is None:
            return html
        self.converted += 1
        if self._counter.count:
            return html
        parts = internals.page_parts(page)
        links = None if parts.links is None else {target.src_uri: anchors for target, anchors in parts.links.items()}
        stored = _Stored(html, parts.toc, parts.title, parts.anchors, links, None)
        assert self._disk is not None
        self._disk.save(self._quick[page.file.src_uri], key)  # names the entry saved next (or, failing that, nothing)
        if self._search:
            self._pending[page.file.src_uri] = (key, stored)
        else:
            self._save(key, stored)
        return html

    def _search_entries(self, page: Any) -> list[dict[str, Any]] | None:
        """The stored search entries of a reused page (the search plugin then does not parse its HTML again)."""
        stored = self._reused.pop(page.file.src_uri, None)
        return stored.search if stored is not None else None

    def _indexed(self, page: Any, entries: list[dict[str, Any]]) -> None:
        pending = self._pending.pop(page.file.src_uri, None)
        if pending is not None:
            key, stored = pending
            self._save(key, stored._replace(search=entries))

    def abandon(self) -> None:
        """A page failed to convert: stop counting its warnings."""
        logging.getLogger("mkdocs").removeHandler(self._counter)

    def finish(self) -> None:
        if self.folder is None:
            return
        for key, stored in self._pending.values():  # never indexed (search switched off for it): saved without
            self._save(key, stored)
        self._pending = {}
        log.info(say("Paginacache: {reused} pagina's hergebruikt, {converted} omgezet.",
                     "Page cache: {reused} pages reused, {converted} converted.",
                     reused=self.reused, converted=self.converted).text(self._language))
        assert self._disk is not None
        self._disk.prune()

    # --- keys and files -------------------------------------------------------------------------------

    def _key(self, page: Any, markdown: str, files: Any, extra: str = "") -> str:
        """Everything the stored parts depend on; the front matter too (title, search settings)."""
        here = page.file.src_uri
        targets = []
        for link in sorted({found for literals, pattern in _LINKS if any(lit in markdown for lit in literals)
                            for found in pattern.findall(markdown)}):
            if _ABSOLUTE.match(link):
                continue
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(here), link)).lstrip("/")
            target = files.src_uris.get(uri)  # a plain lookup: get_file_from_path makes a PurePath per call
            targets.append((uri, target.url if target is not None else None))
        material = repr((self._config_key, extra, here, page.file.url, sorted(page.meta.items(), key=str), targets)) + \
            "\n" + markdown
        return hashlib.blake2b(material.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()

    def _load(self, key: str) -> _Stored | None:
        assert self._disk is not None
        stored = self._disk.load(key)
        return stored if isinstance(stored, _Stored) else None

    def _save(self, key: str, stored: _Stored) -> None:
        assert self._disk is not None
        self._disk.save(key, stored)

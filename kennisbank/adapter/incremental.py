"""Fast rebuilds for `mkdocs serve --dirty` (what `make serve` runs): only pages whose input changed are rebuilt.

MkDocs' dirty mode skips a page when `file.is_modified()` is false, but it cannot know that a generated page is
unchanged (generated files always count as modified) or that a hand-written overview depends on the data. So:

- a generated page (record, phase, step, glossary, review list) is rebuilt when its Markdown differs from the
  previous build: that covers the edited record, every page that shows it as a backlink, and the lists it is in;
- hand-written pages are always rebuilt (there are few, and their macros list records);
- everything is rebuilt when the configuration, the glossary or a template changed;
- a page whose Markdown (after macros) is the same as last time gets last time's HTML, table of contents and title
  instead of being converted again (the overviews of thousands of records are the costly pages to convert);
- the search index keeps the entries of the pages that were not rebuilt.

A plain `mkdocs build` (not dirty) never comes here.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import jinja2

log = logging.getLogger("mkdocs.plugins.kennisbank")


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build gives stale navigation; this module rebuilds what a change affects."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


class Incremental:
    def __init__(self) -> None:
        self.enabled = False
        self._global: str | None = None
        self._pages: dict[str, str] = {}                  # src_uri -> digest of its Markdown
        self._search: dict[str, list[dict[str, Any]]] = {}  # page url -> its search entries
        self._rebuilt: set[str] = set()
        self._urls: set[str] = set()                      # the pages of the current build
        self._files_key = ""                              # hand-written pages may link to any page: the set of pages
        self._html: dict[str, tuple[str, dict[str, Any]]] = {}  # src_uri -> (Markdown digest, rendered page parts)
        self._reusing: set[str] = set()
        self._full = True
        self._bytecode = jinja2.MemcachedBytecodeCache(_TemplateCache())  # type: ignore[arg-type]

    def start(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())

    def begin(self, config: Any, glossary: Any) -> None:
        """Start of a build: a changed configuration, glossary or template means everything is rebuilt."""
        if not self.enabled:
            return
        key = _digest(repr((config.nav, config.site_name, config.site_url, config.extra, config.theme.get("language"),
                            config.markdown_extensions, glossary, _template_stamp(config.theme.dirs))))
        self._full = key != self._global
        self._global = key
        self._rebuilt = set()

    def generated(self, file: Any, content: str) -> None:
        """A generated page: rebuilt only when its Markdown changed."""
        if not self.enabled:
            return
        digest = _digest(content)
        changed = self._full or self._pages.get(file.src_uri) != digest
        self._pages[file.src_uri] = digest
        self._mark(file, changed)

    def hand_written(self, files: Any) -> None:
        if not self.enabled:
            return
        self._urls = set()
        self._reusing = set()
        self._files_key = _digest("\n".join(sorted(f.src_uri for f in files)))
        for file in files.documentation_pages():
            self._urls.add(file.url)
            if file.generated_by is None:
                self._mark(file, True)

    def markdown(self, page: Any, markdown: str) -> str:
        """An unchanged page gets an empty Markdown to convert; `content` puts last time's HTML back."""
        if not self.enabled:
            return markdown
        uri = page.file.src_uri
        key = _digest(markdown + ("" if page.file.generated_by else self._files_key))
        previous = self._html.get(uri)
        self._html[uri] = (key, previous[1] if previous and previous[0] == key else {})
        if not self._full and previous and previous[0] == key and previous[1]:
            self._reusing.add(uri)
            return ""
        return markdown

    def content(self, page: Any, html: str) -> str | None:
        """Last time's HTML for a page `markdown` found unchanged (None otherwise: convert as usual)."""
        uri = page.file.src_uri
        if uri not in self._reusing:
            return None
        parts = self._html[uri][1]
        page.toc, page._title_from_render = parts["toc"], parts["title"]
        page.present_anchor_ids, page.links_to_anchors = parts["anchors"], parts["links"]
        return str(parts["html"])

    def remember(self, page: Any, html: str) -> str:
        if self.enabled and page.file.src_uri in self._html:
            key = self._html[page.file.src_uri][0]
            self._html[page.file.src_uri] = (key, {"html": html, "toc": page.toc, "title": page._title_from_render,
                                                   "anchors": page.present_anchor_ids, "links": page.links_to_anchors})
        return html

    def _mark(self, file: Any, changed: bool) -> None:
        file.is_modified = (lambda: changed)  # read by MkDocs' dirty build, per file
        if changed:
            self._rebuilt.add(file.url)

    def environment(self, env: Any) -> Any:
        if self.enabled:
            env.bytecode_cache = self._bytecode
        return env

    def merge_search(self, config: Any) -> None:
        """Before the search plugin writes its index: entries of the pages not rebuilt come from the last build."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if not self.enabled or search is None or not hasattr(search, "search_index"):
            return
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in search.search_index.entries:
            fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        if self._full:
            self._search = fresh
        else:
            self._search = {url: e for url, e in self._search.items() if url in self._urls} | fresh
        search.search_index.entries = [e for entries in self._search.values() for e in entries]
        search.search_index_prev = None  # Material's own dirty-mode merge assumes a single changed page
        if not self._full:
            log.info(f"Snel herbouwd: {len(self._rebuilt)} pagina's opnieuw gemaakt, de rest hergebruikt.")


class _TemplateCache:
    """Compiled theme templates kept across rebuilds (MkDocs makes a new Jinja environment for every build);
    jinja2's bytecode cache checks each template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._store.get(key)

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self._store[key] = value


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _template_stamp(dirs: list[str]) -> tuple[tuple[str, int], ...]:
    """Modification times of the project's and our templates (not Material's: it does not change while serving)."""
    stamps = []
    for folder in dirs:
        if "site-packages/material" in folder.replace("\\", "/") or "site-packages/mkdocs" in folder.replace("\\", "/"):
            continue
        for path in Path(folder).rglob("*.html"):
            stamps.append((str(path), path.stat().st_mtime_ns))
    return tuple(sorted(stamps))

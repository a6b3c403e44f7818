"""Fast rebuilds for `mkdocs serve --dirty` (what `make serve` runs): only pages whose input changed are rebuilt.

MkDocs' dirty mode skips a page when `file.is_modified()` is false, but it cannot know that a generated page is
unchanged (generated files always count as modified) or that a hand-written overview depends on the data. So:

- a generated page (record, phase, step, glossary, review list) is rebuilt when its Markdown differs from the
  previous build: that covers the edited record, every page that shows it as a backlink, and the lists it is in;
- hand-written pages always go through their macros (which list records); one whose Markdown then is the same as
  last time, while no page of docs/ changed, is not rendered and written again either (a changed docs/ page may
  change the navigation of all of them);
- everything is rebuilt when the configuration, the glossary or a template changed;
- a page whose Markdown (after macros) is the same as last time gets last time's HTML, table of contents and title
  instead of being converted again (the overviews of thousands of records are the costly pages to convert);
- the search index keeps the entries of the pages that were not rebuilt;
- the pages of the records changed since the last build (`records`, `edited_files`) are converted and written
  first, and the browsers may load them before the rest is written (the plugin's `on_pre_page`).

A plain `mkdocs build` (not dirty) never comes here. Every MkDocs or Material internal this relies on is reached
through kennisbank/compat/mkdocs_internals.py (version guard and tests there).
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

# Imported for their version guards: the plugin refuses to load with another MkDocs or Material than the one our
# use of their internals and our copies of their templates (kennisbank/theme/) were written for.
import kennisbank.compat.material_copies  # noqa: F401
from kennisbank.compat import mkdocs_internals as internals
from kennisbank.core.i18n import say

log = logging.getLogger("mkdocs.plugins.kennisbank")


class Incremental:
    def __init__(self) -> None:
        self.enabled = False
        self._global: str | None = None
        self._pages: dict[str, str] = {}                  # src_uri -> digest of its Markdown
        self._search: dict[str, list[dict[str, Any]]] = {}  # page url -> its search entries
        self._rebuilt: set[str] = set()
        self._urls: set[str] = set()                      # the pages of the current build
        self._files_key = ""                              # hand-written pages may link to any page: the set of pages
        self._html: dict[str, tuple[str, _Rendered | None]] = {}  # src_uri -> (Markdown digest, rendered page)
        self._reusing: set[str] = set()
        self._full = True
        self._language = "nl"                             # the site's, for the build log
        self._sizes: Callable[[str], str] = _as_is        # a page as shown: the downloads' sizes filled in
        self._records: dict[tuple[str, str], Any] = {}    # (kind, id) -> the record, as in the last build
        self._edited: set[tuple[str, str]] = set()        # (kind, id) of the records changed since the last build

    def start(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            internals.hide_dirty_warning()  # it warns of stale navigation; this module rebuilds what a change affects

    def begin(self, config: Any, glossary: Any) -> None:
        """Start of a build: a changed configuration, glossary or template means everything is rebuilt."""
        if not self.enabled:
            return
        self._language = config.theme.get("language") or "nl"
        key = _digest(repr((config.nav, config.site_name, config.site_url, config.extra, config.theme.get("language"),
                            config.markdown_extensions, glossary, _template_stamp(config.theme.dirs))))
        self._full = key != self._global
        self._global = key
        self._rebuilt = set()
        self._sizes = _as_is

    def records(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """This build's records: those not as in the last build are what the editor just changed."""
        if not self.enabled:
            return
        now = {(kind, record_id): record for kind, by_id in records.items() for record_id, record in by_id.items()}
        before, self._records = self._records, now
        self._edited = {ref for ref, record in now.items()
                        if before and (old := before.get(ref)) is not record and old != record}

    def edited_files(self, files: Any, paths: Any) -> list[Any]:
        """The pages of the records changed since the last build, to be converted and written again: `mkdocs serve`
        shows them before the pages that only list or link to those records."""
        if not self.enabled or self._full:
            return []
        found = (files.get_file_from_path(paths.record_page(kind, record_id)) for kind, record_id in sorted(self._edited))
        return [f for f in found if f is not None and f.is_modified()]

    def sizes(self, fill: Callable[[str], str]) -> None:
        """This build's download sizes (a page's Markdown has a marker for each): a new size is a changed page."""
        self._sizes = fill

    def generated(self, file: Any, content: str) -> None:
        """A generated page: rebuilt only when its Markdown changed."""
        if not self.enabled:
            return
        digest = _digest(self._sizes(content))
        changed = self._full or self._pages.get(file.src_uri) != digest
        self._pages[file.src_uri] = digest
        self._mark(file, changed)

    def hand_written(self, files: Any) -> None:
        if not self.enabled:
            return
        self._urls = set()
        self._reusing = set()
        written = [f for f in files.documentation_pages() if not internals.is_generated(f)]
        self._files_key = _digest("\n".join(sorted(f.src_uri for f in files)) + repr(_stamps(written)))
        for file in files.documentation_pages():
            self._urls.add(file.url)
            if not internals.is_generated(file):
                self._mark(file, True)

    def markdown(self, page: Any, markdown: str) -> str:
        """An unchanged page gets an empty Markdown to convert; `content` puts last time's HTML back."""
        if not self.enabled:
            return markdown
        uri = page.file.src_uri
        key = _digest(self._sizes(markdown) + ("" if internals.is_generated(page.file) else self._files_key))
        previous = self._html.get(uri)
        self._html[uri] = (key, previous[1] if previous and previous[0] == key else None)
        if not self._full and previous and previous[0] == key and previous[1]:
            self._reusing.add(uri)
            if not internals.is_generated(page.file):
                internals.set_modified(page.file, False)  # its page in site/ is what this build would write
                self._rebuilt.discard(page.file.url)
            return ""
        return markdown

    def content(self, page: Any, html: str) -> str | None:
        """Last time's HTML for a page `markdown` found unchanged (None otherwise: convert as usual)."""
        uri = page.file.src_uri
        if uri not in self._reusing:
            return None
        rendered = self._html[uri][1]
        assert rendered is not None
        internals.restore_page_parts(page, rendered.parts)
        return rendered.html

    def remember(self, page: Any, html: str) -> str:
        if self.enabled and page.file.src_uri in self._html:
            key = self._html[page.file.src_uri][0]
            self._html[page.file.src_uri] = (key, _Rendered(html, internals.page_parts(page)))
        return html

    def _mark(self, file: Any, changed: bool) -> None:
        internals.set_modified(file, changed)
        if changed:
            self._rebuilt.add(file.url)

    def merge_search(self, config: Any) -> None:
        """Before the search plugin writes its index: entries of the pages not rebuilt come from the last build."""
        search = internals.search_plugin(config)
        if not self.enabled or search is None:
            return
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in internals.search_entries(search):
            fresh.setdefault(internals.search_entry_page(entry), []).append(entry)
        if self._full:
            self._search = fresh
        else:
            self._search = {url: e for url, e in self._search.items() if url in self._urls} | fresh
        internals.replace_search_entries(search, [e for entries in self._search.values() for e in entries])
        if not self._full:
            log.info(say("Snel herbouwd: {count} pagina's opnieuw gemaakt, de rest hergebruikt.",
                         "Quick rebuild: {count} pages made again, the rest reused.",
                         count=len(self._rebuilt)).text(self._language))


class _Rendered(NamedTuple):
    """A page as converted in an earlier build: its HTML (after on_page_content) and what rendering set besides."""
    html: str
    parts: internals.PageParts


def _as_is(text: str) -> str:
    return text


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _stamps(files: list[Any]) -> list[tuple[str, int]]:
    stamps = []
    for file in files:
        try:
            stamps.append((file.src_uri, os.stat(file.abs_src_path).st_mtime_ns))
        except (OSError, TypeError):
            stamps.append((file.src_uri, -1))
    return stamps


def _template_stamp(dirs: list[str]) -> tuple[tuple[str, int], ...]:
    """Modification times of the project's and our templates (not Material's: it does not change while serving)."""
    stamps = []
    for folder in dirs:
        if "site-packages/material" in folder.replace("\\", "/") or "site-packages/mkdocs" in folder.replace("\\", "/"):
            continue
        for path in Path(folder).rglob("*.html"):
            stamps.append((str(path), path.stat().st_mtime_ns))
    return tuple(sorted(stamps))

"""The long overview lists (all elements, examples, templates) converted item by item, each item once.

An overview lists every record of a kind, and renaming one record changes the overview: Python-Markdown then
converted the whole list again, item by item inside md_in_html (1.2 s for the 3,000 elements of the benchmark's
5,000 records, most of a rebuild after an edit). Here the core hands the items over (overviews.record_list, through
PageContext.list_html) and gets back an HTML comment that stands for the list. After the page is converted, the
comment is replaced by the list: each item's inline Markdown converted on its own, with the site's Markdown
extensions, the glossary explanations of the terms it uses and its links resolved as MkDocs resolves them, and
kept (in memory and in .cache/kennisbank/rows/, per page) so that an unchanged item is never converted again.

The items are the same Markdown as before; the page sanitises the list with everything else (plugin.on_page_content)
and explains each term once. A link that does not resolve is reported as MkDocs reports it, and its item is not kept
(so that --strict sees the warning again).
"""
from __future__ import annotations

import hashlib
import logging
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.utils import get_relative_url

from kennisbank.adapter.disk_store import DiskStore
from kennisbank.adapter.render_cache import library_versions
from kennisbank.core.render.glossary import abbreviation_writer
from kennisbank.core.render.page_memo import code_digest

log = logging.getLogger("mkdocs.structure.pages")  # where MkDocs reports a link it cannot resolve

_TOKEN = re.compile(r"<!-- kb-rows:([0-9a-f]{40}) -->")
_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.S)


class OverviewRows:
    def __init__(self) -> None:
        self._store: DiskStore | None = None
        self._key = ""
        self._lists: dict[str, tuple[tuple[tuple[str, str], ...], str, bool]] = {}  # token -> (items, page, filters)
        self._memory: dict[str, dict[str, str]] = {}  # page path -> its items' Markdown -> HTML (this process)
        self._md: markdown.Markdown | None = None
        self._links: _Links | None = None
        self._explain = abbreviation_writer(())
        self._glossary: tuple[Any, ...] = ()
        self._explained: dict[str, str] = {}          # item -> the explanations it gets, under self._glossary
        self._explained_before: dict[str, str] = {}   # the same, of the previous build (so that neither grows)

    def begin(self, folder: Path | None, config: Any, files: Any, glossary: Any) -> None:
        """Start of a build; `folder` None keeps converted items in this process only."""
        self._store = DiskStore(folder) if folder is not None else None
        self._explained_before, self._explained = self._explained, {}
        if tuple(glossary) != self._glossary:
            self._glossary, self._explained_before = tuple(glossary), {}
            self._explain = abbreviation_writer(self._glossary)
        key = repr((library_versions(), code_digest(), config.markdown_extensions, config.mdx_configs,
                    bool(config.use_directory_urls)))
        if key != self._key:
            self._memory = {}
        self._key = key
        self._lists = {}
        self._links = _Links(files)
        self._md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        self._md.treeprocessors.register(self._links, "kennisbank_links", 1)

    def list_html(self, items: Sequence[tuple[str, str]], here: str, filterable: bool = True) -> str:
        """PageContext.list_html: a comment naming the list (the same items on the same page give the same name,
        so the page caches can keep the page). `filterable`: an overview's list, which the filters address; else a
        plain list of links (a long list on a record or term page)."""
        # each item as it is converted: with the explanations of the glossary terms it uses (so a new term changes
        # the list only where it occurs)
        # (the page memo asks again for every page it reuses, every build: the explanations are looked up once)
        frozen = tuple((attributes, body + self._explanations(body)) for attributes, body in items)
        token = hashlib.blake2b(repr((frozen, here, filterable, self._key)).encode("utf-8", "surrogatepass"),
                                digest_size=20).hexdigest()
        self._lists[token] = (frozen, here, filterable)
        return f"<!-- kb-rows:{token} -->"

    def _explanations(self, body: str) -> str:
        explained = self._explained.get(body)
        if explained is None:
            explained = self._explained_before.get(body)
            self._explained[body] = explained = self._explain(body) if explained is None else explained
        return explained

    def substitute(self, html: str) -> str:
        """The converted page with each list in place of its comment (a comment of another build stays a comment,
        which the sanitiser removes)."""
        if "<!-- kb-rows:" not in html:
            return html
        used: dict[str, set[str]] = {}   # page path -> the items its lists show (what is kept for it)
        fresh: set[str] = set()          # pages with an item converted just now

        def replace(match: re.Match[str]) -> str:
            token = match.group(1)
            if token not in self._lists:
                return match.group(0)
            items, here, filterable = self._lists[token]
            known = self._known(here)
            shown = dict.fromkeys(body for _, body in items)
            converted: dict[str, str] = {}
            for body in shown:
                row = known.get(body)
                if row is None:
                    row, clean = self._convert(body, here)
                    if clean:  # a link to nothing is converted (and reported) again next time
                        known[body] = row
                        fresh.add(here)
                converted[body] = row
            used.setdefault(here, set()).update(shown)
            return _list_html(items, converted, filterable)

        html = _TOKEN.sub(replace, html)
        for here, bodies in used.items():
            known = self._known(here)
            if here in fresh or len(known) > 2 * len(bodies):
                kept = {body: known[body] for body in bodies if body in known}
                self._memory[here] = kept
                if self._store is not None:
                    self._store.save(self._page_key(here), kept)
        return html

    def _known(self, here: str) -> dict[str, str]:
        known = self._memory.get(here)
        if known is None and self._store is not None:
            loaded = self._store.load(self._page_key(here))
            known = loaded if isinstance(loaded, dict) else None
        known = known if known is not None else {}
        self._memory[here] = known
        return known

    def _page_key(self, here: str) -> str:
        return hashlib.blake2b(repr(("rows", here, self._key)).encode("utf-8", "surrogatepass"),
                               digest_size=20).hexdigest()

    def _convert(self, body: str, here: str) -> tuple[str, bool]:
        """An item's HTML, and whether it may be kept (no link in it failed to resolve)."""
        assert self._md is not None and self._links is not None
        self._links.start(here)
        html = self._md.reset().convert(body)
        paragraph = _PARAGRAPH.match(html)
        return (paragraph.group(1) if paragraph else html), not self._links.failed


def _list_html(items: Sequence[tuple[str, str]], converted: dict[str, str], filterable: bool) -> str:
    if not filterable:
        return "<ul>\n" + "\n".join(f"<li>{converted[body]}</li>" for _, body in items) + "\n</ul>"
    rows = "\n".join(f"<li {attributes}>{converted[body]}</li>" for attributes, body in items)
    return f'<ul class="kb-list" data-kb-list="data-kb-list">\n{rows}\n</ul>'


class _Links(Treeprocessor):
    """Relative links to pages and files of the site, made into the URLs MkDocs writes (as _RelativePathTreeprocessor
    in mkdocs/structure/pages.py does for a page); a link to nothing is reported with MkDocs' wording."""

    def __init__(self, files: Any) -> None:
        super().__init__()
        self._files = files
        self._here = ""
        self.failed = False

    def start(self, here: str) -> None:
        self._here, self.failed = here, False

    def run(self, root: Any) -> None:
        page = self._files.src_uris.get(self._here)
        for element in root.iter("a"):
            href = element.get("href")
            if href:
                element.set("href", self._resolve(href, page))
        return None

    def _resolve(self, href: str, page: Any) -> str:
        scheme, netloc, path, query, fragment = urlsplit(href)
        if scheme or netloc or not path or path.startswith("/") or page is None:
            return href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self._here), path))
        file = self._files.src_uris.get(target)
        if file is None:
            self.failed = True
            log.warning(f"Doc file '{self._here}' contains a link '{href}', but the target '{target}' is not found "
                        "among documentation files.")
            return href
        return urlunsplit(("", "", get_relative_url(file.url, page.url), query, fragment))

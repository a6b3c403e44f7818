"""Each page's finished HTML — the theme's template rendered around its content — kept on disk between builds.

Once the page cache (render_cache.py) spares the Markdown conversion, the theme is most of an unchanged build:
Material renders the navigation, header and footer around every page again. What the template makes of a page
depends only on what it is given, so the output is stored under a key over all of it:

- the page: its content, table of contents, title, front matter, URLs, edit link, neighbours, its JSON-LD;
- the navigation as seen from the page (titles, URLs and which items are active);
- the site's configuration as the templates read it (names, theme settings, extra, plugins, asset URLs);
- the template files of the project and of this package (hashed), and the versions of the libraries that render
  them (Material's own templates and icons change only with its version).

A template context holding anything the key does not know (a value another plugin adds) is rendered as always,
and `on_post_page` still runs on every page. Like the page cache it is a speed-up only: a build without it writes
the same bytes (tests/test_render_cache.py).
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kennisbank.adapter.disk_store import DiskStore
from kennisbank.compat import mkdocs_internals as internals
from kennisbank.core.i18n import say
from kennisbank.core.versions import library_versions

log = logging.getLogger("mkdocs.plugins.kennisbank")

_LIBRARIES = ("kennisbank-lerende-netwerken", "mkdocs", "mkdocs-material", "jinja2", "markupsafe", "babel")
# Context values MkDocs sets for every page, and ours; any other key means: do not reuse (see module docstring).
# Not in the key: `pages` and `build_date_utc`, which no template of Material's or ours reads (compat test), and
# `mkdocs_version` and `config`, which the site key covers.
_KNOWN = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc",
                    "config", "page", "kb_jsonld"})
_CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
                "edit_uri", "use_directory_urls", "extra", "extra_css", "extra_javascript", "markdown_extensions")


class OutputCache:
    def __init__(self) -> None:
        self.store: DiskStore | None = None
        self._site_key = ""
        self._language = "nl"
        self.reused = self.rendered = 0

    def begin(self, folder: Path | None, config: Any) -> None:
        """Start of a build; `folder` None switches the cache off."""
        self.store = DiskStore(folder) if folder is not None else None
        self.reused = self.rendered = 0
        self._language = config.theme.get("language") or "nl"
        if self.store is not None:
            self._site_key = _site_key(config)

    def environment(self, env: Any) -> None:
        """Pages are rendered through `_render` from now on (only the page template; 404 and sitemap as always)."""
        if self.store is not None:
            internals.wrap_page_template(env, self._render)

    def _render(self, render: Callable[[Any], str], context: Any) -> str:
        key = _key(context, self._site_key) if self.store is not None else None
        if key is None or self.store is None:
            return render(context)
        stored = self.store.load(key)
        if isinstance(stored, str):
            self.reused += 1
            return stored
        output = render(context)
        self.rendered += 1
        self.store.save(key, output)
        return output

    def finish(self) -> None:
        if self.store is None:
            return
        log.info(say("Sjablooncache: {reused} pagina's hergebruikt, {rendered} opgemaakt.",
                     "Template cache: {reused} pages reused, {rendered} rendered.",
                     reused=self.reused, rendered=self.rendered).text(self._language))
        self.store.prune()


def _key(context: Any, site_key: str) -> str | None:
    if not set(context) <= _KNOWN:
        return None
    page = context["page"]
    if page is None:
        return None
    parts = [site_key, repr((context["base_url"], list(context["extra_css"]), [str(s) for s in context["extra_javascript"]],
                             context.get("kb_jsonld"))),
             _page_signature(page), repr(_nav_signature(context["nav"], page))]
    material = "\n\0".join(parts)
    return hashlib.blake2b(material.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _page_signature(page: Any) -> str:
    def link(other: Any) -> Any:
        return None if other is None else (other.title, other.url)

    ancestors = [(a.title, getattr(a, "url", None)) for a in page.ancestors]
    return repr((page.file.src_uri, page.url, page.canonical_url, page.abs_url, page.edit_url, page.is_homepage,
                 page.title, sorted(page.meta.items(), key=str), _toc_signature(page.toc), link(page.previous_page),
                 link(page.next_page), ancestors)) + "\n\0" + (page.content or "")


def _toc_signature(items: Any) -> list[Any]:
    return [(i.title, i.id, i.url, i.level, _toc_signature(i.children)) for i in items]


def _nav_signature(items: Any, page: Any) -> list[Any]:
    """Every item as the templates see it from `page`: kind, title, URL, active, and the page among its pages."""
    found = []
    for item in items:
        pages = getattr(item, "pages", None)
        found.append((type(item).__name__, item.title, getattr(item, "url", None), bool(item.active),
                      bool(getattr(item, "is_index", False)), page in pages if pages else None,
                      _nav_signature(item.children, page) if item.children else None))
    return found


def _site_key(config: Any) -> str:
    """What every page's output shares: configuration, theme settings, plugins, template files, library versions."""
    theme = config.theme
    values = [repr([(name, config.get(name)) for name in _CONFIG_KEYS]),
              repr(sorted(((k, repr(v)) for k, v in dict(theme).items()), key=str)),
              repr(list(config.plugins)), _versions()]
    for folder in theme.dirs:
        values.append(folder + "=" + (_versioned(folder) or _files_hash(Path(folder))))
    return hashlib.blake2b("\n".join(values).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _versioned(folder: str) -> str | None:
    """Templates shipped inside MkDocs or Material: their version says what they are (Material has ~10,000 icons)."""
    for name, module in (("mkdocs-material", "material"), ("mkdocs", "mkdocs")):
        package = Path(importlib.import_module(module).__file__ or "").parent
        if Path(folder).resolve().is_relative_to(package.resolve()):
            return f"{name}={importlib.metadata.version(name)}"
    return None


def _files_hash(folder: Path) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogatepass") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _versions() -> str:
    return library_versions(_LIBRARIES)

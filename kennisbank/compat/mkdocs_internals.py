"""The MkDocs and Material internals that the fast `mkdocs serve --dirty` rebuild (adapter/incremental.py) relies on.

MkDocs has no public way to tell its dirty build which pages to skip, nor to hand a page HTML that was converted in
an earlier build; Material's search plugin has none to merge search entries across builds. incremental.py does both
through the attributes below, and only through the functions of this module, so that what it leans on is listed in
one place and tested (tests/test_compat_mkdocs.py, one test per internal):

- set_modified: `File.is_modified()`, which MkDocs' dirty build calls per page (commands/build.py, _populate_page
  and _build_page) to skip an unchanged page; replaced per file by a function that gives our answer.
- is_generated: `File.generated_by`, None for a file from docs/, set by `File.generated`.
- page_parts / restore_page_parts: what `Page.render` sets besides the HTML: `toc`, `_title_from_render` (read by
  `Page.title`), `present_anchor_ids` and `links_to_anchors` (read by `Page.validate_anchor_links`).
- search_plugin / search_entries / search_entry_page / replace_search_entries: Material's search plugin keeps the
  build's entries in `search_index.entries` (dicts with a `location` of "page-url#anchor") and, in dirty mode,
  the previous build's index in `search_index_prev`, which its own merge assumes holds one changed page.
- hide_dirty_warning: the warning MkDocs logs on every dirty build ("A 'dirty' build is being performed", logger
  mkdocs.commands.build), which does not apply once the rebuild follows what a change affects.
- share_template_cache: MkDocs makes a new Jinja environment for every build (`Theme.get_env`), and Material's
  search plugin one more each time it translates a label (`_translate`, twice in every build's on_config); a
  wrapper around `Theme.get_env` gives each the same `bytecode_cache`, so templates are compiled once, not per build.
- theme_files_listing: `Files.add_files_from_theme` lists every file of every theme folder (`env.list_templates`,
  with an fnmatch filter per name) to copy the static ones: Material's folder alone has thousands of icons. A folder
  inside an installed package is listed once per process; the project's own folders every build.
- skip_render: `_populate_page` calls `page.render(config, files)` between on_page_markdown and on_page_content;
  for a page the page cache holds, an instance attribute replaces it once, so no `Markdown()` is even made.
- use_native_watcher: `LiveReloadServer` watches with watchdog's `PollingObserver(timeout=0.5)` (every watched
  file stat'ed twice a second; a save seen 0.25 s later on average). Before the server starts, its `observer` and
  `_watch_refs` (path -> ObservedWatch, handlers in `observer._handlers`) are moved to watchdog's native observer
  (inotify on Linux): a save is seen at once, and the server's `build_delay` (quiet time before a build) shortened.
- page_of / converted / populate_page_now / build_page_now / env_untouched / show_site_now: MkDocs' server
  (`LiveReloadServer`) holds every request until a build ends (`_visible_epoch == _wanted_epoch`, under
  `_epoch_cond`), then sets `_visible_epoch` and the browsers reload. While serving, the page of an edited record is
  converted and written first, with MkDocs' own `_populate_page` and `_build_page` (commands/build.py, which set
  `config._current_page`), as soon as the pages of the navigation are converted; a page outside the navigation gets
  its `Page(None, file, config)` as MkDocs' loop makes it. The environment is then a new `Theme.get_env()`, unless a
  plugin has an `on_env` (`config.plugins.events`): then the page waits for on_env. The browsers may load the site
  at once; a new `_wanted_epoch` at the end of the build reloads them again with everything written. MkDocs'
  `_timestamp` makes the epochs.
- wrap_page_template: `_build_page` renders every page with `env.get_template('main.html').render(context)`
  (the environment caches the Template object); the output cache replaces that one object's `render`. Templates
  that extend main.html (404.html) use its blocks, not `render`, and are untouched.

To upgrade mkdocs or mkdocs-material: re-read the code named above in the new versions (mkdocs/commands/build.py,
mkdocs/structure/files.py, mkdocs/structure/pages.py, material/plugins/search/plugin.py), run
tests/test_compat_mkdocs.py and tests/test_serve.py, then update the versions below and the pins in pyproject.toml.
"""
from __future__ import annotations

import functools
import logging
import os
from typing import Any, NamedTuple, cast

from kennisbank.compat import require_versions

MKDOCS = "1.6.1"
MKDOCS_MATERIAL = "9.8.1"


def _check_versions() -> None:
    require_versions(__name__, {"mkdocs": MKDOCS, "mkdocs-material": MKDOCS_MATERIAL},
                     "Re-check each function in kennisbank/compat/mkdocs_internals.py against the new "
                     "mkdocs/commands/build.py (dirty build, File.is_modified), mkdocs/structure/files.py "
                     "(File.generated_by), mkdocs/structure/pages.py (Page.render, Page.title, "
                     "Page.validate_anchor_links) and material/plugins/search/plugin.py (search_index.entries, "
                     "search_index_prev), run tests/test_compat_mkdocs.py and tests/test_serve.py, then update the "
                     "versions there and the pins in pyproject.toml (or install the pinned versions: make).",
                     "Controleer kennisbank/compat/mkdocs_internals.py tegen de nieuwe versies, draai "
                     "tests/test_compat_mkdocs.py en tests/test_serve.py en pas daarna de versies daar en in "
                     "pyproject.toml aan (of installeer de vastgepinde versies: make).")


_check_versions()


# --- files --------------------------------------------------------------------------------------------------

def set_modified(file: Any, changed: bool) -> None:
    """What MkDocs' dirty build asks this file: a page that is not modified is neither read, converted nor written."""
    file.is_modified = (lambda: changed)


def is_generated(file: Any) -> bool:
    """Whether a plugin made this file (File.generated) rather than finding it in docs/."""
    return file.generated_by is not None


# --- pages --------------------------------------------------------------------------------------------------

class PageParts(NamedTuple):
    """What `Page.render` sets on a page besides its HTML."""
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[Any, dict[str, str]] | None


def page_parts(page: Any) -> PageParts:
    return PageParts(page.toc, page._title_from_render, page.present_anchor_ids, page.links_to_anchors)


def restore_page_parts(page: Any, parts: PageParts) -> None:
    """Give a page the parts of an earlier render (after it was rendered from empty Markdown)."""
    page.toc, page._title_from_render = parts.toc, parts.title
    page.present_anchor_ids, page.links_to_anchors = parts.anchors, parts.links


# --- search -------------------------------------------------------------------------------------------------

def search_plugin(config: Any) -> Any | None:
    """Material's search plugin (or MkDocs' own, which keeps its entries the same way), if it has an index."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    return search if search is not None and hasattr(search, "search_index") else None


def search_entries(plugin: Any) -> list[dict[str, Any]]:
    """The search entries of the pages built in this build."""
    return list(plugin.search_index.entries)


def search_entry_page(entry: dict[str, Any]) -> str:
    """The URL of the page a search entry belongs to ("location" is the page URL, then "#anchor" for a section)."""
    return str(entry["location"]).split("#", 1)[0]


def replace_search_entries(plugin: Any, entries: list[dict[str, Any]]) -> None:
    """The entries the plugin writes to search_index.json, as they are: its own dirty-mode merge (which assumes a
    single changed page) is switched off."""
    plugin.search_index.entries = entries
    plugin.search_index_prev = None


def intercept_search_entries(plugin: Any, cached: Any, made: Any) -> None:
    """Let the search plugin index a page only when `cached(page)` has no entries for it (None); entries it makes
    are handed to `made(page, entries)`. Material makes a new SearchIndex in every build's on_config, and calls
    `add_entry_from_context(page)` once per page in its on_page_context (it parses the page's HTML)."""
    index = plugin.search_index
    original = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        entries = cached(page)
        if entries is not None:
            index.entries.extend(dict(entry) for entry in entries)
            return
        before = len(index.entries)
        original(page)
        made(page, [dict(entry) for entry in index.entries[before:]])

    index.add_entry_from_context = add_entry_from_context


# --- logging and templates ----------------------------------------------------------------------------------

DIRTY_WARNING = "A 'dirty' build is being performed"
DIRTY_WARNING_LOGGER = "mkdocs.commands.build"


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return DIRTY_WARNING not in record.getMessage()


def hide_dirty_warning() -> None:
    """MkDocs warns on every dirty build that navigation may be stale; leave that out of the log (once)."""
    logger = logging.getLogger(DIRTY_WARNING_LOGGER)
    if not any(isinstance(f, _NoDirtyWarning) for f in logger.filters):
        logger.addFilter(_NoDirtyWarning())


PAGE_TEMPLATE = "main.html"


def wrap_page_template(env: Any, render: Any) -> None:
    """Pages rendered with main.html go through `render(original_render, context)`."""
    template = env.get_template(PAGE_TEMPLATE)
    original = template.render

    def wrapped(*args: Any, **kwargs: Any) -> str:
        if kwargs or len(args) != 1:
            return original(*args, **kwargs)
        return render(original, args[0])

    template.render = wrapped


def skip_render(page: Any) -> None:
    """MkDocs does not convert this page's Markdown in this build (its HTML comes from the page cache)."""
    def nothing(config: Any, files: Any) -> None:
        del page.render  # once: the class's method again from now on
        page.content = ""  # what converting the empty Markdown gave; on_page_content restores the rest

    page.render = nothing


class _Templates:
    cache: Any = None


_templates = _Templates()


def share_template_cache(cache: Any) -> None:
    """Compiled templates from `cache` (a jinja2 bytecode cache; None: none) for every Jinja environment MkDocs
    makes for the theme from now on."""
    _install_template_cache()
    _templates.cache = cache


@functools.lru_cache(maxsize=1)
def _install_template_cache() -> None:
    from mkdocs.theme import Theme

    get_env = Theme.get_env

    def with_cache(self: Any) -> Any:
        env = get_env(self)
        if _templates.cache is not None:
            env.bytecode_cache = _templates.cache
        return env

    Theme.get_env = with_cache  # type: ignore[method-assign]


def use_native_watcher(server: Any) -> bool:
    """Move the live-reload server's watches to watchdog's native observer (before `server.serve()` starts it).
    False, and the polling observer kept, when the platform has none or it cannot watch these folders."""
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    native_class = watchdog.observers.Observer
    if native_class is PollingObserver or not isinstance(server.observer, PollingObserver) or \
            not all(os.path.exists(path) for path in server._watch_refs):  # a native observer fails on a missing one
        return False
    polling, native = server.observer, _changes_only(cast(type, native_class))()
    try:
        refs = {}
        for path, watch in server._watch_refs.items():
            for handler in polling._handlers.get(watch, ()):
                refs[path] = native.schedule(handler, watch.path, recursive=watch.is_recursive)
    except OSError:  # e.g. inotify's watch limit: keep polling
        return False
    server.observer, server._watch_refs = native, refs
    server.build_delay = NATIVE_BUILD_DELAY
    return True


# MkDocs starts a build once no change was heard for `build_delay` (0.1 s). An editor's save is heard at once by
# the native observer and comes as a burst of events within a few milliseconds; a save while a build runs starts
# the next one anyway.
NATIVE_BUILD_DELAY = 0.04


@functools.lru_cache(maxsize=2)
def _changes_only(native_class: type) -> type:
    """The native observer, reporting only changes: unlike polling, inotify also reports a file being opened and
    closed unread-written, and every build opens mkdocs.yml and the edited record. MkDocs rebuilds on any event it
    hears during a build, so after the first save `mkdocs serve` rebuilt (and reloaded the browser) without end.
    MkDocs schedules a watch added later (its `watch:` list) on this observer too, hence the default here."""
    from watchdog import events

    changes = [events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
               events.FileClosedEvent, events.FileAttribEvent, events.DirCreatedEvent, events.DirDeletedEvent,
               events.DirModifiedEvent, events.DirMovedEvent]

    class ChangesObserver(native_class):  # type: ignore[misc, valid-type]
        def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                     **kwargs: Any) -> Any:
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=changes if event_filter is None else event_filter, **kwargs)

    return ChangesObserver


# --- the edited page first (mkdocs serve) ---------------------------------------------------------------------

def page_of(file: Any, config: Any) -> Any:
    """The file's page: the navigation's, or the one MkDocs' page loop makes for a page outside the navigation."""
    from mkdocs.structure.pages import Page

    return file.page if file.page is not None else Page(None, file, config)


def converted(page: Any) -> bool:
    """Whether MkDocs is done with this page until it writes it: converted, or skipped by the dirty build."""
    return page.content is not None or not page.file.is_modified()


def populate_page_now(page: Any, config: Any, files: Any) -> None:
    """Convert a page now, as MkDocs' loop would (`_populate_page` of a dirty build), from within another page's
    event: the page MkDocs is on stays its current page."""
    from mkdocs.commands.build import _populate_page

    current = config._current_page
    try:
        _populate_page(page, config, files, True)
    finally:
        config._current_page = current


def build_page_now(page: Any, config: Any, files: Any, nav: Any, env: Any) -> None:
    """Write a converted page now, as MkDocs' page loop will (`_build_page` of a dirty build), and mark it not
    modified, so that MkDocs' loops skip it."""
    from mkdocs.commands.build import _build_page
    from mkdocs.structure.files import InclusionLevel

    current = config._current_page
    try:
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        _build_page(page, config, doc_files, nav, env, True, excluded=page.file.inclusion.is_excluded())
    finally:
        config._current_page = current
    set_modified(page.file, False)


def env_untouched(config: Any, plugin: Any) -> bool:
    """Whether no other plugin or hook has an `on_env`: then a new `Theme.get_env()` is the environment MkDocs'
    page loop will use, before on_env."""
    return all(getattr(handler, "__self__", None) is plugin for handler in config.plugins.events["env"])


def show_site_now(server: Any) -> Any:
    """Let the browsers reload now, during a build, and load the site as it is (MkDocs would hold their requests
    until the build ends). Returns what reloads them once more when the build ends: call it last in the build."""
    from mkdocs.livereload import _timestamp

    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()

    def again() -> None:  # MkDocs makes this the visible epoch right after the build
        with server._epoch_cond:
            server._wanted_epoch = max(_timestamp(), server._visible_epoch + 1)
    return again


# --- writing the site ---------------------------------------------------------------------------------------

class _SiteWrites:
    """Where MkDocs' writes into the site folder go while a SiteSync (adapter/site_sync.py) is in charge."""
    offered: Any = None   # the sync for the coming build, taken up when MkDocs asks to clean that folder
    active: Any = None


_site_writes = _SiteWrites()


def route_site_writes(sync: Any) -> None:
    """Instead of emptying `sync.root`, MkDocs' clean hands this build's writes to `sync` (`write`, `copy`); a dirty
    build, which does not clean, is left as it is. MkDocs writes through `mkdocs.utils.write_file` and `copy_file`
    (pages, theme files, sitemap, Material's search index) and through `File.copy_file`, which writes a generated
    file's content itself; its clean is `mkdocs.utils.clean_directory`. All are looked up at call time."""
    _install_site_routes()
    _site_writes.offered, _site_writes.active = sync, None


def hold_copies(files: list[Any]) -> Any:
    """MkDocs copies the files that are not pages right after `on_env`; these (downloads still being made) are left
    out of that copy, by their inclusion level (which nothing after the pages' conversion reads for a file that is
    not a page). The function returned puts them back and copies them, through the same route as MkDocs would."""
    from mkdocs.structure.files import InclusionLevel

    levels = [(file, file.inclusion) for file in files]
    for file in files:
        file.inclusion = InclusionLevel.EXCLUDED

    def copy() -> None:
        for file, level in levels:
            file.inclusion = level
            file.copy_file()
    return copy


class _HeldPages(logging.Filter):
    """Leaves out MkDocs' notice "Page skipped: '<page>'. Generated empty output." for a page held back."""

    PREFIX = "Page skipped: '"

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith(self.PREFIX) and message[len(self.PREFIX):].split("'", 1)[0] in self.pages)


_held_pages = _HeldPages()


def hold_page(page: Any) -> str:
    """What `on_post_page` returns for a page written later (`write_page`): MkDocs writes no empty output, and says
    so in the log, which is left out for this page."""
    logger = logging.getLogger(DIRTY_WARNING_LOGGER)  # mkdocs.commands.build, which writes the pages
    if _held_pages not in logger.filters:
        logger.addFilter(_held_pages)
    _held_pages.pages.add(page.file.src_uri)
    return ""


def write_page(output: str, page_dest: str) -> None:
    """Write a page held back, as MkDocs writes a page (through a SiteSync in charge); its notice is shown again."""
    from mkdocs import utils

    utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page_dest)


def release_held_pages() -> None:
    _held_pages.pages.clear()


def end_site_writes() -> Any:
    """The sync that took this build's writes (None: MkDocs cleaned and wrote as always); writes go direct again."""
    active = _site_writes.active
    _site_writes.offered = _site_writes.active = None
    return active


@functools.lru_cache(maxsize=1)
def _install_site_routes() -> None:
    from mkdocs import utils
    from mkdocs.structure.files import File

    clean, write, copy, copy_file = utils.clean_directory, utils.write_file, utils.copy_file, File.copy_file

    def clean_directory(directory: str) -> None:
        offered = _site_writes.offered
        if offered is not None and os.path.normpath(os.path.abspath(directory)) == offered.root:
            offered.begin()  # nothing removed now; SiteSync.finish removes what was not written
            _site_writes.active = offered
            return
        clean(directory)

    def write_file(content: bytes, output_path: str) -> None:
        active = _site_writes.active
        active.write(content, output_path, write) if active is not None else write(content, output_path)

    def copy_static(source_path: str, output_path: str) -> None:
        active = _site_writes.active
        active.copy(source_path, output_path, copy) if active is not None else copy(source_path, output_path)

    def file_copy(self: Any, dirty: bool = False) -> None:
        active, content = _site_writes.active, self._content
        if active is None or content is None or (isinstance(content, str) and os.linesep != "\n"):
            return copy_file(self, dirty)  # a copy goes through utils.copy_file; text on Windows as MkDocs writes it
        if dirty and not self.is_modified():
            return None
        data = content.encode("utf-8") if isinstance(content, str) else content
        active.write(data, self.abs_dest_path, write)
        return None

    utils.clean_directory, utils.write_file, utils.copy_file = clean_directory, write_file, copy_static
    File.copy_file = file_copy  # type: ignore[method-assign]


def theme_files_listing() -> None:
    """From now on, `Files.add_files_from_theme` lists a theme folder inside an installed package (MkDocs', Material's)
    once per process; other folders (the project's custom_dir, ours) every build, as MkDocs does."""
    _install_theme_listing()


@functools.lru_cache(maxsize=1)
def _install_theme_listing() -> None:
    import fnmatch

    import jinja2
    from mkdocs import utils
    from mkdocs.structure.files import File, Files

    original = Files.add_files_from_theme

    def static(name: str, static_templates: tuple[str, ...]) -> bool:  # MkDocs' filter in add_files_from_theme
        patterns = [".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*",
                    *(f"*{x}" for x in utils.markdown_extensions), *static_templates]
        return not any(fnmatch.fnmatch(name.lower(), pattern) for pattern in patterns)

    def listing(folder: str, static_templates: tuple[str, ...]) -> frozenset[str]:
        return frozenset(n for n in jinja2.FileSystemLoader(folder).list_templates() if static(n, static_templates))

    packaged = functools.lru_cache(maxsize=8)(listing)

    def add_files_from_theme(self: Any, env: Any, config: Any) -> None:
        dirs = list(config.theme.dirs)
        if not isinstance(env.loader, jinja2.FileSystemLoader) or list(env.loader.searchpath) != dirs:
            return original(self, env, config)
        templates = tuple(config.theme.static_templates)
        listed = {folder: (packaged if _in_installed_package(folder) else listing)(folder, templates)
                  for folder in dirs}
        for path in sorted(set().union(*listed.values())):
            if self.get_file_from_path(path) is None:  # theme files do not override docs_dir files
                for folder in dirs:
                    if path in listed[folder] and (_in_installed_package(folder) or
                                                   os.path.isfile(os.path.join(folder, path))):
                        self.append(File(path, folder, config.site_dir, config.use_directory_urls))
                        break
        return None

    add_files_from_theme.mkdocs = original  # type: ignore[attr-defined]  # for the compat test
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]


@functools.lru_cache(maxsize=16)
def _in_installed_package(folder: str) -> bool:
    import material
    import mkdocs

    path = os.path.realpath(folder)
    return any(path == root or path.startswith(root + os.sep)
               for root in (os.path.realpath(os.path.dirname(p.__file__ or "")) for p in (mkdocs, material)))

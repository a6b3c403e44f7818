"""The MkDocs plugin `kennisbank` (entry point in pyproject.toml): `plugins: [..., macros, kennisbank]`.

It loads and checks the data, hands the core's site plan (one page per record, downloads, open data) to MkDocs,
sanitises every page, and adds the package's theme files (templates, styles, scripts) under the project's own
`custom_dir`. List it after `macros`, so that its page events run after mkdocs-macros has rendered a page.

MkDocs keeps a plugin that has `on_startup` across the rebuilds of `mkdocs serve`: the parse cache and the
incremental rebuild live on the instance, and so does the state of the current build.
"""
from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from kennisbank.adapter import build_errors, cms_files, config_tweaks
from kennisbank.adapter.collector import Collector
from kennisbank.adapter.disk_store import DiskStore
from kennisbank.adapter.handover import hand_over, report_downloads
from kennisbank.adapter.incremental import Incremental
from kennisbank.adapter.output_cache import OutputCache
from kennisbank.adapter.overview_rows import OverviewRows
from kennisbank.adapter.render_cache import RenderCache
from kennisbank.adapter.site_sync import SiteSync
from kennisbank.adapter.state import BuildState, load_build, project_root
from kennisbank.adapter.template_cache import template_cache
from kennisbank.compat import mkdocs_internals as internals
from kennisbank.core.i18n import say
from kennisbank.core.labels import labels_for
from kennisbank.core.outputs.open_data import page_jsonld
from kennisbank.core.reading.filecache import FileCache, build_cache
from kennisbank.core.reading.inputs_stamp import inputs_stamp
from kennisbank.core.reading.problems import DataError
from kennisbank.core.render.glossary import abbreviations, first_explanation_only
from kennisbank.core.render.page_memo import PageMemo
from kennisbank.core.render.pages import PageContext
from kennisbank.core.render.problems_page import problems_page
from kennisbank.core.render.sanitize import clean_html, clean_text_html
from kennisbank.core.site_plan import SitePlan, plan_site

log = logging.getLogger("mkdocs.plugins.kennisbank")
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
# Loaded on every page; a project's own extra_css comes after ours, so its house style wins.
STYLES = ("assets/kennisbank.css",)
SCRIPTS = ("assets/kennisbank-filters.js", "assets/kennisbank-print.js", "assets/kennisbank-tooltips.js")


class KennisbankPlugin(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.collector = Collector()        # Python's cycle collector during a build (collector.py)
        self.cache = FileCache()            # data files already read: in this process, and on disk (_data_cache)
        self._cache_root: Path | None = None
        self.incremental = Incremental()
        self.render_cache = RenderCache()   # converted pages on disk, between builds
        self.output_cache = OutputCache()   # pages rendered by the theme, on disk, between builds
        self.page_memo = PageMemo()         # record and term pages' Markdown with what they read, between builds
        self.rows = OverviewRows()          # the items of the long overview lists, each converted once
        self._engine_context: Any = None
        self.jsonld_memo = PageMemo("jsonld")  # the same for their JSON-LD
        self._memo_store: DiskStore | None = None
        self._site_store: DiskStore | None = None  # what each site folder holds (site_sync.py)
        self._later: tuple[Callable[[], Mapping[str, bytes]], ...] = ()  # files made after the build (serve)
        self._plan: SitePlan | None = None  # this build's, until its downloads are made (on_env or on_post_build)
        self._marked: dict[str, str] = {}   # site file -> page written with the size marker of a download being made
        self._copies: Callable[[], None] | None = None  # copies the downloads being made into the site, once they are
        self._fill: Callable[[str], str] | None = None  # fills in the sizes of this build's downloads, once they are made
        self._writer: ThreadPoolExecutor | None = None
        self._build: BuildState | None = None
        self._config: Any = None            # the MkDocs config self._build was loaded for
        self._converting: Any = None        # the page between on_page_markdown and on_page_content
        self._server: Any = None            # `mkdocs serve`'s live-reload server, once it runs
        self._nav: Any = None               # this build's navigation (for a page written before MkDocs' page loop)
        self._nav_done = 0                  # how many of its pages are converted, from the start
        self._first: list[Any] = []         # `mkdocs serve`: the files of edited records, to be shown before the rest
        self._reload_again: Callable[[], None] | None = None  # reloads the browsers once more when the build ends

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.collector.starting()
        self.incremental.start(command == "serve" and dirty)  # `make serve` runs `mkdocs serve --dirty`

    def state(self, config: Any) -> BuildState:
        """The current build's data; loaded here when the macros ask before on_config did."""
        if self._build is None or self._config is not config:
            self._build, self._config = load_build(config, self._data_cache(config)), config
        return self._build

    def engine_context(self, config: Any) -> PageContext | None:
        """The build's context with its long lists written by `self.rows`: for the overview macros and the generated
        pages (core/site_plan.py), so that a changed item converts that item again, not its whole list."""
        context = self.state(config).context
        if context is None:
            return None
        if self._engine_context is None or self._engine_context[0] is not context:
            self._engine_context = (context, dataclasses.replace(context, list_html=self.rows.list_html))
        return self._engine_context[1]  # type: ignore[no-any-return]

    def on_shutdown(self) -> None:
        """Once, when `mkdocs build` ends or `mkdocs serve` stops: never a write in the edit loop."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        self.cache.save()  # only what changed; nothing when the project cannot be written to
        for store in (self._memo_store, self._site_store):
            if store is not None:
                store.prune()  # a scan of every entry (once a day): not in each rebuild of the edit loop
        self.collector.leaving()

    def _data_cache(self, config: Any) -> FileCache:
        """Unchanged data files are not read again: neither in the next `mkdocs serve` rebuild nor the next build
        (.cache/kennisbank/build/, with the validated models; KENNISBANK_NO_CACHE=1: only within this process)."""
        root = project_root(config)
        if root != self._cache_root:
            self.cache = FileCache() if os.environ.get("KENNISBANK_NO_CACHE") else build_cache(root)
            self._cache_root = root
        return self.cache

    @event_priority(100)  # before the search plugin's on_config, which renders a template
    def _on_config_first(self, config: Any) -> None:
        self.collector.building()  # until on_post_build or on_build_error
        caches = None if os.environ.get("KENNISBANK_NO_CACHE") else project_root(config) / ".cache" / "kennisbank"
        internals.share_template_cache(template_cache(caches / "templates" if caches else None))
        internals.theme_files_listing()

    def _on_config(self, config: Any) -> Any:
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            # after the project's custom_dir (which may override any of our templates), before Material's own
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra_css[:0] = [s for s in STYLES if s not in config.extra_css]
        config.extra_javascript[:0] = [s for s in SCRIPTS if s not in [str(j) for j in config.extra_javascript]]
        self._build = None
        build = self.state(config)
        language = build.settings.language  # the build log speaks the site's language
        for problem in build.result.warnings:
            # A warning for editors is no reason to fail a --strict build; text still to be written (TODO) is.
            (log.warning if problem.unfinished else log.info)(problem.format(language))
        if build.result.errors:
            if self.command != "serve":  # never publish a partial site
                raise Abort(DataError(build.result.errors).report(language))
            for problem in build.result.errors:
                log.error(problem.format(language))
        config_tweaks.adjust(config, build.settings.csp_meta, self.command == "serve", len(build.result.errors),
                             build.settings.language, build.site.paths)
        return config

    on_config = CombinedEvent(_on_config_first, _on_config)

    def on_files(self, files: Files, *, config: Any) -> Files:
        build = self.state(config)
        if build.result.errors:
            labels = labels_for(build.settings.language)
            files.append(File.generated(config, build.site.paths.problems,
                                        content=problems_page(build.result.errors, labels)))
        caches = None if os.environ.get("KENNISBANK_NO_CACHE") else build.settings.root / ".cache" / "kennisbank"
        self.output_cache.begin(caches / "output" if caches and build.context else None, config)
        if build.context is None:
            return files
        self.incremental.begin(config, build.context.kb.glossary)
        self.incremental.records(build.context.kb.records)
        self.render_cache.begin(caches / "pages" if caches else None, config, build.context.kb.glossary)
        self.rows.begin(caches / "rows" if caches else None, config, files, build.context.kb.glossary)
        cms_files.add_files(files, config, build)  # admin/: the editors' form (Decap CMS), config from the schema
        settings = build.settings
        self._memo_store = DiskStore(caches / "markdown") if caches else None
        data_dirs = [settings.root / d for d in settings.data_dirs]
        inputs = inputs_stamp(data_dirs)  # all data files as last time: pages are reused without replaying reads
        self.page_memo.begin(self._memo_store, inputs)
        self.jsonld_memo.begin(self._memo_store, inputs)
        # The pages are made while other processes make the downloads; the sizes go in once those are made (the
        # caches keep the pages with a marker, the same under `mkdocs build` and `mkdocs serve`).
        plan = plan_site(self.engine_context(config) or build.context, settings.root / ".cache" / "kennisbank" / "downloads",
                         data_dirs, memo=self.page_memo, serving=self.command == "serve", sizes_later=True)
        self._plan = plan
        if self.command == "serve":  # it rebuilds a page when what it shows changed, sizes too: it waits for them
            self._fill = self._finish_downloads(config)
            self.incremental.sizes(self._fill)
        hand_over(plan, files, config, self.incremental, settings.language)
        self._later = plan.later
        self.incremental.hand_written(files)
        # the site as built (no PDFs when they could not be made here): the pages' JSON-LD lists the same downloads
        self._build = dataclasses.replace(build, site=plan.site,
                                          context=dataclasses.replace(build.context, site=plan.site,
                                                                      documents=plan.downloads.documents))
        return files

    @event_priority(-100)  # last before MkDocs cleans the site folder
    def on_pre_build(self, *, config: Any) -> None:
        """site/ is not emptied and written again: files the last build wrote and this one makes the same stay
        (site_sync.py); what this build does not make is removed at the end, so the folder is the same."""
        if not os.environ.get("KENNISBANK_NO_CACHE"):
            self._site_store = DiskStore(self.state(config).settings.root / ".cache" / "kennisbank" / "site")
            internals.route_site_writes(SiteSync(config.site_dir, self._site_store))

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self._nav, self._nav_done = nav, 0
        if self._server is not None:
            self._first = self.incremental.edited_files(files, self.state(config).site.paths)
        return nav

    @event_priority(100)  # before any other plugin sees this page: the edited pages are written and over by then
    def on_pre_page(self, page: Any, *, config: Any, files: Any) -> Any:
        """`mkdocs serve`: the page of a record just edited is converted and written first, once the pages of the
        navigation (which every page shows) are converted, and the browsers may load it at once; MkDocs would hold
        them until the whole build is written. The end of the build reloads them again, with the pages that list or
        link to the record."""
        if self._first and page.file not in self._first and self._nav_converted() and \
                internals.env_untouched(config, self):
            env = config.theme.get_env()
            self.output_cache.environment(env)
            self._show_first(config, files, env)
        return page

    def _nav_converted(self) -> bool:
        pages = self._nav.pages
        while self._nav_done < len(pages) and internals.converted(pages[self._nav_done]):
            self._nav_done += 1  # pages stay converted: each is looked at until it is, not again
        return self._nav_done == len(pages)

    def _show_first(self, config: Any, files: Any, env: Any) -> None:
        first, self._first = self._first, []
        for file in first:
            page = internals.page_of(file, config)
            if page.content is None:
                internals.populate_page_now(page, config, files)
            internals.build_page_now(page, config, files, self._nav, env)
        self._reload_again = internals.show_site_now(self._server)

    @event_priority(100)  # before any plugin's on_env: the pages are converted, none is written yet
    def _on_env_first(self, env: Any, *, config: Any, files: Any) -> Any:
        """The pages are converted; MkDocs copies the downloads next, then writes the pages. Downloads still being
        made are copied once they are (on_post_build), and so are the pages that show their sizes."""
        plan = self._plan
        if plan is not None and plan.finish_downloads is not None:
            if plan.downloads_pending:
                paths = {d.site_path for d in plan.downloads.all()}
                self._copies = internals.hold_copies([f for f in files if f.src_uri in paths])
            else:
                self._fill = self._finish_downloads(config)
        self.output_cache.environment(env)
        return env

    @event_priority(-100)  # the environment as every plugin left it, as MkDocs' page loop will use it
    def _on_env_last(self, env: Any, *, config: Any, files: Any) -> Any:
        """The edited pages not written yet (on_pre_page) are written first now."""
        if self._first:
            self._show_first(config, files, env)
        return env

    on_env = CombinedEvent(_on_env_first, _on_env_last)

    def _finish_downloads(self, config: Any) -> Callable[[str], str]:
        """Waits for this build's downloads; returns what fills in their sizes (the caches keep the markers)."""
        plan, self._plan = self._plan, None
        assert plan is not None and plan.finish_downloads is not None
        made, fill = plan.finish_downloads()
        report_downloads(made, self.state(config).settings.language)
        return fill

    @event_priority(-100)  # the page as it will be written
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """The sizes of the downloads in a page; one whose downloads are still being made is held back and written
        once they are (on_post_build)."""
        if "kb-size-" in output:
            if self._fill is not None:
                return self._fill(output)
            if self._copies is not None:
                self._marked[page.file.abs_dest_path] = output
                return internals.hold_page(page)  # written once, with the sizes: a page unchanged stays untouched
        return output

    def _fill_sizes(self, config: Any) -> None:
        """The downloads of this build are made (waiting for the last ones): copied into the site, their sizes in
        the pages written with a marker and in the search index."""
        if self._copies is not None:
            self._fill = self._finish_downloads(config)
            marked, self._marked = self._marked, {}
            for path, output in marked.items():
                internals.write_page(self._fill(output), path)
            internals.release_held_pages()
            copies, self._copies = self._copies, None
            copies()
        fill, self._fill = self._fill, None
        search = internals.search_plugin(config)
        if fill is not None and search is not None:  # a new entry only where a size goes in
            internals.replace_search_entries(search, [
                {k: fill(v) if isinstance(v, str) else v for k, v in e.items()}
                if any(isinstance(v, str) and "kb-size-" in v for v in e.values()) else e
                for e in internals.search_entries(search)])

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """The server is kept, to show an edited page before the rest of a rebuild (on_pre_page). A save is seen at
        once (inotify) instead of at the next poll; KENNISBANK_WATCH=poll keeps MkDocs' polling (for folders shared
        from another machine, whose changes a native watcher may never hear of)."""
        self._server = server
        if os.environ.get("KENNISBANK_WATCH", "").lower() != "poll" and internals.use_native_watcher(server):
            log.debug(say("Opgeslagen bestanden worden direct opgemerkt (inotify of vergelijkbaar).",
                          "Saved files are noticed at once (inotify or the like).").text(
                self.state(config).settings.language))
        return server

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        """Glossary terms get their explanation on every page (after mkdocs-macros, so nothing here is a template)."""
        build = self.state(config)
        self._converting = page  # MkDocs converts it next; on_build_error names its record if that fails
        kb = build.result.kb
        glossary = kb.glossary if kb is not None and page.file.src_uri != build.site.paths.glossary else ()

        def explained(text: str) -> str:  # only for a page that is converted: the caches know the glossary
            return text + abbreviations(glossary, text) if glossary else text

        reused = self.incremental.markdown(page, markdown)  # `mkdocs serve --dirty`: unchanged pages are not converted
        return reused if reused != markdown else self.render_cache.markdown(page, markdown, files, explained)

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        """Every page's content passes the allow-list; so do its table-of-contents titles."""
        self._converting = None
        reused = self.incremental.content(page, html)
        if reused is not None:
            return reused
        stored = self.render_cache.content(page, files)
        if stored is None:
            self.collector.page_converted()
            _clean_toc(page.toc)
            stored = self.render_cache.store(page, clean_html(first_explanation_only(self.rows.substitute(html))))
        return self.incremental.remember(page, stored)

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """The edit button of a record page opens its YAML file; the page head gets its JSON-LD."""
        build = self.state(config)
        kb = build.result.kb
        record = (page.meta or {}).get("kennisbank")
        if isinstance(record, str) and config.repo_url and kb:
            kind, _, record_id = record.partition("/")
            origin = kb.origins.get((kind, record_id))
            if origin:
                page.edit_url = f"{config.repo_url.rstrip('/')}/edit/{build.settings.options.branch}/{origin.file}"
        # schema.org JSON-LD, printed by kennisbank/theme/main.html; a record page's is kept with the page memo
        if kb and isinstance(record, str) and build.context is not None:
            kind, _, record_id = record.partition("/")
            context["kb_jsonld"] = self.jsonld_memo.render(build.context, ("get", kind, record_id), _record_jsonld,
                                                         record, page.file.src_uri, page.url) or None
        else:
            context["kb_jsonld"] = page_jsonld(kb, build.site, record, page.file.src_uri, page.url,
                                               labels_for(build.site.language)) if kb else None
        return context

    @event_priority(50)  # before the search plugin writes its index
    def _on_post_build_first(self, *, config: Any) -> None:
        self._fill_sizes(config)
        self.incremental.merge_search(config)
        self.render_cache.finish()
        self.output_cache.finish()
        self.page_memo.finish()
        self.jsonld_memo.finish()
        if self._memo_store is not None:
            log.info(say("Paginatekst (ook de tekst van de pdf per thema): {reused} hergebruikt, {rendered} opnieuw "
                         "gemaakt.",
                         "Page text (also of the PDF per theme): {reused} reused, {rendered} made again.",
                         reused=self.page_memo.reused, rendered=self.page_memo.rendered).text(
                self.state(config).settings.language))

    @event_priority(-100)  # after every plugin's own writes (Material's search index)
    def _on_post_build_last(self, *, config: Any) -> None:
        if self._later:  # `mkdocs serve`: the open data after the pages, so that an edit shows first
            later, self._later = self._later, ()
            self._writer = self._writer or ThreadPoolExecutor(max_workers=1)  # one at a time, in order
            language = self.state(config).settings.language
            self._writer.submit(_write_later, later, config.site_dir, language)
            log.info(say("Open data: wordt na deze build bijgewerkt.", "Open data: brought up to date after this build.")
                     .text(language))
        sync = internals.end_site_writes()
        if sync is not None:
            sync.finish()
            log.info(say("Site: {kept} bestanden ongewijzigd gelaten, {written} geschreven, {removed} verwijderd.",
                         "Site: {kept} files left as they were, {written} written, {removed} removed.",
                         kept=sync.kept, written=sync.written, removed=sync.removed).text(
                self.state(config).settings.language))
        self.collector.built(serving=self.command == "serve")
        self._reload()

    def _reload(self) -> None:
        """The browsers that loaded the edited page first reload once more, now that the whole build is written."""
        again, self._reload_again, self._nav, self._first = self._reload_again, None, None, []
        if again is not None:
            again()

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)

    def on_build_error(self, *, error: Exception) -> None:
        """A page that fails to convert: say which record and data file it comes from (build_errors.py)."""
        self.collector.built()
        self._reload()
        plan, self._plan, self._marked, self._copies, self._fill = self._plan, None, {}, None, None
        internals.release_held_pages()
        if plan is not None:
            plan.cancel_downloads()  # what has not started is not made: the build stops here
        sync = internals.end_site_writes()
        if sync is not None:  # as after MkDocs' clean: only what this build wrote before it failed, never a mix
            sync.finish()
        page, self._converting = self._converting, None
        self.render_cache.abandon()
        kb = self._build.result.kb if self._build else None  # never load data here: the build is already failing
        build_errors.report(error, page, kb, self.command, self._build.settings.language if self._build else "nl")


def _write_later(jobs: tuple[Callable[[], Mapping[str, bytes]], ...], site_dir: str, language: str) -> None:
    """Make and write files the build left for later (each atomically: the server may be reading the old one)."""
    try:
        for job in jobs:
            for path, data in job().items():
                target = Path(site_dir) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                tmp.write_bytes(data)
                tmp.replace(target)
    except Exception as err:  # the server goes on; the next build makes them again
        log.warning(say("Open data niet bijgewerkt: {error}. De volgende build maakt ze opnieuw.",
                        "Open data not brought up to date: {error}. The next build makes them again.",
                        error=str(err)).text(language))


def _record_jsonld(ctx: PageContext, record: str, path: str, url: str) -> str:
    return page_jsonld(ctx.kb, ctx.site, record, path, url, ctx.labels) or ""


def _clean_toc(items: Any) -> None:
    for item in items:
        item.title = clean_text_html(item.title)
        _clean_toc(item.children)

"""kennisbank/compat/mkdocs_internals.py: every MkDocs and Material internal the dirty rebuild leans on still exists
and behaves as assumed, on a tiny real site (Material theme, its search plugin) in a temporary folder.

The whole dirty rebuild is tested end to end in tests/test_serve.py; a failure here names the internal that moved.
"""
from __future__ import annotations

import importlib.metadata
import json
import logging
from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page

from kennisbank.compat import mkdocs_internals as internals

PAGES = {
    "index.md": "# Start\n\nNaar [de sectie](b.md#sectie).\n",
    "b.md": "# Pagina B\n\nTekst.\n\n## Sectie\n\nMeer tekst.\n",
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """mkdocs.yml and docs/ of a two-page site with Material and its search plugin."""
    (tmp_path / "docs").mkdir()
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Klein\ntheme:\n  name: material\nplugins:\n  - search\n",
                                         encoding="utf-8")
    return tmp_path


def config_of(folder: Path) -> Any:
    return load_config(config_file=str(folder / "mkdocs.yml"))


class Recorder(BasePlugin):
    """A plugin of the test's own: notes the pages MkDocs read and runs the test's code at two events."""

    def __init__(self, on_files: Any = None, on_post_build: Any = None) -> None:
        super().__init__()
        self.read: list[str] = []
        self.files_hook, self.post_build_hook = on_files, on_post_build

    def on_files(self, files: Files, config: Any) -> Files:
        if self.files_hook:
            self.files_hook(files, config)
        return files

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        self.read.append(page.file.src_uri)
        return markdown

    @event_priority(50)  # like hooks.on_post_build: before the search plugin writes its index
    def on_post_build(self, config: Any) -> None:
        if self.post_build_hook:
            self.post_build_hook(config)


def build_site(folder: Path, recorder: Recorder | None = None, dirty: bool = False) -> Any:
    """A build as `mkdocs build`/`mkdocs serve` runs it (startup event first); the config, for its plugins."""
    config = config_of(folder)
    if recorder is not None:
        config.plugins["recorder"] = recorder
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    build(config, dirty=dirty)
    return config


def test_the_versions_it_was_written_for_are_checked(monkeypatch: pytest.MonkeyPatch):
    internals._check_versions()  # the installed ones
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    with pytest.raises(RuntimeError, match=r"(?s)kennisbank\.compat\.mkdocs_internals is written for mkdocs 1\.6\.1 and "
                                           r"mkdocs-material 9\.8\.1, but mkdocs 9\.9\.9 .*Re-check each function.*"
                                           r"tests/test_compat_mkdocs\.py.*Nederlands: .*geïnstalleerd"):
        internals._check_versions()


def test_set_modified_decides_what_a_dirty_build_reads_and_writes(tiny: Path):
    build_site(tiny)
    written = tiny / "site" / "b" / "index.html"
    written.write_text("van de vorige keer", encoding="utf-8")

    def mark(files: Files, config: Any) -> None:
        for file in files.documentation_pages():
            internals.set_modified(file, file.src_uri != "b.md")

    recorder = Recorder(on_files=mark)
    build_site(tiny, recorder, dirty=True)
    assert recorder.read == ["index.md"]  # b.md was neither read nor converted ...
    assert written.read_text(encoding="utf-8") == "van de vorige keer"  # ... nor written

    recorder = Recorder(on_files=lambda files, config: [internals.set_modified(f, True) for f in files])
    build_site(tiny, recorder, dirty=True)
    assert sorted(recorder.read) == ["b.md", "index.md"]
    assert "Meer tekst" in written.read_text(encoding="utf-8")


def test_is_generated(tiny: Path):
    generated: dict[str, bool] = {}

    def add_and_look(files: Files, config: Any) -> None:
        files.append(File.generated(config, "record.md", content="# Record"))  # as hooks.on_files adds a record page
        generated.update({file.src_uri: internals.is_generated(file) for file in files.documentation_pages()})

    build_site(tiny, Recorder(on_files=add_and_look))
    assert generated == {"index.md": False, "b.md": False, "record.md": True}


def rendered(config: Any, files: Files, src_uri: str, markdown: str | None = None) -> Page:
    """A page of `files` converted as MkDocs does (from its file, or from `markdown` as a plugin handed it)."""
    page = Page(None, files.get_file_from_path(src_uri), config)
    page.read_source(config)
    if markdown is not None:
        page.markdown = markdown
    page.render(config, files)
    return page


def test_page_parts_are_what_rendering_sets(tiny: Path):
    config = config_of(tiny)
    files = get_files(config)
    start, b = rendered(config, files, "index.md"), rendered(config, files, "b.md")
    parts = internals.page_parts(b)
    assert parts.title == "Pagina B" and b.title == "Pagina B"
    assert [item.title for item in parts.toc] == ["Pagina B"] and [i.title for i in list(parts.toc)[0].children] == ["Sectie"]
    assert parts.anchors is not None and {"pagina-b", "sectie"} <= parts.anchors
    links = internals.page_parts(start).links
    assert links == {files.get_file_from_path("b.md"): {"sectie": "b.md#sectie"}}


NO_ANCHOR = "does not contain an anchor '#sectie'"


def test_restored_parts_stand_in_for_a_render(tiny: Path, caplog: pytest.LogCaptureFixture):
    """A page reused by the dirty rebuild is rendered from empty Markdown and given its earlier parts: its title,
    table of contents and anchors are then what MkDocs uses, in the navigation and in the check of anchor links."""
    config = config_of(tiny)
    files = get_files(config)
    start, b = rendered(config, files, "index.md"), rendered(config, files, "b.md")
    start_parts, b_parts = internals.page_parts(start), internals.page_parts(b)

    b = rendered(config, files, "b.md", markdown="")
    assert b.title == "B" and not b.toc and not b.present_anchor_ids  # what an empty render leaves
    start.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert NO_ANCHOR in caplog.text  # the check reads present_anchor_ids ...
    caplog.clear()
    internals.restore_page_parts(b, b_parts)
    assert b.title == "Pagina B" and [item.title for item in b.toc] == ["Pagina B"]
    start.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert caplog.text == ""

    start = rendered(config, files, "index.md", markdown="")
    internals.restore_page_parts(b, b_parts._replace(anchors=set()))
    start.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert caplog.text == ""  # ... of the links a page has, in links_to_anchors
    internals.restore_page_parts(start, start_parts)
    start.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert NO_ANCHOR in caplog.text


def test_search_entries_and_their_replacement(tiny: Path):
    seen: list[dict[str, Any]] = []
    extra = {"location": "elders/", "title": "Van een vorige build", "text": ""}

    def keep_and_add(config: Any) -> None:
        plugin = internals.search_plugin(config)
        assert plugin is not None
        seen.extend(internals.search_entries(plugin))
        internals.replace_search_entries(plugin, [*seen, extra])

    config = build_site(tiny, dirty=True)
    plugin = internals.search_plugin(config)
    assert plugin is config.plugins["material/search"]
    # Material keeps the last index in dirty mode and merges the next build into it: the merge replace_ switches off.
    assert plugin.search_index_prev is plugin.search_index

    # A dirty build indexes only the pages it built (here b.md): the other entries are ours to keep.
    only_b = Recorder(on_files=lambda files, config: [internals.set_modified(f, f.src_uri == "b.md") for f in files],
                      on_post_build=keep_and_add)
    build_site(tiny, only_b, dirty=True)
    assert {internals.search_entry_page(entry) for entry in seen} == {"b/"}
    assert {entry["location"] for entry in seen} == {"b/", "b/#sectie"}
    written = json.loads((tiny / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert written == [*seen, extra]


def test_intercept_search_entries_skips_or_records_the_indexing_of_a_page(tiny: Path):
    made: dict[str, list[dict[str, Any]]] = {}
    stored = [{"location": "b/", "title": "Uit de cache", "text": "opgeslagen"}]

    def intercept(files: Any, config: Any) -> None:
        plugin = internals.search_plugin(config)
        internals.intercept_search_entries(plugin, lambda page: stored if page.file.src_uri == "b.md" else None,
                                           lambda page, entries: made.setdefault(page.file.src_uri, entries))

    build_site(tiny, Recorder(on_files=intercept))
    written = json.loads((tiny / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert [e for e in written if e["location"].startswith("b/")] == stored  # b.md: the given entries, not parsed
    assert "b.md" not in made and made  # every other page: indexed by Material, its entries handed over
    assert all(entries == [e for e in written if internals.search_entry_page(e) == entries[0]["location"].split("#")[0]]
               for entries in made.values() if entries)


def test_search_plugin_of_a_site_without_search(tiny: Path):
    (tiny / "mkdocs.yml").write_text("site_name: Klein\ntheme:\n  name: material\nplugins: []\n", encoding="utf-8")
    assert internals.search_plugin(config_of(tiny)) is None


def test_hide_dirty_warning(tiny: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(logging.getLogger(internals.DIRTY_WARNING_LOGGER), "filters", [])  # as a new process has them
    build_site(tiny)
    build_site(tiny, dirty=True)
    assert internals.DIRTY_WARNING in caplog.text
    caplog.clear()
    internals.hide_dirty_warning()
    internals.hide_dirty_warning()
    assert len(logging.getLogger(internals.DIRTY_WARNING_LOGGER).filters) == 1
    build_site(tiny, dirty=True)
    assert internals.DIRTY_WARNING not in caplog.text and "WARNING" not in caplog.text


def test_share_template_cache_across_the_environments_of_builds(tiny: Path):
    config = config_of(tiny)
    stored: dict[str, bytes] = {}
    compiled: list[str] = []

    class Client:
        def get(self, key: str) -> bytes | None:
            return stored.get(key)

        def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
            compiled.append(key)
            stored[key] = value

    internals.share_template_cache(jinja2.MemcachedBytecodeCache(Client()))  # type: ignore[arg-type]
    try:
        first, second = config.theme.get_env(), config.theme.get_env()
        assert first is not second  # MkDocs makes a new environment every build (and Material's search more)
        first.get_template("main.html")
        assert compiled  # compiled templates went into the cache
        count = len(compiled)
        second.get_template("main.html")
        assert len(compiled) == count  # and came from it the next time: nothing was compiled again
    finally:
        internals.share_template_cache(None)
    assert config.theme.get_env().bytecode_cache is None


def test_theme_files_listing_adds_what_mkdocs_adds(tiny: Path):
    """The same theme files, from the same folders, in the same order as MkDocs' own add_files_from_theme."""
    from mkdocs.structure.files import Files

    internals.theme_files_listing()
    custom = tiny / "overrides"  # a project's custom_dir: its files come first, and it is listed every build
    (custom / "assets" / "images").mkdir(parents=True)
    (custom / "assets" / "images" / "favicon.png").write_bytes(b"eigen")
    config = config_of(tiny)
    config.theme.dirs.insert(0, str(custom))
    env = config.theme.get_env()
    theirs, ours, again = Files([]), Files([]), Files([])
    Files.add_files_from_theme.mkdocs(theirs, env, config)  # type: ignore[attr-defined]
    ours.add_files_from_theme(env, config)
    (custom / "assets" / "eigen.css").write_text("a {}", encoding="utf-8")  # added while serving
    again.add_files_from_theme(env, config)  # Material's folder from the listing kept in this process

    def listed(files: Files) -> list[tuple[str, str]]:
        return [(f.src_uri, f.abs_src_path or "") for f in files]
    assert len(listed(theirs)) > 20 and listed(ours) == listed(theirs)
    assert ("assets/images/favicon.png", str(custom / "assets" / "images" / "favicon.png")) in listed(ours)
    assert listed(again) == sorted([*listed(ours), ("assets/eigen.css", str(custom / "assets" / "eigen.css"))])


def test_use_native_watcher_hears_a_save_at_once(tmp_path: Path):
    """The live-reload server's watches move to the native observer (inotify here), which then wakes the rebuild."""
    import time

    import watchdog.observers
    from mkdocs.livereload import LiveReloadServer

    watched = tmp_path / "data"
    watched.mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(watched))
    assert internals.use_native_watcher(server)
    assert isinstance(server.observer, watchdog.observers.Observer) and str(watched) in server._watch_refs
    (tmp_path / "docs").mkdir()
    server.watch(str(tmp_path / "docs"))  # a watch added later (config.watch) goes to the native observer too
    (watched / "record.yaml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# x\n", encoding="utf-8")
    server.observer.start()
    try:
        time.sleep(0.2)
        # a build reads the files it watches: reading is no change (else every build would ask for the next one)
        (watched / "record.yaml").read_text(encoding="utf-8")
        (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
        time.sleep(0.5)
        assert not server._want_rebuild
        (watched / "record.yaml").write_text("title: y\n", encoding="utf-8")
        deadline = time.monotonic() + 2
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild
        server.unwatch(str(watched))  # MkDocs' own unwatch still finds the watch
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()
    assert not internals.use_native_watcher(server)  # once moved, nothing to move


class Early(BasePlugin):
    """Adds two record pages outside the navigation; converts and writes the second while MkDocs is about to convert
    the first, as the kennisbank plugin shows an edited record first under `mkdocs serve`."""

    def __init__(self, early: bool) -> None:
        super().__init__()
        self.early, self.nav, self.seen = early, None, []
        self.written: list[str] = []

    def on_files(self, files: Files, config: Any) -> Files:
        for name in ("r1", "r2"):
            files.append(File.generated(config, f"{name}.md", content=f"# Record {name}\n\nNaar [B](b.md#sectie).\n",
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self.nav = nav
        return nav

    def on_pre_page(self, page: Any, config: Any, files: Files) -> Any:
        if self.early and page.file.src_uri == "r1.md":
            self.seen.append(("nav converted", all(internals.converted(p) for p in self.nav.pages)))
            self.seen.append(("env untouched", internals.env_untouched(config, self)))
            second = internals.page_of(files.get_file_from_path("r2.md"), config)
            self.seen.append(("r2 converted before", internals.converted(second)))
            internals.populate_page_now(second, config, files)
            internals.build_page_now(second, config, files, self.nav, config.theme.get_env())
            self.seen.append(("still on r1", config._current_page is page))
        return page

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        self.written.append(page.file.src_uri)
        return output


def test_a_page_converted_and_written_before_mkdocs_loops_is_written_once_as_they_would(tmp_path: Path):
    sites = {}
    for early in (False, True):
        folder = tmp_path / ("early" if early else "plain")
        folder.mkdir()
        (folder / "docs").mkdir()
        for name, text in PAGES.items():
            (folder / "docs" / name).write_text(text, encoding="utf-8")
        (folder / "mkdocs.yml").write_text("site_name: Klein\ntheme:\n  name: material\nplugins:\n  - search\n",
                                           encoding="utf-8")
        config = config_of(folder)
        plugin = config.plugins["early"] = Early(early)
        recorder = Recorder(on_files=lambda files, config: [internals.set_modified(f, True) for f in files])
        config.plugins["recorder"] = recorder
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)
        sites[early] = (folder / "site" / "r2" / "index.html").read_text(encoding="utf-8")
        if early:
            assert plugin.seen == [("nav converted", True), ("env untouched", True), ("r2 converted before", False),
                                   ("still on r1", True)]
            assert recorder.read.count("r2.md") == 1 and plugin.written.count("r2.md") == 1  # not again in the loop
            assert recorder.read.index("r2.md") < recorder.read.index("r1.md")
    assert sites[True] == sites[False]


def test_env_untouched_only_while_no_other_plugin_has_on_env(tiny: Path):
    class WithEnv(BasePlugin):
        def on_env(self, env: Any, config: Any, files: Files) -> Any:
            return env

    config = config_of(tiny)
    mine = config.plugins["mine"] = Early(False)
    assert internals.env_untouched(config, mine)
    config.plugins["other"] = WithEnv()
    assert not internals.env_untouched(config, mine)


def test_show_site_now_lets_browsers_in_during_a_build_and_reloads_them_again_after(tmp_path: Path):
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server._wanted_epoch = server._visible_epoch + 5  # what the server's build loop does when a build starts
        building = server._wanted_epoch
        again = internals.show_site_now(server)
        assert server._visible_epoch == server._wanted_epoch == building  # requests are answered, browsers reload
        again()
        assert server._wanted_epoch > server._visible_epoch == building  # held again only for the last moment ...
        server._visible_epoch = server._wanted_epoch  # ... until the build loop makes it visible: one more reload
    finally:
        server.server_close()

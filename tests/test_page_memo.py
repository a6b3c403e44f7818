"""The page memo: a record or term page is reused only while everything it read is unchanged.

Each case edits a copy of the shipped data, loads it again and renders every page twice: through a memo that
holds the pages of the build before the edit (as a new process would find them on disk), and plainly. The two
must be identical page for page, the memo must have re-rendered the pages that show the edit, and reused others.
The JSON-LD of record pages goes through the memo the same way (kennisbank/adapter/plugin.py).
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from conftest import ROOT

from kennisbank.adapter.plugin import _record_jsonld as record_jsonld
from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import ELEMENT, KINDS
from kennisbank.core.outputs.downloads import Download, human_size
from kennisbank.core.paths import TERM_KINDS
from kennisbank.core.reading import filecache
from kennisbank.core.reading import inputs_stamp as inputs_stamp_module
from kennisbank.core.reading.filecache import build_cache
from kennisbank.core.reading.inputs_stamp import inputs_stamp
from kennisbank.core.reading.loader import load
from kennisbank.core.render import page_memo, render_record_page
from kennisbank.core.render.page_memo import PageMemo
from kennisbank.core.render.pages import PageContext
from kennisbank.core.render.route import render_term_page
from kennisbank.core.site import Site
from kennisbank.core.site_plan import open_data, theme_document


class MemoryStore:
    """Stands in for the adapter's DiskStore: entries survive from one PageMemo (one build) to the next."""

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}

    def load(self, key: str) -> Any | None:
        return self.entries.get(key)

    def save(self, key: str, value: Any) -> None:
        self.entries[key] = value

    def remove(self, key: str) -> None:
        self.entries.pop(key, None)


def _context(data: Path, language: str = "nl", **changes: Any) -> PageContext:
    result = load([data], root=data.parent)
    assert result.kb is not None and not result.errors, [p.format() for p in result.errors]
    ctx = PageContext(result.kb, labels_for(language), Site(name="Kennisbank", language=language))
    return dataclasses.replace(ctx, **changes)


def _pages(ctx: PageContext, memo: PageMemo | None) -> dict[str, str]:
    pages = {}
    for kind in KINDS:
        for record in ctx.kb.of(kind).values():
            own = ("get", kind.name, record.id)
            pages[f"{kind.name}/{record.id}"] = memo.render(ctx, own, render_record_page, kind, record) if memo \
                else render_record_page(ctx, kind, record)
            ref, path = f"{kind.name}/{record.id}", ctx.paths.record_page(kind, record.id)
            pages[f"jsonld:{ref}"] = memo.render(ctx, own, record_jsonld, ref, path, "/" + path) if memo \
                else record_jsonld(ctx, ref, path, "/" + path)
    for theme in ctx.kb.sorted("theme"):  # the HTML of its meeting PDF (site_plan.theme_document)
        own = ("get", "theme", theme.id)
        pages[f"meeting:{theme.id}"] = memo.render(ctx, own, theme_document, theme) if memo \
            else theme_document(ctx, theme)  # type: ignore[arg-type]
    for term_kind in TERM_KINDS:
        for term in ctx.kb.terms(term_kind):
            own = ("term", term_kind, term.id)
            pages[f"{term_kind}/{term.id}"] = memo.render(ctx, own, render_term_page, term_kind, term) if memo \
                else render_term_page(ctx, term_kind, term)
    return pages


def _build(ctx: PageContext, store: MemoryStore) -> tuple[dict[str, str], PageMemo]:
    memo = PageMemo()  # a new process: only what the store kept
    memo.begin(store)
    return _pages(ctx, memo), memo


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, f"{pattern} not in {path}"
    path.write_text(changed, "utf-8")


def _element_with_source(data: Path, more: str = "") -> tuple[Path, str]:
    """An element file whose evidence names a source (followed by `more`), and that source's id."""
    for path in sorted((data / "elements").glob("*.yaml")):
        found = re.search(r"^\s+sources: \[([a-z0-9-]+)" + more, path.read_text("utf-8"), re.M)
        if found:
            return path, found.group(1)
    raise AssertionError("no element names a source")


def test_an_unchanged_rebuild_renders_nothing_and_gives_the_same_pages(data: Path) -> None:
    ctx, store = _context(data), MemoryStore()
    first, memo = _build(ctx, store)
    assert memo.reused == 0 and first == _pages(ctx, None)
    again, memo = _build(_context(data), store)  # a new load: other objects, same content
    assert again == first
    assert memo.rendered == 0 and memo.reused == len(first)


def test_records_kept_by_the_build_cache_are_reused_too(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build reads unchanged files from .cache/kennisbank/build/ (their line tables unpickled only when asked);
    the pages of such a build are the pages of the build before."""
    store = MemoryStore()
    monkeypatch.setattr(filecache, "RACY_NS", 0)  # files changed in the last moments are not kept otherwise
    cache = build_cache(data.parent)
    first = load([data], root=data.parent, cache=cache)
    cache.save()
    ctx = PageContext(first.kb, labels_for("nl"), Site(name="Kennisbank"))  # type: ignore[arg-type]
    before, _ = _build(ctx, store)
    again = load([data], root=data.parent, cache=build_cache(data.parent))  # a new process: from the disk cache
    ctx = PageContext(again.kb, labels_for("nl"), Site(name="Kennisbank"))  # type: ignore[arg-type]
    origin = next(iter(again.kb.origins.values()))  # type: ignore[union-attr]
    assert not isinstance(origin.lines, dict | MappingProxyType), "the line tables should come from the cache"
    after, memo = _build(ctx, store)
    assert after == before == _pages(ctx, None)
    assert memo.rendered == 0


def _retitle_element(data: Path) -> str:
    path, _ = _element_with_source(data)
    _edit(path, r"^title: .*$", "title: Een heel andere titel")
    return path.stem


def _drop_evidence_source(data: Path) -> str:
    path, source = _element_with_source(data, more=", ")  # one of two or more: the evidence keeps a source
    _edit(path, rf"^(\s+sources: \[){source}, ", r"\1")
    return path.stem


def _add_element(data: Path) -> str:
    path, _ = _element_with_source(data)
    (data / "elements" / "nieuw-element.yaml").write_text(
        re.sub(r"(?m)^title: .*$", "title: Nieuw element", path.read_text("utf-8"), count=1), "utf-8")
    return "nieuw-element"


def _unlink_example(data: Path) -> str:
    """An example stops illustrating the first element it named: that element's evidence loses it."""
    path = next(p for p in sorted((data / "examples").glob("*.yaml"))
                if re.search(r"^elements:\n  - \S+\n  - ", p.read_text("utf-8"), re.M))
    _edit(path, r"^(elements:\n)  - \S+\n", r"\1")
    return path.stem


def _delete_element(data: Path) -> str:
    """An element no other record names: its themes and related elements lose it."""
    texts = {p: p.read_text("utf-8") for p in data.rglob("*.yaml")}
    path = next(p for p in sorted((data / "elements").glob("*.yaml"))
                if not any(p.stem in text for other, text in texts.items() if other != p))
    path.unlink()
    return path.stem


def _relabel_phase(data: Path) -> str:
    _edit(data / "taxonomy.yaml", r"^(\s+label: )Formeren", r"\1Vormen")
    return "formeren"


@pytest.mark.parametrize("edit", [_retitle_element, _drop_evidence_source, _add_element, _unlink_example, _delete_element,
                                  _relabel_phase])
def test_after_an_edit_every_page_is_what_a_plain_render_gives(data: Path, edit: Callable[[Path], str]) -> None:
    store = MemoryStore()
    before, _ = _build(_context(data), store)
    edit(data)
    ctx = _context(data)
    after, memo = _build(ctx, store)
    plain = _pages(ctx, None)
    assert after == plain  # byte for byte, every page
    changed = {page for page, text in plain.items() if before.get(page) != text}
    assert changed, "the edit changed no page"
    assert memo.rendered >= len(changed - before.keys())
    assert 0 < memo.reused < len(plain), "pages the edit does not touch are reused, the others rendered again"


def test_a_changed_download_renders_only_its_template_page_again(data: Path, tmp_path: Path) -> None:
    base = _context(data)
    template = next(iter(base.kb.templates))
    file = Download("PDF", f"downloads/{template}.pdf", tmp_path / "x.pdf", 1000)
    store = MemoryStore()
    _build(dataclasses.replace(base, downloads={template: (file,)}), store)
    ctx = dataclasses.replace(base, downloads={template: (dataclasses.replace(file, size=2000000),)})
    after, memo = _build(ctx, store)
    assert after == _pages(ctx, None)
    assert memo.rendered == 1 and human_size(2000000) in after[f"template/{template}"]


@pytest.mark.parametrize("change", [
    {"labels": labels_for("en")},
    {"site": Site(name="Andere naam", language="nl")},
    {"review_after_days": 1},
])
def test_what_every_page_may_read_renders_every_page_again(data: Path, change: dict[str, Any]) -> None:
    store = MemoryStore()
    _build(_context(data), store)
    ctx = _context(data, **change)
    after, memo = _build(ctx, store)
    assert memo.reused == 0 and after == _pages(ctx, None)


def test_a_read_that_cannot_be_replayed_is_never_reused(data: Path) -> None:
    """A lookup with a key the memo cannot store (here: an object) makes its page uncached, not wrongly reused."""
    ctx, store = _context(data), MemoryStore()
    calls = []

    def renderer(c: PageContext) -> str:
        calls.append(1)
        return str(c.kb.origins.get(object(), "geen herkomst"))  # type: ignore[call-overload]

    for _ in range(2):
        memo = PageMemo()
        memo.begin(store)
        assert memo.render(ctx, ("term", "phase", "formeren"), renderer) == "geen herkomst"
    assert len(calls) == 2 and store.entries == {}


def _open_data(ctx: PageContext, store: MemoryStore, made: list[int]) -> dict[str, bytes]:
    memo = PageMemo()  # a new process: only what the store kept
    memo.begin(store)

    def produce() -> dict[str, bytes]:
        made.append(1)
        return open_data(ctx)
    result: dict[str, bytes] = memo.whole(ctx, "open data", produce)
    return result


@pytest.mark.parametrize("edit", [_retitle_element, _add_element, _delete_element, _relabel_phase, None])
def test_the_open_data_is_kept_whole_until_any_record_changes(data: Path, edit: Callable[[Path], str] | None) -> None:
    store, made = MemoryStore(), []
    first = _open_data(_context(data), store, made)
    assert _open_data(_context(data), store, made) == first and len(made) == 1  # a new load of the same files
    if edit is None:  # what the global key covers: the site's name is in the files
        ctx = _context(data, site=Site(name="Andere naam", language="nl"))
    else:
        edit(data)
        ctx = _context(data)
    after = _open_data(ctx, store, made)
    assert len(made) == 2 and after == open_data(ctx) and after != first
    # only the latest version stays in the store (at 5,000 records each is 25 MB)
    assert [v for v in store.entries.values() if isinstance(v, dict) and "open-data/kennisbank.json" in v] == [after]


def _build_with(ctx: PageContext, store: MemoryStore, inputs: str | None, finish: bool = True) -> tuple[dict[str, str], PageMemo]:
    memo = PageMemo()
    memo.begin(store, inputs)
    pages = _pages(ctx, memo)
    if finish:
        memo.finish()
    return pages, memo


def test_with_the_same_data_files_no_read_is_replayed(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore()
    first, _ = _build_with(_context(data), store, "stempel-1")
    replayed = []
    original = page_memo._still_valid
    monkeypatch.setattr(page_memo, "_still_valid", lambda *a: replayed.append(1) or original(*a))
    again, memo = _build_with(_context(data), store, "stempel-1")
    assert again == first and memo.rendered == 0 and not replayed
    _build_with(_context(data), store, "stempel-2")  # other files: every page replays its reads
    assert len(replayed) == len(first)


def test_an_entry_another_build_replaced_is_not_trusted(data: Path) -> None:
    """A build after an edit stores new pages under the same keys and fails before it keeps its list; with the edit
    undone the files' stamp is the old one again, but those pages are no longer the ones checked under it."""
    store = MemoryStore()
    original = (data / "elements").glob("*.yaml")
    saved = {p: p.read_text("utf-8") for p in original}
    _build_with(_context(data), store, "voor")
    _retitle_element(data)
    _build_with(_context(data), store, "na", finish=False)
    for path, text in saved.items():
        path.write_text(text, "utf-8")
    ctx = _context(data)
    after, _ = _build_with(ctx, store, "voor")
    assert after == _pages(ctx, None)


def test_the_inputs_stamp_changes_with_any_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "data"
    (folder / "elements").mkdir(parents=True)
    record = folder / "elements" / "a.yaml"
    record.write_text("title: A\n", "utf-8")
    assert inputs_stamp([folder]) is None  # just written: its stamp cannot be trusted yet
    monkeypatch.setattr(inputs_stamp_module, "RACY_NS", 0)
    first = inputs_stamp([folder])
    assert first is not None and inputs_stamp([folder]) == first
    stamps = set()
    for change in (lambda: record.write_text("title: B\n", "utf-8"), lambda: (folder / "taxonomy.yaml").touch(),
                   lambda: os.utime(record, ns=(1, 1)), lambda: (folder / "taxonomy.yaml").unlink()):
        change()
        stamps.add(inputs_stamp([folder]))
    assert first not in stamps and len(stamps) == 4


def test_a_new_title_renders_little_more_than_the_pages_that_show_it(data: Path) -> None:
    """'Zie ook' is chosen by ids and counts: the elements sharing a theme with the edited one, but not naming it,
    are not rendered again."""
    store = MemoryStore()
    before, _ = _build(_context(data), store)
    _retitle_element(data)
    ctx = _context(data)
    after, memo = _build(ctx, store)
    changed = {page for page, text in after.items() if before.get(page) != text}
    assert memo.rendered <= len(changed) + 3


def test_while_serving_the_open_data_is_made_after_the_pages(data: Path) -> None:
    """`later`: the version made last comes back at once; the job makes the current one and keeps it."""
    memo, made = PageMemo(), []
    memo.begin(None)

    def produce(ctx: PageContext) -> dict[str, bytes]:
        made.append(1)
        return open_data(ctx)

    first_ctx = _context(data)
    first = memo.whole(first_ctx, "open data", partial(produce, first_ctx), later=True)  # nothing yet: made now
    assert memo.take_later() == [] and len(made) == 1
    _retitle_element(data)
    ctx = _context(data)
    memo.begin(None)
    assert memo.whole(ctx, "open data", partial(produce, ctx), later=True) == first and len(made) == 1
    jobs = memo.take_later()
    assert len(jobs) == 1 and memo.take_later() == []
    current = jobs[0]()
    assert current == open_data(ctx) != first
    memo.begin(None)
    assert memo.whole(ctx, "open data", partial(produce, ctx), later=True) == current and len(made) == 2


def test_a_new_element_renders_again_only_the_element_pages_it_may_be_related_to(data: Path) -> None:
    """'Zie ook' counts from the element lists of a page's own themes and sources (kb.linked_elements): a new
    element changes the lists of its themes and sources only, so an element sharing none of them is reused."""
    store = MemoryStore()
    _build(_context(data), store)
    new = _add_element(data)
    ctx = _context(data)
    rendered: list[str] = []

    @functools.wraps(render_record_page)  # the same name: the memo keys a page on its renderer's name
    def tracking(c: PageContext, kind: Any, record: Any) -> str:
        rendered.append(record.id)
        return render_record_page(c, kind, record)

    memo = PageMemo()
    memo.begin(store)
    elements = list(ctx.kb.elements.values())
    pages = {e.id: memo.render(ctx, ("get", "element", e.id), tracking, ELEMENT, e) for e in elements}
    assert pages == {e.id: render_record_page(ctx, ELEMENT, e) for e in elements}
    themes, sources = ctx.kb.element_links(new)

    def related(element_id: str) -> bool:
        other_themes, other_sources = ctx.kb.element_links(element_id)
        return bool(set(themes) & set(other_themes) or set(sources) & set(other_sources))

    assert new in rendered and all(related(e) for e in rendered if e != new)
    assert any(not related(e.id) for e in elements), "the shipped data should have unrelated elements"


def test_a_reused_page_hands_its_long_lists_to_the_engine_again(data: Path) -> None:
    """The engine writes a long list after converting the page (PageContext.list_html): a page taken from the memo
    must give it the same lists as the page rendered then."""
    calls: list[tuple[Any, ...]] = []

    def list_html(items: Any, here: str, filterable: bool = True) -> str:
        calls.append((tuple(items), here, filterable))
        return f"<!-- lijst {abs(hash(repr((tuple(items), here)))):x} -->"

    store = MemoryStore()
    first, _ = _build(_context(data, list_html=list_html), store)
    made, calls[:] = list(calls), []
    assert made and all(not filterable for _, _, filterable in made)
    again, memo = _build(_context(data, list_html=list_html), store)
    assert memo.rendered == 0 and again == first and calls == made


def test_a_record_unchanged_in_the_next_build_of_the_process_is_not_digested_again(
        data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` keeps the memo across rebuilds and the file cache hands unchanged records over as the same
    objects: their digests carry over; an edited record (a new object) is digested anew and its pages rendered."""
    cache = build_cache(data.parent)
    first = load([data], root=data.parent, cache=cache)
    memo, store = PageMemo(), MemoryStore()
    memo.begin(store)
    ctx = PageContext(first.kb, labels_for("nl"), Site(name="Kennisbank"))  # type: ignore[arg-type]
    _pages(ctx, memo)
    edited = _retitle_element(data)
    again = load([data], root=data.parent, cache=cache)
    dumped: list[str] = []
    original = page_memo.BaseModel.model_dump_json

    def counting(self: Any, *args: Any, **kwargs: Any) -> str:
        dumped.append(getattr(self, "id", type(self).__name__))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(page_memo.BaseModel, "model_dump_json", counting)
    memo.begin(store)
    ctx = PageContext(again.kb, labels_for("nl"), Site(name="Kennisbank"))  # type: ignore[arg-type]
    pages = _pages(ctx, memo)
    assert edited in dumped and len(dumped) < 5, dumped  # not every record read again
    assert pages == _pages(ctx, None) and memo.rendered > 0

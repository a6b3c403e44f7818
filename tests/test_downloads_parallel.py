"""Downloads made across processes (kennisbank/core/outputs/downloads.py): the same bytes and the same DownloadSet
as made one by one in a single process, whole files only in the cache, and kits that follow their members."""
from __future__ import annotations

import dataclasses
import io
import multiprocessing
import os
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI

from kennisbank.core.outputs import downloads
from kennisbank.core.outputs.downloads import DownloadSet, build_downloads
from kennisbank.core.reading.loader import load
from kennisbank.core.site import Site

SITE = Site(name="Kennisbank", url="https://example.org/kennisbank/", owner="Redactie", licence="CC BY-SA 4.0")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The mini fixture with three more templates: enough documents for several processes."""
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    original = (folder / "templates" / "kennismaken.yaml").read_text(encoding="utf-8")
    for n in (2, 3, 4):
        (folder / "templates" / f"kennismaken-{n}.yaml").write_text(
            original.replace("title: Kennismakingswerkvormen", f"title: Kennismakingswerkvormen {n}"), encoding="utf-8")
    return folder


class CountingPool(downloads.ProcessPoolExecutor):  # type: ignore[misc]
    started: list[int] = []

    def __init__(self, max_workers: int) -> None:
        CountingPool.started.append(max_workers)
        super().__init__(max_workers=max_workers)


def relative(result: DownloadSet, cache: Path) -> DownloadSet:
    """The DownloadSet with cache paths relative to the cache folder, to compare two folders."""
    def rel(d: downloads.Download) -> downloads.Download:
        return dataclasses.replace(d, cache_path=d.cache_path.relative_to(cache))
    return dataclasses.replace(result, by_template={k: [rel(d) for d in v] for k, v in result.by_template.items()},
                               kits={k: rel(d) for k, d in result.kits.items()})


def files(cache: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(cache.iterdir())}


def test_many_processes_make_the_same_bytes_as_one(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kb = load([data], root=data).kb
    assert kb is not None and len(kb.templates) == 4
    monkeypatch.setattr(downloads, "ProcessPoolExecutor", CountingPool)
    CountingPool.started.clear()
    one = build_downloads(kb, SITE, tmp_path / "een", workers=1)
    assert CountingPool.started == []  # all in this process
    many = build_downloads(kb, SITE, tmp_path / "veel", workers=3)
    assert CountingPool.started == [3]
    assert one.generated == many.generated == 4 * 3 + len(one.kits) and not one.skipped
    assert relative(one, tmp_path / "een") == relative(many, tmp_path / "veel")
    assert files(tmp_path / "een") == files(tmp_path / "veel")  # and no half-written .tmp file is left
    again = build_downloads(kb, SITE, tmp_path / "nog-eens", workers=2)  # another run, in other processes
    assert files(tmp_path / "nog-eens") == files(tmp_path / "een")
    unchanged = build_downloads(kb, SITE, tmp_path / "veel", workers=3)
    assert (unchanged.generated, unchanged.reused) == (0, many.generated)
    assert relative(unchanged, tmp_path / "veel") == dataclasses.replace(relative(many, tmp_path / "veel"),
                                                                         generated=0, reused=many.generated)
    assert CountingPool.started == [3, 2]  # the unchanged rebuild started no processes
    assert again.generated == many.generated


def test_a_kit_holds_its_members_byte_for_byte_and_follows_an_edited_attachment(data: Path, tmp_path: Path):
    (data / "templates" / "bijlagen").mkdir()
    attachment = data / "templates" / "bijlagen" / "eigen.pdf"
    attachment.write_bytes(b"%PDF-1.4 eigen versie\n")
    path = data / "templates" / "kennismaken.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "attachment: templates/bijlagen/eigen.pdf\n", encoding="utf-8")
    kb = load([data], root=data).kb
    assert kb is not None
    cache = tmp_path / "cache"
    first = build_downloads(kb, SITE, cache, workers=1, data_dirs=(data,))
    kit = first.kits[("phase", "formeren")]
    members = {Path(d.site_path).name: d.cache_path.read_bytes() for t in kb.templates.values()
               if "formeren" in t.phases for d in first.by_template[t.id]}
    with zipfile.ZipFile(io.BytesIO(kit.cache_path.read_bytes())) as archive:
        assert archive.testzip() is None
        assert {i.filename: archive.read(i) for i in archive.infolist()} == members
        assert "kennismaken-bijlage.pdf" in members
    attachment.write_bytes(b"%PDF-1.4 eigen versie, herzien\n")  # the same name, other content: a new kit
    second = build_downloads(kb, SITE, cache, workers=1, data_dirs=(data,))
    assert second.generated == 2 and second.kits[("phase", "formeren")].cache_path != kit.cache_path  # phase and step
    with zipfile.ZipFile(second.kits[("phase", "formeren")].cache_path) as archive:
        assert archive.read("kennismaken-bijlage.pdf") == b"%PDF-1.4 eigen versie, herzien\n"


def test_workers_default_to_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch):
    assert downloads.available_cores() >= 1
    monkeypatch.delattr(downloads.os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(downloads.os, "cpu_count", lambda: None)
    assert downloads.available_cores() == 1


def test_files_no_build_used_for_a_day_are_removed(tmp_path: Path):
    kb = load([MINI], root=MINI).kb
    assert kb is not None
    cache = tmp_path / "cache"
    first = build_downloads(kb, SITE, cache, workers=1)
    stale = [cache / "weg-0123456789abcdef01234567.pdf", cache / "kit-phase-weg-0123456789abcdef01234567.zip",
             cache / "kapot-0123456789abcdef01234567.odt.4242.tmp"]
    recent = cache / "van-een-andere-build-0123456789abcdef01234567.docx"
    other = cache / "notitie.txt"
    for path in (*stale, recent, other):
        path.write_bytes(b"x")
    for path in (*stale, other, *(d.cache_path for d in first.all())):
        os.utime(path, (time.time() - 2 * 24 * 3600,) * 2)
    again = build_downloads(kb, SITE, cache, workers=1)
    assert again.generated == 0
    assert not any(path.exists() for path in stale)
    assert recent.exists() and other.exists() and all(d.cache_path.exists() for d in again.all())


fork_only = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                               reason="the workers must see this test's stand-in for _make (fork)")


_GO: Path | None = None  # the file the stand-in for _make waits for (the forked workers see this module's state)


def _after_go(job: Any) -> None:
    deadline = time.monotonic() + 60
    while _GO is not None and not _GO.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    _REAL_MAKE(job)


def _broken(job: Any) -> None:
    raise RuntimeError(f"kapot: {job[0]}")


_REAL_MAKE = downloads._make


@fork_only
def test_the_documents_are_made_while_the_build_goes_on(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """start_downloads returns while the workers still make the documents; done() waits for them."""
    kb = load([data], root=data).kb
    assert kb is not None
    monkeypatch.setattr(f"{__name__}._GO", tmp_path / "go")
    monkeypatch.setattr(downloads, "_make", _after_go)
    cache = tmp_path / "cache"
    pending = downloads.start_downloads(kb, SITE, cache, workers=2)
    assert pending.skipped == {}  # known at once: the site plan decides on PDFs before waiting
    assert not [p for p in cache.iterdir() if p.suffix in (".pdf", ".docx", ".odt")]  # not one made yet
    (tmp_path / "go").touch()
    made = pending.done()
    assert made.generated == 4 * 3 + len(made.kits)
    assert all(d.size == d.cache_path.stat().st_size > 0 for d in made.all())
    # the same as one process makes
    assert relative(made, cache) == relative(build_downloads(kb, SITE, tmp_path / "een", workers=1), tmp_path / "een")


@fork_only
def test_a_worker_error_reaches_the_build(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kb = load([data], root=data).kb
    assert kb is not None
    monkeypatch.setattr(downloads, "_make", _broken)
    pending = downloads.start_downloads(kb, SITE, tmp_path / "cache", workers=2)
    with pytest.raises(RuntimeError, match="kapot"):
        pending.done()

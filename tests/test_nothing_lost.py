"""Nothing is lost and nothing is half-published.

(a) Every record file becomes exactly one page, is linked from its overview and can be found by search -- on the
    shipped data/, on the mini fixture and on a generated set of 300 records.
(b) A build with an error in the data fails as a whole: non-zero exit, every problem listed, no site.

What happens to an old site/ when a build fails (decided here, and tested):
- An error in the data is found in on_config, before MkDocs cleans site/. The failed build then changes nothing:
  an old site/ stays exactly as the last good build left it (a complete, consistent site), never mixed with
  pages of the new data. Publishing is gated on the exit code, so the stale site is not deployed either.
- An error found later (a generated page would replace a hand-written one, in on_files) comes after MkDocs has
  cleaned site/: the folder is then empty. Removed, but never half-written.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import MINI, ROOT, Built, build, make_project

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.paths import NL as NL_PATHS
from kennisbank.core.reading.loader import load


def files_per_kind(data: Path) -> dict[str, list[str]]:
    return {kind.name: sorted(p.stem for p in (data / kind.folder).glob("*.yaml")) for kind in KINDS}


def pages_per_kind(site: Path) -> dict[str, list[str]]:
    return {kind.name: sorted(p.parent.name for p in (site / NL_PATHS.folder(kind)).glob("*/index.html")) for kind in KINDS}


def assert_nothing_lost(built: Built, data: Path) -> dict[str, int]:
    """Pages per kind == .yaml files per kind; each record is in its overview and in the search index."""
    files, pages = files_per_kind(data), pages_per_kind(built.site)
    assert {k: len(v) for k, v in pages.items()} == {k: len(v) for k, v in files.items()}
    assert pages == files
    locations = {d["location"] for d in json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))["docs"]}
    for kind in KINDS:
        overview = BeautifulSoup(built.page(NL_PATHS.folder(kind)), "html.parser").select_one("article")
        hrefs = {a["href"] for a in overview.select("a[href]")}
        missing_overview = [stem for stem in files[kind.name] if f"{stem}/" not in hrefs]
        missing_search = [stem for stem in files[kind.name] if f"{NL_PATHS.folder(kind)}/{stem}/" not in locations]
        assert not missing_overview, (kind.name, "not in the overview", missing_overview)
        assert not missing_search, (kind.name, "not in the search index", missing_search)
    return {k: len(v) for k, v in files.items()}


# --- (a) shipped data and fixture -------------------------------------------------------------------------

def test_every_fixture_record_has_one_page_in_overview_and_search(mini_site: Built) -> None:
    counts = assert_nothing_lost(mini_site, MINI)
    assert all(counts.values()), counts  # the fixture has records of every kind


def test_every_shipped_record_has_one_page_in_overview_and_search(shipped_site: Built) -> None:
    counts = assert_nothing_lost(shipped_site, ROOT / "data")
    assert sum(counts.values()) == sum(len(list((ROOT / "data" / k.folder).glob("*.yaml"))) for k in KINDS) > 50


# --- (b) an error in the data: all or nothing -------------------------------------------------------------

def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def one_error(data: Path) -> None:
    _replace(data / "elements" / "duidelijk-doel.yaml", "salem-2002", "salem-2020")


def several_errors(data: Path) -> None:
    one_error(data)
    _replace(data / "elements" / "gedeeld-eigenaarschap.yaml", "  - kind: expert", "  - kind: expertise")
    _replace(data / "themes" / "heldere-organisatie.yaml", "order: 20", "order: twintig\ntitel: dubbel")
    _replace(data / "templates" / "kennismaken.yaml", "duration: 20 minuten", "duration: [20 minuten")
    (data / "sources" / "leeg.yaml").write_text("", encoding="utf-8")


def error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.match(r"^\S+?(:\d+)?: fout: ", line)]


@pytest.mark.parametrize("break_data", [one_error, several_errors], ids=["one-error", "several-errors"])
def test_a_data_error_fails_the_whole_build_and_lists_every_problem(tmp_path: Path, break_data) -> None:
    project = make_project(tmp_path / "p")
    break_data(project / "data")
    expected = load(["data"], root=project).errors  # what `kennisbank check` reports for the same data
    assert expected

    built = build(project)

    assert built.returncode != 0
    for problem in expected:
        assert problem.format() in built.log, problem.format()
    assert len(error_lines(built.log)) == len(expected), built.log  # each once, none left out, none invented
    assert not (project / "site" / "index.html").exists()
    assert not (project / "site").exists() or not any((project / "site").iterdir()), "a partial site was written"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_a_data_error_leaves_an_old_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert build(project).returncode == 0
    old = snapshot(project / "site")
    assert "index.html" in old and len(old) > 20
    one_error(project / "data")
    _replace(project / "data" / "themes" / "gedeelde-ambitie.yaml", "Gedeelde ambitie", "Nieuwe titel")

    built = build(project)

    assert built.returncode != 0
    assert "salem-2020" in built.log
    assert snapshot(project / "site") == old  # same files, same bytes, not even rewritten
    assert "Nieuwe titel" not in (project / "site" / "themas" / "gedeelde-ambitie" / "index.html").read_text("utf-8")


def test_an_error_found_after_cleaning_leaves_an_empty_site_never_a_mix(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("<p>oude site</p>", encoding="utf-8")
    (project / "site" / "oud.txt").write_text("oud", encoding="utf-8")
    (project / "docs" / "werkzame-elementen" / "duidelijk-doel.md").write_text("# Handgeschreven\n", encoding="utf-8")

    built = build(project)

    assert built.returncode != 0
    assert "docs/werkzame-elementen/duidelijk-doel.md (handgeschreven)" in built.log
    assert not (project / "site" / "index.html").exists()
    assert [p for p in (project / "site").rglob("*")] == []


# --- (c) a large generated set ----------------------------------------------------------------------------

def clone_generate(folder: Path, n: int, seed: int) -> dict[str, int]:
    """Fallback when kennisbank.bench has no generate(): the mini fixture with its records cloned round-robin."""
    data = folder / "data"
    shutil.copytree(MINI, data)
    originals = [p for kind in KINDS for p in sorted((data / kind.folder).glob("*.yaml"))]
    for i in range(max(0, n - len(originals))):
        source = originals[(i + seed) % len(originals)]
        record = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        record["title"] = f"{record['title']} {i}"
        (source.parent / f"{source.stem}-{i}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    return {kind.name: len(list((data / kind.folder).glob("*.yaml"))) for kind in KINDS}


def test_a_generated_set_of_300_records_loses_nothing(tmp_path: Path) -> None:
    try:
        from kennisbank import bench
    except ImportError:  # pragma: no cover - the benchmark module is optional
        bench = None
    generate = bench.generate if bench is not None and hasattr(bench, "generate") else clone_generate
    counts = generate(tmp_path / "gen", 300, 7)
    data = tmp_path / "gen" / "data"
    assert sum(len(v) for v in files_per_kind(data).values()) >= 300
    if isinstance(counts, dict):
        assert counts == {k: len(v) for k, v in files_per_kind(data).items()}

    # PDFs are not what this test is about (test_downloads_build.py, test_meeting_pdfs.py): without them the
    # build of 300 records takes half the time
    no_pdf = lambda config: config.replace("  kennisbank:\n", "  kennisbank:\n    pdf: false\n", 1)  # noqa: E731
    built = build(make_project(tmp_path / "p", data=data, config_edit=no_pdf))

    assert built.returncode == 0, built.log
    assert_nothing_lost(built, data)
    assert os.path.isfile(built.site / "index.html")

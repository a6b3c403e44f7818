"""Reproducible builds: the same project gives the same bytes, and a build writes only site/ and .cache/.

Two clean builds in two different folders, on two different (simulated) build dates, must agree byte for byte on
every file except the ones MkDocs stamps with the build date by design -- and those must differ in nothing but
that date. A rebuild that reuses the download cache must give the very same bytes as a clean build.
"""
from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build, make_project

SITE_URL = "https://example.org/kennisbank/"  # with a site_url MkDocs writes a full sitemap (without one it is empty)

# Files MkDocs stamps by design, and what the stamp is. Found by building on two dates (SOURCE_DATE_EPOCH):
# these are the only files that differ. Everything we generate ourselves (pages, search index, the .docx/.odt/.pdf
# downloads and the .zip kits, which use fixed dates from the records) is identical.
STAMPED = {
    # <lastmod> of every URL is the build date (MkDocs' get_build_date(); SOURCE_DATE_EPOCH sets it).
    "sitemap.xml": lambda data: re.sub(rb"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>", b"<lastmod>DATE</lastmod>", data),
    # The same sitemap gzipped; the gzip header carries the build time as well, so compare what it contains.
    "sitemap.xml.gz": lambda data: STAMPED["sitemap.xml"](gzip.decompress(data)),
}
# Not a stamp but content by design: a record's "Herzien nodig" flag depends on today's date (review_after_days).
# Both builds here run within the same minute, so it cannot differ between them.

DAY_ONE, A_YEAR_LATER = "1767225600", "1798761600"  # 2026-01-01 and 2027-01-01, 00:00 UTC


def with_site_url(config: str) -> str:
    return config.replace('site_url: ""', f'site_url: "{SITE_URL}"')


def project(folder: Path) -> Path:
    """make_project, but with a real copy of kennisbank/, so that the listing below sees into them too."""
    root = make_project(folder, config_edit=with_site_url)
    for shared in ("macros", "kennisbank"):
        (root / shared).unlink()
        shutil.copytree(ROOT / shared, root / shared, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}


def listing(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every path of the project except site/ and .cache/, with type, size and modification time (links not followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if here == root:
            dirnames[:] = [d for d in dirnames if d not in ("site", ".cache")]
        for name in dirnames + filenames:
            info = os.lstat(here / name)
            out[(here / name).relative_to(root).as_posix()] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return out


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME, XDG cache and TMPDIR of the build point at empty folders, so that writes there show up too."""
    outside = tmp_path / "outside"
    for name, var in (("home", "HOME"), ("xdg-cache", "XDG_CACHE_HOME"), ("tmp", "TMPDIR")):
        (outside / name).mkdir(parents=True)
        monkeypatch.setenv(var, str(outside / name))
    return outside


def test_clean_builds_are_byte_identical_and_write_only_site_and_cache(tmp_path: Path, isolated: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = project(tmp_path / "eerste"), project(tmp_path / "tweede-map-met-een-andere-naam")
    before = listing(a)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_ONE)
    built = build(a)
    assert built.returncode == 0, built.log
    assert listing(a) == before, "the build wrote outside site/ and .cache/"
    assert [p for p in isolated.rglob("*") if p.is_file()] == [], "the build wrote to HOME or TMPDIR"
    first = site_files(a)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", A_YEAR_LATER)
    built = build(b)
    assert built.returncode == 0, built.log
    second = site_files(b)

    assert sorted(first) == sorted(second)
    differ = sorted(name for name in first if first[name] != second[name])
    assert differ == sorted(STAMPED), "only the date-stamped files may differ (and they must: see STAMPED)"
    for name, normalise in STAMPED.items():
        assert normalise(first[name]) == normalise(second[name]), name
        assert b"DATE" in normalise(first[name]), name  # the normalisation really found the stamp
    assert str(tmp_path).encode() not in b"".join(first.values())  # no build folder in any file


def test_rebuild_with_warm_download_cache_gives_the_same_bytes(tmp_path: Path, isolated: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_ONE)
    root = project(tmp_path / "p")
    assert build(root).returncode == 0
    clean = site_files(root)
    assert any((root / ".cache").rglob("*.docx")), "the download cache was not used"
    before = listing(root)
    rebuilt = build(root)  # --clean removes site/, .cache/ stays: downloads come from the cache
    assert rebuilt.returncode == 0, rebuilt.log
    assert "hergebruikt uit de cache" in rebuilt.log and "0 gemaakt" in rebuilt.log, rebuilt.log
    assert site_files(root) == clean
    assert listing(root) == before
    shutil.rmtree(root / ".cache")  # and a clean build again, without any cache, in the same folder
    assert build(root).returncode == 0
    assert site_files(root) == clean

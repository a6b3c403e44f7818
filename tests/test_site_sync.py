"""site/ is not emptied before a build (kennisbank/adapter/site_sync.py): unchanged files stay as they are, and
afterwards the folder holds exactly what a clean build without any cache writes."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import build, make_project

HOOK = '''
from pathlib import Path

def on_post_build(config, **kwargs):
    (Path(config.site_dir) / "door-een-hook.txt").write_text("geschreven tijdens de build", encoding="utf-8")
'''


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _clean_build(project: Path) -> dict[str, bytes]:
    fresh = project.parent / "zonder-cache"
    shutil.copytree(project, fresh, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    built = build(fresh, env={"KENNISBANK_NO_CACHE": "1"})
    assert built.returncode == 0, built.log
    return _tree(built.site)


def _counts(log: str) -> tuple[int, int, int]:
    match = re.search(r"Site: (\d+) bestanden ongewijzigd gelaten, (\d+) geschreven, (\d+) verwijderd", log)
    assert match, log
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def test_a_rebuild_writes_only_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", config_edit=lambda c: c + "\nhooks:\n  - hook.py\n")
    (project / "hook.py").write_text(HOOK, encoding="utf-8")
    first = build(project)
    assert first.returncode == 0, first.log
    site = first.site
    kept, written, removed = _counts(first.log)
    assert kept == 0 and written > 50 and removed == 0

    unchanged = site / "themas" / "heldere-organisatie" / "index.html"
    before = unchanged.stat().st_mtime_ns
    # what the next build must put right or take away, as a clean would
    (site / "index.html").write_text("met de hand veranderd", encoding="utf-8")
    (site / "oude-map").mkdir()
    (site / "oude-map" / "index.html").write_text("van een eerdere build", encoding="utf-8")
    (site / ".verborgen").write_text("laat staan", encoding="utf-8")
    os.utime(site / "oude-map" / "index.html", ns=(before, before))
    # a record and its downloads disappear; another record's title changes
    (project / "data" / "examples" / "workshop-verpleeghuiszorg.yaml").unlink()
    (project / "data" / "templates" / "kennismaken.yaml").unlink()
    theme = project / "data" / "themes" / "gedeelde-ambitie.yaml"
    theme.write_text(re.sub(r"(?m)^title: .*$", "title: Een gedeelde koers", theme.read_text("utf-8"), count=1),
                     "utf-8")

    second = build(project)
    assert second.returncode == 0, second.log
    kept, written, removed = _counts(second.log)
    assert kept > written > 0 and removed >= 3
    assert unchanged.stat().st_mtime_ns == before  # not written again
    assert not (site / "oude-map").exists()
    assert not (site / "praktijkvoorbeelden" / "workshop-verpleeghuiszorg").exists()
    assert not list(site.rglob("kennismaken*"))
    assert (site / ".verborgen").read_text("utf-8") == "laat staan"  # hidden entries stay, as MkDocs' clean leaves them
    assert (site / "door-een-hook.txt").exists()  # written into the folder by a hook during this build
    (site / ".verborgen").unlink()
    assert _tree(site) == _clean_build(project)


def test_a_dirty_build_removes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    assert build(project).returncode == 0
    stray = project / "site" / "los-bestand.txt"
    stray.write_text("blijft", encoding="utf-8")
    os.utime(stray, ns=(0, 0))
    done = subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--dirty"], cwd=project,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert stray.exists() and "Site:" not in done.stdout + done.stderr

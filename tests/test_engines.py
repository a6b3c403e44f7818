"""The site on the engine that comes after MkDocs 1.x: ProperDocs (the maintained MkDocs 1.x fork) builds this
project, plugin included, into the same pages and files as MkDocs (docs/onderhoud/sitegenerator.md)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import Built, make_project

PROPERDOCS = str(Path(sys.executable).with_name("properdocs"))


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path, mini_site: Built) -> None:
    project = make_project(tmp_path / "p")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([PROPERDOCS, "build", "--strict"], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Hulpmiddelen om te downloaden" in done.stderr  # the kennisbank plugin ran
    ours, reference = _files(project / "site"), _files(mini_site.site)
    assert {f for f in ours if f.endswith(".html")} == {f for f in reference if f.endswith(".html")}
    assert ours == reference

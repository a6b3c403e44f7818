"""The site plan (kennisbank/core/site_plan.py): every generated file of the site, made without MkDocs, and the
same files the MkDocs build publishes."""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import MINI, ROOT, Built

PLAN_SCRIPT = """
import json, sys
from pathlib import Path
from kennisbank.core.labels import labels_for
from kennisbank.core.reading.loader import load
from kennisbank.core.render.pages import PageContext
from kennisbank.core.site import Site
from kennisbank.core.site_plan import plan_site
kb = load([sys.argv[1]], root=sys.argv[1]).kb
site = Site(name="Kennisbank", licence="CC BY-SA 4.0", owner="Redactie", language="nl")
plan = plan_site(PageContext(kb, labels_for("nl"), site), Path(sys.argv[2]))
rendered = all(isinstance(f.text(), str) for f in plan.files if f.is_page)  # every page renders without an engine
print(json.dumps({"paths": plan.paths, "rendered": rendered,
                  "mkdocs": sorted(m for m in sys.modules if m.split(".")[0] == "mkdocs")}))
"""


def _plan(tmp_path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PLAN_SCRIPT, str(MINI), str(tmp_path / "cache")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_plan_is_made_without_mkdocs_and_lists_every_generated_file(tmp_path: Path):
    plan = _plan(tmp_path)
    assert plan["mkdocs"] == [] and plan["rendered"]  # the core never imports MkDocs
    paths = plan["paths"]
    assert len(paths) == len(set(paths))
    assert {"themas/gedeelde-ambitie.md", "werkzame-elementen/duidelijk-doel.md", "bronnen/salem-2002.md",
            "fasen/formeren.md", "stappen/evaluatie.md", "begrippen.md", "redactie/herzien.md", "open-data/index.md",
            "open-data/kennisbank.json", "open-data/kennisbank.schema.json", "nieuw-en-gewijzigd.md",
            "nieuw-en-gewijzigd.xml"} <= set(paths)
    by_folder = Counter(path.split("/")[0] for path in paths)
    records = {folder: len(list((MINI / source).glob("*.yaml"))) for folder, source in (
        ("themas", "themes"), ("werkzame-elementen", "elements"), ("bronnen", "sources"),
        ("praktijkvoorbeelden", "examples"))}
    for folder, count in records.items():
        assert by_folder[folder] == count, folder
    templates = len(list((MINI / "templates").glob("*.yaml")))
    downloads = [p for p in paths if p.startswith("downloads/") and not p.startswith("downloads/pdf/")]
    assert len([p for p in downloads if p.endswith((".docx", ".odt", ".pdf"))]) == 3 * templates
    themes = len(list((MINI / "themes").glob("*.yaml")))  # the meeting PDFs: one per theme, the whole, the cards
    assert len([p for p in paths if p.startswith("downloads/pdf/")]) == themes + 2
    assert all(p.startswith(("downloads/", "open-data/")) or p.endswith(".md") or p == "nieuw-en-gewijzigd.xml"
               for p in paths)


def test_the_build_publishes_exactly_the_planned_files(tmp_path: Path, mini_site: Built):
    for path in _plan(tmp_path)["paths"]:
        if path.endswith(".md"):
            page = path[:-3]
            published = mini_site.site / (page[: -len("index")] if page.endswith("index") else page + "/") / "index.html"
        else:
            published = mini_site.site / path
        assert published.is_file(), path


def test_relpath_agrees_with_posixpath() -> None:
    """core/paths.relpath skips making paths absolute; for every site-relative pair it says what posixpath says."""
    import itertools
    import posixpath

    from kennisbank.core.paths import relpath

    paths = ["a", "a/b", "a/b/c", "x/y", "a/x", "bronnen/b/", "werkzame-elementen/a/", "index.md", ".", "../up",
             "a/./b", "/root/x", "downloads/kits/fase-x.zip"]
    for target, start in itertools.product(paths, paths):
        assert relpath(target, start) == posixpath.relpath(target, start), (target, start)

"""`kennisbank generate DIR`: a self-contained project that plain MkDocs + Material builds without the plugin, into
the same pages, with record text already safe in the tree."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import MINI, MKDOCS, Built, kennisbank, make_project

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.paths import NL as NL_PATHS
from kennisbank.core.reading.loader import load
from kennisbank.core.render.sanitize import unsafe_parts

RUN = "window.__kbxss=1"
HOSTILE_BODY = f"""Tekst met <img src=x onerror="{RUN}"> en <script>{RUN}</script>.

[Een link](javascript:{RUN}) en <a href="&#106;ava&#9;script:{RUN}">nog een</a> en [ref][r].

<span id="__config" class="md-header">neemt het thema over</span> ![extern](https://evil.example/p.png)

Een alinea met een handler
{{: onclick="{RUN}" }}

[r]: javascript:{RUN}
"""


def _plain_build(project: Path) -> tuple[Built, list[str]]:
    """`mkdocs build --strict` with Python reporting every module it imports."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run([MKDOCS, "build", "--strict"], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    imported = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", done.stderr, re.M)
    log = done.stdout + "\n".join(line for line in done.stderr.splitlines() if not line.startswith("import time:"))
    return Built(project, done.returncode, log), imported


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built, list[str], str]:
    project = make_project(tmp_path_factory.mktemp("gen") / "p")
    out = project.parent / "zelfstandig"
    done = kennisbank("generate", str(out), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    built, imported = _plain_build(out)
    assert built.returncode == 0, built.log
    return out, built, imported, done.stdout


def test_the_generated_project_builds_without_the_plugin(generated: tuple[Path, Built, list[str], str]) -> None:
    out, _, imported, report = generated
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "kennisbank" not in plugins and "macros" not in plugins
    assert [m for m in imported if m == "kennisbank" or m.startswith("kennisbank.")] == []  # not even imported
    assert "Zelfstandig project in" in report and "mkdocs build --strict" in report


def test_same_pages_as_the_plugin_and_a_page_per_record(generated: tuple[Path, Built, list[str], str],
                                                         mini_site: Built) -> None:
    _, built, _, _ = generated
    assert _pages(built.site) == _pages(mini_site.site)
    kb = load([MINI], root=MINI).kb
    assert kb is not None
    for kind in KINDS:
        folder = NL_PATHS.folder(kind)
        pages = {p for p in _pages(built.site) if p.startswith(folder + "/") and p != f"{folder}/index.html"}
        assert len(pages) == len(kb.of(kind)), kind.name
    files = {p.relative_to(mini_site.site).as_posix() for p in mini_site.site.rglob("*") if p.is_file()}
    assert {p.relative_to(built.site).as_posix() for p in built.site.rglob("*") if p.is_file()} == files
    assert any(f.startswith("downloads/") for f in files) and "admin/index.html" in files


def test_record_pages_read_the_same_with_their_json_ld(generated: tuple[Path, Built, list[str], str],
                                                       mini_site: Built) -> None:
    _, built, _, _ = generated
    for url in ("themas/gedeelde-ambitie/", "werkzame-elementen/", "open-data/", ""):
        ours, theirs = (BeautifulSoup(b.page(url), "html.parser") for b in (built, mini_site))
        assert [h.get_text(strip=True) for h in ours.select("article h1, article h2")] == \
               [h.get_text(strip=True) for h in theirs.select("article h1, article h2")], url
        assert [a["href"] for a in ours.select("article a[href]")] == [a["href"] for a in theirs.select("article a[href]")]
        assert [s.string for s in ours.select('script[type="application/ld+json"]')] == \
               [s.string for s in theirs.select('script[type="application/ld+json"]')], url
    assert BeautifulSoup(built.page("themas/gedeelde-ambitie/"), "html.parser").select("nav.md-nav--secondary a")


def test_hostile_record_text_arrives_safe_in_the_tree(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "data" / "themes" / "vijandig-thema.yaml").write_text(yaml.safe_dump(
        {"title": "Vijandig thema", "summary": f'Samenvatting <img src="x" onerror="{RUN}">.', "body": HOSTILE_BODY,
         "phases": ["formeren"], "order": 99}, allow_unicode=True, width=1000), encoding="utf-8")
    out = tmp_path / "zelfstandig"
    done = kennisbank("generate", str(out), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "data/themes/vijandig-thema.yaml, veld body: " in done.stdout  # named, with file and field
    assert "data/themes/vijandig-thema.yaml, veld summary: " in done.stdout
    markdown = (out / "docs" / "themas" / "vijandig-thema.md").read_text(encoding="utf-8")
    assert "<script" not in markdown and 'id="__config"' not in markdown and "onclick" not in markdown
    built, _ = _plain_build(out)
    assert built.returncode == 0, built.log
    for page in built.site.rglob("*.html"):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is not None:
            assert unsafe_parts(article.decode_contents()) == [], page
    shown = BeautifulSoup(built.page("themas/vijandig-thema/"), "html.parser").select_one("article").get_text(" ")
    assert "Vijandig thema" in shown and "neemt het thema over" in shown and "Een alinea met een handler" in shown


def test_only_the_macros_of_the_knowledge_base_run(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "docs" / "proef.md").write_text("---\nrender_macros: true\n---\n\n# Proef\n\n"
                                               "{{ cycler.__init__.__globals__.os.getcwd() }}\n", encoding="utf-8")
    done = kennisbank("generate", str(tmp_path / "uit"), cwd=project)
    assert done.returncode == 1
    assert "docs/proef.md" in done.stderr and "element_overview" in done.stderr and "Traceback" not in done.stderr


def test_a_folder_with_files_is_not_overwritten(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (tmp_path / "uit").mkdir()
    (tmp_path / "uit" / "van-mij.txt").write_text("bewaren", encoding="utf-8")
    done = kennisbank("generate", str(tmp_path / "uit"), cwd=project)
    assert done.returncode == 1 and "niet leeg" in done.stderr
    assert (tmp_path / "uit" / "van-mij.txt").read_text(encoding="utf-8") == "bewaren"


def test_a_link_put_together_across_fields_is_caught_on_the_page(tmp_path: Path) -> None:
    """Each field alone is harmless; on the page the summary's [x][r] meets the body's [r]: javascript:…"""
    project = make_project(tmp_path / "p")
    (project / "data" / "themes" / "samengesteld.yaml").write_text(yaml.safe_dump(
        {"title": "Samengesteld", "summary": "Zie [hier][r].", "body": f"Uitleg.\n\n[r]: javascript:{RUN}\n",
         "phases": ["formeren"], "order": 98}, allow_unicode=True, width=1000), encoding="utf-8")
    out = tmp_path / "zelfstandig"
    done = kennisbank("generate", str(out), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "docs/themas/samengesteld.md (de pagina van theme 'samengesteld'): <a href>" in done.stdout
    built, _ = _plain_build(out)
    assert built.returncode == 0, built.log
    article = BeautifulSoup(built.page("themas/samengesteld/"), "html.parser").select_one("article")
    assert unsafe_parts(article.decode_contents()) == [] and "Uitleg." in article.get_text()
    links = [a["href"] for a in article.select("a[href]")]
    assert links and not [link for link in links if ".md" in link], links  # links to pages in MkDocs' form
    assert built.site.joinpath("themas", "samengesteld", links[0].split("#")[0], "index.html").resolve().is_file()

"""`kennisbank init`: an organisation's own knowledge base builds at once, in Dutch or English, and can take the
national content as an upstream data folder next to its own."""
from __future__ import annotations

import os
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build, kennisbank
from packaging.requirements import Requirement

from kennisbank.core.authoring.project_init import init_project, requirements_text
from kennisbank.core.labels import EN
from kennisbank.core.outputs.site_links import check_links
from kennisbank.core.reading.loader import load


def _init(target: Path, *args: str) -> Path:
    done = kennisbank("init", str(target), *args)
    assert done.returncode == 0, done.stderr
    return target


def test_a_new_dutch_knowledge_base_builds_strict_with_its_own_branding(tmp_path: Path) -> None:
    project = _init(tmp_path / "kb", "--name", "Gemeente Voorbeeld")
    assert kennisbank("check", cwd=project).returncode == 0
    built = build(project)
    assert built.returncode == 0, built.log
    home = BeautifulSoup(built.page(""), "html.parser")
    assert home.title.get_text().endswith("Kennisbank van Gemeente Voorbeeld")
    assert home.find("img", src="assets/logo.svg") and home.find("link", rel="icon", href="assets/favicon.svg")
    styles = [link["href"] for link in home.find_all("link", rel="stylesheet")]
    assert styles.index("assets/kennisbank.css") < styles.index("assets/huisstijl.css")  # the house style wins
    for page in ("themas/voorbeeldthema", "werkzame-elementen/voorbeeldelement", "bronnen/voorbeeldbron",
                 "praktijkvoorbeelden/voorbeeldpraktijk", "hulpmiddelen/voorbeeldhulpmiddel"):
        assert "</article>" in built.page(page)
    assert (built.site / "downloads").is_dir() and "Gemeente Voorbeeld" in built.page("werkzame-elementen/voorbeeldelement")
    assert check_links(built.site) == []


def test_a_new_english_knowledge_base_speaks_english(tmp_path: Path) -> None:
    project = _init(tmp_path / "kb", "--language", "en", "--name", "Example Council")
    built = build(project)
    assert built.returncode == 0, built.log
    element = built.page("working-elements/example-element")  # English addresses too (tests/test_english.py)
    assert '<html lang="en"' in element and 'placeholder="Search"' in element
    assert EN["evidence"] in element and "Example Council Knowledge Base" in element


def test_init_never_overwrites_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "notes.txt").write_text("mine", encoding="utf-8")
    done = kennisbank("init", str(tmp_path / "kb"))
    assert done.returncode == 1 and "bestaat al en is niet leeg" in done.stderr and "oplossing:" in done.stderr
    assert sorted(p.name for p in (tmp_path / "kb").iterdir()) == ["notes.txt"]
    # Any one-line name is fine (tests/test_init_names.py); a line break is not, and nothing is written then.
    done = kennisbank("init", str(tmp_path / "other"), "--name", "Naam\nmet regeleinde")
    assert done.returncode == 1 and not (tmp_path / "other").exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_new_project_installs_the_generator_that_made_it(tmp_path: Path, language: str) -> None:
    """A host (Netlify) installs requirements.txt: the generator at the version that ran init, or, where the package is
    on no index, the git address or wheel the comment shows; netlify.toml installs it before the strict build."""
    project = tmp_path / "kb"
    written = init_project(project, language=language, organisation="Gemeente Voorbeeld")
    requirements = project / "requirements.txt"
    assert requirements in written
    version = metadata.version("kennisbank-lerende-netwerken")
    lines = requirements.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [f"kennisbank-lerende-netwerken=={version}"]
    git, wheel = ("<server>/<organisatie>/<repository>.git", "<server>/<pad>") if language == "nl" else \
        ("<server>/<organisation>/<repository>.git", "<server>/<path>")
    examples = [Requirement(line.lstrip("# ")) for line in lines if line.startswith("#   ")]
    assert [(r.name, r.url) for r in examples] == [
        ("kennisbank-lerende-netwerken", f"git+https://{git}@v{version}"),
        ("kennisbank-lerende-netwerken", f"https://{wheel}/kennisbank_lerende_netwerken-{version}-py3-none-any.whl")]
    netlify = tomllib.loads((project / "netlify.toml").read_text(encoding="utf-8"))
    assert netlify["build"]["command"] == "pip install -r requirements.txt && mkdocs build --strict"
    assert "pip install -r requirements.txt" in (project / "README.md").read_text(encoding="utf-8")
    assert "pip install -e ." in (ROOT / "netlify.toml").read_text(encoding="utf-8")  # this repository installs its checkout
    assert requirements_text(language, None).splitlines()[-1] == "kennisbank-lerende-netwerken"  # version unknown: unpinned
    # what builds and checks make (site/, the caches in .cache/) stays out of the organisation's repository
    assert {"site/", ".cache/"} <= set((project / ".gitignore").read_text(encoding="utf-8").splitlines())


def test_starter_taxonomy_fits_the_national_records() -> None:
    """An organisation can put the national data before its own: the starter taxonomy has the same ids."""
    for language in ("nl", "en"):
        starter = load([ROOT / "kennisbank" / "starter" / language / "data"]).kb.taxonomy
        national = load([ROOT / "data"]).kb.taxonomy
        for name in ("phases", "steps", "evidence_kinds", "sectors"):
            assert [t.id for t in getattr(starter, name)] == [t.id for t in getattr(national, name)], (language, name)


@pytest.fixture
def organisation(tmp_path: Path) -> Path:
    """The README's journey: init, the national content as upstream, a replacement, a record of one's own."""
    project = _init(tmp_path / "kb", "--name", "Gemeente Voorbeeld")
    (project / "upstream").mkdir()
    os.symlink(ROOT / "data", project / "upstream" / "data")  # as `git submodule add … upstream` would give
    os.symlink(ROOT / "docs", project / "upstream" / "docs")
    os.symlink("../upstream/docs/lerend-netwerk", project / "docs" / "lerend-netwerk")  # national records link there
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("    data: [data]\n", "    data: [upstream/data, data]\n")
    config = config.replace('site_url: ""', 'site_url: "https://intranet.example.org/kennisbank/"')
    config = config.replace("  - Home: index.md\n", "  - Home: index.md\n  - Lerend netwerk: lerend-netwerk/index.md\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "data" / "themes" / "gedeelde-ambitie.yaml").write_text(
        "title: Onze gedeelde ambitie\nsummary: Zo formuleert onze gemeente de ambitie.\nreplaces: true\n"
        "phases: [formeren]\norder: 1\n", encoding="utf-8")
    element = project / "data" / "elements" / "voorbeeldelement.yaml"
    element.write_text(element.read_text(encoding="utf-8").replace("themes: [voorbeeldthema]",
                                                                   "themes: [voorbeeldthema, heldere-organisatie]"),
                       encoding="utf-8")
    return project


def test_national_content_plus_ones_own_under_a_subpath(organisation: Path) -> None:
    assert kennisbank("check", cwd=organisation).returncode == 0
    built = build(organisation)
    assert built.returncode == 0, built.log
    national = sum(1 for _ in (ROOT / "data" / "elements").glob("*.yaml"))
    assert len(list((built.site / "werkzame-elementen").glob("*/index.html"))) == national + 1
    assert "Onze gedeelde ambitie" in built.page("themas/gedeelde-ambitie")
    assert "Begin met een kleine kerngroep" in built.page("themas/heldere-organisatie")  # backlink across folders
    assert check_links(built.site, base_path="/kennisbank/") == []
    assert re.search(r'<link rel="canonical" href="https://intranet.example.org/kennisbank/themas/gedeelde-ambitie/"',
                     built.page("themas/gedeelde-ambitie"))


def test_a_clash_with_the_national_content_names_both_files(organisation: Path) -> None:
    (organisation / "data" / "themes" / "gedeelde-ambitie.yaml").write_text(
        "title: Zonder replaces\nsummary: Botst met het landelijke thema.\n", encoding="utf-8")
    done = kennisbank("check", cwd=organisation)
    assert done.returncode == 1
    assert "data/themes/gedeelde-ambitie.yaml:1: fout: thema 'gedeelde-ambitie': de id 'gedeelde-ambitie' bestaat al in " \
           "upstream/data/themes/gedeelde-ambitie.yaml." in done.stdout

"""`language: en` switches every label the generator prints, and mkdocs-material's own interface."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Built, build, make_project

from kennisbank.core.labels import EN, NL, labels_for
from kennisbank.core.paths import EN as EN_PATHS
from kennisbank.core.paths import NL as NL_PATHS


def test_label_tables_have_the_same_keys_and_placeholders() -> None:
    assert set(NL) == set(EN)
    for key in NL:
        assert set(re.findall(r"{\w+}", NL[key])) == set(re.findall(r"{\w+}", EN[key])), key
    assert labels_for("en-GB") is EN and labels_for("fr") is NL


def _english_labels_dutch_paths(config: str) -> str:
    """English labels; `paths: nl` keeps the addresses (and so this repository's Dutch hand-written pages and nav)."""
    config = config.replace("  language: nl ", "  language: en ", 1)
    return config.replace("\n  kennisbank:\n", "\n  kennisbank:\n    paths: nl\n", 1)


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped knowledge base with only the language changed, its URLs kept Dutch."""
    project = make_project(tmp_path_factory.mktemp("en") / "p", data=ROOT / "data", config_edit=_english_labels_dutch_paths)
    assert "    paths: nl\n" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.log
    return built


def test_paths_nl_keeps_the_dutch_addresses_with_english_labels(english_site: Built) -> None:
    site = english_site.site
    for folder in NL_PATHS.folders.values():
        assert (site / folder).is_dir(), folder
    for folder in EN_PATHS.folders.values():
        assert not (site / folder).exists(), folder
    assert (site / "begrippen" / "index.html").is_file() and (site / "redactie" / "herzien" / "index.html").is_file()
    assert (site / "open-data" / "LEESMIJ.txt").is_file() and not (site / "glossary").exists()
    element = english_site.page("werkzame-elementen/begin-met-een-kerngroep")
    assert 'id="onderbouwing"' in element and EN["evidence"] in element  # Dutch anchors too: they are part of the URL


def _generated_pages(site: Path) -> list[Path]:
    folders = ("themas", "werkzame-elementen", "bronnen", "praktijkvoorbeelden", "hulpmiddelen", "fasen", "stappen")
    pages = [p for folder in folders for p in (site / folder).glob("*/index.html")]
    # The glossary page is all content (terms as written); its title and intro are checked elsewhere.
    return pages + [site / "redactie" / "herzien" / "index.html"]


def _visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))


def _generator_words(html: str) -> str:
    """Headings, table heads, definition terms, badges and notes: the words the generator itself prints."""
    article = BeautifulSoup(html, "html.parser").find("article")
    parts = article.select("h2, h3, h4, dt, th, caption, legend, summary, .admonition-title, [class*='kb-badge'], label")
    return " ".join(re.sub(r"\s+", " ", part.get_text(" ")).strip() for part in parts)


def test_material_interface_is_english(english_site: Built) -> None:
    page = english_site.page("werkzame-elementen/begin-met-een-kerngroep")
    assert '<html lang="en"' in page
    assert 'placeholder="Search"' in page and "Zoeken" not in page
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["search"].endswith("search/worker.js") or "search" in config


def test_generated_pages_print_no_dutch_labels(english_site: Built) -> None:
    """No Dutch label (that differs from its English one) appears in the generator's words on any generated page,
    unless the record's own YAML contains it (content stays as written)."""
    dutch_only = {v for k, v in NL.items() if v != EN[k] and len(v) >= 6 and "{" not in v}
    data = english_site.root / "data"
    pages = _generated_pages(english_site.site)
    assert len(pages) > 100
    found = {}
    for page in pages:
        words = f" {_generator_words(page.read_text(encoding='utf-8'))} "
        own = _own_yaml(data, page.parent.name) if page.parent.parent != english_site.site else ""
        hits = [label for label in dutch_only if f" {label} " in words and label not in own]
        if hits:
            found[page.relative_to(english_site.site).as_posix()] = hits
    assert not found


def _own_yaml(data: Path, record_id: str) -> str:
    """The YAML text a page was made from: the record's file, or the taxonomy for phase and step pages."""
    files = list(data.glob(f"*/{record_id}.yaml")) or [data / "taxonomy.yaml"]
    return " ".join(f.read_text(encoding="utf-8") for f in files)


def test_english_labels_appear_on_record_pages(english_site: Built) -> None:
    element = _visible_text(english_site.page("werkzame-elementen/begin-met-een-kerngroep"))
    for key in ("evidence", "reviewed", "themes"):
        assert EN[key] in element, key
    overview = _visible_text(english_site.page("werkzame-elementen"))
    assert EN["kind.theme"] in overview or EN["themes"] in overview
    assert EN["glossary.title"] in _visible_text((english_site.site / "begrippen" / "index.html").read_text(encoding="utf-8"))


def test_the_label_scan_sees_dutch_labels_on_a_dutch_site(mini_site: Built) -> None:
    """Guards the scan above: on the Dutch site the same selectors do find the Dutch labels."""
    words = _generator_words(mini_site.page("werkzame-elementen/duidelijk-doel"))
    assert NL["evidence"] in words and NL["themes"] in words


@pytest.mark.parametrize(("language", "label"), [("nl", "Trefwoorden:"), ("en", "Keywords:")])
def test_keywords_are_introduced_in_the_site_language(tmp_path: Path, language: str, label: str) -> None:
    from conftest import MINI

    from kennisbank.core.model.kinds import THEME
    from kennisbank.core.reading.loader import load
    from kennisbank.core.render.pages import PageContext, render_record_page
    from kennisbank.core.site import Site
    kb = load([MINI], root=tmp_path).kb
    page = render_record_page(PageContext(kb=kb, labels=labels_for(language), site=Site(language=language)), THEME,
                              kb.themes["gedeelde-ambitie"])
    assert f'<span class="kb-keywords__label">{label}</span> ambities, doelen' in page.replace("doel, doelen", "doelen")


# --- the paths: Dutch addresses for a Dutch site, English ones for an English site -----------------------------

def test_paths_follow_the_language_unless_the_setting_says_otherwise(tmp_path: Path) -> None:
    from kennisbank.core.model.kinds import ELEMENT
    from kennisbank.core.paths import paths_for
    from kennisbank.core.reading.problems import CommandError
    from kennisbank.core.settings import settings_from
    from kennisbank.core.site import Site

    assert paths_for("nl") is NL_PATHS and paths_for("fr") is NL_PATHS and paths_for("") is NL_PATHS
    assert paths_for("en") is EN_PATHS and paths_for("en-GB") is EN_PATHS
    # a Dutch site keeps exactly the addresses it always had
    assert dict(NL_PATHS.folders) == {"theme": "themas", "element": "werkzame-elementen", "source": "bronnen",
                                      "example": "praktijkvoorbeelden", "template": "hulpmiddelen", "phase": "fasen",
                                      "step": "stappen", "group_stage": "groepsfasen"}
    assert (NL_PATHS.glossary, NL_PATHS.review, NL_PATHS.problems) == \
        ("begrippen.md", "redactie/herzien.md", "kennisbank-problemen.md")
    assert (NL_PATHS.kit("phase", "formeren"), NL_PATHS.readme) == ("downloads/kits/fase-formeren.zip", "LEESMIJ.txt")
    assert set(EN_PATHS.folders) == set(NL_PATHS.folders) and set(EN_PATHS.anchors) == set(NL_PATHS.anchors)
    assert not set(EN_PATHS.folders.values()) & set(NL_PATHS.folders.values())
    assert "templates" not in EN_PATHS.folders.values()  # MkDocs leaves docs/templates/ out (default exclude_docs)
    assert EN_PATHS.record_page(ELEMENT, "x") == "working-elements/x.md" and EN_PATHS.overview("theme") == "themes/index.md"
    assert EN_PATHS.term_page("group_stage", "x") == "group-stages/x.md" and EN_PATHS.anchor("onderbouwing") == "evidence"

    assert Site().page_url(ELEMENT, "x") == "werkzame-elementen/x/"
    assert Site(language="en").page_url(ELEMENT, "x") == "working-elements/x/"
    assert Site(language="en", directory_urls=False).page_url(ELEMENT, "x") == "working-elements/x.html"
    assert Site(language="en", path_language="nl").paths is NL_PATHS
    assert Site(language="nl", path_language="en").paths is EN_PATHS

    assert settings_from({}, tmp_path, "en").path_language == "en"
    assert settings_from({"kennisbank": {"paths": "nl"}}, tmp_path, "en").path_language == "nl"
    assert settings_from({"kennisbank": {"paths": " EN "}}, tmp_path, "nl").path_language == "en"
    assert settings_from({"kennisbank": {"paths": None}}, tmp_path, "en").path_language == "en"
    with pytest.raises(CommandError) as caught:
        settings_from({"kennisbank": {"paths": "fr"}}, tmp_path, "en")
    assert "extra.kennisbank.paths" in caught.value.format() and "'fr'" in caught.value.format()


def test_links_in_record_text_point_at_the_pages_of_the_site() -> None:
    text = ("[a](../werkzame-elementen/x.md#onderbouwing \"t\"), [b](y.md), [c](<../bronnen/z.md>), [g](../begrippen.md), "
            "[r](../route.md#fasen-van-de-groep), [o](../themas/index.md), [w](https://example.org/bronnen/z.md)")
    assert EN_PATHS.relink(text, "working-elements/q.md") == (
        "[a](x.md#evidence \"t\"), [b](y.md), [c](<../sources/z.md>), [g](../glossary.md), "
        "[r](../route.md#fasen-van-de-groep), [o](../themes/index.md), [w](https://example.org/bronnen/z.md)")
    assert NL_PATHS.relink(text, "werkzame-elementen/q.md") == text  # a Dutch site's links stay exactly as written
    assert NL_PATHS.relink("[x](../working-elements/a.md#evidence)", "bronnen/q.md") == \
        "[x](../werkzame-elementen/a.md#onderbouwing)"
    assert EN_PATHS.relink(text, "index.md") == text  # from the top folder '../' leaves the site: left as it was


def test_the_link_check_reads_either_languages_folders(tmp_path: Path) -> None:
    import shutil

    from conftest import MINI

    from kennisbank.core.reading.loader import load
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "data" / "themes" / "links.yaml").write_text(
        "title: Links\nsummary: Links in both languages.\nbody: |\n  [Dutch](../werkzame-elementen/duidelijk-doel.md), "
        "[English](../working-elements/duidelijk-doel.md) and [missing](../sources/nergens.md).\n", encoding="utf-8")
    errors = [p.format() for p in load(["data"], root=tmp_path).errors]
    assert len(errors) == 1 and "'../sources/nergens.md'" in errors[0], errors


def test_the_forms_preview_links_open_the_page_where_it_is() -> None:
    from kennisbank.core.authoring.cms_config import CmsOptions, cms_config
    from kennisbank.core.reading.loader import load

    taxonomy = load([ROOT / "kennisbank" / "starter" / "en" / "data"]).kb.taxonomy
    english = cms_config(taxonomy, CmsOptions(site_url="https://example.org/", language="en"), EN)
    assert [c["preview_path"] for c in english["collections"]] == [
        "themes/{{slug}}/", "working-elements/{{slug}}/", "sources/{{slug}}/", "practice-examples/{{slug}}/",
        "tools/{{slug}}/"]
    kept = cms_config(taxonomy, CmsOptions(site_url="https://example.org/", language="en", paths=NL_PATHS), EN)
    assert kept["collections"][1]["preview_path"] == "werkzame-elementen/{{slug}}/"


# --- `kennisbank init --language en`: a site at English addresses that builds strict -----------------------------

_DUTCH_NAMES = {*NL_PATHS.folders.values(), "begrippen", "redactie", "herzien", "kennisbank-problemen", "onderbouwing",
                NL_PATHS.readme, NL_PATHS.licence}


@pytest.fixture(scope="module")
def english_init(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A new English knowledge base; its theme links to records in the Dutch folders (as the national data does)
    and in the English ones."""
    from conftest import kennisbank

    project = tmp_path_factory.mktemp("init-en") / "kb"
    done = kennisbank("init", str(project), "--language", "en", "--name", "Example Council")
    assert done.returncode == 0, done.stderr
    theme = project / "data" / "themes" / "example-theme.yaml"
    text = theme.read_text(encoding="utf-8")
    written = "  This is an example theme. A theme groups working elements that belong together.\n"
    assert written in text
    theme.write_text(text.replace(written, written + (
        "  It starts with [a core group](../werkzame-elementen/example-element.md#onderbouwing), rests on\n"
        "  [a source](../sources/example-source.md) and uses [a tool](../hulpmiddelen/example-tool.md).\n")),
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_url: ""', 'site_url: "https://example.org/kb/"', 1),
                      encoding="utf-8")
    checked = kennisbank("check", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = build(project)
    assert built.returncode == 0, built.log
    return built


def test_a_new_english_site_has_english_addresses(english_init: Built) -> None:
    pages = ["working-elements/example-element", "themes/example-theme", "sources/example-source",
             "practice-examples/example-practice", "tools/example-tool", "glossary", "phases/formeren",
             "steps/kick-off", "group-stages/beginfase", "editors/review", "working-elements", "themes", "sources",
             "practice-examples", "tools", "evidence", "route", "open-data"]
    for page in pages:
        assert "</article>" in english_init.page(page), page
    element = english_init.page("working-elements/example-element")
    assert 'id="evidence"' in element and EN["evidence"] in element
    assert (english_init.site / "open-data" / EN_PATHS.readme).is_file()


def test_a_new_english_site_has_no_broken_links_and_no_dutch_folders(english_init: Built) -> None:
    from urllib.parse import urlsplit

    from kennisbank.core.outputs.site_links import check_links, links_of

    site = english_init.site
    assert [b.format() for b in check_links(site, base_path="/kb/")] == []
    files = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    assert not [f for f in files if set(f.split("/")) & _DUTCH_NAMES or "/fase-" in f or "/stap-" in f], files
    for page in site.rglob("*.html"):
        for href in links_of(page.read_text(encoding="utf-8")):
            assert not set(urlsplit(href).path.split("/")) & _DUTCH_NAMES, (page, href)
    # the theme's links to the Dutch folders lead to the English pages
    theme = BeautifulSoup(english_init.page("themes/example-theme"), "html.parser").select_one("article")
    hrefs = {a["href"] for a in theme.select("a[href]")}
    assert {"../../working-elements/example-element/#evidence", "../../sources/example-source/",
            "../../tools/example-tool/"} <= hrefs


def test_a_new_english_sites_data_and_form_use_the_english_addresses(english_init: Built) -> None:
    import yaml

    site = english_init.site
    document = json.loads((site / "open-data" / "kennisbank.json").read_text(encoding="utf-8"))
    pages = re.findall(r'"_page": "([^"]+)"', json.dumps(document))
    assert "working-elements/example-element/" in pages and all(p.split("/")[0] in EN_PATHS.folders.values() for p in pages)
    element = english_init.page("working-elements/example-element")
    assert "https://example.org/kb/working-elements/example-element/" in element  # canonical link and JSON-LD
    assert "https://example.org/kb/sources/example-source/#publicatie" in element
    form = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert {c["name"]: c["preview_path"] for c in form["collections"]}["elements"] == "working-elements/{{slug}}/"


def test_an_english_site_under_serve_links_to_its_problem_list(tmp_path: Path) -> None:
    import os
    import subprocess

    from conftest import MKDOCS, kennisbank
    from test_serve import fetch, free_port

    project = tmp_path / "kb"
    assert kennisbank("init", str(project), "--language", "en").returncode == 0
    (project / "data" / "themes" / "broken.yaml").write_text("title: Broken\nsumary: x\n", encoding="utf-8")
    port = free_port()
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen([MKDOCS, "serve", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=subprocess.STDOUT)
        try:
            assert "data/themes/broken.yaml:2" in fetch(f"http://127.0.0.1:{port}/{EN_PATHS.page_url(EN_PATHS.problems)}")
            banner = BeautifulSoup(fetch(f"http://127.0.0.1:{port}/"), "html.parser").select_one(".kb-problems-banner a")
            assert banner["href"] == "kennisbank-problems/"
        finally:
            server.terminate()
            server.wait(timeout=20)

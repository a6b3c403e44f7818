"""Build real sites in a temporary folder and read the HTML, as a visitor's browser would."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import MINI, ROOT, Built, build, make_project

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.outputs.site_links import check_links
from kennisbank.core.paths import NL as NL_PATHS


def content(built: Built, url_path: str) -> BeautifulSoup:
    """The article of a page (the part generated from the data, without the theme around it)."""
    return BeautifulSoup(built.page(url_path), "html.parser").select_one("article")


def test_every_record_gets_exactly_one_page(mini_site: Built):
    for kind in KINDS:
        files = sorted(p.stem for p in (MINI / kind.folder).glob("*.yaml"))
        pages = sorted(p.parent.name for p in (mini_site.site / NL_PATHS.folder(kind)).glob("*/index.html"))
        assert pages == files, kind.name


def test_element_page_links_themes_sources_examples_and_templates(mini_site: Built):
    article = content(mini_site, "werkzame-elementen/duidelijk-doel")
    links = {a.get_text(): a["href"] for a in article.select("a[href]") if not a["href"].startswith("#")}
    assert links["Gedeelde ambitie"] == "../../themas/gedeelde-ambitie/"
    assert links["Salem (2002)"] == "../../bronnen/salem-2002/"
    assert links["Workshop Grenzeloze leervormen"] == "../../praktijkvoorbeelden/workshop-verpleeghuiszorg/"
    assert links["Kennismakingswerkvormen"] == "../../hulpmiddelen/kennismaken/"
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in article.select("h3")]
    assert headings == ["Literatuur", "Praktijkervaring"]


def test_expert_evidence_is_marked_E(mini_site: Built):
    article = content(mini_site, "werkzame-elementen/gedeeld-eigenaarschap")
    assert "Expertadvies (E)" in article.get_text()
    assert article.find("strong", string="(E)") is not None


def test_source_page_shows_backlinks_and_incomplete_details(mini_site: Built):
    article = content(mini_site, "bronnen/salem-2002")
    text = article.get_text(" ", strip=True)
    assert "Gegevens onvolledig" in text and "[Titel onbekend]" in text
    used = article.find(id="gebruikt-bij").find_next("ul")
    assert [a.get_text() for a in used.select("a")] == ["Formuleer een duidelijk doel"]


def test_theme_page_lists_elements_with_evidence_badges_and_counts(mini_site: Built):
    article = content(mini_site, "themas/gedeelde-ambitie")
    items = article.find(id="elementen").find_next("ul").find_all("li", recursive=False)
    assert [li.a.get_text() for li in items] == ["Deel het eigenaarschap vanaf de start", "Formuleer een duidelijk doel"]
    assert [b.get_text() for b in items[0].select(".kb-badge")] == ["Expertadvies (E)", "Literatuur"]
    table = article.find(id="onderbouwing").find_next("table")
    rows = [[c.get_text() for c in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert rows == [["Literatuur", "2"], ["Expertadvies (E)", "1"], ["Praktijkervaring", "1"]]


def test_template_page_renders_every_item_kind(mini_site: Built):
    article = content(mini_site, "hulpmiddelen/kennismaken")
    assert [li.get_text(" ", strip=True) for li in article.select(".kb-template ol li")] == [
        "Vorm tweetallen (2 min)", "Vertel elkaar in drie minuten wie je bent (6 min)"]
    assert article.select_one("label.kb-check input[type=checkbox]") is not None
    assert article.select_one(".kb-answer") is not None and article.select_one(".kb-field") is not None


def test_overviews_list_every_record(mini_site: Built):
    for kind in KINDS:
        article = content(mini_site, NL_PATHS.folder(kind))
        hrefs = {a["href"] for a in article.select("a[href]")}
        for path in (MINI / kind.folder).glob("*.yaml"):
            assert f"{path.stem}/" in hrefs, (kind.name, path.stem)


def test_nav_lists_sections_not_records(mini_site: Built):
    nav = BeautifulSoup(mini_site.page("werkzame-elementen/duidelijk-doel"), "html.parser").select_one("nav.md-nav--primary")
    assert "Formuleer een duidelijk doel" not in nav.get_text()
    assert "Werkzame elementen" in nav.get_text()


def test_record_text_is_never_a_template_and_html_is_sanitised(mini_site: Built):
    html = mini_site.page("werkzame-elementen/onveilige-invoer")
    article = content(mini_site, "werkzame-elementen/onveilige-invoer")
    text = article.get_text(" ")
    assert "{{ config.site_name }}" in text and "{% include 'base.html' %}" in text
    assert str(ROOT) not in html and "/tmp" not in text  # os.getcwd() never ran
    assert not article.find_all(["script", "iframe", "style"])
    assert not [a for a in article.find_all(True) if any(k.startswith("on") for k in a.attrs)]
    assert not re.search(r"(javascript|vbscript|data):", " ".join(a.get("href", "") for a in article.find_all("a")), re.I)
    assert "expression" not in str(article)
    title = BeautifulSoup(html, "html.parser").title.get_text()
    assert title.startswith("Veilig <script>alert('titel')</script> & {{ config.site_name }}")
    assert "<script>alert('titel')" not in html  # only ever as escaped text


def test_search_index_contains_records(mini_site: Built):
    index = (mini_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Formuleer een duidelijk doel" in index and "werkzame-elementen/duidelijk-doel/" in index


def test_dangling_reference_fails_the_build_with_file_and_line(tmp_path: Path):
    project = make_project(tmp_path / "p")
    path = project / "data" / "elements" / "duidelijk-doel.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("salem-2002", "salem-2020"), encoding="utf-8")
    built = build(project)
    assert built.returncode != 0
    assert ("data/elements/duidelijk-doel.yaml:10: fout: element 'duidelijk-doel': evidence[1].sources[0] "
            "noemt een onbekende bron 'salem-2020'.") in built.log
    assert "Bedoelde je 'salem-2002'?" in built.log
    assert not (project / "site" / "index.html").exists()  # nothing published


def test_generated_page_never_replaces_a_hand_written_one(tmp_path: Path):
    project = make_project(tmp_path / "p")
    (project / "docs" / "werkzame-elementen" / "duidelijk-doel.md").write_text("# Handgeschreven\n", encoding="utf-8")
    built = build(project)
    assert built.returncode != 0
    assert "docs/werkzame-elementen/duidelijk-doel.md (handgeschreven)" in built.log


def test_shipped_knowledge_base_builds_strict(tmp_path: Path):
    project = tmp_path / "shipped"
    shutil.copytree(ROOT, project, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", "tests", ".cache", "*.egg-info", "node_modules"))
    built = build(project)
    assert built.returncode == 0, built.log
    assert [b.format() for b in check_links(built.site)] == []  # what `kennisbank links` checks in CI
    for kind in KINDS:
        files = sorted(p.stem for p in (ROOT / "data" / kind.folder).glob("*.yaml"))
        pages = sorted(p.parent.name for p in (built.site / NL_PATHS.folder(kind)).glob("*/index.html"))
        assert pages == files


def test_route_lists_steps_in_order_with_links_to_phase_and_step_pages(mini_site: Built):
    article = content(mini_site, "route")
    steps = article.select("nav.kb-route--steps li")
    assert [li.a.get_text() for li in steps][:2] == ["Stap 1: behoefteonderzoek", "Stap 2: kick-off"]
    assert steps[0].a["href"] == "../stappen/behoefteonderzoek/"
    phase = content(mini_site, "fasen/formeren")
    assert {a.get_text() for a in phase.select("a")} >= {"Gedeelde ambitie", "Formuleer een duidelijk doel",
                                                        "Kennismakingswerkvormen"}


def test_glossary_terms_are_explained_once_per_page(mini_site: Built):
    article = content(mini_site, "hulpmiddelen/kennismaken")
    abbrs = article.find_all("abbr")
    assert [a.get_text() for a in abbrs] == ["procesbegeleider", "kerngroep"]
    assert "&lt;script&gt;" in str(abbrs[1]) and not article.find("script")
    glossary = content(mini_site, "begrippen")
    assert [dt.get_text() for dt in glossary.find_all("dt")] == ["kerngroep", "Procesbegeleider"]


def test_old_or_missing_review_date_is_flagged_and_listed_for_editors(mini_site: Built):
    assert "Herzien nodig" in content(mini_site, "werkzame-elementen/gedeeld-eigenaarschap").get_text()
    assert "Herzien nodig" not in content(mini_site, "werkzame-elementen/duidelijk-doel").get_text()
    listed = {a.get_text() for a in content(mini_site, "redactie/herzien").select("li a")}
    assert "Deel het eigenaarschap vanaf de start" in listed and "Formuleer een duidelijk doel" not in listed


def test_feedback_links_only_with_a_repository(mini_site: Built, tmp_path: Path):
    assert content(mini_site, "werkzame-elementen/duidelijk-doel").select_one(".kb-feedback") is None
    repo = "https://github.com/voorbeeld/kennisbank"
    project = make_project(tmp_path / "p", config_edit=lambda c: c.replace('repository: ""', f"repository: {repo}")
                           .replace('site_url: ""', f'site_url: ""\nrepo_url: {repo}'))
    built = build(project)
    assert built.returncode == 0, built.log
    page = BeautifulSoup(built.page("werkzame-elementen/duidelijk-doel"), "html.parser")
    links = page.select(".kb-feedback a")
    assert [a.get_text() for a in links] == ["Bron voorstellen", "Fout melden", "Ik heb dit gebruikt"]
    assert links[1]["href"].startswith(f"{repo}/issues/new?title=Fout%20gemeld%3A%20Formuleer%20een%20duidelijk%20doel&body=")
    assert "data/elements/duidelijk-doel.yaml" in links[1]["href"]
    edit = page.select_one("a.md-content__button[href*='/edit/']")
    assert edit["href"] == f"{repo}/edit/main/data/elements/duidelijk-doel.yaml"

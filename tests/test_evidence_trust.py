"""Evidence a reader can trace: every entry names its document, the editors' own words are labelled as theirs,
reading tips are not counted as evidence, the group's stages are their own model and practice evidence shows
which documents it rests on. One small site is built for the module and read as HTML."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import MINI, ROOT, Built, build, kennisbank, make_project

EXTRA = {
    "sources/kaderpagina.yaml": (
        "type: webpage\ntitle: Kaderpagina\nauthors: []\nyear: null\ncontainer: Kaderwebsite\n"
        "summary: De pagina die de literatuur samenvat.\n"),
    "sources/leestip.yaml": "type: other\ntitle: Leestip zonder jaar\nauthors: []\nyear: null\nsummary: Om verder te lezen.\n",
    "sources/verslag-netwerk.yaml": (
        "type: report\ntitle: Verslag van een netwerk\nauthors: []\nyear: null\nsummary: Beschrijft een netwerk.\n"),
    "elements/rond-bewust-af.yaml": (
        "title: Rond bewust af\nsummary: De groep rondt het werk af.\nthemes: [gedeelde-ambitie]\n"
        "group_stages: [eindfase]\nfurther_reading: [leestip]\nevidence:\n"
        "  - kind: literature\n    sources: [salem-2002]\n    via: kaderpagina\n    note: Teams ronden het werk af.\n"
        "  - kind: expert\n    sources: [kaderpagina]\n    note: Experts adviseren afronden.\n"
        "  - kind: practice\n    sources: [verslag-netwerk]\n    note: Het netwerk rondde af met een viering.\n"
        "body: |\n  **Waarom?** Eigen uitleg van de redactie.\n"),
    "examples/alleen-verwijzing.yaml": (
        "title: Alleen een verwijzing\nsummary: Een rapport dat de bronnen noemen.\nreference_only: true\n"
        "elements: [rond-bewust-af]\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(MINI, data)
    for name, text in EXTRA.items():
        (data / name).write_text(text, encoding="utf-8")
    built = build(make_project(tmp_path_factory.mktemp("trust"), data=data))
    assert built.returncode == 0, built.log
    return built


def _section(html: str, anchor: str) -> str:
    """The HTML from the h2 with this id up to the next h2."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start)
    return html[start:end if end != -1 else len(html)]


def test_element_page_puts_sources_first_and_labels_the_editors_words(site: Built) -> None:
    """Evidence comes before the explanation, which says it is the editors' own; reading tips stay apart."""
    html = site.page("werkzame-elementen/rond-bewust-af/")
    assert html.index('id="onderbouwing"') < html.index('id="toelichting"') < html.index('id="verder-lezen"')
    explanation = _section(html, "toelichting")
    assert "Toelichting van de redactie" in explanation and "geen onderbouwing" in explanation
    assert "Eigen uitleg van de redactie." in explanation
    evidence = _section(html, "onderbouwing")
    assert "Eigen uitleg" not in evidence and "Leestip zonder jaar" not in evidence
    assert re.search(r"Zoals genoemd in: <a href=\"\.\./\.\./bronnen/kaderpagina/\">Kaderpagina</a>", evidence)
    assert "Verslag van een netwerk" in evidence
    assert "Leestip zonder jaar" in _section(html, "verder-lezen")
    assert re.search(r"Fasen van de groep</dt>\s*<dd>(<p>)?Eindfase van de groep", html)


def test_source_pages_separate_evidence_from_reading_tips(site: Built) -> None:
    """A reading tip is not 'used by' the element; the literature says which page cites it."""
    tip = site.page("bronnen/leestip/")
    assert "Als leestip genoemd bij" in tip and "Rond bewust af" in _section(tip, "leestip-bij")
    assert "Rond bewust af" not in _section(tip, "gebruikt-bij")
    salem = site.page("bronnen/salem-2002/")
    assert re.search(r"Genoemd in</dt>\s*<dd>(<p>)?<a href=\"\.\./kaderpagina/\">Kaderpagina</a>", salem)
    assert "Rond bewust af" in _section(site.page("bronnen/kaderpagina/"), "gebruikt-bij")


def test_group_stages_are_their_own_model(site: Built) -> None:
    """Each stage gets a page listing its elements; the route shows the stages apart from the phases."""
    stage = site.page("groepsfasen/eindfase/")
    assert "Een ander model dan de ontwikkelfasen van het netwerk" in stage and "Rond bewust af" in stage
    route = site.page("route/")
    assert route.index("kb-route--phases") < route.index('id="fasen-van-de-groep"')
    assert 'href="../groepsfasen/beginfase/"' in route


def test_reference_only_example_says_so(site: Built) -> None:
    page = site.page("praktijkvoorbeelden/alleen-verwijzing/")
    assert "Verwijzing, geen uitgewerkt voorbeeld" in page and "admonition info" in page
    overview = site.page("praktijkvoorbeelden/")
    assert re.search(r"Alleen een verwijzing</a>\s*<span class=\"kb-overview__meta\">verwijzing</span>", overview)


def test_practice_evidence_shows_its_documents(site: Built) -> None:
    """The evidence overview counts practice evidence per document; the element filter can select by document."""
    table = _section(site.page("onderbouwing/"), "praktijkbronnen")
    row = re.search(r"<tr>\s*<td><a [^>]*>Verslag van een netwerk</a></td>\s*<td>Rapport</td>\s*"
                    r"<td[^>]*>1</td>\s*<td[^>]*><a href=\"([^\"]+)\">1</a></td>", table)
    assert row and row.group(1).endswith("werkzame-elementen/?praktijkbron=verslag-netwerk")
    overview = site.page("werkzame-elementen/")
    assert 'data-facet="praktijkbron"' in overview
    assert re.search(r'data-praktijkbron="verslag-netwerk"[^>]*>\s*<a href="rond-bewust-af/"', overview)


@pytest.mark.parametrize("kind", ["literature", "expert", "practice"])
def test_check_refuses_evidence_without_a_source_of_any_kind(project: Path, kind: str) -> None:
    (project / "data" / "elements" / "zonder-bron.yaml").write_text(
        f"title: Zonder bron\nsummary: Iets.\nthemes: [gedeelde-ambitie]\nevidence:\n  - kind: {kind}\n    note: Zomaar.\n",
        encoding="utf-8")
    done = kennisbank("check", cwd=project)
    assert done.returncode == 1
    assert "data/elements/zonder-bron.yaml:5: fout: element 'zonder-bron': evidence[0] (" in done.stdout
    assert ") noemt geen bron." in done.stdout


def test_literature_from_a_page_without_author_and_year_is_questioned(project: Path) -> None:
    """A factsheet or web page is a reading tip; counted as literature it overstates the evidence."""
    data = project / "data"
    (data / "sources" / "factsheet.yaml").write_text(
        "type: other\ntitle: Factsheet\nauthors: []\nyear: null\nsummary: Een factsheet.\n", encoding="utf-8")
    (data / "elements" / "met-factsheet.yaml").write_text(
        "title: Met factsheet\nsummary: Iets.\nthemes: [gedeelde-ambitie]\nevidence:\n  - kind: literature\n"
        "    sources: [factsheet]\n", encoding="utf-8")
    done = kennisbank("check", cwd=project)
    assert ("data/elements/met-factsheet.yaml:6: waarschuwing: element 'met-factsheet': evidence[0] is literatuur, "
            "maar bron 'factsheet' noemt geen auteur en jaar.") in done.stdout
    assert "Zet haar dan onder 'further_reading'." in done.stdout


def _shipped_evidence() -> list[tuple[str, dict]]:
    return [(path.stem, entry) for path in sorted((ROOT / "data" / "elements").glob("*.yaml"))
            for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("evidence", [])]


def test_shipped_evidence_names_a_source_and_literature_is_a_publication() -> None:
    """The shipped knowledge base: every entry names its document; literature only cites 'author, year' works."""
    sources = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "data" / "sources").glob("*.yaml")}
    entries = _shipped_evidence()
    assert entries
    for element, entry in entries:
        assert entry.get("sources"), f"{element}: {entry}"
        if entry["kind"] == "literature":
            for source_id in entry["sources"]:
                assert sources[source_id]["authors"] and sources[source_id]["year"], (element, source_id)


def test_shipped_taxonomy_has_the_frameworks_three_phases_and_a_forward_route() -> None:
    taxonomy = yaml.safe_load((ROOT / "data" / "taxonomy.yaml").read_text(encoding="utf-8"))
    phases = [p["id"] for p in taxonomy["phases"]]
    assert [p["label"] for p in taxonomy["phases"]] == ["Formeren", "Onderhoud", "Institutionaliseren"]
    order = [phases.index(step["phase"]) for step in taxonomy["steps"]]
    assert order == sorted(order), "the route must never go back to an earlier phase"
    assert [g["id"] for g in taxonomy["group_stages"]] == ["beginfase", "crisis-halverwege", "eindfase"]


def test_every_facet_survives_the_sanitiser() -> None:
    """A facet the sanitiser strips would leave its checkbox filtering nothing."""
    from kennisbank.core.render.facets import FACETS
    from kennisbank.core.render.sanitize import ALLOWED_ATTRIBUTES

    assert {f"data-{name}" for name, _ in FACETS} <= ALLOWED_ATTRIBUTES["*"]

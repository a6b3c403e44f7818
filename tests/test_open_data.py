"""Open data: kennisbank.json against its own JSON Schema, CSV per kind, schema.org JSON-LD per page, CITATION.cff.

Hostile record text (tests/fixtures/mini/elements/onveilige-invoer.yaml) must come out as inert data everywhere:
valid JSON, a JSON-LD block it cannot close, CSV cells a spreadsheet does not run as formulas.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import MINI, ROOT, Built, build, make_project

from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import BY_NAME, KINDS
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.outputs.open_data import (
    csv_files,
    data_files,
    dump_json,
    export_document,
    export_schema,
    neutralise,
    record_jsonld,
    script_json,
)
from kennisbank.core.reading.loader import load
from kennisbank.core.site import Site, licence_url, relative_url

HOSTILE = "onveilige-invoer"
SITE = Site("Kennisbank Lerende Netwerken", "", "CC BY-SA 4.0", "Kennisbank Lerende Netwerken")
LIST_KEYS = {"theme": "themes", "element": "elements", "source": "sources", "example": "examples", "template": "templates"}


def _kb(data: Path) -> KnowledgeBase:
    result = load([data], root=data.parent)
    assert result.ok, [p.format() for p in result.errors]
    return result.kb


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(schema: dict, document: dict) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in _validator(schema).iter_errors(document)]


def _ids_on_disk(data: Path, kind) -> list[str]:
    return sorted(p.stem for p in (data / kind.folder).glob("*.yaml"))


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without the byte order mark Excel needs for UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _jsonld_scripts(html: str) -> list[str]:
    return [s.string or "" for s in BeautifulSoup(html, "html.parser").find_all("script", type="application/ld+json")]


# --- the core, without a build -------------------------------------------------------------------------

@pytest.mark.parametrize("data", [ROOT / "data", MINI], ids=["shipped", "mini"])
def test_export_validates_against_its_schema_and_holds_every_record_once(data: Path) -> None:
    kb = _kb(data)
    document = json.loads(dump_json(export_document(kb, SITE)))
    assert _errors(export_schema(), document) == []
    for kind in KINDS:
        assert [r["id"] for r in document[LIST_KEYS[kind.name]]] == _ids_on_disk(data, kind), kind.name
    assert len(document["glossary"]) == len(kb.glossary)


def test_the_schema_is_strict_enough_to_catch_a_broken_export() -> None:
    """A schema that accepts anything would make the validation above worthless."""
    document = export_document(_kb(MINI), SITE)
    element = document["elements"][0]
    broken = [
        {**document, "elements": [{k: v for k, v in element.items() if k != "_page"}]},      # derived field missing
        {**document, "elements": [{**element, "colour": "red"}]},                              # unknown field
        {**document, "elements": [{**element, "evidence": []}]},                               # fails the content model
        {**document, "sources": [{**document["sources"][0], "type": "podcast"}]},              # not a source type
        {k: v for k, v in document.items() if k != "taxonomy"},                                # top-level key missing
    ]
    schema = export_schema()
    assert all(_errors(schema, b) for b in broken)


def test_export_bytes_are_deterministic_and_keep_text_as_written() -> None:
    first = dump_json(export_document(_kb(MINI), SITE))
    assert first == dump_json(export_document(_kb(MINI), SITE))
    assert first.endswith(b"}\n") and not first.endswith(b"\n\n")
    document = json.loads(first)
    assert list(document) == sorted(document)
    hostile = next(e for e in document["elements"] if e["id"] == HOSTILE)
    raw = yaml.safe_load((MINI / "elements" / f"{HOSTILE}.yaml").read_text(encoding="utf-8"))
    assert hostile["title"] == raw["title"] and hostile["body"] == raw["body"].strip()  # the model strips outer whitespace
    assert hostile["_page"] == f"werkzame-elementen/{HOSTILE}/"


def test_derived_backlinks() -> None:
    document = export_document(_kb(MINI), SITE)
    source = next(s for s in document["sources"] if s["id"] == "salem-2002")
    assert source["_referenced_by"] == {"element": ["duidelijk-doel"]}
    theme = next(t for t in document["themes"] if t["id"] == "gedeelde-ambitie")
    assert theme["_referenced_by"]["element"] == ["duidelijk-doel", "gedeeld-eigenaarschap"]


@pytest.mark.parametrize("text, expected", [
    ("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")"),
    ("+31 20 123", "'+31 20 123"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("  =1", "'  =1"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("Gewone tekst = geen formule", "Gewone tekst = geen formule"),
    ("", ""),
])
def test_neutralise_formula_cells(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_csv_cells_from_records_never_start_a_formula(tmp_path: Path) -> None:
    """Record text that a spreadsheet would run gets a leading apostrophe in every table it lands in."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "elements" / "formule.yaml").write_text(
        'title: "=HYPERLINK(\\"https://evil.example\\";\\"klik\\")"\n'
        'summary: "+cmd|\' /C calc\'!A0"\n'
        'keywords: ["@SUM(1+1)", "-1+2"]\n'
        "themes: [gedeelde-ambitie]\n"
        "evidence:\n  - kind: expert\n    sources: [salem-2002]\n    note: \"=1+1\"\n", encoding="utf-8")
    files = csv_files(_kb(data), SITE)
    row = next(r for r in _csv_rows(files["elements.csv"]) if r["id"] == "formule")
    assert row["title"] == "'=HYPERLINK(\"https://evil.example\";\"klik\")"
    assert row["summary"] == "'+cmd|' /C calc'!A0"
    assert row["keywords"] == "'@SUM(1+1); -1+2"  # one cell: only its start matters to a spreadsheet
    evidence = next(r for r in _csv_rows(files["element-evidence.csv"]) if r["element"] == "formule")
    assert evidence["note"] == "'=1+1"
    for name, content in files.items():
        for cells in _csv_rows(content):
            assert not [v for v in cells.values() if v and v.lstrip(" ")[0] in "=+-@\t\r"], name


def test_jsonld_cannot_close_its_script_element() -> None:
    text = script_json({"name": "</script><script>alert(1)</script><!-- & \u2028"})
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text)["name"] == "</script><script>alert(1)</script><!-- & \u2028"


def test_jsonld_with_a_site_address_uses_absolute_urls() -> None:
    kb = _kb(MINI)
    site = Site("KB", "https://example.org/kb", "CC BY 4.0", "Eigenaar")
    element = record_jsonld(kb, site, BY_NAME["element"], kb.elements["duidelijk-doel"])
    assert element["@id"] == "https://example.org/kb/werkzame-elementen/duidelijk-doel/"
    assert element["citation"] == [{"@type": "CreativeWork", "@id": "https://example.org/kb/bronnen/salem-2002/#publicatie"}]
    assert element["isPartOf"] == {"@type": "WebSite", "name": "KB", "url": "https://example.org/kb"}
    assert element["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert element["dateModified"] == "2026-11-23"


@pytest.mark.parametrize("target, here, expected", [
    ("bronnen/b/", "werkzame-elementen/a/", "../../bronnen/b/"),
    ("werkzame-elementen/a/", "werkzame-elementen/a/", "./"),
    ("downloads/x.pdf", "hulpmiddelen/x/", "../../downloads/x.pdf"),
    ("open-data/kennisbank.json", "open-data/", "kennisbank.json"),
    ("bronnen/b.html", "werkzame-elementen/a.html", "../bronnen/b.html"),   # use_directory_urls: false
    ("open-data/csv/themes.csv", "open-data/index.html", "csv/themes.csv"),
])
def test_relative_urls_resolve_from_the_page(target: str, here: str, expected: str) -> None:
    assert relative_url(target, here) == expected


@pytest.mark.parametrize("licence, url", [
    ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    ("cc-by-nc-sa 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    ("Alle rechten voorbehouden", None),
])
def test_licence_url(licence: str, url: str | None) -> None:
    assert licence_url(licence) == url


def test_citation_cff() -> None:
    """CITATION.cff (CFF 1.2.0): the required keys, and licence and version as the package declares them."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert cff["type"] in ("software", "dataset")
    assert cff["version"] == project["version"] and cff["license"] == project["license"]
    assert cff["authors"] == [{"name": "Kennisbank Lerende Netwerken"}]
    preferred = cff["preferred-citation"]
    assert {"type", "title", "authors"} <= set(preferred) and preferred["license"] == "CC-BY-SA-4.0"
    assert "CC BY-SA 4.0" in cff["message"]
    assert not re.search(r"\bdoi\b|10\.\d{4,}/", json.dumps(cff), re.I), "no DOI until there is a real one"


# --- the built mini site -------------------------------------------------------------------------------

def test_open_data_files_are_in_the_site(mini_site: Built) -> None:
    folder = mini_site.site / "open-data"
    for f in data_files(labels_for("nl")):
        assert (folder / f.name).is_file(), f.name
    licence = (folder / "LICENTIE.txt").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in licence and "Kennisbank Lerende Netwerken" in licence
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in licence


def test_built_json_validates_against_the_built_schema(mini_site: Built) -> None:
    folder = mini_site.site / "open-data"
    document = json.loads((folder / "kennisbank.json").read_text(encoding="utf-8"))
    schema = json.loads((folder / "kennisbank.schema.json").read_text(encoding="utf-8"))
    assert _errors(schema, document) == []
    for kind in KINDS:
        ids = [r["id"] for r in document[LIST_KEYS[kind.name]]]
        assert ids == _ids_on_disk(MINI, kind) and len(set(ids)) == len(ids), kind.name
        for record in document[LIST_KEYS[kind.name]]:
            assert (mini_site.site / record["_page"] / "index.html").is_file()


def test_built_csv_has_one_row_per_record(mini_site: Built) -> None:
    folder = mini_site.site / "open-data" / "csv"
    for kind in KINDS:
        rows = _csv_rows((folder / f"{kind.folder}.csv").read_bytes())
        assert [r["id"] for r in rows] == _ids_on_disk(MINI, kind), kind.name
    evidence = _csv_rows((folder / "element-evidence.csv").read_bytes())
    kb = _kb(MINI)
    assert len(evidence) == sum(len(e.evidence) for e in kb.elements.values())
    hostile = next(r for r in _csv_rows((folder / "elements.csv").read_bytes()) if r["id"] == HOSTILE)
    assert hostile["title"] == kb.elements[HOSTILE].title


def test_hostile_record_page_has_one_inert_jsonld_block(mini_site: Built) -> None:
    html = mini_site.page(f"werkzame-elementen/{HOSTILE}")
    scripts = _jsonld_scripts(html)
    assert len(scripts) == 1
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert raw == scripts[0] and "</script" not in raw.lower() and "<" not in raw
    data = json.loads(scripts[0])
    kb = _kb(MINI)
    assert data["name"] == kb.elements[HOSTILE].title  # the text is kept, as data
    assert data["@type"] == "Article" and data["inLanguage"] == "nl"
    # Nothing from the record became markup: the only scripts are the theme's own and this data block.
    assert not [s for s in BeautifulSoup(html, "html.parser").find_all("script") if "alert" in (s.string or "")
                and s.get("type") != "application/ld+json"]


@pytest.mark.parametrize("url, expected_type", [
    ("themas/gedeelde-ambitie", "CreativeWork"),
    ("werkzame-elementen/duidelijk-doel", "Article"),
    ("bronnen/salem-2002", "CreativeWork"),
    ("praktijkvoorbeelden/workshop-verpleeghuiszorg", "Article"),
    ("hulpmiddelen/kennismaken", "CreativeWork"),
    ("open-data", "Dataset"),
])
def test_jsonld_type_per_page(mini_site: Built, url: str, expected_type: str) -> None:
    scripts = _jsonld_scripts(mini_site.page(url))
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == expected_type


def test_jsonld_details(mini_site: Built) -> None:
    """Sources say only what is known; elements cite them; templates link their downloads; plain pages have none."""
    source = json.loads(_jsonld_scripts(mini_site.page("bronnen/salem-2002"))[0])
    assert "name" not in source  # title_known: false
    assert source["author"] == [{"@type": "Person", "familyName": "Salem", "name": "Salem"}]
    assert source["datePublished"] == "2002"
    assert source["mainEntityOfPage"]["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    element = json.loads(_jsonld_scripts(mini_site.page("werkzame-elementen/duidelijk-doel"))[0])
    assert source["@id"] == "./#publicatie"
    assert element["citation"] == [{"@type": "CreativeWork", "@id": "../../bronnen/salem-2002/#publicatie"}]
    assert element["publisher"] == {"@type": "Organization", "name": "Kennisbank Lerende Netwerken"}
    template = json.loads(_jsonld_scripts(mini_site.page("hulpmiddelen/kennismaken"))[0])
    media = template["associatedMedia"]
    assert {m["encodingFormat"] for m in media} >= {"application/pdf"}
    for m in media:
        assert (mini_site.site / "hulpmiddelen" / "kennismaken" / m["contentUrl"]).resolve().is_file(), m["contentUrl"]
    dataset = json.loads(_jsonld_scripts(mini_site.page("open-data"))[0])
    for download in dataset["distribution"]:
        assert (mini_site.site / "open-data" / download["contentUrl"]).is_file()
    assert _jsonld_scripts(mini_site.page("over")) == []


def test_open_data_page_lists_every_file_and_is_linked(mini_site: Built) -> None:
    page = BeautifulSoup(mini_site.page("open-data"), "html.parser").find("article")
    hrefs = {a["href"] for a in page.find_all("a", href=True) if not a["href"].startswith(("#", "http"))}
    assert hrefs >= {f.name for f in data_files(labels_for("nl"))}
    for href in hrefs:
        assert (mini_site.site / "open-data" / href).is_file(), href
    about = BeautifulSoup(mini_site.page("over"), "html.parser").find("article")
    assert about.find("a", href="../open-data/")


def test_a_hand_written_page_in_open_data_stops_the_build(tmp_path: Path) -> None:
    """The generator owns open-data/; replacing an editor's page silently would lose their text."""
    project = make_project(tmp_path / "p")
    (project / "docs" / "open-data").mkdir()
    (project / "docs" / "open-data" / "index.md").write_text("# Eigen pagina\n", encoding="utf-8")
    built = build(project)
    assert built.returncode != 0
    assert "docs/open-data/index.md (handgeschreven) en de pagina van de open data hebben hetzelfde adres." in built.log
    assert "Oplossing: hernoem het record (de bestandsnaam in data/) of verplaats het bestand in docs/; de mappen " \
           "open-data/ en downloads/ maakt de generator." in built.log

"""Realistic Zotero exports (tests/fixtures/exports/) become exactly the records an APA 7 reference needs.

The three files describe the same fifteen items as Zotero's BibTeX, RIS and CSL JSON exporters write them
(zotero/translators BibTeX.js, RIS.js, CSL JSON.js): every kind of source Zotero writes, lower-case and particle
names, organisations as authors, a title over 200 characters, two entries by 'Brown' from 2019 and broken items.
Where the formats differ, the records differ only as the exports do (see FORMAT_DIFFERENCES).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, kennisbank, other_warnings

from kennisbank.core.authoring.bibimport import plan_import, write_planned
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.yamlsafe import parse

EXPORTS = FIXTURES / "exports"
FILES = {"bibtex": "zotero-bibtex.bib", "ris": "zotero-ris.ris", "csl-json": "zotero-csl.json"}

DE_VRIES = [{"family": "de Vries", "given": "Jan"}, {"family": "Müller", "given": "René"},
            {"family": "Østergaard", "given": "Søren"}]
EDITORS_HANDBOOK = [{"family": "van der Berg", "given": "Jan"}, {"family": "El Amrani", "given": "Yasmina"}]
LONG_TITLE = ("Interprofessioneel leren in regionale netwerken van zorg en welzijn: een gemengde-methodenstudie naar de "
              "voorwaarden, werkzame elementen en opbrengsten van lerende netwerken voor professionals, cliënten en "
              "organisaties in vijf Nederlandse regio's tussen 2012 en 2016")
MINISTRY = "Ministerie van Volksgezondheid, Welzijn en Sport"

# What every format gives: id -> the record without 'verified' and 'summary' (those are the same for all).
EXPECTED: dict[str, dict] = {
    "de-vries-2021": {
        "type": "article", "title": "Samen leren in netwerken: een overzicht van <i>communities of practice</i> in de zorg",
        "title_known": True, "authors": DE_VRIES, "year": 2021, "container": "Tijdschrift voor Gezondheidswetenschappen",
        "volume": "99", "issue": "3", "pages": "112-120", "doi": "10.5555/tsg.2021.003",
        "url": "https://www.example.org/tsg/samen-leren-in-netwerken"},
    "brown-2019": {
        "type": "book", "title": "Leren zonder hiërarchie: netwerken die zichzelf organiseren", "title_known": True,
        "authors": [{"family": "brown", "given": "ada maree"}], "year": 2019, "edition": "2",
        "publisher": "Uitgeverij Voorbeeld"},
    "brown-2019-b": {
        "type": "article", "title": "Vertrouwen als basis voor gezamenlijk leren in R&D-netwerken", "title_known": True,
        "authors": [{"family": "Brown", "given": "Lisa"}, {"family": "Bakker-Çelik", "given": "Eliëtte"}], "year": 2019,
        "container": "Tijdschrift voor Sociale Vraagstukken", "volume": "18", "issue": "2", "pages": "23-31",
        "doi": "10.5555/tsv.2019.12", "url": "https://www.example.org/tsv/vertrouwen"},
    "van-der-berg-2022": {
        "type": "book", "title": "Handboek lerende netwerken", "title_known": True, "authors": [], "year": 2022,
        "editors": EDITORS_HANDBOOK, "edition": "3", "publisher": "Boom Voorbeeld"},
    "bakker-2022": {
        "type": "chapter", "title": "Netwerkleren in de wijk", "title_known": True,
        "authors": [{"family": "Bakker", "given": "Sanne"}], "year": 2022, "editors": EDITORS_HANDBOOK,
        "container": "Handboek lerende netwerken", "edition": "3", "pages": "45-67", "publisher": "Boom Voorbeeld",
        "doi": "10.5555/hln.2022.045", "url": "https://www.example.org/boom/handboek-lerende-netwerken/hoofdstuk-3"},
    "rathenau-instituut-2020": {
        "type": "report", "title": "Kennis in beweging: coöperatie tussen praktijk & onderzoek", "title_known": True,
        "authors": [{"literal": "Rathenau Instituut"}], "year": 2020, "number": "2020-14", "genre": "Rapport",
        "publisher": "Rathenau Instituut", "url": "https://www.example.org/rathenau/kennis-in-beweging"},
    "jansen-2018": {
        "type": "thesis", "title": "Leren over de grenzen van organisaties heen", "title_known": True,
        "authors": [{"family": "Jansén", "given": "Anaïs"}], "year": 2018, "genre": "Proefschrift",
        "publisher": "Universiteit Utrecht", "doi": "10.5555/uu.2018.001", "url": "https://www.example.org/uu/jansen-2018"},
    "okafor-2023": {
        "type": "conference-paper", "title": "Peer feedback in regional learning networks", "title_known": True,
        "authors": [{"family": "Okafor", "given": "Chidi"}, {"family": "Gómez", "given": "Lucía"},
                    {"family": "Lindqvist", "given": "Maja"}], "year": 2023,
        "editors": [{"family": "Hartmann", "given": "Lea"}, {"family": "Novak", "given": "Petr"}],
        "container": "Proceedings of the 12th European Conference on Networked Learning", "pages": "233-241",
        "publisher": "Networked Learning Press", "doi": "10.5555/ecnl.2023.233",
        "url": "https://www.example.org/ecnl/2023/okafor"},
    "nederlands-jeugdinstituut": {  # a web page without a date: the id has no year, the access date is kept
        "type": "webpage", "title": "Wat is een lerend netwerk?", "title_known": True,
        "authors": [{"literal": "Nederlands Jeugdinstituut"}], "year": None, "container": "Nederlands Jeugdinstituut",
        "url": "https://www.example.org/nji/wat-is-een-lerend-netwerk", "accessed": "2024-03-12"},
    "chen-2024": {
        "type": "preprint",
        "title": "Measuring knowledge flow in inter-organisational learning networks with <i>k</i>-core decomposition",
        "title_known": True, "authors": [{"family": "Chen", "given": "Wei"}, {"family": "García-López", "given": "María"}],
        "year": 2024, "number": "arXiv:2403.01234", "publisher": "arXiv", "doi": "10.5555/arxiv.2403.01234",
        "url": "http://arxiv.org/abs/2403.01234"},
    "ministerie-van-volksgezondheid-welzijn-en-2023": {
        "type": "report", "title": "Samen leren, samen doen: beleidsnota lerende netwerken 2024–2027", "title_known": True,
        "authors": [{"literal": MINISTRY}], "year": 2023, "number": "VWS-2023-118", "genre": "Beleidsnota",
        "publisher": MINISTRY, "url": "https://www.example.org/vws/beleidsnota-lerende-netwerken"},
    "wet-lerende-netwerken-sociaal-domein-2023": {
        "type": "legislation", "title": "Wet lerende netwerken sociaal domein", "title_known": True, "authors": [],
        "year": 2023, "container": "Staatsblad", "number": "2023, 112", "url": "https://www.example.org/staatsblad/2023-112"},
    "smit-2017": {
        "type": "article", "title": LONG_TITLE, "title_known": True,
        "authors": [{"family": "Smit", "given": "Anna"}, {"family": "Haddou", "given": "Karim"}], "year": 2017,
        "container": "Journal of Interprofessional Learning", "volume": "5", "issue": "1", "pages": "1-22",
        "doi": "10.5555/jil.2017.001", "url": "https://www.example.org/jil/2017/smit"},
}

# Only what the exports themselves say differently.
FORMAT_DIFFERENCES: dict[str, dict[str, dict]] = {
    # BibTeX writes page ranges as '--', TeX for an en dash. Zotero's BibTeX has no type for a law: it writes @misc
    # with only title, url and year, which is a web page; the law's code and number are not in the export.
    "bibtex": {**{rid: {"pages": EXPECTED[rid]["pages"].replace("-", "–")}
                  for rid in ("de-vries-2021", "brown-2019-b", "bakker-2022", "okafor-2023", "smit-2017")},
               # as a web page it keeps the export's access date (APA prints it only for a page without a date)
               "wet-lerende-netwerken-sociaal-domein-2023": {"type": "webpage", "container": None, "number": None,
                                                             "accessed": "2024-01-20"}},
    # Zotero's RIS writes a preprint as GEN with the server in PB; the arXiv id has no RIS tag.
    "ris": {"chen-2024": {"number": None}},
    "csl-json": {},
}


def expected(fmt: str) -> dict[str, dict]:
    records = {}
    for record_id, data in EXPECTED.items():
        changed = {**data, **FORMAT_DIFFERENCES[fmt].get(record_id, {})}
        records[record_id] = {k: v for k, v in changed.items() if v is not None or k == "year"}
    return records


# The problems of each export, as (line, severity, subject, message).
PROBLEMS = {
    "bibtex": [
        (48, "error", "item 'kapot_2020'", "dit item kon niet gelezen worden (BibTeX-syntaxfout)."),
        (93, "warning", "item 'rathenau_instituut_kennis_2020'",
         "'pages' (1–48) is niet overgenomen: APA 7 noemt de pagina's niet bij een rapport (type 'report')."),
        (181, "error", "item 'zonder_titel_2023'", "dit item heeft geen titel en geen auteur; het is niet geïmporteerd."),
    ],
    "ris": [
        (55, "error", "item 4", "dit item sluit niet af met 'ER  - '."),
        (92, "warning", "item 7",
         "'SP/EP' (1-48) is niet overgenomen: APA 7 noemt de pagina's niet bij een rapport (type 'report')."),
        (207, "error", "item 15", "dit item heeft geen titel en geen auteur en geen jaar; het is niet geïmporteerd."),
    ],
    "csl-json": [
        (116, "error", "item 'http://zotero.org/users/7654321/items/PO9IUY6T'",
         "het veld 'author' is tekst; dit item is niet geïmporteerd."),
        (198, "warning", "item 'http://zotero.org/users/7654321/items/RT6YUI2O'",
         "'page' (1-48) is niet overgenomen: APA 7 noemt de pagina's niet bij een rapport (type 'report')."),
        (455, "error", "item 'http://zotero.org/users/7654321/items/ZA5QWE3R'",
         "dit item heeft geen titel en geen auteur en geen jaar; het is niet geïmporteerd."),
    ],
}

# Which export item became which record, in export order (the broken ones have none).
KEYS = {
    "bibtex": ["de_vries_samen_2021", "brown_leren_2019", "brown_vertrouwen_2019", "van_der_berg_handboek_2022",
               "bakker_netwerkleren_2022", "rathenau_instituut_kennis_2020", "jansen_leren_2018", "okafor_peer_2023",
               "nederlands_jeugdinstituut_wat_nodate", "chen_measuring_2024",
               "ministerie_van_volksgezondheid_welzijn_en_sport_samen_2023", "noauthor_wet_2023",
               "smit_interprofessioneel_2017"],
    "ris": [None] * 13,
    "csl-json": [f"http://zotero.org/users/7654321/items/{k}" for k in (
        "QW3ERT7Y", "AS5DFG8H", "ZX7CVB2N", "LK4JHG3F", "MN8BVC5X", "RT6YUI2O", "GH2JKL9M", "UI7OPA3S", "DF5GHJ1K",
        "CV3BNM8Q", "WE9RTY4U", "TY8UIO2P", "SA1DFG7H")],
}


@pytest.mark.parametrize("fmt", FILES)
def test_every_record_is_exactly_what_the_export_says(project: Path, fmt: str):
    report = plan_import(EXPORTS / FILES[fmt], [project / "data"], project)
    assert report.format == fmt and report.items == 15 and report.skipped == 2
    got = {item.record_id: {k: v for k, v in item.data.items() if k not in ("verified", "summary")}
           for item in report.planned}
    want = expected(fmt)
    assert list(got) == list(want)  # export order, and -b for the second Brown of 2019
    for record_id in want:
        assert got[record_id] == want[record_id], record_id
    assert [item.entry.key for item in report.planned] == KEYS[fmt]
    for item in report.planned:
        assert (item.data["verified"], item.data["summary"].startswith("TODO")) == (False, True)


@pytest.mark.parametrize("fmt", FILES)
def test_broken_and_dropped_items_are_reported_exactly(project: Path, fmt: str):
    report = plan_import(EXPORTS / FILES[fmt], [project / "data"], project, shown_name=FILES[fmt])
    assert [(p.line, p.severity, p.subject, p.message) for p in report.problems] == PROBLEMS[fmt]
    assert all(p.file == FILES[fmt] and p.fix for p in report.problems)


@pytest.mark.parametrize("fmt", FILES)
def test_written_records_read_back_and_pass_the_check(project: Path, fmt: str):
    done = kennisbank("import-bib", str(EXPORTS / FILES[fmt]), cwd=project)
    assert done.returncode == 1, done.stdout  # the broken items are errors
    assert f"13 van 15 items uit {EXPORTS / FILES[fmt]} ({fmt}) geïmporteerd, 2 overgeslagen. 2 fouten, 1 waarschuwing." \
        in done.stdout
    assert done.stderr == ""
    want = expected(fmt)
    for record_id, data in want.items():
        text = (project / "data" / "sources" / f"{record_id}.yaml").read_text(encoding="utf-8")
        parsed = parse(text, record_id)
        assert parsed.problems == []
        assert {k: v for k, v in parsed.data.items() if k not in ("verified", "summary")} == data, record_id
    result = load([project / "data"], root=project)
    assert result.ok, result.problems
    source = result.kb.sources["chen-2024"]
    assert source.title_markup == EXPECTED["chen-2024"]["title"]  # CSL rich text kept for the reference
    assert source.title == "Measuring knowledge flow in inter-organisational learning networks with k-core decomposition"
    assert len(result.kb.sources["smit-2017"].title) == 266
    check = kennisbank("check", cwd=project)
    assert check.returncode == 0, check.stdout
    warnings = other_warnings(check.stdout)
    assert len(warnings) == 2 * len(want)  # per new source: not cited yet, and the summary still says TODO
    assert all("geen enkel werkzaam element" in w or "bevat nog 'TODO'" in w for w in warnings), warnings


def test_the_same_publications_from_three_formats_get_the_same_ids(project: Path):
    ids = {fmt: [p.record_id for p in plan_import(EXPORTS / name, [project / "data"], project).planned]
           for fmt, name in FILES.items()}
    assert ids["bibtex"] == ids["ris"] == ids["csl-json"] == list(EXPECTED)


@pytest.mark.parametrize("fmt", FILES)
def test_importing_an_export_again_writes_nothing_new(project: Path, fmt: str):
    """Every record exists now: the same DOI, or the same title and year, is the same publication."""
    data_dirs = [project / "data"]
    write_planned(plan_import(EXPORTS / FILES[fmt], data_dirs, project))
    again = plan_import(EXPORTS / FILES[fmt], data_dirs, project)
    assert again.planned == []
    skipped = [p.message for p in again.problems if p.severity == "warning"]
    assert len(skipped) == 13 and all("bestaat al" in m for m in skipped), skipped

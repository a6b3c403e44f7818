"""`kennisbank import-bib`: Zotero exports (BibTeX, RIS, CSL JSON) become source records that pass the check."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, MINI, kennisbank, other_warnings
from macros.core.bibimport import plan_import
from macros.core.loader import load
from macros.core.yamlsafe import parse

BIB = FIXTURES / "bib"


def source(project: Path, record_id: str) -> dict:
    """A written source as the loader's YAML reader sees it (no problems allowed)."""
    parsed = parse((project / "data" / "sources" / f"{record_id}.yaml").read_text(encoding="utf-8"), record_id)
    assert parsed.problems == []
    return parsed.data


def new_sources(project: Path) -> set[str]:
    return {p.stem for p in (project / "data" / "sources").glob("*.yaml")} - {p.stem for p in (MINI / "sources").glob("*.yaml")}


def test_zotero_bibtex_imports_every_good_entry_and_reports_the_others(project: Path):
    """Broken and incomplete entries are named with line and key; the rest is still imported; exit 1."""
    done = kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    assert done.returncode == 1, done.stdout
    assert new_sources(project) == {"de-vries-2021", "de-vries-2021-b", "rathenau-instituut-2020", "wang-2019",
                                    "jansen-2018", "nederlands-jeugdinstituut-2022"}
    out = done.stdout
    assert "geschreven: data/sources/de-vries-2021.yaml (item 'de_vries_samen_2021', regel 2)" in out
    assert "zotero.bib:38: fout: item 'kapot_2020': dit item kon niet gelezen worden (BibTeX-syntaxfout)." in out
    assert "zotero.bib:81: fout: item 'zonder_titel': dit item heeft geen titel en geen auteur; het is niet geïmporteerd." in out
    assert "6 van 9 items uit" in out and "3 overgeslagen. 2 fouten, 2 waarschuwingen." in out
    assert done.stderr == ""  # bibtexparser's English log lines are replaced by the Dutch problems


def test_existing_id_is_reported_and_never_overwritten(project: Path):
    before = (project / "data" / "sources" / "salem-2002.yaml").read_bytes()
    done = kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    assert ("zotero.bib:74: waarschuwing: item 'salem_community_2002': de bron 'salem-2002' bestaat al "
            "(data/sources/salem-2002.yaml); niet overschreven.") in done.stdout
    assert "kennisbank new bron salem-2002-b" in done.stdout
    assert (project / "data" / "sources" / "salem-2002.yaml").read_bytes() == before


def test_latex_escapes_become_unicode_and_stay_readable_in_the_yaml(project: Path):
    kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    record = source(project, "de-vries-2021")
    assert record["title"] == "Samen leren in netwerken – een överzicht van Nederlandse praktijken"
    assert record["authors"] == [{"family": "de Vries", "given": "Jan"}, {"family": "Müller", "given": "René"},
                                 {"family": "Østergaard", "given": "Søren"}]
    assert record["container"] == "TSG – Tijdschrift voor gezondheidswetenschappen"
    assert (record["type"], record["year"], record["volume"], record["issue"], record["pages"]) == \
        ("article", 2021, "99", "3", "112–120")
    assert (record["doi"], record["url"]) == ("10.1000/tsg.2021.003", "https://www.example.org/tsg/samen-leren-in-netwerken")
    assert (record["title_known"], record["verified"]) == (True, False)
    text = (project / "data" / "sources" / "de-vries-2021.yaml").read_text(encoding="utf-8")
    assert "family: Müller" in text and "\\u" not in text  # written as letters, not escapes
    assert text.startswith("# yaml-language-server: $schema=../../schema/source.json\n")
    assert "nog niet nagekeken" in text and "TODO" in text


def test_organisations_chinese_names_and_et_al(project: Path):
    kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    assert source(project, "rathenau-instituut-2020")["authors"] == [{"literal": "Rathenau Instituut"}]
    assert source(project, "rathenau-instituut-2020")["title"] == "Kennis in beweging: coöperatie tussen praktijk & onderzoek"
    wang = source(project, "wang-2019")  # id folded to ASCII, text kept as written; 'and others' is no author
    assert wang["authors"] == [{"family": "王", "given": "小明"}, {"family": "Zhang", "given": "Wei"}]
    assert wang["title"] == "Learning networks in primary care: 社区卫生服务中的学习网络"
    assert (wang["type"], wang["container"], wang["publisher"]) == ("chapter", "Handbook of Community Health", "Example Press")
    assert source(project, "jansen-2018")["authors"] == [{"family": "Jansén", "given": "Anaïs"}]


def test_invalid_doi_is_left_out_with_a_warning(project: Path):
    done = kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    assert "zotero.bib:55: waarschuwing: item 'jansen_leren_2018': doi: 'geen-doi' is geen DOI." in done.stdout
    assert "doi" not in source(project, "jansen-2018")


def test_imported_sources_pass_the_check(project: Path):
    """Only the 'not cited yet' warning remains, one per new source."""
    kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    done = kennisbank("check", cwd=project)
    assert done.returncode == 0, done.stdout
    assert "0 fouten," in done.stdout and len(other_warnings(done.stdout)) == 6
    assert done.stdout.count("deze bron wordt door geen enkel werkzaam element genoemd") == 6


def test_ris_export(project: Path):
    done = kennisbank("import-bib", str(BIB / "zotero.ris"), cwd=project)
    assert done.returncode == 0, done.stdout
    assert "3 van 3 items" in done.stdout and "Geen problemen gevonden." in done.stdout
    article = source(project, "ostergaard-2019")
    assert article["authors"] == [{"family": "Østergaard", "given": "Søren"}, {"family": "Bakker-Çelik", "given": "Eliëtte"}]
    assert (article["type"], article["container"], article["pages"], article["doi"]) == \
        ("article", "Tijdschrift voor Sociale Vraagstukken", "23-31", "10.1000/tsv.2019.12")
    book = source(project, "ostergaard-2019-b")  # the same author and year: -b
    assert (book["type"], book["publisher"], "container" in book) == ("book", "Uitgeverij Voorbeeld", False)
    assert source(project, "vilans-2023")["authors"] == [{"literal": "Vilans"}]
    assert kennisbank("check", cwd=project).returncode == 0


def test_csl_json_export(project: Path):
    done = kennisbank("import-bib", str(BIB / "zotero.json"), cwd=project)
    assert done.returncode == 1  # the last item has neither title nor author
    assert new_sources(project) == {"de-vries-2020", "nederlands-jeugdinstituut-2022", "li-2018"}
    article = source(project, "de-vries-2020")
    assert article["authors"] == [{"family": "de Vries", "given": "Eline"}, {"family": "Jansen", "given": "Pieter"}]
    assert (article["volume"], article["pages"], article["year"]) == ("47", "201-219", 2020)
    assert source(project, "li-2018")["title"] == "社区学习网络 (Community learning networks)"
    assert "zotero.json:40: fout: item 'http://zotero.org/users/1234567/items/MNOP4567': dit item heeft geen titel" in done.stdout
    assert kennisbank("check", cwd=project).returncode == 0


def test_written_text_reads_back_identically(project: Path):
    """What we write is exactly what yamlsafe and the loader read back, for every format."""
    data_dirs = [project / "data"]
    for export in ("zotero.bib", "zotero.ris", "zotero.json"):
        report = plan_import(BIB / export, data_dirs, project)
        assert report.planned
        for item in report.planned:
            parsed = parse(item.text, item.path.name)
            assert parsed.problems == [] and parsed.data == item.data, item.record_id
    kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    result = load(data_dirs, root=project)
    assert result.ok
    assert result.kb.sources["wang-2019"].authors[0].family == "王"


def test_values_that_look_like_yaml_are_quoted(project: Path):
    """Text that YAML would read as a boolean, null, number, comment or tag stays the same text."""
    items = [{"id": f"i{n}", "type": "article-journal", "title": title, "container-title": container,
              "volume": "2021", "issue": "0x1F", "page": "'12'", "author": [{"family": family, "given": "On"}],
              "issued": {"date-parts": [[2001 + n]]}}
             for n, (title, container, family) in enumerate([
                 ("yes", "null", "True"), ("- streepje: en # hekje", "!!python/object:os.system", "*ster"),
                 ('Het "netwerk" van \'ons\' {{ config }}', "@at & <b>", "%procent"), ("2021-03-01", "~", "[lijst]")])]
    export = project / "lastig.json"
    export.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    report = plan_import(export, [project / "data"], project)
    assert len(report.planned) == 4 and report.ok
    for item in report.planned:
        parsed = parse(item.text, item.path.name)
        assert parsed.problems == [] and parsed.data == item.data
    assert kennisbank("import-bib", "lastig.json", cwd=project).returncode == 0
    result = load([project / "data"], root=project)
    assert result.ok, result.problems
    assert {s.title for s in result.kb.sources.values()} >= {"yes", "- streepje: en # hekje", "2021-03-01",
                                                             'Het "netwerk" van \'ons\' {{ config }}'}


def test_dry_run_writes_nothing(project: Path):
    done = kennisbank("import-bib", "--dry-run", str(BIB / "zotero.ris"), cwd=project)
    assert done.returncode == 0
    assert "zou schrijven: data/sources/ostergaard-2019.yaml (item 1, regel 1)" in done.stdout
    assert "Proefdraai: er is niets geschreven." in done.stdout
    assert new_sources(project) == set()


def test_importing_twice_skips_every_entry(project: Path):
    kennisbank("import-bib", str(BIB / "zotero.ris"), cwd=project)
    done = kennisbank("import-bib", str(BIB / "zotero.ris"), cwd=project)
    assert done.returncode == 0
    assert "0 van 3 items" in done.stdout and done.stdout.count("bestaat al") == 3


def test_same_doi_under_another_id_is_not_imported_twice(project: Path):
    kennisbank("import-bib", str(BIB / "zotero.ris"), cwd=project)
    export = project / "again.json"
    export.write_text('[{"id": "x", "type": "article-journal", "title": "Andere titel", "DOI": "10.1000/TSV.2019.12",'
                      ' "author": [{"family": "Anders"}], "issued": {"date-parts": [[2020]]}}]', encoding="utf-8")
    done = kennisbank("import-bib", "again.json", cwd=project)
    assert "een bron met DOI 10.1000/TSV.2019.12 bestaat al: 'ostergaard-2019'" in done.stdout  # RIS wrote https://doi.org/…
    assert not (project / "data" / "sources" / "anders-2020.yaml").exists()


def test_format_is_detected_from_the_content(project: Path):
    shutil.copy(BIB / "zotero.ris", project / "export.txt")
    done = kennisbank("import-bib", "export.txt", cwd=project)
    assert "(ris) geïmporteerd" in done.stdout and (project / "data" / "sources" / "vilans-2023.yaml").exists()


def test_entry_with_only_author_and_year_gets_a_reference_title(project: Path):
    (project / "kort.bib").write_text("@article{smit,\n  author = {Smit, Anna},\n  year = {2017},\n}\n", encoding="utf-8")
    assert kennisbank("import-bib", "kort.bib", cwd=project).returncode == 0
    record = source(project, "smit-2017")
    assert (record["title"], record["title_known"]) == ("Smit (2017)", False)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("oud.bib", "@article{a, title = {Caf\xe9}, year = {2020}}".encode("latin-1"), "oud.bib is geen UTF-8-tekst."),
    ("kapot.json", b'[\n  {"id": "a",\n  "title": }\n]', "kapot.json:3: fout: het bestand is geen geldige JSON"),
    ("leeg.txt", b"niets bruikbaars", "het formaat van leeg.txt is onbekend."),
    ("half.ris", b"TY  - JOUR\nTI  - Zonder einde\n", "half.ris:1: fout: item 1: dit item sluit niet af met 'ER  - '."),
])
def test_unreadable_exports_are_refused_in_dutch(project: Path, name: str, content: bytes, message: str):
    (project / name).write_bytes(content)
    done = kennisbank("import-bib", name, cwd=project)
    assert done.returncode == 1
    assert message in done.stdout + done.stderr
    assert new_sources(project) == set()


def test_missing_export_file(project: Path):
    done = kennisbank("import-bib", "bestaat-niet.bib", cwd=project)
    assert done.returncode == 1
    assert "fout: het bestand bestaat-niet.bib bestaat niet." in done.stderr


def test_generated_ids_never_break_an_id_rule() -> None:
    """A Windows name ('Nul' without a year) or the overview's name ('Index') would be refused by `check`."""
    from macros.core.bibimport import base_id
    from macros.core.bibimport_entry import BibEntry
    from macros.core.kinds import id_refusal

    def entry(authors: list, year: int | None, title: str) -> BibEntry:
        return BibEntry(1, 1, "k", "book", authors, year, title, {})

    ids = [base_id(entry([{"family": "Nul"}], None, "x")), base_id(entry([], None, "Index")),
           base_id(entry([{"literal": "Aux"}], None, "x")), base_id(entry([{"family": "Jansen"}], 2020, "x"))]
    assert ids[3] == "jansen-2020"
    assert [id_refusal(i) for i in ids] == [None] * 4, ids

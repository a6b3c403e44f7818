"""`kennisbank import-bib`: Zotero exports (BibTeX, RIS, CSL JSON) become source records that pass the check."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, MINI, kennisbank, other_warnings

from kennisbank.core.authoring.bibimport import plan_import
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.yamlsafe import parse

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
    """Only 'not cited yet' and the summary still to write remain, one of each per new source."""
    kennisbank("import-bib", str(BIB / "zotero.bib"), cwd=project)
    done = kennisbank("check", cwd=project)
    assert done.returncode == 0, done.stdout
    assert "0 fouten," in done.stdout and len(other_warnings(done.stdout)) == 12
    assert done.stdout.count("deze bron wordt door geen enkel werkzaam element genoemd") == 6
    assert done.stdout.count("'summary' bevat nog 'TODO'") == 6


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
    from kennisbank.core.authoring.bibimport import base_id
    from kennisbank.core.authoring.bibimport.entry import BibEntry
    from kennisbank.core.model.kinds import id_refusal

    def entry(authors: list, year: int | None, title: str) -> BibEntry:
        return BibEntry(1, 1, "k", "book", authors, year, title, {})

    ids = [base_id(entry([{"family": "Nul"}], None, "x")), base_id(entry([], None, "Index")),
           base_id(entry([{"literal": "Aux"}], None, "x")), base_id(entry([{"family": "Jansen"}], 2020, "x"))]
    assert ids[3] == "jansen-2020"
    assert [id_refusal(i) for i in ids] == [None] * 4, ids


# --- every kind of source, from every exporter -------------------------------------------------------------

def plan(project: Path, name: str, text: str):
    export = project / name
    export.write_text(text, encoding="utf-8")
    return plan_import(export, [project / "data"], project, shown_name=name)


def records(report) -> dict[str, dict]:
    return {p.record_id: {k: v for k, v in p.data.items() if k not in ("verified", "summary", "title_known")}
            for p in report.planned}


def found(report) -> list[tuple]:
    return [(p.line, p.severity, p.subject, p.message) for p in report.problems]


def test_latex_is_converted_to_text_and_rich_text(project: Path):
    """DBLP's \\ifmmode accents once, math as Unicode, '|' from $\\vert$ and \\textbar, formatting as <i>/<sup>/<sub>."""
    report = plan(project, "dblp.bib", r"""@inproceedings{DBLP:conf/ecnl/GomezB23,
  author    = {Mar{\'{\i}}a G{\ifmmode\acute{o}\else\'{o}\fi}mez and Jan {de Boer} and others},
  title     = {Peer {$\vert$} review {\textbar} in $\alpha$-networks ---
               \emph{a} \textit{study} of \textsuperscript{2}H and CO$_2$},
  booktitle = {Proc. {ECNL} 2023 {\&} {R}\&amp;{D} Day},
  pages     = {1--9},
  publisher = {{ECNL}},
  year      = {2023}
}
""")
    assert found(report) == []
    assert records(report) == {"gomez-2023": {
        "type": "conference-paper", "authors": [{"family": "Gómez", "given": "María"}, {"family": "de Boer", "given": "Jan"}],
        "title": "Peer | review | in α-networks — <i>a</i> <i>study</i> of <sup>2</sup>H and CO<sub>2</sub>", "year": 2023,
        "container": "Proc. ECNL 2023 & R&D Day", "pages": "1–9", "publisher": "ECNL"}}


def test_zotero_rich_text_in_bibtex_becomes_csl_rich_text(project: Path):
    """Zotero writes <sup> as $^{\\textrm{…}}$, <span class="nocase"> escaped with \\textless, small caps as \\textsc."""
    report = plan(project, "rijk.bib", r"""@article{rijk,
	title = {$^{\textrm{13}}$C in {\textless}span class="nocase"{\textgreater}iPhone{\textless}/span{\textgreater}
		\textsc{Data} \textbf{vet}},
	journal = {\textit{Acta} {\textless}i{\textgreater}Nova{\textless}/i{\textgreater}},
	author = {Smit, Anna},
	year = {2020},
}
""")
    record = records(report)["smit-2020"]
    assert record["title"] == ('<sup>13</sup>C in <span class="nocase">iPhone</span> '
                               '<span style="font-variant:small-caps;">Data</span> <b>vet</b>')
    assert record["container"] == "Acta Nova"  # a journal's name is plain text


def test_tex_that_cannot_be_converted_is_left_out_and_named(project: Path):
    report = plan(project, "rest.bib", "@article{rest,\n  title = {Een \\onbekend{titel} met $ rest},\n"
                                       "  journal = {\\raar Tijdschrift},\n  author = {Smit, Anna},\n  year = {2020},\n}\n")
    record = records(report)["smit-2020"]
    assert (record["title"], record["container"]) == ("Een titel met rest", "Tijdschrift")
    assert found(report) == [
        (2, "warning", "item 'rest'", "in 'title' (Een \\onbekend{titel} met $ rest) kon $, \\onbekend niet naar tekst "
                                      "worden omgezet; dat deel is weggelaten."),
        (3, "warning", "item 'rest'", "in 'journal' (\\raar Tijdschrift) kon \\raar niet naar tekst worden omgezet; dat "
                                      "deel is weggelaten.")]
    assert "Controleer 'title' in het nieuwe bronbestand" in report.problems[0].fix
    assert not any(c in value for value in map(str, record.values()) for c in "\\$")


def test_a_field_the_kind_does_not_show_is_left_out_and_reported(project: Path):
    report = plan(project, "boek.bib", "@book{lindgren_learning_2019,\n\ttitle = {Learning in communities},\n"
                                       "\tpublisher = {Cambridge University Press},\n\tjournal = {Cambridge Core},\n"
                                       "\tauthor = {Lindgren, Eva},\n\tyear = {2019},\n}\n")
    assert records(report) == {"lindgren-2019": {"type": "book", "title": "Learning in communities",
                                                 "authors": [{"family": "Lindgren", "given": "Eva"}], "year": 2019,
                                                 "publisher": "Cambridge University Press"}}
    assert found(report) == [(4, "warning", "item 'lindgren_learning_2019'",
                              "'journal' (Cambridge Core) is niet overgenomen: APA 7 noemt het tijdschrift, de bundel of "
                              "de website niet bij een boek (type 'book').")]
    assert report.problems[0].fix == ("Is het eigenlijk een ander soort publicatie (bijv. een hoofdstuk of artikel), kies "
                                      "dan in Zotero het juiste itemtype en importeer opnieuw. Anders hoef je niets te doen.")


BIBTEX_KINDS = r"""@misc{lee2021measuring,
      title={Measuring ties}, author={Lee, Min-jun and Park, Ji-woo}, year={2021}, eprint={2101.00002},
      archivePrefix={arXiv}, primaryClass={cs.SI}, url={https://arxiv.org/abs/2101.00002}
}
@article{ng2020ties,
  title={Weak ties in networks}, author={Ng, Wai}, journal={arXiv preprint arXiv:2003.04567}, year={2020}
}
@misc{diaz_cells_2022,
	title = {Cells that learn}, doi = {10.5555/biorxiv.2022.1}, howpublished = {bioRxiv}, author = {D{\'\i}az, Ana},
	year = {2022},
}
@online{kim_2023,
	title = {Ties that bind}, eprinttype = {arxiv}, eprint = {2305.00003}, author = {Kim, Bo}, date = {2023-05-01},
}
@online{wiki_2024,
	title = {Lerend netwerk}, url = {https://www.example.org/wiki/lerend-netwerk}, organization = {Voorbeeldwiki},
	author = {{Voorbeeldwiki}}, date = {2024},
}
@misc{site_2021,
	title = {Over ons}, howpublished = {\url{https://www.example.org/over-ons}}, author = {{Netwerk Zuid}}, year = {2021},
}
@misc{folder_2019,
	title = {Folder lerende netwerken}, publisher = {Gemeente Utrecht}, author = {{Gemeente Utrecht}}, year = {2019},
}
@legislation{wet_2023,
	title = {Wet lerende netwerken sociaal domein}, journaltitle = {Staatsblad}, number = {2023, 112}, date = {2023-06-14},
}
@law{regeling_2024,
	title = {Regeling lerende netwerken}, journal = {Staatscourant}, number = {2024, 5}, year = {2024},
}
@mastersthesis{vos_2016,
	title = {Leren in de wijk}, school = {Hogeschool Utrecht}, author = {Vos, Iris}, year = {2016},
}
@thesis{claes_2015,
	title = {Netwerken in de zorg}, type = {phdthesis}, institution = {KU Leuven}, author = {Claes, Tom}, date = {2015},
}
@phdthesis{mertens_2014,
	title = {Networks of care}, type = {PhD Thesis}, school = {University of Antwerp}, author = {Mertens, Lies}, year = {2014},
}
@proceedings{hartmann_2023,
	title = {Proceedings of the 12th European Conference on Networked Learning}, editor = {Hartmann, Lea and Novak, Petr},
	publisher = {Networked Learning Press}, year = {2023},
}
@techreport{nji_2022,
	title = {Leren in netwerken}, type = {Werkdocument}, number = {12}, institution = {Nederlands Jeugdinstituut},
	author = {{Nederlands Jeugdinstituut}}, year = {2022}, edition = {2},
}
"""


def test_bibtex_and_biblatex_entry_types_become_the_right_kind(project: Path):
    report = plan(project, "soorten.bib", BIBTEX_KINDS)
    assert found(report) == []
    got = records(report)
    assert got["lee-2021"] == {"type": "preprint", "title": "Measuring ties", "year": 2021, "number": "arXiv:2101.00002",
                               "authors": [{"family": "Lee", "given": "Min-jun"}, {"family": "Park", "given": "Ji-woo"}],
                               "publisher": "arXiv", "url": "https://arxiv.org/abs/2101.00002"}
    assert got["ng-2020"] == {"type": "preprint", "title": "Weak ties in networks", "year": 2020, "publisher": "arXiv",
                              "authors": [{"family": "Ng", "given": "Wai"}], "number": "arXiv:2003.04567"}
    assert (got["diaz-2022"]["type"], got["diaz-2022"]["publisher"]) == ("preprint", "bioRxiv")
    assert {k: got["kim-2023"][k] for k in ("type", "publisher", "number", "year")} == \
        {"type": "preprint", "publisher": "arXiv", "number": "arXiv:2305.00003", "year": 2023}
    assert {k: got["voorbeeldwiki-2024"].get(k) for k in ("type", "container")} == \
        {"type": "webpage", "container": "Voorbeeldwiki"}
    assert {k: got["netwerk-zuid-2021"].get(k) for k in ("type", "url")} == \
        {"type": "webpage", "url": "https://www.example.org/over-ons"}
    assert {k: got["gemeente-utrecht-2019"].get(k) for k in ("type", "publisher")} == \
        {"type": "other", "publisher": "Gemeente Utrecht"}
    assert got["wet-lerende-netwerken-sociaal-domein-2023"] == {
        "type": "legislation", "title": "Wet lerende netwerken sociaal domein", "authors": [], "year": 2023,
        "container": "Staatsblad", "number": "2023, 112"}
    assert (got["regeling-lerende-netwerken-2024"]["type"], got["regeling-lerende-netwerken-2024"]["container"]) == \
        ("legislation", "Staatscourant")
    assert [(got[i]["genre"], got[i]["publisher"]) for i in ("vos-2016", "claes-2015", "mertens-2014")] == \
        [("Masterscriptie", "Hogeschool Utrecht"), ("Proefschrift", "KU Leuven"), ("PhD Thesis", "University of Antwerp")]
    assert got["hartmann-2023"] == {
        "type": "book", "title": "Proceedings of the 12th European Conference on Networked Learning", "authors": [],
        "year": 2023, "editors": [{"family": "Hartmann", "given": "Lea"}, {"family": "Novak", "given": "Petr"}],
        "publisher": "Networked Learning Press"}
    assert got["nederlands-jeugdinstituut-2022"] == {
        "type": "report", "title": "Leren in netwerken", "authors": [{"literal": "Nederlands Jeugdinstituut"}], "year": 2022,
        "edition": "2", "number": "12", "genre": "Werkdocument", "publisher": "Nederlands Jeugdinstituut"}


def test_names_lower_case_particles_organisations_and_et_al(project: Path):
    report = plan(project, "namen.bib", "@book{namen,\n  title = {Namen},\n  year = {2020},\n  author = {hooks, bell and "
                                        "brown, adrienne maree and van der Berg, Jan and {World Health Organization} "
                                        "and de la Cruz, Ana and King, Jr., Martin and others},\n}\n")
    assert records(report)["hooks-2020"]["authors"] == [
        {"family": "hooks", "given": "bell"}, {"family": "brown", "given": "adrienne maree"},
        {"family": "van der Berg", "given": "Jan"}, {"literal": "World Health Organization"},
        {"family": "de la Cruz", "given": "Ana"}, {"family": "King Jr.", "given": "Martin"}]


RIS_KINDS = "\r\n".join([
    "TY  - EDBOOK", "TI  - Gebundelde ervaringen", "AU  - Visser, Els", "AU  - Dekker, Tim", "PY  - 2020",
    "PB  - Uitgeverij Voorbeeld", "ER  - ", "",
    "TY  - CHAP", "TI  - Een hoofdstuk", "AU  - hooks, bell", "ED  - Visser, Els", "BT  - Gebundelde ervaringen",
    "SP  - 3", "EP  - 9", "PY  - 2020", "ER  - ", "",
    "TY  - GEN", "TI  - Cells that learn", "AU  - Díaz, Ana", "PY  - 2022", "PB  - bioRxiv", "ER  - ", "",
    "TY  - JOUR", "TI  - Weak ties", "AU  - Ng, Wai", "JO  - arXiv preprint arXiv:2003.04567", "PY  - 2020",
    "M3  - 10.5555/x.1", "ER  - ", "",
    "TY  - RPRT", "TI  - Jaarverslag", "AU  - Stichting Netwerk, Zuid", "SN  - 978-90-5555-099-4", "PY  - 2021",
    "PB  - Stichting Netwerk Zuid", "T2  - Reeks verslagen", "ER  - ", "",
    "TY  - ELEC", "TI  - Een blog", "AU  - Visser, Els", "T2  - Leerblog", "M3  - Blog", "PY  - 2023", "ER  - ", "",
    "TY  - CONF", "TI  - Alleen de naam van het congres", "AU  - Okafor, Chidi", "T2  - Dag van het Netwerkleren",
    "PY  - 2019", "ER  - ", "",
    "TY  - BOOK", "TI  - Een boek in een reeks", "AU  - Dekker, Tim", "T2  - Reeks Praktijk", "SP  - 240",
    "ET  - 4", "PY  - 2018", "ER  - ", "",
    "TY  - RPRT", "TI  - Advies", "AU  - Raad, Ahmed", "AU  - Raad voor Volksgezondheid & Samenleving",
    "AU  - Ministerie van Volksgezondheid, Welzijn en Sport", "PY  - 2017", "ER  - ", ""])


def test_ris_tags_mean_what_zotero_means_by_them(project: Path):
    report = plan(project, "soorten.ris", RIS_KINDS)
    got = records(report)
    assert got["visser-2020"] == {"type": "book", "title": "Gebundelde ervaringen", "authors": [], "year": 2020,
                                  "editors": [{"family": "Visser", "given": "Els"}, {"family": "Dekker", "given": "Tim"}],
                                  "publisher": "Uitgeverij Voorbeeld"}
    assert got["hooks-2020"] == {"type": "chapter", "title": "Een hoofdstuk", "authors": [{"family": "hooks", "given": "bell"}],
                                 "year": 2020, "editors": [{"family": "Visser", "given": "Els"}],
                                 "container": "Gebundelde ervaringen", "pages": "3-9"}
    assert (got["diaz-2022"]["type"], got["diaz-2022"]["publisher"]) == ("preprint", "bioRxiv")
    assert got["ng-2020"] == {"type": "preprint", "title": "Weak ties", "authors": [{"family": "Ng", "given": "Wai"}],
                              "year": 2020, "publisher": "arXiv", "number": "arXiv:2003.04567"}  # M3 held a DOI
    assert got["stichting-netwerk-zuid-2021"] == {"type": "report", "title": "Jaarverslag", "year": 2021,
                                                  "authors": [{"literal": "Stichting Netwerk, Zuid"}],
                                                  "publisher": "Stichting Netwerk Zuid"}  # SN is an ISBN, T2 the series
    assert got["visser-2023"]["container"] == "Leerblog" and "genre" not in got["visser-2023"]
    assert got["okafor-2019"]["container"] == "Dag van het Netwerkleren"
    assert got["dekker-2018"] == {"type": "book", "title": "Een boek in een reeks", "year": 2018, "edition": "4",
                                  "authors": [{"family": "Dekker", "given": "Tim"}]}  # T2 series, SP number of pages
    assert got["raad-2017"]["authors"] == [{"family": "Raad", "given": "Ahmed"},  # RIS: an organisation may have a comma
                                           {"literal": "Raad voor Volksgezondheid & Samenleving"},
                                           {"literal": "Ministerie van Volksgezondheid, Welzijn en Sport"}]
    assert found(report) == [(43, "warning", "item 6", "'M3' (Blog) is niet overgenomen: APA 7 noemt het soort document "
                                                       "niet bij een webpagina (type 'webpage').")]


CSL_KINDS = [
    {"id": "a", "type": "article", "title": "Werkdocument", "publisher": "Hogeschool Utrecht", "number": "WP-3",
     "author": [{"family": "Vos", "given": "Iris"}], "issued": {"date-parts": [[2021]]}},
    {"id": "b", "type": "article", "title": "Een preprint", "genre": "Preprint", "publisher": "Zenodo",
     "author": [{"family": "Kim", "given": "Bo"}], "issued": {"date-parts": [["2022"]]}},
    {"id": "c", "type": "speech", "title": "Leren <b>samen</b>", "event-title": "Dag van het Netwerkleren",
     "genre": "Keynote", "author": [{"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}],
     "issued": {"date-parts": [[2019, 3, 1]]}},
    {"id": "d", "type": "bill", "title": "Wetsvoorstel netwerken", "container-title": "Kamerstukken II", "number": "36 123",
     "issued": {"date-parts": [[2023]]}},
    {"id": "e", "type": "post-weblog", "title": "R&amp;D &lt;en&gt; <em>meer</em> <span class=\"nocase\">iPad</span> "
     "<span style=\"font-variant:small-caps;\">Sc</span> <sub>2</sub>", "container-title": "<i>Leer</i>blog &amp; co",
     "author": [{"literal": "Netwerk Zuid"}], "issued": {"raw": "2024-02-01"}},
    {"id": "f", "type": "entry-encyclopedia", "title": "Netwerk", "container-title": "Encyclopedie", "page": "12",
     "editor": [{"family": "Visser", "given": "Els"}], "author": [{"family": "Dekker", "given": "Tim"}],
     "issued": {"date-parts": [[2017]]}},
]


def test_csl_json_types_and_rich_text(project: Path):
    report = plan(project, "soorten.json", json.dumps(CSL_KINDS))
    got = records(report)
    assert got["vos-2021"] == {"type": "other", "title": "Werkdocument", "authors": [{"family": "Vos", "given": "Iris"}],
                               "year": 2021, "number": "WP-3", "publisher": "Hogeschool Utrecht"}
    assert (got["kim-2022"]["type"], got["kim-2022"]["genre"], got["kim-2022"]["publisher"]) == \
        ("preprint", "Preprint", "Zenodo")
    assert got["van-beethoven-2019"] == {"type": "presentation", "title": "Leren <b>samen</b>", "year": 2019,
                                         "authors": [{"family": "van Beethoven", "given": "Ludwig"}],
                                         "container": "Dag van het Netwerkleren"}
    assert got["wetsvoorstel-netwerken-2023"] == {"type": "legislation", "title": "Wetsvoorstel netwerken", "authors": [],
                                                  "year": 2023, "container": "Kamerstukken II", "number": "36 123"}
    # CSL's own tags stay (the reference shows them); entities become characters; other markup is text, as CSL says.
    assert got["netwerk-zuid-2024"]["title"] == ('R&D <en> <em>meer</em> <span class="nocase">iPad</span> '
                                                 '<span style="font-variant:small-caps;">Sc</span> <sub>2</sub>')
    assert got["netwerk-zuid-2024"]["container"] == "Leerblog & co"
    assert (got["dekker-2017"]["type"], got["dekker-2017"]["editors"]) == ("chapter", [{"family": "Visser", "given": "Els"}])
    assert found(report) == [(1, "warning", "item 'c'", "'genre' (Keynote) is niet overgenomen: APA 7 noemt het soort "
                                                        "document niet bij een presentatie (type 'presentation').")]


# --- nothing is lost, nothing breaks -------------------------------------------------------------------------

def test_broken_csl_items_are_reported_and_the_others_imported(project: Path):
    items = ['{"id": "goed", "type": "book", "title": "Goed", "issued": {"date-parts": [[2020]]}}',
             '{"id": "n5", "type": "book", "title": "A", "author": 5}',
             '{"id": "l5", "type": "book", "title": "B", "author": [5]}',
             '{"id": "x", "type": "book", "title": "C", "issued": "x"}',
             '{"id": "t", "type": "book", "title": {"nl": "D"}}',
             '"geen item"',
             "[" * 100_000 + "]" * 100_000,
             '{"id": "ook-goed", "type": "webpage", "title": "Ook goed"}']
    export = project / "kapot.json"
    export.write_text("[\n" + ",\n".join(items) + "\n]\n", encoding="utf-8")
    done = kennisbank("import-bib", "kapot.json", cwd=project)
    assert done.returncode == 1 and done.stderr == "", done.stderr[-2000:]
    assert new_sources(project) == {"goed-2020", "ook-goed"}
    lines = [line for line in done.stdout.splitlines() if ": fout: " in line]
    assert lines == [
        "kapot.json:3: fout: item 'n5': het veld 'author' is het getal 5; dit item is niet geïmporteerd.",
        "kapot.json:4: fout: item 'l5': een naam in het veld 'author' is het getal 5; dit item is niet geïmporteerd.",
        "kapot.json:5: fout: item 'x': het veld 'issued' is tekst; dit item is niet geïmporteerd.",
        "kapot.json:6: fout: item 't': het veld 'title' is een groep velden ({…}); dit item is niet geïmporteerd.",
        "kapot.json:7: fout: item 6: dit item is geen groep velden ({…}); het is niet geïmporteerd.",
        "kapot.json:8: fout: item 7: dit item is te diep genest om te lezen; het is niet geïmporteerd."]
    assert "2 van 8 items uit kapot.json (csl-json) geïmporteerd, 6 overgeslagen." in done.stdout


@pytest.mark.parametrize("content", ['{"a": ' * 100_000 + "1" + "}" * 100_000, "[" + "{" * 50, '[{"id": "a"}, x]'])
def test_an_unreadable_csl_file_is_one_problem_and_nothing_is_written(project: Path, content: str):
    (project / "heel-kapot.json").write_text(content, encoding="utf-8")
    done = kennisbank("import-bib", "heel-kapot.json", cwd=project)
    assert done.returncode == 1 and done.stderr == ""
    assert done.stdout.count("fout:") == 1 and "er is niets geïmporteerd" in done.stdout
    assert new_sources(project) == set()


def test_broken_bibtex_and_ris_entries_never_print_a_traceback(project: Path):
    (project / "diep.bib").write_text("@article{diep, title = {" + "{" * 100_000 + "x" + "}" * 100_000 + "}, year = {2020}}\n"
                                      "@article{goed, title = {Goed}, author = {Smit, Anna}, year = {2021}}\n",
                                      encoding="utf-8")
    done = kennisbank("import-bib", "diep.bib", cwd=project)
    assert done.stderr == "" and new_sources(project) == {"smit-2021"}
    assert "diep.bib:1: fout: item 'diep': dit item kon niet worden omgezet (te diep geneste accolades)" in done.stdout
    (project / "raar.ris").write_text("TY  - \r\nER  - \r\nTY  - JOUR\r\nTI  - Goed\r\nPY  - 2019\r\nAU  - Smit, Anna\r\n"
                                      "ER  - \r\n", encoding="utf-8")
    done = kennisbank("import-bib", "raar.ris", cwd=project)
    assert done.stderr == "" and "smit-2019" in new_sources(project)
    assert "raar.ris:1: fout: item 1: dit item heeft geen titel en geen auteur en geen jaar" in done.stdout


def test_a_title_over_200_characters_is_imported(project: Path):
    title = "Lerende netwerken " * 30
    report = plan(project, "lang.json", json.dumps([{"id": "l", "type": "report", "title": title,
                                                     "author": [{"family": "Lang"}], "issued": {"date-parts": [[2020]]}}]))
    assert report.ok and records(report)["lang-2020"]["title"] == title.strip()


# --- ids ------------------------------------------------------------------------------------------------------

def test_long_names_give_ids_that_fit_in_a_file_name(project: Path):
    name = "Landelijk Kenniscentrum voor Samenwerking tussen Onderwijs Zorg Welzijn en Veiligheid in Nederland"
    report = plan(project, "lang.json", json.dumps([
        {"id": "a", "type": "report", "title": "A", "author": [{"literal": name}], "issued": {"date-parts": [[2020]]}},
        {"id": "b", "type": "report", "title": "B", "issued": {"date-parts": [[2020]]},
         "author": [{"family": "Aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggg"}]},
        {"id": "c", "type": "report", "title": "Een " + "heel " * 40 + "lange titel"}]))
    ids = [p.record_id for p in report.planned]
    assert ids[0] == "landelijk-kenniscentrum-voor-samenwerking-tussen-2020"  # the first five words
    assert all(len(i) <= 60 for i in ids) and ids[1].endswith("-2020"), ids
    assert ids[2] == "een-heel-heel-heel-heel"


@pytest.mark.parametrize("name", ["Index", "Nul", "CON", "aux", "PRN", "com1", "LPT9", "Tags"])
def test_an_id_check_refuses_is_never_written(project: Path, name: str):
    from kennisbank.core.model.kinds import id_refusal

    report = plan(project, "naam.bib", f"@misc{{x, title = {{{name}}}}}\n@misc{{y, author = {{{{{name}}}}}, year = "
                                       f"{{2020}}}}\n@misc{{z, author = {{{{{name}}}}}, title = {{T}}}}\n")
    ids = [p.record_id for p in report.planned]
    assert len(ids) == 3 and [id_refusal(i) for i in ids] == [None] * 3, ids


def test_same_author_and_year_twice_in_one_export_whatever_the_case(project: Path):
    report = plan(project, "brown.bib", "@book{a, title = {Een}, author = {brown, ada}, year = {2019}}\n"
                                        "@book{b, title = {Twee}, author = {Brown, Lisa}, year = {2019}}\n"
                                        "@book{c, title = {Drie}, author = {BROWN, Tom}, year = {2019}}\n")
    assert [p.record_id for p in report.planned] == ["brown-2019", "brown-2019-b", "brown-2019-c"]


def _write_source(project: Path, record_id: str, body: str) -> None:
    (project / "data" / "sources" / f"{record_id}.yaml").write_text(
        "summary: Al aanwezig.\nverified: false\n" + body, encoding="utf-8")


def test_an_existing_id_of_another_publication_gets_the_next_letter(project: Path):
    _write_source(project, "brown-2019", "type: book\ntitle: Een ander boek\nauthors: [{family: Brown}]\nyear: 2019\n")
    _write_source(project, "brown-2019-b", "type: book\ntitle: Nog een ander boek\nauthors: [{family: Brown}]\nyear: 2019\n"
                                           "doi: 10.5555/ander\n")
    report = plan(project, "brown.json", json.dumps([
        {"id": "a", "type": "book", "title": "Leren zonder hiërarchie", "DOI": "10.5555/nieuw",
         "author": [{"family": "Brown"}], "issued": {"date-parts": [[2019]]}}]))
    assert [p.record_id for p in report.planned] == ["brown-2019-c"] and report.problems == []


@pytest.mark.parametrize(("existing", "entry"), [
    ("title: 'Leren zonder  Hiërarchie!'\n", {}),                                    # the same title and year
    ("title: Een andere titel\ndoi: 10.5555/zelfde\n", {"DOI": "https://doi.org/10.5555/ZELFDE"}),  # the same DOI
    ("title: Brown (2019)\ntitle_known: false\n", {}),                               # cannot tell: never overwritten
])
def test_the_same_publication_under_an_existing_id_is_skipped(project: Path, existing: str, entry: dict):
    _write_source(project, "brown-2019", "type: book\nauthors: [{family: Brown}]\nyear: 2019\n" + existing)
    report = plan(project, "brown.json", json.dumps([
        {"id": "a", "type": "book", "title": "Leren zonder hiërarchie", "author": [{"family": "Brown"}],
         "issued": {"date-parts": [[2019]]}, **entry}]))
    assert report.planned == []
    assert "bestaat al" in report.problems[0].message and report.problems[0].severity == "warning"


# --- writing: all or nothing ---------------------------------------------------------------------------------

def _files(project: Path) -> set[str]:
    return {p.name for p in (project / "data" / "sources").iterdir()}


def test_a_file_that_appears_after_planning_stops_the_whole_import(project: Path):
    from kennisbank.core.authoring.bibimport import write_planned
    from kennisbank.core.reading.problems import CommandError

    report = plan_import(BIB / "zotero.ris", [project / "data"], project)
    before = _files(project)
    (project / "data" / "sources" / "ostergaard-2019-b.yaml").mkdir()  # something now stands at the second target
    with pytest.raises(CommandError) as caught:
        write_planned(report)
    assert _files(project) == before | {"ostergaard-2019-b.yaml"}  # nothing of the import, no temporary files
    assert "ostergaard-2019-b.yaml bestaat intussen al" in caught.value.message
    assert "er is niets geïmporteerd" in caught.value.message and "Importeer opnieuw" in caught.value.fix


def test_a_write_error_removes_every_file_already_written(project: Path, monkeypatch: pytest.MonkeyPatch):
    import errno
    import os

    from kennisbank.core.authoring.bibimport import write_planned
    from kennisbank.core.reading.problems import CommandError

    report = plan_import(BIB / "zotero.ris", [project / "data"], project)
    before, real_replace, calls = _files(project), os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(CommandError) as caught:
        write_planned(report)
    assert _files(project) == before
    assert "kon niet worden geschreven (de schijf is vol); er is niets geïmporteerd." in caught.value.message


def test_the_sources_folder_is_made_when_it_is_missing(project: Path):
    from kennisbank.core.authoring.bibimport import write_planned

    shutil.rmtree(project / "data" / "sources")
    write_planned(plan_import(BIB / "zotero.ris", [project / "data"], project))
    assert _files(project) == {"ostergaard-2019.yaml", "ostergaard-2019-b.yaml", "vilans-2023.yaml"}


# --- an English site ---------------------------------------------------------------------------------------------

ENGLISH_EXPORT = (
    "@phdthesis{claes, title = {Netwerken in de zorg}, school = {KU Leuven}, author = {Claes, Tom}, year = {2015}}\n"
    "@book{boek, title = {Leren}, journal = {Cambridge Core}, author = {Smit, Anna}, year = {2019}}\n"
    "@article{rest, title = {A \\unknown{title}}, author = {Smit, Anna}, year = {2020}}\n"
    "@article{leeg, journal = {Niets}}\n"
    "@article{kapot, title = {Open\n")


def test_an_english_project_gets_english_problems(project: Path):
    """With theme.language en, what `import-bib` prints is English; the Dutch wording stays as it was."""
    from test_english_messages import dutch_words

    (project / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  language: en\n", encoding="utf-8")
    (project / "export.bib").write_text(ENGLISH_EXPORT, encoding="utf-8")
    (project / "half.ris").write_text("TY  - JOUR\nTI  - Zonder einde\n", encoding="utf-8")
    out = kennisbank("import-bib", "--dry-run", "export.bib", cwd=project).stdout
    out += kennisbank("import-bib", "half.ris", cwd=project).stdout
    assert not {line: dutch_words(line) for line in out.splitlines() if dutch_words(line)}
    assert "export.bib:4: error: item 'leeg': this item has no title, no author and no year; it was not imported." in out
    assert "export.bib:2: warning: item 'boek': 'journal' (Cambridge Core) was not imported: APA 7 does not show the " \
           "journal, the edited book or the website for a book (type 'book')." in out
    assert "in 'title' (A \\unknown{title}) \\unknown could not be converted to text" in out
    assert "export.bib:5: error: item 'kapot': this item could not be read (BibTeX syntax error)." in out
    assert "half.ris:1: error: item 1: this item does not end with 'ER  - '." in out
    # The same problem in Dutch: the wording the Dutch tests know.
    report = plan(project, "export.bib", ENGLISH_EXPORT)
    leeg = next(p for p in report.problems if p.subject == "item 'leeg'")
    assert leeg.format() == ("export.bib:4: fout: item 'leeg': dit item heeft geen titel en geen auteur en geen jaar; "
                             "het is niet geïmporteerd.\n    verwacht: een titel, of ten minste een auteur en een jaar\n"
                             "    oplossing: Vul het item aan in Zotero (of in het bestand) en importeer opnieuw.")


def test_new_source_files_are_written_in_the_sites_language(project: Path):
    """Comments, the summary placeholder and our own wording of a thesis' genre follow `language`; Dutch by default."""
    from test_english_messages import dutch_words

    (project / "export.bib").write_text(ENGLISH_EXPORT, encoding="utf-8")
    english = plan_import(project / "export.bib", [project / "data"], project, shown_name="export.bib", language="en")
    claes = next(item for item in english.planned if item.record_id == "claes-2015")
    comments = [line for item in english.planned for line in item.text.splitlines() if line.startswith("#")]
    assert not {line: dutch_words(line) for line in comments if dutch_words(line)}
    assert "# Imported with 'kennisbank import-bib' from export.bib (item 'claes', line 1)." in comments
    assert (claes.data["genre"], claes.data["summary"]) == \
        ("Doctoral dissertation", "TODO: write what this source is cited for in the knowledge base.")
    assert parse(claes.text, claes.path.name).data == claes.data
    dutch = next(item for item in plan_import(project / "export.bib", [project / "data"], project).planned
                 if item.record_id == "claes-2015")
    assert (dutch.data["genre"], dutch.data["summary"]) == \
        ("Proefschrift", "TODO: schrijf waarvoor deze bron in de kennisbank wordt aangehaald.")
    assert "# Geïmporteerd met 'kennisbank import-bib' uit export.bib (item 'claes', regel 1).\n" in dutch.text

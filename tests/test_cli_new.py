"""`kennisbank new`: a commented skeleton in the right folder that passes the check as written."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, MINI, build, kennisbank, make_project, other_warnings

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.reading.yamlsafe import parse


@pytest.mark.parametrize(("alias", "folder"), [
    ("thema", "themes"), ("theme", "themes"), ("element", "elements"), ("werkzaam-element", "elements"),
    ("bron", "sources"), ("source", "sources"), ("praktijkvoorbeeld", "examples"), ("example", "examples"),
    ("hulpmiddel", "templates"), ("template", "templates"),
])
def test_dutch_and_english_kind_names_write_into_the_right_folder(project: Path, alias: str, folder: str):
    done = kennisbank("new", alias, "nieuw-record", cwd=project)
    assert done.returncode == 0, done.stderr
    path = project / "data" / folder / "nieuw-record.yaml"
    assert done.stdout.startswith(f"Geschreven: data/{folder}/nieuw-record.yaml\n")
    kind = next(k for k in KINDS if k.folder == folder)
    assert path.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../../schema/{kind.name}.json\n")


def test_every_skeleton_passes_the_check_as_written(project: Path):
    """Valid as written; what still says TODO is a warning (an error with --strict), and a new source is not cited yet."""
    for kind in ("thema", "element", "bron", "praktijkvoorbeeld", "hulpmiddel"):
        assert kennisbank("new", kind, f"nieuw-{kind}", cwd=project).returncode == 0
    done = kennisbank("check", cwd=project)
    assert done.returncode == 0, done.stdout
    assert "0 fouten," in done.stdout
    warnings = other_warnings(done.stdout)
    todo = [w for w in warnings if "bevat nog 'TODO'" in w]
    assert [w for w in warnings if w not in todo] == [
        w for w in warnings if "bron 'nieuw-bron': deze bron wordt door geen enkel werkzaam element genoemd." in w]
    for kind in ("thema", "element", "bron", "praktijkvoorbeeld", "hulpmiddel"):  # every skeleton asks for its summary
        assert any(f"nieuw-{kind}" in w and "'summary' bevat nog 'TODO'" in w for w in todo), kind
    strict = kennisbank("check", "--strict", cwd=project)
    assert strict.returncode == 1 and f"{len(todo)} fouten," in strict.stdout


def test_leftover_todo_is_named_with_its_line_and_blocks_a_strict_build(tmp_path: Path):
    project = make_project(tmp_path / "site")
    source = project / "data" / "sources" / "salem-2002.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "body: |\n  Eerste alinea.\n\n  TODO: nog aanvullen.\n", encoding="utf-8")
    done = kennisbank("check", cwd=project)
    line = len(text.splitlines()) + 1
    assert done.returncode == 0
    assert (f"data/sources/salem-2002.yaml:{line}: waarschuwing: bron 'salem-2002': 'body' bevat nog 'TODO': deze tekst "
            "moet nog geschreven worden.") in done.stdout
    built = build(project)
    assert built.returncode != 0 and "'body' bevat nog 'TODO'" in built.log
    assert build(project, strict=False).returncode == 0  # without --strict (as `mkdocs serve`) the site is built


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_skeleton_explains_each_field_in_dutch_and_marks_what_to_fill(project: Path, kind):
    kennisbank("new", kind.name, "uitleg", cwd=project)
    text = (project / "data" / kind.folder / "uitleg.yaml").read_text(encoding="utf-8")
    parsed = parse(text, "uitleg.yaml")
    assert parsed.problems == []
    lines = text.splitlines()
    for key in parsed.data:  # every field has a comment line right above it
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[index - 1].startswith("# "), key
    assert "TODO" in text and "Controleer daarna met 'kennisbank check'" in text


def test_element_skeleton_offers_the_existing_choices(project: Path):
    kennisbank("new", "element", "deel-kennis", cwd=project)
    text = (project / "data" / "elements" / "deel-kennis.yaml").read_text(encoding="utf-8")
    data = parse(text, "deel-kennis.yaml").data
    assert data["title"] == "Deel kennis"
    assert data["themes"] == ["gedeelde-ambitie"]  # the first theme by order, marked TODO in the comment
    comments = " ".join(line[1:].strip() for line in text.splitlines() if line.startswith("#"))
    assert "TODO: kies de juiste thema's. Kies uit: 'gedeelde-ambitie', 'heldere-organisatie'." in comments
    assert "Kies uit: 'formeren', 'onderhouden', 'institutionaliseren'." in comments
    assert data["evidence"] == [{"kind": "expert", "sources": ["kallio-lappalainen-2015"],
                                 "note": "TODO: wat zeggen experts hierover, volgens welk document?"}]


def test_theme_skeleton_continues_the_order(project: Path):
    kennisbank("new", "thema", "samen-op-afstand", cwd=project)
    assert parse((project / "data" / "themes" / "samen-op-afstand.yaml").read_text(encoding="utf-8"), "x").data["order"] == 30


def test_existing_id_is_refused_with_a_free_alternative(project: Path):
    before = (project / "data" / "elements" / "duidelijk-doel.yaml").read_bytes()
    done = kennisbank("new", "werkzaam-element", "duidelijk-doel", cwd=project)
    assert done.returncode == 1
    assert done.stderr == ("fout: de id 'duidelijk-doel' bestaat al: data/elements/duidelijk-doel.yaml.\n"
                           "    oplossing: Bewerk dat bestand, of kies een andere id, bijv. 'duidelijk-doel-2'.\n")
    assert (project / "data" / "elements" / "duidelijk-doel.yaml").read_bytes() == before


def test_id_in_a_second_data_folder_is_refused_too(project: Path):
    (project / "extra" / "themes").mkdir(parents=True)
    (project / "extra" / "themes" / "eigen-thema.yaml").write_text("title: Eigen\nsummary: Eigen thema.\n", encoding="utf-8")
    done = kennisbank("new", "thema", "eigen-thema", "--data", "data", "--data", "extra", cwd=project)
    assert done.returncode == 1 and "bestaat al: extra/themes/eigen-thema.yaml" in done.stderr
    assert kennisbank("new", "thema", "ander-thema", "--data", "data", "--data", "extra", cwd=project).returncode == 0
    assert (project / "data" / "themes" / "ander-thema.yaml").exists()  # the first folder gets the file


@pytest.mark.parametrize(("record_id", "message"), [
    ("Deel Kennis!", "fout: 'Deel Kennis!' is geen geldige id: alleen kleine letters, cijfers en enkele koppeltekens.\n"
                     "    oplossing: Gebruik bijvoorbeeld 'deel-kennis'."),
    ("Duidelijk_Doel", "oplossing: Gebruik bijvoorbeeld 'duidelijk-doel-2'."),  # the slug itself is taken
    ("index", "fout: de id 'index' is gereserveerd voor de overzichtspagina."),
])
def test_invalid_id_is_refused_with_a_valid_slug(project: Path, record_id: str, message: str):
    done = kennisbank("new", "element", record_id, cwd=project)
    assert done.returncode == 1
    assert message in done.stderr
    assert sorted(p.name for p in (project / "data" / "elements").iterdir()) == \
        sorted(p.name for p in (MINI / "elements").iterdir())


def test_unknown_kind_is_refused(project: Path):
    done = kennisbank("new", "artikel", "x", cwd=project)
    assert done.returncode == 1
    assert "fout: onbekende soort record 'artikel'." in done.stderr and "hulpmiddel (template)" in done.stderr


def test_missing_data_folder_is_refused(tmp_path: Path):
    done = kennisbank("new", "thema", "x", cwd=tmp_path)
    assert done.returncode == 1 and "fout: de datamap 'data' bestaat niet." in done.stderr


def test_schema_path_is_relative_to_a_nested_data_folder(project: Path):
    (project / "org").mkdir()
    shutil.move(project / "data", project / "org" / "data")
    (project / "mkdocs.yml").write_text("site_name: x\nextra:\n  kennisbank:\n    data: [org/data]\n", encoding="utf-8")
    assert kennisbank("new", "bron", "nieuwe-bron", cwd=project).returncode == 0
    text = (project / "org" / "data" / "sources" / "nieuwe-bron.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/source.json\n")


def test_new_editor_adds_an_element_with_a_literature_source_and_the_site_builds(tmp_path: Path):
    """The issue's 'done when': new element + imported source + evidence citing it -> check is clean, site builds."""
    project = make_project(tmp_path / "project")
    assert kennisbank("new", "element", "leer-van-elkaars-praktijk", cwd=project).returncode == 0
    done = kennisbank("import-bib", str(FIXTURES / "bib" / "een-bron.bib"), cwd=project)
    assert done.returncode == 0, done.stdout
    assert "geschreven: data/sources/de-vries-2021.yaml" in done.stdout
    element = project / "data" / "elements" / "leer-van-elkaars-praktijk.yaml"
    text = element.read_text(encoding="utf-8")
    skeleton_evidence = ("  - kind: expert\n    sources:\n      - kallio-lappalainen-2015\n"
                         "    note: 'TODO: wat zeggen experts hierover, volgens welk document?'\n")
    assert skeleton_evidence in text
    element.write_text(text.replace(skeleton_evidence, "  - kind: literature\n    sources: [de-vries-2021]\n"
                                    "    note: Deelnemers leren het meest van elkaars praktijk.\n"), encoding="utf-8")
    unfinished = kennisbank("check", "--strict", cwd=project)
    assert unfinished.returncode == 1 and "bevat nog 'TODO'" in unfinished.stdout  # the summaries are still to write
    _fill_todos(element, "Deelnemers leren van elkaars praktijk.")
    _fill_todos(project / "data" / "sources" / "de-vries-2021.yaml", "Onderzoek naar leren van elkaars praktijk.")
    check = kennisbank("check", "--strict", cwd=project)
    assert check.returncode == 0 and "0 fouten," in check.stdout and other_warnings(check.stdout) == [], check.stdout
    built = build(project)
    assert built.returncode == 0, built.log
    page = built.page("werkzame-elementen/leer-van-elkaars-praktijk/")
    assert "bronnen/de-vries-2021/" in page
    assert "Müller" in built.page("bronnen/de-vries-2021/")


def _fill_todos(path: Path, text: str) -> None:
    """What an editor does next: every value that still says TODO gets real text (comments may keep theirs)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    filled = [line if line.lstrip().startswith("#") else re.sub(r"'?TODO:[^']*'?", text, line) for line in lines]
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")

"""What the loader reads from a data folder, and how: the golden cases (tests/cases/unread-*, symlink-*, fifo-*,
not-a-regular-file, id-*, windows-reserved-id, attachment-not-a-file) show the messages; these tests show what the
cases cannot: nothing outside the data folder is published, a FIFO never blocks, the size is known before reading,
and `kennisbank new` refuses exactly the ids that `kennisbank check` refuses, in the same words."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT, kennisbank

from kennisbank.core.authoring.scaffold import create_record
from kennisbank.core.model.kinds import ELEMENT, id_refusal
from kennisbank.core.reading import datafolder
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.textutil import MAX_ID_LENGTH, slugify

THEME = "title: Van buiten de datamap\nsummary: Dit record mag niet op de site komen.\n"


def test_a_valid_record_behind_a_symlink_out_of_the_data_folder_is_not_published(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "elders" / "themes").mkdir(parents=True)
    (tmp_path / "elders" / "themes" / "geheim.yaml").write_text(THEME, encoding="utf-8")
    os.symlink(tmp_path / "elders" / "themes" / "geheim.yaml", tmp_path / "data" / "themes" / "geheim.yaml")
    result = load(["data"], root=tmp_path)
    assert "geheim" not in result.kb.themes and not result.ok
    assert [p.file for p in result.errors] == ["data/themes/geheim.yaml"]
    # A whole folder linked in from outside is not read either.
    shutil.rmtree(tmp_path / "data" / "themes")
    os.symlink(tmp_path / "elders" / "themes", tmp_path / "data" / "themes")
    result = load(["data"], root=tmp_path)
    assert result.kb is not None and not result.kb.themes
    assert "data/themes" in [p.file for p in result.errors]


def test_a_data_folder_that_is_itself_a_symlink_is_read(tmp_path: Path) -> None:
    """The upstream/data of an organisation is such a link (tests/test_init.py): its own files are inside it."""
    os.symlink(MINI, tmp_path / "data")
    assert load(["data"], root=tmp_path).ok


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_in_every_place_the_loader_reads_never_block(tmp_path: Path) -> None:
    """Opening a FIFO blocks until someone writes to it: run the load in a child with a deadline."""
    shutil.copytree(MINI, tmp_path / "data")
    for name in ("glossary.yaml", "themes/gedeelde-ambitie.yaml"):
        (tmp_path / "data" / name).unlink()
    for name in ("glossary.yaml", "themes/gedeelde-ambitie.yaml", "elements/pijp.yaml", "pijp.yaml", "themes/sub.yaml"):
        os.mkfifo(tmp_path / "data" / name)
    code = ("import sys; from kennisbank.core.reading.loader import load; "
            "print(len(load(['data'], root=sys.argv[1]).errors))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 5


def test_the_size_is_known_from_stat_before_a_byte_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINI, tmp_path / "data")
    big = tmp_path / "data" / "themes" / "groot.yaml"
    with big.open("wb") as handle:
        handle.truncate(datafolder.MAX_FILE_BYTES + 1)  # sparse: large on stat, nothing to read
    opened: list[Path] = []
    original = datafolder.read_checked
    monkeypatch.setattr(datafolder, "read_checked", lambda file, *a: opened.append(file.real) or original(file, *a))
    monkeypatch.setattr("kennisbank.core.reading.loader.read_checked", datafolder.read_checked)
    result = load(["data"], root=tmp_path)
    assert big.resolve() not in opened
    assert [p.message for p in result.errors] == ["het bestand is te groot (1,0 MB)."]


def test_harmless_files_are_ignored_without_a_word(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "data")
    for name in (".gitkeep", ".DS_Store", "README.md", "themes/.gitkeep", "themes/Thumbs.db", "themes/desktop.ini",
                 "themes/gedeelde-ambitie.yaml~", "templates/bijlagen/agenda.docx", "templates/~$agenda.docx",
                 ".git/config", ".hidden/x.yaml"):
        (tmp_path / "data" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "data" / name).write_text("x", encoding="utf-8")
    result = load(["data"], root=tmp_path)
    assert result.ok and not _about_files(result), [p.format() for p in result.problems]


def test_a_symlink_loop_inside_the_data_folder_ends(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "data" / "bijlagen").mkdir()
    os.symlink("..", tmp_path / "data" / "bijlagen" / "terug")
    os.symlink(".", tmp_path / "data" / "themes" / "zelf")
    os.symlink(".", tmp_path / "data" / "zelf")
    result = load(["data"], root=tmp_path)
    assert result.ok and not _about_files(result), [p.format() for p in result.problems]


def _about_files(result) -> list[str]:
    """Problems about the data folder's files and folders, not about the fixture's content."""
    return [p.format() for p in result.problems if p.line is None and p.subject is None]


# --- ids: `kennisbank check` and `kennisbank new` apply the same rules ---------------------------------------

@pytest.mark.parametrize("record_id", ["con", "nul", "aux", "prn", "com1", "lpt9", "x" * (MAX_ID_LENGTH + 1), "a" * 300])
def test_new_refuses_what_check_refuses_in_the_same_words(project: Path, record_id: str) -> None:
    data = project / "data"
    with pytest.raises(CommandError) as refused:
        create_record("element", record_id, [data], project)
    assert refused.value.message == id_refusal(record_id).message
    assert not list((data / "elements").glob(f"{record_id[:50]}*"))
    suggestion = refused.value.fix.split("'")[1]
    assert id_refusal(suggestion) is None
    if len(record_id) < 255:  # the file system refuses longer names itself
        (data / "elements" / f"{record_id}.yaml").write_text((data / "elements" / "duidelijk-doel.yaml").read_text("utf-8"),
                                                             encoding="utf-8")
        messages = [p.message for p in load(["data"], root=project).errors]
        assert refused.value.message in messages


@pytest.mark.parametrize("record_id", ["con-x", "nul-meting", "x" * MAX_ID_LENGTH, "com10"])
def test_ids_that_only_look_reserved_are_fine(record_id: str) -> None:
    assert id_refusal(record_id) is None


def test_a_trailing_newline_is_not_an_id(project: Path) -> None:
    """`re.match` with '$' accepts 'abc\\n'; the rule uses fullmatch."""
    assert id_refusal("abc\n").rule == "pattern"
    with pytest.raises(CommandError):
        create_record("element", "abc\n", [project / "data"], project)


def test_a_300_character_id_on_the_command_line_is_a_message_not_a_traceback(project: Path) -> None:
    done = kennisbank("new", "element", "a" * 300, cwd=project)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "is te lang: 300 tekens, hoogstens 100." in done.stderr


def test_suggested_ids_are_short_enough() -> None:
    assert len(slugify("Een heel lange titel " * 20)) <= MAX_ID_LENGTH
    assert not slugify("woord-" * 40).endswith("-")
    assert id_refusal("CON").suggestion == "con-2"  # not a reserved name again


def test_kinds_still_accept_every_shipped_id() -> None:
    for path in (ROOT / "data" / ELEMENT.folder).glob("*.yaml"):
        assert id_refusal(path.stem) is None, path.name

"""With `language: en` (or `kennisbank init --language en`) the commands and the build log speak English: the lines
the commands print themselves, their refusals, and what the plugin logs about the data."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import MINI, build, kennisbank, make_project
from mkdocs.exceptions import Abort
from test_english_messages import dutch_words

from kennisbank import cli
from kennisbank.adapter import build_errors
from kennisbank.core.outputs.downloads import SkippedFormat, skipped_notice
from kennisbank.core.reading.loader import load
from kennisbank.core.settings import read_language

ENGLISH = "site_name: T\ntheme:\n  name: material\n  language: en\n"


def _untranslated(text: str) -> dict[str, set[str]]:
    return {line: words for line in text.splitlines() if (words := dutch_words(line))}


def test_init_in_english_says_everything_in_english(tmp_path: Path) -> None:
    done = kennisbank("init", str(tmp_path / "kb"), "--language", "en", "--name", "Example Council")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"New knowledge base in {tmp_path / 'kb'}/") and "See " in done.stdout
    assert not _untranslated(done.stdout)
    again = kennisbank("init", str(tmp_path / "kb"), "--language", "en")
    assert again.returncode == 1
    assert "error: the folder" in again.stderr and "already exists and is not empty" in again.stderr
    assert "    fix: " in again.stderr and not _untranslated(again.stderr)
    dutch = kennisbank("init", str(tmp_path / "kb"))  # the refusal in the language asked for
    assert "fout: de map" in dutch.stderr and "oplossing:" in dutch.stderr


@pytest.mark.parametrize("name", ["", "two\nlines"])
def test_init_refuses_a_name_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert cli.main(["init", str(tmp_path / "kb"), "--language", "en", "--name", name]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the name") and "fix: " in err and not _untranslated(err)


def _english_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str = ENGLISH) -> Path:
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_new_and_check_print_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    _english_project(tmp_path, monkeypatch)
    assert cli.main(["new", "element", "new-element"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Written: data/elements/new-element.yaml\nFill in the fields") and not _untranslated(out)
    cli.main(["check"])
    summary = capsys.readouterr().out.splitlines()[-1]
    assert " records read from data in " in summary and re.search(r"\d+ errors?, \d+ warnings?\.$", summary)
    assert not dutch_words(summary)


def test_a_broken_setting_is_refused_in_the_sites_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    _english_project(tmp_path, monkeypatch, ENGLISH + "extra:\n  kennisbank:\n    reveiw_after_days: 10\n")
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: extra.kennisbank in mkdocs.yml has no key 'reveiw_after_days'. Did you mean "
                          "'review_after_days'?") and not _untranslated(err)
    (tmp_path / "mkdocs.yml").write_text(ENGLISH + "extra: [unclosed\n", encoding="utf-8")
    assert read_language(tmp_path / "mkdocs.yml") == "nl"  # nothing could be read: Dutch
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err.startswith("fout: ")
    (tmp_path / "mkdocs.yml").write_text("theme:\n  language: en\nextra:\n  kennisbank: [data]\n", encoding="utf-8")
    assert read_language(tmp_path / "mkdocs.yml") == "en"
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err.startswith("error: extra.kennisbank in mkdocs.yml must be a list of settings")


def test_build_messages_have_an_english_wording(tmp_path: Path) -> None:
    missing = skipped_notice(SkippedFormat("pdf", "cannot load library 'libpango-1.0-0'", chosen=False))
    assert "brew install pango" in missing.text("en") and not _untranslated(missing.text("en"))
    assert missing.startswith("Geen pdf-versies")  # Dutch as before
    chosen = skipped_notice(SkippedFormat("pdf", "pdf: false", chosen=True))
    assert not _untranslated(chosen.text("en"))
    kb = load([str(MINI)], root=tmp_path).kb
    page = SimpleNamespace(file=SimpleNamespace(src_uri="themas/gedeelde-ambitie.md"),
                           meta={"kennisbank": "theme/gedeelde-ambitie"})
    with pytest.raises(Abort) as aborted:
        build_errors.report(RecursionError("maximum recursion depth exceeded"), page, kb, "build", "en")
    message = str(aborted.value)
    assert message.startswith("The page 'themas/gedeelde-ambitie.md' (record 'gedeelde-ambitie' in ")
    assert "themes/gedeelde-ambitie.yaml) could not be made: the text is nested too deeply" in message
    assert not _untranslated(str(aborted.value))


def test_an_english_build_logs_the_data_problems_in_english(tmp_path: Path) -> None:
    """One build (it stops at the data, before any page is made): the warnings and the error report in English."""
    project = make_project(tmp_path / "p", config_edit=lambda c: c.replace("  language: nl ", "  language: en ", 1))
    element = project / "data" / "elements" / "duidelijk-doel.yaml"
    element.write_text(element.read_text(encoding="utf-8").replace(
        "summary: Een helder doel maakt een netwerk duurzaam.", "summary: TODO"), encoding="utf-8")
    (project / "data" / "elements" / "broken.yaml").write_text("id: broken\ntitle: 12\n", encoding="utf-8")
    built = build(project)
    assert built.returncode != 0 and "Traceback" not in built.log
    assert "The knowledge base has errors." in built.log and "De kennisbank bevat fouten" not in built.log
    assert "data/elements/broken.yaml" in built.log and ": error: " in built.log and ": fout: " not in built.log
    assert "'summary' still contains 'TODO'" in built.log  # a warning, logged before the build stops
    assert not _untranslated(built.log)

"""With `language: en`, what editors read from `check` is English: every golden case, worded in English, holds no
Dutch words outside the values it quotes; the Dutch wording stays exactly as the golden cases say."""
from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import MINI, kennisbank
from test_golden_cases import CASES, build_case

from kennisbank.core.i18n import both, joined, language_of, say
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.problems import CommandError, DataError, Problem, summary_line

# Dutch words that are not also English words; one of them outside quotes means a message was not translated.
DUTCH = frozenset("""de het een niet van voor moet moeten geen wordt worden zijn bij staat staan deze dit naar als met uit
op te heeft hebben kan kunnen mag maar ook nog dan waar wat welke hier dat er zo haal vul zet noem bestand bestanden
veld velden fout fouten waarschuwing verwacht oplossing regel map mappen tekst lijst leeg lege ontbreekt gevonden
bevat schrijf gebruik kies verwijder voeg toe zoals hoort tussen onder boven alleen elke elk ieder nieuwe geldige
geldig ongeldig bron bronnen thema thema's hulpmiddel hulpmiddelen praktijkvoorbeeld begrippenlijst""".split())

_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|`[^`\n]*`|«[^»\n]*»|‘[^’\n]*’|“[^”\n]*”")
_PATHS = re.compile(r"\S+\.(?:ya?ml|md|json|docx|pdf|odt|csv|bib|ris|txt)\b|\S+/\S*")


def dutch_words(text: str) -> set[str]:
    """Dutch words in `text` once quoted values, file names and paths are taken out."""
    bare = _PATHS.sub(" ", _QUOTED.sub(" ", text))
    return {w for w in re.findall(r"[a-zà-ÿ']+", bare.lower()) if w in DUTCH}


def test_message_is_dutch_text_that_knows_its_english() -> None:
    message = say("de id '{id}' is te lang ({label}).", "the id '{id}' is too long ({label}).",
                  id="x", label=both("titel {a}", "title {a}"))
    assert message == "de id 'x' is te lang (titel {a})." and isinstance(message, str)
    assert message.text("en-GB") == "the id 'x' is too long (title {a})."
    assert message.text("fr") == message.text("nl") == str(message)
    assert pickle.loads(pickle.dumps(message)).text("en") == message.text("en")
    assert joined("; ", [message, "plain"]).text("en") == "the id 'x' is too long (title {a}).; plain"
    assert language_of(None) == "nl" and language_of("EN") == "en"


def test_problem_words_follow_the_language() -> None:
    problem = Problem("data/x.yaml", 3, say("kapot", "broken"), expected=say("heel", "whole"),
                      fix=say("maak heel", "mend it"), severity="warning", subject=say("element 'x'", "element 'x'"))
    assert problem.format() == ("data/x.yaml:3: waarschuwing: element 'x': kapot\n    verwacht: heel\n"
                                "    oplossing: maak heel")
    assert problem.format("en") == "data/x.yaml:3: warning: element 'x': broken\n    expected: whole\n    fix: mend it"
    assert "Expected: whole. Fix: mend it" in problem.format_github("en")
    assert summary_line([problem], "en") == "0 errors, 1 warning."
    assert DataError([problem]).report("en").startswith("The knowledge base has errors.")
    assert CommandError(say("nee", "no"), fix=say("ja", "yes")).format("en") == "error: no\n    fix: yes"


def _english_problems(case_path: Path, tmp_path: Path) -> list[str]:
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    build_case(case, tmp_path)
    return [p.format("en") for p in load(["data"], root=tmp_path).problems]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_golden_case_reads_in_english(path: Path, tmp_path: Path) -> None:
    untranslated = {line: sorted(words) for text in _english_problems(path, tmp_path)
                    for line in text.splitlines() if (words := dutch_words(line))}
    assert not untranslated, untranslated


def test_check_speaks_the_sites_language(tmp_path: Path) -> None:
    """`kennisbank check` in a project whose theme.language is en: English problems and summary."""
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "data" / "elements" / "broken.yaml").write_text("id: broken\ntitle: 12\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  language: en\n", encoding="utf-8")
    result = kennisbank("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "data/elements/broken.yaml" in result.stdout and " error" in result.stdout
    assert not {line: dutch_words(line) for line in result.stdout.splitlines() if dutch_words(line)}
    assert re.search(r"\d+ errors?, \d+ warnings?\.", result.stdout)

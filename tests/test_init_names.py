"""`kennisbank init --name`: any one-line name is kept as typed, written validly into every generated file and
shown as text (never as HTML, Markdown or a macro) on the built site."""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build, kennisbank
from mkdocs.utils.yaml import yaml_load

from kennisbank.core.authoring.project_init import _TEXT_SUFFIXES, PLACEHOLDER, STARTER, init_project
from kennisbank.core.reading.problems import CommandError

NAME = 'Zorg & Welzijn <Noord> "test" @home'
HARD_NAMES = [NAME, "Naam: met dubbele punt", "Team #1", "it's ons team", "@home", "*ster", "!uitroep", "-streep",
              "%procent", "{{ 7 * 7 }} {% raw %}", "[link](https://example.org) *nadruk* _laag_ `code`", "a\\b",
              "Ålesund 中文"]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", HARD_NAMES)
def test_the_name_reaches_the_config_exactly_as_typed(tmp_path: Path, name: str, language: str) -> None:
    init_project(tmp_path / "kb", language=language, organisation=f"  {name} ")
    config = yaml_load((tmp_path / "kb" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert name in config["site_name"]
    assert config["extra"]["kennisbank"]["owner"] == name
    assert "<" not in config["copyright"] and "&" not in config["copyright"].replace("&amp;", "").replace("&lt;", "") \
        .replace("&gt;", "").replace("&quot;", "").replace("&#x27;", "")  # Material prints the copyright as HTML


@pytest.mark.parametrize("name", HARD_NAMES)
def test_markdown_files_hold_the_name_as_plain_text(tmp_path: Path, name: str) -> None:
    init_project(tmp_path / "kb", organisation=name)
    for page in ("README.md", "docs/index.md"):
        heading = next(line for line in (tmp_path / "kb" / page).read_text(encoding="utf-8").splitlines()
                       if line.startswith("# "))
        for syntax in "<>&{}[]*_`#\"'\\":
            assert syntax not in heading[2:].replace("&#", ""), (page, heading)


@pytest.mark.parametrize("name", ["", "   ", "twee\nregels", "met\ttab", "regel\u2028scheiding", "n\x85el", "bel\x07"])
def test_a_name_with_a_line_break_or_control_character_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(CommandError) as refused:
        init_project(tmp_path / "kb", organisation=name)
    assert refused.value.fix and not (tmp_path / "kb").exists()


def test_the_placeholder_is_only_in_files_init_knows_how_to_fill() -> None:
    for path in STARTER.rglob("*"):
        if path.is_file() and PLACEHOLDER.encode() in path.read_bytes():
            assert path.suffix in _TEXT_SUFFIXES, path


def test_a_name_full_of_html_builds_strict_and_shows_as_text(tmp_path: Path) -> None:
    done = kennisbank("init", str(tmp_path / "kb"), "--name", NAME)
    assert done.returncode == 0, done.stderr
    built = build(tmp_path / "kb")
    assert built.returncode == 0, built.log
    html = built.page("")
    assert "<Noord>" not in html and "<noord>" not in html.lower()
    home = BeautifulSoup(html, "html.parser")
    title = f"Kennisbank van {NAME}"
    assert home.title.get_text().endswith(f" - {title}")
    assert home.select_one("article h1").get_text().strip().rstrip("¶").strip() == title
    assert home.select_one(".md-header__topic .md-ellipsis").get_text().strip() == title
    assert home.select_one("label.md-nav__title").get_text().strip() == title
    assert home.select_one("a.md-header__button.md-logo")["aria-label"] == title
    assert home.select_one(".md-copyright__highlight").get_text().strip().endswith(NAME)
    element = BeautifulSoup(built.page("werkzame-elementen/voorbeeldelement"), "html.parser")
    assert NAME in element.get_text() and element.title.get_text().endswith(title)

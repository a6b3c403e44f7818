"""Record Markdown as the page gets it: lists nested with two spaces (mdlists.py), and nesting the build cannot
render refused by `kennisbank check` (markdown_limits.py) or, if it gets through anyway, named in the build log."""
from __future__ import annotations

import datetime as dt
import inspect
import logging
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import MINI, build, make_project, site_markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort
from mkdocs.utils.meta import get_data

from kennisbank.adapter import build_errors
from kennisbank.adapter.plugin import KennisbankPlugin
from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import BY_NAME
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.markdown_limits import MAX_DEPTH, MAX_EMPHASIS, limits
from kennisbank.core.render import render_record_page
from kennisbank.core.render.mdlists import normalise_lists
from kennisbank.core.render.pages import PageContext

# --- lists nested with two spaces ------------------------------------------------------------------------

NORMALISED = [
    ("- a\n  - b\n    - c\n  - d\n- e", "- a\n    - b\n        - c\n    - d\n- e"),
    ("1. een\n   1. twee\n      - drie\n2. vier", "1. een\n    1. twee\n        - drie\n2. vier"),
    ("- a\n  doorloop van a\n  - b\n\n    alinea van b", "- a\n    doorloop van a\n    - b\n\n        alinea van b"),
    ("- a\nluie regel\n  - b", "- a\n    luie regel\n    - b"),
    ("- a\n\t- b\n\t\t- c", "- a\n    - b\n        - c"),
    ("* * *\n- a\n  - b", "* * *\n- a\n    - b"),                        # a rule ends a block: a list may follow
    ("## Kop\n- a\n  - b", "## Kop\n- a\n    - b"),
    # fenced code inside an item moves with the item; its own indentation stays
    ("- a\n  ```\n  code\n    ingesprongen\n  ```\n- b", "- a\n    ```\n    code\n      ingesprongen\n    ```\n- b"),
    # indented code inside an item stays code: four spaces beyond the item's text
    ("- a\n\n      code in a\n  - b", "- a\n\n        code in a\n    - b"),
    ("1. a\n  1. b", "1. a\n1. b"),  # two spaces under '1. ' do not reach its text: a sibling, as on GitHub
]
UNCHANGED = [
    "- a\n    - b\n        - c",                                          # already four spaces a level
    "Tekst\n- geen lijst: Python-Markdown wil een lege regel ervoor\n  - dus ook niet genest",
    "```\n- a\n  - b\n```",                                               # fenced code outside a list
    "    - code, geen lijst",
    "Gewone tekst\n\nmet - streepjes - en 1. getallen.",
]


@pytest.mark.parametrize("written,expected", NORMALISED)
def test_list_lines_get_four_spaces_a_level(written: str, expected: str) -> None:
    assert normalise_lists(written) == expected


@pytest.mark.parametrize("written", UNCHANGED)
def test_everything_else_is_left_as_written(written: str) -> None:
    assert normalise_lists(written) == written


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(["- ", "1. ", "  ", "    ", "\t", "> ", "```", "x", "\n", "\n\n", "# ", "* * *"]), max_size=40))
def test_normalising_keeps_lines_and_their_text(parts: list[str]) -> None:
    text = "".join(parts)
    out = normalise_lists(text)
    assert out.count("\n") == text.count("\n")
    assert [line.strip() for line in out.split("\n")] == [line.strip() for line in text.split("\n")]


def _html_of(body: str) -> BeautifulSoup:
    return BeautifulSoup(site_markdown().convert(normalise_lists(body)), "html.parser")


def test_two_space_nesting_becomes_nested_html_lists() -> None:
    soup = _html_of("- a\n  - b\n    1. c\n    2. d\n- e")
    top = soup.find("ul")
    assert [li.contents[0].strip() for li in top.find_all("li", recursive=False)] == ["a", "e"]
    assert [li.get_text() for li in soup.select("ul > li > ul > li > ol > li")] == ["c", "d"]
    # Without normalising, Python-Markdown flattens it: the reason for mdlists.py.
    flat = BeautifulSoup(site_markdown().convert("- a\n  - b"), "html.parser").find("ul")
    assert [li.get_text() for li in flat.find_all("li", recursive=False)] == ["a", "b"]


def test_record_page_shows_the_list_nested(tmp_path: Path) -> None:
    """The real chain: a record with a two-space list -> its page Markdown -> the site's Markdown -> nested lists."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / "themes" / "gedeelde-ambitie.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["body"] = "Stappen:\n\n1. Verken\n   - wie doet mee\n   - wat is de vraag\n     - en voor wie\n2. Start\n"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = load(["data"], root=tmp_path)
    assert result.ok, [p.format() for p in result.errors]
    ctx = PageContext(result.kb, labels_for("nl"), today=dt.date(2026, 1, 1))
    page = render_record_page(ctx, BY_NAME["theme"], result.kb.themes["gedeelde-ambitie"])
    body, _ = get_data(page)
    soup = BeautifulSoup(site_markdown().convert(body), "html.parser")
    ordered = [ol for ol in soup.find_all("ol") if "Verken" in ol.get_text()]
    assert ordered and [li.contents[0].strip() for li in ordered[0].find_all("li", recursive=False)] == ["Verken", "Start"]
    assert ordered[0].select_one("li > ul > li > ul > li").get_text(strip=True) == "en voor wie"


# --- nesting the build cannot render ----------------------------------------------------------------------

DEEP = {
    "600 lijsttekens op een regel": ("- " * 600 + "x", 0),
    "lijst van 300 niveaus met twee spaties": ("\n".join("  " * i + "- x" for i in range(300)), MAX_DEPTH),
    "genummerd op een regel": ("1. " * 300 + "x", 0),
    "citaten": ("> " * 600 + "x", 0),
    "citaten per regel": ("\n".join(">" * i + " x" for i in range(1, 40)), MAX_DEPTH),
    "div markdown": ("<div markdown>\n\n" * 400 + "x\n\n" + "</div>\n\n" * 400, 2 * MAX_DEPTH),
    "admonities": ("\n".join("    " * i + "!!! note" for i in range(40)), MAX_DEPTH),
    "nadruk in nadruk": ("**a " * 1000 + "x" + " b**" * 1000, 0),
    "definities zonder lege regel": ("a\n: b\n" * 600, 2 * MAX_DEPTH + 1),
    "kopjes zonder lege regel": ("# a\n" * 2000, 50),
}


@pytest.mark.parametrize("text,line", DEEP.values(), ids=DEEP.keys())
def test_deep_markdown_is_refused_at_the_line_where_it_gets_too_deep(text: str, line: int) -> None:
    found = limits(text)
    assert found and found[0][0] == line, found
    assert all(message and fix for _, message, fix in found)


def test_markers_on_one_line_really_crash_python_markdown() -> None:
    """Why the check exists: 1.2 kB of '- ' is a RecursionError (measured at ~500 markers)."""
    with pytest.raises(RecursionError):
        site_markdown().convert("- " * 600 + "x")


FINE = [
    "# Kop\n\nTekst met **vet**, *schuin*, __ook__, snake_case_naam en 2*3*4.\n\n- a\n  - b\n    - c\n\n> citaat\n> - lijst",
    "<div markdown>\n\n- x\n\n</div>\n\nTerm\n:   uitleg\n\n```\n" + "- " * 200 + "\n```\n",  # code is not Markdown
    "\n".join("  " * i + "- niveau" for i in range(MAX_DEPTH)),
    "* * *\n\n- - -\n\n***",                                                                          # rules, not lists
    "*" * MAX_EMPHASIS + "zo veel nadruk mag nog" + "*" * MAX_EMPHASIS,
]


@pytest.mark.parametrize("text", FINE)
def test_ordinary_markdown_passes(text: str) -> None:
    assert limits(text) == []


NESTING = st.sampled_from(["- ", "1. ", "> ", "  ", "    ", "!!! note\n", "??? note\n", "<div markdown>\n\n", "</div>\n\n",
                           "a\n: b\n", "**", "*", "_", "x", "\n", "\n\n", "# a\n"])


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(NESTING, st.tuples(NESTING, st.integers(1, 60)).map(lambda t: t[0] * t[1])), max_size=30))
def test_what_the_check_accepts_renders_with_room_to_spare(parts: list[str]) -> None:
    """Accepted Markdown converts with a quarter of Python's stack (MkDocs itself uses about a dozen frames)."""
    text = "".join(parts)
    if limits(text):
        return
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + limit // 4)
    try:
        site_markdown().convert(normalise_lists(text))
    finally:
        sys.setrecursionlimit(limit)


# --- the build names the record when a page fails anyway --------------------------------------------------

def _failing_page(tmp_path: Path) -> tuple[SimpleNamespace, object]:
    result = load([str(MINI)], root=tmp_path)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="themas/gedeelde-ambitie.md"),
                           meta={"kennisbank": "theme/gedeelde-ambitie"})
    return page, result.kb


def test_build_error_names_page_and_data_file(tmp_path: Path) -> None:
    page, kb = _failing_page(tmp_path)
    with pytest.raises(Abort) as aborted:
        build_errors.report(RecursionError("maximum recursion depth exceeded"), page, kb, "build")
    message = str(aborted.value)
    assert "themas/gedeelde-ambitie.md" in message and "themes/gedeelde-ambitie.yaml" in message
    assert "te diep genest" in message and "kennisbank check" in message


def test_build_error_under_serve_is_logged_not_fatal(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page, kb = _failing_page(tmp_path)
    with caplog.at_level(logging.ERROR):
        build_errors.report(RecursionError("maximum recursion depth exceeded"), page, kb, "serve")
    assert "themas/gedeelde-ambitie.md" in caplog.text
    build_errors.report(ValueError("x"), None, kb, "build")  # no page being converted: nothing to add


def test_plugin_forwards_build_errors() -> None:
    assert "on_build_error" in vars(KennisbankPlugin)


def test_real_build_names_the_record_instead_of_a_long_traceback(tmp_path: Path) -> None:
    """A conversion that fails anyway (here made to fail on purpose, with the check already passed) ends the build
    with the page and the YAML file in Dutch, and without thousands of lines of traceback."""
    project = make_project(tmp_path / "p")
    path = project / "data" / "themes" / "gedeelde-ambitie.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["body"] = "KB-TEST-BREEK-DE-OMZETTING"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    patch = tmp_path / "patch"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(
        "import markdown\n_convert = markdown.Markdown.convert\n"
        "def convert(self, text):\n"
        "    if 'KB-TEST-BREEK-DE-OMZETTING' in text:\n"
        "        def deeper(n): return deeper(n + 1)\n"
        "        deeper(0)\n"
        "    return _convert(self, text)\n"
        "markdown.Markdown.convert = convert\n", encoding="utf-8")
    built = build(project, env={"PYTHONPATH": str(patch)})
    assert built.returncode != 0
    assert ("De pagina 'themas/gedeelde-ambitie.md' (record 'gedeelde-ambitie' in data/themes/gedeelde-ambitie.yaml) "
            "kon niet worden gemaakt: de tekst is te diep genest om te tonen (RecursionError).") in built.log
    assert "kennisbank check" in built.log
    assert built.log.count("\n") < 200, built.log[-3000:]

"""Compiled templates kept between builds (kennisbank/adapter/template_cache.py): on disk in the project's cache,
compiled again when a template changes, and in this process when there is no cache folder."""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from kennisbank.adapter.template_cache import template_cache


def environment(folder: Path | None, source: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"main.html": source}), bytecode_cache=template_cache(folder))


def test_a_template_is_compiled_once_and_again_when_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / ".cache" / "kennisbank" / "templates"
    assert environment(folder, "Hallo {{ naam }}").get_template("main.html").render(naam="Ans") == "Hallo Ans"
    assert list(folder.iterdir())  # the compiled template is on disk

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    with monkeypatch.context() as patched:
        patched.setattr(jinja2.Environment, "compile", no_compiling)
        # the next build (a new environment, as MkDocs makes): from the cache
        assert environment(folder, "Hallo {{ naam }}").get_template("main.html").render(naam="Bo") == "Hallo Bo"
    changed = environment(folder, "Dag {{ naam }}").get_template("main.html")  # an edited template: compiled anew
    assert changed.render(naam="Bo") == "Dag Bo"


def test_without_a_folder_the_templates_are_kept_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    source = "Alleen in het geheugen {{ 1 + 1 }}"
    environment(None, source).get_template("main.html")
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: (_ for _ in ()).throw(AssertionError("again")))
    assert environment(None, source).get_template("main.html").render() == "Alleen in het geheugen 2"


def test_a_folder_that_cannot_be_made_falls_back_to_this_process(tmp_path: Path):
    blocked = tmp_path / "een-bestand"
    blocked.write_text("geen map", encoding="utf-8")
    assert template_cache(blocked / "templates") is template_cache(None)

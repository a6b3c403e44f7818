"""kennisbank/compat/material_search.py: the parts of Material's search that kennisbank-search.js relies on are the
ones it was written against, and the settings the page hands the script cover every generated folder."""
from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest

from kennisbank.adapter.config_tweaks import search_settings
from kennisbank.compat import material_search
from kennisbank.compat.material_search import SEARCH_MESSAGES, SOURCES, source_sha256, stop_words
from kennisbank.core.labels import labels_for
from kennisbank.core.paths import TABLES

SCRIPT = Path(__file__).resolve().parent.parent / "kennisbank" / "theme" / "assets" / "kennisbank-search.js"


def test_the_version_it_was_written_for_is_checked(monkeypatch: pytest.MonkeyPatch):
    material_search._check_version()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    with pytest.raises(RuntimeError, match=r"(?s)written for mkdocs-material 9\.8\.1, but mkdocs-material 9\.9\.9.*"
                                           r"kennisbank-search\.js.*Nederlands: "):
        material_search._check_version()


@pytest.mark.parametrize("kind, path", [(kind, path) for kind, paths in SOURCES.items() for path in paths])
def test_the_sources_relied_on_are_unchanged(kind: str, path: str):
    assert source_sha256(kind, path) == SOURCES[kind][path], (
        f"Material's {path} changed: re-read it against kennisbank/theme/assets/kennisbank-search.js (see "
        "kennisbank/compat/material_search.py), then record its new hash there.")


def test_the_message_numbers_are_materials():
    enum = material_search.sources("bundle")[
        "src/templates/assets/javascripts/integrations/search/worker/message/index.ts"]
    names = re.findall(r"^\s+([A-Z]+),?\s+/\*", enum.split("enum SearchMessageType", 1)[1].split("}", 1)[0], re.M)
    assert {name.lower(): number for number, name in enumerate(names)} == SEARCH_MESSAGES


def test_the_config_names_the_search_worker():
    """The script wraps only the worker whose URL is `search` in Material's #__config."""
    base = (material_search._scripts().parent.parent / "base.html").read_text(encoding="utf-8")
    assert re.search(r'"search": "assets/javascripts/workers/search\.[0-9a-f]+\.min\.js" \| url', base)
    assert 'querySelector("#__config")' in SCRIPT.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_scripts_stop_words_are_the_ones_left_out_of_the_index(language: str):
    script = SCRIPT.read_text(encoding="utf-8")
    block = re.search(rf"\n    {language}: ((?:\"[^\"]*\"(?: \+)?\s*)+),", script)
    assert block, f"no stop words for {language} in kennisbank-search.js"
    ours = set("".join(re.findall(r'"([^"]*)"', block.group(1))).split())
    assert ours == stop_words(language)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_generated_folder_has_the_label_of_its_kind(language: str):
    paths, labels = TABLES[language], labels_for(language)
    settings = search_settings(language, paths)
    assert set(settings["kinds"]) == set(paths.folders.values())
    assert settings["kinds"][paths.folder("element")] == labels["kind.element"]
    assert settings["kinds"][paths.folder("step")] == labels["step"]
    assert settings["messages"] == SEARCH_MESSAGES

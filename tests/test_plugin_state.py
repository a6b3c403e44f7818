"""The plugin keeps the state of a build on its instance (kennisbank/adapter/plugin.py), never in a module global."""
from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from mkdocs.config import load_config

from kennisbank.adapter.plugin import KennisbankPlugin

ADAPTER = ROOT / "kennisbank" / "adapter"


def test_no_module_of_the_adapter_keeps_state_in_a_global() -> None:
    for module in ADAPTER.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)], f"{module.name} uses 'global'"


def _config(project: Path):  # noqa: ANN202 - MkDocs' config object
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return load_config(str(project / "mkdocs.yml"))
    finally:
        os.chdir(cwd)


def test_two_sites_in_one_process_keep_their_own_knowledge_base(tmp_path: Path) -> None:
    one = make_project(tmp_path / "een")
    other = make_project(tmp_path / "twee")
    shutil.rmtree(other / "data" / "themes")  # a second site with other data
    (other / "data" / "themes").mkdir()
    first, second = KennisbankPlugin(), KennisbankPlugin()
    config_one, config_two = _config(one), _config(other)
    kb_one = first.state(config_one).result.kb
    kb_two = second.state(config_two).result.kb
    assert kb_one is not None and kb_two is not None
    assert kb_one.themes and not kb_two.themes
    assert first.state(config_one) is first.state(config_one)  # asked for every page: loaded once per build
    assert first.state(config_two).result.kb is not kb_one      # another config (a rebuild) is loaded anew


def test_the_site_facts_come_from_settings_first_then_mkdocs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", config_edit=lambda c: c.replace(
        'site_url: ""', 'site_url: "https://example.org/kb/"').replace(
        'repository: ""', 'repository: "https://github.com/voorbeeld/kb"'))
    site = KennisbankPlugin().state(_config(project)).site
    assert (site.name, site.url, site.licence, site.owner) == (
        "Kennisbank Lerende Netwerken", "https://example.org/kb/", "CC BY-SA 4.0", "Kennisbank Lerende Netwerken")
    assert site.repository == "https://github.com/voorbeeld/kb" and site.language == "nl" and site.directory_urls


def test_the_macros_say_what_is_missing_without_the_plugin() -> None:
    from kennisbank.adapter.macros_env import define_env

    class Env:
        conf = type("Conf", (), {"plugins": {}})()
        macros: dict = {}

        def macro(self, fn, name=None):  # noqa: ANN001, ANN202 - mkdocs-macros' signature
            self.macros[name or fn.__name__] = fn
            return fn

    env = Env()
    define_env(env)
    with pytest.raises(RuntimeError, match="plugin 'kennisbank'"):
        env.macros["element_overview"]()

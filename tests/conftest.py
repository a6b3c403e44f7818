"""Shared helpers: build a real site from a data folder in a temporary directory."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
KENNISBANK = str(Path(sys.executable).with_name("kennisbank"))


def kennisbank(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `kennisbank` command, as an editor would."""
    return subprocess.run([KENNISBANK, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with a copy of the mini knowledge base as data/, without mkdocs.yml (the defaults apply)."""
    shutil.copytree(MINI, tmp_path / "data")
    return tmp_path


@dataclass
class Built:
    root: Path
    returncode: int
    log: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def page(self, url_path: str) -> str:
        """The HTML of a page by its URL path, e.g. 'werkzame-elementen/x/'."""
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


def site_markdown() -> Any:
    """Python-Markdown with the extensions and settings of mkdocs.yml (read with MkDocs' loader: !ENV tags)."""
    import markdown
    from mkdocs.utils.yaml import yaml_load

    from kennisbank.adapter.mdx_linear import with_linear_markdown

    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            settings[name] = options
    # The kennisbank plugin adds its Markdown extension to every site (config_tweaks.adjust): so do the tests.
    return markdown.Markdown(extensions=with_linear_markdown(names), extension_configs=settings)


UNSAFE_RECORD = "onveilige-invoer"
"""The mini fixture's deliberately hostile record; `kennisbank check` warns about the HTML the page drops from it."""


def other_warnings(check_output: str) -> list[str]:
    """The warnings of a `kennisbank check` run, apart from those about the fixture's hostile record."""
    return [line for line in check_output.splitlines() if ": waarschuwing: " in line and UNSAFE_RECORD not in line]


def make_project(tmp: Path, data: Path = MINI, config_edit=None) -> Path:
    """A project folder like the repository, with `data` as its data folder."""
    tmp.mkdir(parents=True, exist_ok=True)
    # The intro pages link to records of the shipped knowledge base; a fixture site gets a stub instead.
    shutil.copytree(ROOT / "docs", tmp / "docs", ignore=shutil.ignore_patterns("lerend-netwerk"))
    (tmp / "docs" / "lerend-netwerk").mkdir()
    for page in (ROOT / "docs" / "lerend-netwerk").glob("*.md"):
        (tmp / "docs" / "lerend-netwerk" / page.name).write_text(f"# {page.stem}\n", encoding="utf-8")
    shutil.copytree(data, tmp / "data")
    _unlink_missing_records(tmp / "docs", tmp / "data")
    for shared in ("macros", "kennisbank", "overrides"):
        os.symlink(ROOT / shared, tmp / shared)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if config_edit:
        config = config_edit(config)
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp


_RECORD_FOLDERS = {"bronnen": "sources", "werkzame-elementen": "elements", "hulpmiddelen": "templates",
                   "praktijkvoorbeelden": "examples", "themas": "themes"}
_RECORD_LINK = re.compile(r"\[([^\]]+)\]\(((?:\.\./)*)(" + "|".join(_RECORD_FOLDERS) + r")/([a-z0-9-]+)\.md\)")


def _unlink_missing_records(docs: Path, data: Path) -> None:
    """The hand-written pages name records of the shipped knowledge base; with other data those links become
    text, as an organisation would edit them, so that a strict build of a fixture tests the fixture."""
    def keep_or_text(match: re.Match[str]) -> str:
        exists = (data / _RECORD_FOLDERS[match.group(3)] / f"{match.group(4)}.yaml").exists()
        return match.group(0) if exists else match.group(1)

    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        changed = _RECORD_LINK.sub(keep_or_text, text)
        if changed != text:
            page.write_text(changed, encoding="utf-8")


def build(project: Path, strict: bool = True, env: dict[str, str] | None = None) -> Built:
    args = [MKDOCS, "build", "--clean"] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    done = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    return Built(project, done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The mini fixture knowledge base, built once with --strict."""
    built = build(make_project(tmp_path_factory.mktemp("mini")))
    assert built.returncode == 0, built.log
    return built


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped knowledge base (a copy of the repository without its git history), built once per test worker
    with --strict; tests only read it."""
    project = tmp_path_factory.mktemp("shipped") / "site-project"
    shutil.copytree(ROOT, project, symlinks=True,
                    ignore=shutil.ignore_patterns(".venv", "site", ".git", "tests", ".cache", "node_modules", "*.egg-info"))
    built = build(project)
    assert built.returncode == 0, built.log
    return built


@pytest.fixture(scope="session")
def shipped_offline_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped data in a fixture project, built for file:// (KENNISBANK_OFFLINE) once per test worker; tests
    only read it."""
    project = make_project(tmp_path_factory.mktemp("offline") / "p", data=ROOT / "data")
    built = build(project, env={"KENNISBANK_OFFLINE": "true"})
    assert built.returncode == 0, built.log
    return built


# --- test cost: `make test-fast` leaves out what builds a site or starts a browser ---------------------------
# A test is marked by what it (or a fixture it uses) does, so a new test is sorted without being told.
_BROWSER = re.compile(r"\bchromium\b|launch\(|sync_playwright")
_SITE = re.compile(r"\bbuild\(|\bmake_project\(|\bkennisbank\(|subprocess\.|\bserve\(")
_SLOW = re.compile(r"@given\(|@settings\(")  # property tests: many generated examples each


def _sources(item: pytest.Item) -> str:
    import inspect
    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for definitions in (info.name2fixturedefs.values() if info else ()):  # our fixtures, not pytest's or plugins'
        functions += [d.func for d in definitions if getattr(d.func, "__module__", "").startswith(("conftest", "test_"))]
    texts = []
    for function in functions:
        try:
            texts.append(inspect.getsource(function))  # type: ignore[arg-type]
        except (OSError, TypeError):
            pass
    return "\n".join(texts)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        source = _sources(item)
        if _BROWSER.search(source):
            item.add_marker(pytest.mark.browser)
        elif _SITE.search(source):
            item.add_marker(pytest.mark.site)
        elif _SLOW.search(source) or "speed" in item.module.__name__ or "bench" in item.module.__name__:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def browser() -> Any:
    """Headless Chromium for one test module (browser_helpers.chromium)."""
    from browser_helpers import chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = chromium(playwright)
        yield launched
        launched.close()

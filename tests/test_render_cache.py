"""The page cache (kennisbank/adapter/render_cache.py): a build that reuses stored pages gives exactly the site a
build without caches gives, and a change converts exactly the pages that depend on it."""
from __future__ import annotations

import importlib.metadata
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import Built, build, make_project

from kennisbank.adapter import render_cache

CACHE = Path(".cache") / "kennisbank" / "pages"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _counts(built: Built) -> tuple[int, int]:
    match = re.search(r"Paginacache: (\d+) pagina's hergebruikt, (\d+) omgezet", built.log)
    assert match, built.log
    return int(match.group(1)), int(match.group(2))


def _without_cache(project: Path) -> dict[str, bytes]:
    """The same project built with no cache at all (pages and downloads), into a copy."""
    fresh = project.parent / f"{project.name}-zonder-cache"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(project, fresh, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    built = build(fresh, env={"KENNISBANK_NO_CACHE": "1"})
    assert built.returncode == 0, built.log
    return _tree(built.site)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p")


def test_a_rebuild_reuses_every_page_and_is_byte_identical(project: Path) -> None:
    first = build(project)
    assert first.returncode == 0, first.log
    reused, converted = _counts(first)
    assert reused == 0 and converted > 30
    second = build(project)
    assert _counts(second) == (converted, 0)
    assert _tree(second.site) == _without_cache(project)


def test_editing_one_record_converts_only_the_pages_that_show_it(project: Path) -> None:
    assert build(project).returncode == 0
    record = project / "data" / "themes" / "gedeelde-ambitie.yaml"
    old_title = yaml.safe_load(record.read_text(encoding="utf-8"))["title"]
    showing = {p for p in (project / "site").rglob("*.html") if old_title in p.read_text(encoding="utf-8")}
    record.write_text(record.read_text(encoding="utf-8").replace(f"title: {old_title}", "title: Een gedeelde koers"),
                      encoding="utf-8")
    after = build(project)
    reused, converted = _counts(after)
    assert reused > 0 and 0 < converted <= len(showing) + 2  # the pages with the title (plus lists that count it)
    assert _tree(after.site) == _without_cache(project)


def test_a_new_glossary_term_converts_only_the_pages_that_use_the_word(project: Path) -> None:
    assert build(project).returncode == 0
    word = "kerngroep"
    using = [p for p in (project / "site").rglob("index.html")
             if re.search(rf"\b{word}\b", p.read_text(encoding="utf-8"), re.I)]
    glossary_file = project / "data" / "glossary.yaml"
    glossary = yaml.safe_load(glossary_file.read_text(encoding="utf-8"))
    glossary["terms"].append({"term": word, "definition": "De kleine groep die het netwerk trekt."})
    glossary_file.write_text(yaml.safe_dump(glossary, allow_unicode=True), encoding="utf-8")
    after = build(project)
    _, converted = _counts(after)
    assert 0 < converted <= len(using) + 1  # + the glossary page itself
    assert _tree(after.site) == _without_cache(project)


def test_another_library_version_is_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = render_cache.library_versions()
    monkeypatch.setattr(render_cache, "_LIBRARIES", (*render_cache._LIBRARIES, "jinja2"))
    assert render_cache.library_versions() != before
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    assert "markdown=9.9.9" in render_cache.library_versions()


def test_a_page_with_a_warning_is_never_stored(project: Path) -> None:
    (project / "docs" / "kapot.md").write_text("# Kapot\n\nNaar [een pagina die er niet is](bestaat-niet.md).\n",
                                               encoding="utf-8")
    for _ in range(2):
        built = build(project, strict=False)
        assert built.returncode == 0, built.log
        assert "bestaat-niet.md" in built.log  # the warning comes back in every build
    assert build(project, strict=True).returncode != 0


def test_a_corrupt_entry_is_converted_again(project: Path) -> None:
    assert build(project).returncode == 0
    for entry in (project / CACHE).rglob("*.pickle"):
        entry.write_bytes(b"geen pickle")
    again = build(project)
    assert again.returncode == 0, again.log
    assert _counts(again)[0] == 0
    assert _tree(again.site) == _without_cache(project)


# --- the template cache (kennisbank/adapter/output_cache.py): pages as the theme rendered them -----------------------

def _rendered(built: Built) -> tuple[int, int]:
    match = re.search(r"Sjablooncache: (\d+) pagina's hergebruikt, (\d+) opgemaakt", built.log)
    assert match, built.log
    return int(match.group(1)), int(match.group(2))


def test_an_unchanged_rebuild_renders_no_template(project: Path) -> None:
    first = build(project)
    assert first.returncode == 0, first.log
    reused, rendered = _rendered(first)
    assert reused == 0 and rendered > 30
    assert _rendered(build(project)) == (rendered, 0)


def test_a_changed_template_or_navigation_renders_every_page_again(project: Path) -> None:
    """A template in the project's overrides/ and an entry in the nav change every page: none may be reused."""
    overrides = project / "overrides"
    overrides.unlink()  # a symlink to the repository's; this project gets its own copy
    shutil.copytree(Path(__file__).resolve().parents[1] / "overrides", overrides)
    first = build(project)
    assert first.returncode == 0, first.log
    pages = _rendered(first)[1]

    (overrides / "partials").mkdir(exist_ok=True)
    (overrides / "partials" / "copyright.html").write_text('<div class="eigen-voet">Eigen voettekst</div>\n',
                                                           encoding="utf-8")
    changed = build(project)
    assert _rendered(changed) == (0, pages)
    assert "Eigen voettekst" in changed.page("werkzame-elementen/duidelijk-doel")
    assert _tree(changed.site) == _without_cache(project)

    (project / "docs" / "nieuw.md").write_text("# Nieuwe pagina\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nnav:\n", "\nnav:\n  - Nieuw: nieuw.md\n", 1),
                      encoding="utf-8")
    navigated = build(project)
    assert _rendered(navigated)[0] == 0
    assert "nieuw/" in navigated.page("werkzame-elementen/duidelijk-doel")
    assert _tree(navigated.site) == _without_cache(project)


def test_another_template_library_version_is_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from kennisbank.adapter import output_cache

    before = output_cache._versions()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    assert output_cache._versions() != before and "mkdocs-material=9.9.9" in output_cache._versions()


def test_a_context_value_the_key_does_not_know_is_never_reused() -> None:
    from kennisbank.adapter.output_cache import _key

    assert _key({"page": object(), "nav": [], "onbekend": 1}, "site") is None

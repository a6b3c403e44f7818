"""An organisation's own data folder next to ours: replacing, conflicting and linking across folders."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, build, make_project

from kennisbank.core.reading.loader import load

LOCAL_THEME = """title: Onze eigen ambitie
summary: De ambitie zoals onze gemeente hem formuleert.
replaces: true
phases: [formeren]
order: 5
"""
# A local element that links to an upstream theme and source: references cross folders.
LOCAL_ELEMENT = """title: Werk met een regionaal leerplan
summary: Het netwerk legt vast wat het dit jaar wil leren.
themes: [heldere-organisatie]
evidence:
  - kind: literature
    sources: [salem-2002]
"""
CONFLICT = """title: Een ander duidelijk doel
summary: Zelfde id als een landelijk element, zonder replaces.
themes: [gedeelde-ambitie]
evidence:
  - kind: practice
"""


def _overlay(root: Path, extra: dict[str, str]) -> Path:
    local = root / "local-data"
    for name, text in extra.items():
        (local / name).parent.mkdir(parents=True, exist_ok=True)
        (local / name).write_text(text, encoding="utf-8")
    return local


def _two_folders(config: str) -> str:
    return config.replace("data: [data]", "data: [data, local-data]")


def test_core_replacement_and_cross_references(tmp_path: Path) -> None:
    (tmp_path / "data").symlink_to(MINI)
    _overlay(tmp_path, {"themes/gedeelde-ambitie.yaml": LOCAL_THEME, "elements/regionaal-leerplan.yaml": LOCAL_ELEMENT})
    result = load(["data", "local-data"], root=tmp_path)
    assert result.ok, [p.format() for p in result.problems]
    kb = result.kb
    assert kb.of("theme")["gedeelde-ambitie"].title == "Onze eigen ambitie"
    assert kb.origins[("theme", "gedeelde-ambitie")].file == "local-data/themes/gedeelde-ambitie.yaml"
    # upstream elements still point at the replaced theme; the local element shows up as a backlink upstream
    assert "duidelijk-doel" in [r.id for r in kb.referring("theme", "gedeelde-ambitie", "element")]
    assert "regionaal-leerplan" in [r.id for r in kb.referring("theme", "heldere-organisatie", "element")]
    assert "regionaal-leerplan" in [r.id for r in kb.referring("source", "salem-2002", "element")]


def test_core_conflict_names_both_files(tmp_path: Path) -> None:
    (tmp_path / "data").symlink_to(MINI)
    _overlay(tmp_path, {"elements/duidelijk-doel.yaml": CONFLICT})
    result = load(["data", "local-data"], root=tmp_path)
    messages = [p.format() for p in result.errors]
    assert len(messages) == 1, messages
    assert messages[0].startswith("local-data/elements/duidelijk-doel.yaml:1: fout: element 'duidelijk-doel': "
                                  "de id 'duidelijk-doel' bestaat al in data/elements/duidelijk-doel.yaml.")
    assert "replaces: true" in messages[0]
    # the upstream record stays; the local one is refused, not silently merged
    assert result.kb.of("element")["duidelijk-doel"].title == "Formuleer een duidelijk doel"


def test_core_replaces_without_original_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "data").symlink_to(MINI)
    _overlay(tmp_path, {"themes/nieuw-thema.yaml": LOCAL_THEME})
    result = load(["data", "local-data"], root=tmp_path)
    assert result.ok
    assert [p.format() for p in result.warnings if "replaces" in p.message] == [
        "local-data/themes/nieuw-thema.yaml:3: waarschuwing: thema 'nieuw-thema': "
        "'replaces: true' staat hier, maar geen eerdere datamap heeft "
        "een record 'nieuw-thema' van deze soort.\n"
        "    oplossing: Verwijder de regel, of geef het bestand de naam van het record dat het moet vervangen."]


def test_overlay_site_builds_with_local_content_and_backlinks(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", config_edit=_two_folders)
    _overlay(project, {"themes/gedeelde-ambitie.yaml": LOCAL_THEME, "elements/regionaal-leerplan.yaml": LOCAL_ELEMENT})
    built = build(project)
    assert built.returncode == 0, built.log
    theme = built.page("themas/gedeelde-ambitie")
    assert "Onze eigen ambitie" in theme and "Gedeelde ambitie</h1>" not in theme
    assert "Formuleer een duidelijk doel" in theme          # upstream element, still linked to the replaced theme
    assert "Werk met een regionaal leerplan" in built.page("themas/heldere-organisatie")
    assert "Werk met een regionaal leerplan" in built.page("bronnen/salem-2002")
    assert "Werk met een regionaal leerplan" in built.page("werkzame-elementen")


@pytest.mark.parametrize("strict", [True, False])
def test_overlay_conflict_fails_the_build_naming_both_files(tmp_path: Path, strict: bool) -> None:
    project = make_project(tmp_path / "p", config_edit=_two_folders)
    _overlay(project, {"elements/duidelijk-doel.yaml": CONFLICT})
    built = build(project, strict=strict)
    assert built.returncode != 0
    assert "local-data/elements/duidelijk-doel.yaml" in built.log and "data/elements/duidelijk-doel.yaml" in built.log
    assert not (project / "site" / "index.html").exists()

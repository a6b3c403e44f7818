"""The published JSON Schema and the `kennisbank` command."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import MINI, ROOT, other_warnings

from kennisbank.core.authoring.editor_schema import all_schemas, dump
from kennisbank.core.model.kinds import KINDS
from kennisbank.core.reading.yamlsafe import parse

KENNISBANK = str(Path(sys.executable).with_name("kennisbank"))


def test_committed_schema_matches_the_models():
    """Run `kennisbank schema` after changing schema.py; this test says when it was forgotten."""
    for name, schema in all_schemas().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == dump(schema), name


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_fixture_records_satisfy_the_json_schema(kind):
    schema = json.loads((ROOT / "schema" / f"{kind.name}.json").read_text(encoding="utf-8"))
    for path in (MINI / kind.folder).glob("*.yaml"):
        data = json.loads(json.dumps(parse(path.read_text(encoding="utf-8"), path.name).data, default=str))
        jsonschema.Draft202012Validator(schema).validate(data)


def test_json_schema_refuses_unknown_fields():
    schema = json.loads((ROOT / "schema" / "element.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors({"title": "x", "summary": "y", "sumary": 1}))
    assert any("sumary" in e.message for e in errors)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KENNISBANK, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_check_is_clean_on_the_fixture(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "data")
    done = run("check", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "9 records gelezen uit data" in done.stdout and "0 fouten," in done.stdout
    assert other_warnings(done.stdout) == []


def test_check_lists_every_problem_and_exits_1(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "data" / "themes" / "a.yaml").write_text("title: A\nsumary: x\n", encoding="utf-8")
    (tmp_path / "data" / "themes" / "b.yaml").write_text("title: [B\n", encoding="utf-8")
    done = run("check", cwd=tmp_path)
    assert done.returncode == 1
    assert "data/themes/a.yaml:2: fout: thema 'a': onbekend veld 'sumary'." in done.stdout
    assert "data/themes/b.yaml:2: fout: YAML-syntaxfout" in done.stdout
    assert "3 fouten," in done.stdout and other_warnings(done.stdout) == []  # missing summary, unknown field, syntax


def test_check_github_format_annotates_lines(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "data" / "themes" / "a.yaml").write_text("title: A\nsumary: x\n", encoding="utf-8")
    done = run("check", "--format", "github", cwd=tmp_path)
    assert done.returncode == 1
    assert "::error file=data/themes/a.yaml,line=2,title=thema 'a'::onbekend veld 'sumary'." in done.stdout

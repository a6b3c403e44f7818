"""Golden cases: each tests/cases/*.yml changes the mini knowledge base and names the exact problems."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import MINI
from macros.core.loader import load

CASES = sorted((Path(__file__).parent / "cases").glob("*.yml"))


def run_case(case: dict, tmp_path: Path) -> list[str]:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    for name in case.get("delete", []):
        (data / name).unlink()
    for name, text in case.get("files", {}).items():
        (data / name).write_bytes(text.encode(case.get("encoding", "utf-8")))
    for name, spec in case.get("generate", {}).items():  # large inputs are described, not stored
        (data / name).write_text(spec["prefix"] + spec["repeat"] * spec["times"], encoding="utf-8")
    result = load(["data"], root=tmp_path)
    return [p.format() for p in result.problems]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    got = run_case(case, tmp_path)
    if os.environ.get("KENNISBANK_REGENERATE_CASES"):  # maintainers: review the diff before committing
        case["expect"] = got
        path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    assert got == case["expect"], case["description"]

"""Golden cases: each tests/cases/*.yml changes the mini knowledge base and names the exact problems.

A case may `delete` files, `rename` entries, make `dirs`, write `files` (and `outside/` files next to data/), and
make `symlinks` (name: target) and `fifos`."""
from __future__ import annotations

import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import MINI

from kennisbank.core.reading.loader import load

CASES = sorted((Path(__file__).parent / "cases").glob("*.yml"))


def run_case(case: dict, tmp_path: Path) -> list[str]:
    build_case(case, tmp_path)
    result = load(["data"], root=tmp_path)
    # What the mini knowledge base itself reports (the warnings about its deliberately unsafe record) is not
    # repeated in every case: a case names the problems it adds.
    return [p.format() for p in result.problems if p.format() not in mini_problems()]


def build_case(case: dict, tmp_path: Path) -> None:
    """tmp_path/data: the mini knowledge base as the case changes it (test_check_cache.py loads it with a cache)."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    for name in case.get("delete", []):
        (data / name).unlink()
    for old, new in case.get("rename", {}).items():  # e.g. themes -> Themes
        (data / old).rename(data / new)
    for name in case.get("dirs", []):
        (data / name).mkdir(parents=True)
    for name, text in case.get("outside", {}).items():  # files next to data/, for symlinks that leave it
        (tmp_path / "outside" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "outside" / name).write_text(text, encoding="utf-8")
    for name, text in case.get("files", {}).items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_bytes(text.encode(case.get("encoding", "utf-8")))
    for name, spec in case.get("generate", {}).items():  # large inputs are described, not stored
        (data / name).write_text(spec["prefix"] + spec["repeat"] * spec["times"], encoding="utf-8")
    for name, target in case.get("symlinks", {}).items():
        os.symlink(target, data / name)
    for name in case.get("fifos", []):
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        os.mkfifo(data / name)


@functools.lru_cache(maxsize=1)
def mini_problems() -> frozenset[str]:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(MINI, Path(tmp) / "data")
        return frozenset(p.format() for p in load(["data"], root=tmp).problems)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    got = run_case(case, tmp_path)
    if os.environ.get("KENNISBANK_REGENERATE_CASES"):  # maintainers: review the diff before committing
        case["expect"] = got
        path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    assert got == case["expect"], case["description"]

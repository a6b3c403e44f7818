"""The benchmark's synthetic knowledge base is valid and has the intended mix of kinds (no timings here)."""
from __future__ import annotations

from pathlib import Path

from kennisbank.bench import generate
from kennisbank.core.reading.loader import load


def test_generated_knowledge_base_is_valid_with_the_intended_mix(tmp_path: Path):
    counts = generate(tmp_path, 60, seed=1)
    result = load(["data"], root=tmp_path)

    assert [p.format() for p in result.problems] == []
    assert result.kb is not None
    expected = {"theme": 3, "element": 36, "source": 9, "example": 6, "template": 6}
    assert counts == expected
    assert {kind: len(result.kb.of(kind)) for kind in expected} == expected
    assert all(result.kb.referrers.get(("source", s)) for s in result.kb.sources)  # every source is cited
    assert all(len(t.sections) == 3 and all(4 <= len(s.items) <= 8 for s in t.sections) for t in result.kb.templates.values())
    assert all(2 <= len(e.elements) <= 5 for e in result.kb.examples.values())


def test_generation_is_deterministic(tmp_path: Path):
    generate(tmp_path / "a", 60, seed=1)
    generate(tmp_path / "b", 60, seed=1)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_a_fixed_number_of_themes_puts_every_element_in_them(tmp_path: Path):
    counts = generate(tmp_path, 200, seed=1, themes=2)
    kb = load(["data"], root=tmp_path).kb
    assert kb is not None and counts["theme"] == len(kb.themes) == 2
    members = [len(kb.referring("theme", t, "element")) for t in kb.themes]
    assert sum(members) >= counts["element"] and min(members) > 0

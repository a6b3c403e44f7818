"""The safe YAML reader: line numbers kept, dangerous or ambiguous YAML refused with a line."""
from __future__ import annotations

import datetime as dt
import time
import tracemalloc

from macros.core.yamlsafe import decode, parse


def messages(text: str) -> list[str]:
    return [p.format().splitlines()[0] for p in parse(text, "f.yaml").problems]


def test_lines_are_kept_for_keys_and_items():
    parsed = parse("title: a\nthemes:\n  - x\n  - y\n", "f.yaml")
    assert parsed.data == {"title": "a", "themes": ["x", "y"]}
    assert parsed.lines[("themes", 1)] == 4
    assert parsed.line_of(("themes", 1, "deeper")) == 4


def test_dates_become_dates():
    assert parse("reviewed: 2025-03-01\n", "f.yaml").data == {"reviewed": dt.date(2025, 3, 1)}


def test_duplicate_key_is_refused_with_both_lines():
    assert messages("title: a\nsummary: b\ntitle: c\n") == [
        "f.yaml:3: fout: het veld 'title' staat twee keer in dit record (ook op regel 1)."]


def test_python_tag_is_refused_and_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\n"
    assert messages(text) == ["f.yaml:1: fout: YAML-tags zoals '!!python/object/apply:os.system' zijn niet toegestaan."]
    assert not marker.exists()


def test_billion_laughs_is_refused_quickly_in_bounded_memory():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    tracemalloc.start()
    started = time.perf_counter()
    result = messages("\n".join(lines) + "\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result == ["f.yaml:1: fout: ankers en verwijzingen (&naam en *naam) zijn niet toegestaan."]
    assert time.perf_counter() - started < 1 and peak < 5_000_000


def test_tab_indentation_names_the_line():
    assert messages("title: a\nthemes:\n\t- x\n") == ["f.yaml:3: fout: deze regel springt in met een tab."]


def test_syntax_error_names_the_line():
    assert messages("title: a\nsummary: Let op: dit\n") == [
        "f.yaml:2: fout: YAML-syntaxfout: een dubbele punt staat op een plek waar YAML hem niet verwacht."]


def test_empty_file():
    assert messages("# alleen commentaar\n") == ["f.yaml: fout: het bestand is leeg."]


def test_bom_is_dropped_and_latin1_refused_with_line():
    text, problems = decode("\ufefftitle: a\n".encode("utf-8"), "f.yaml")
    assert text == "title: a\n" and problems == []
    text, problems = decode("title: a\nsummary: café\n".encode("latin-1"), "f.yaml")
    assert text is None
    assert problems[0].format().splitlines()[0] == "f.yaml:2: fout: het bestand is geen geldige UTF-8 (byte 0xE9)."


def test_oversized_file_is_refused_before_parsing():
    _, problems = decode(b"body: " + b"x" * 5_000_000, "f.yaml")
    assert problems[0].message == "het bestand is te groot (5,0 MB)."

"""Problems are printed to a terminal and into GitHub annotations: a value from a record can never steer either."""
from __future__ import annotations

from kennisbank.core.reading.problems import Problem
from kennisbank.core.textutil import escape_controls


def test_controls_bidi_and_separators_are_printed_as_escapes():
    assert escape_controls("a\x1b[2Jb\x00\x07\x7f\x9b\r") == "a\\x1b[2Jb\\x00\\x07\\x7f\\x9b\\x0d"
    assert escape_controls("x\u202ey\u2066z\u2069\u200b\u2028\u2029\ufeff\U000e0041") == \
        "x\\u202ey\\u2066z\\u2069\\u200b\\u2028\\u2029\\ufeff\\U000e0041"
    assert escape_controls("café — ‘tekst’\tmet tab\nen regel") == "café — ‘tekst’\tmet tab\nen regel"


def test_format_escapes_every_part():
    problem = Problem("data/\x1b]0;x\x07.yaml", 3, "titel 'a\x1b[31mb'", expected="c\u202ed", fix="e\x9bf",
                      subject="thema '\u2066x'")
    assert problem.format() == ("data/\\x1b]0;x\\x07.yaml:3: fout: thema '\\u2066x': titel 'a\\x1b[31mb'\n"
                                "    verwacht: c\\u202ed\n    oplossing: e\\x9bf")


def test_github_annotation_escapes_too():
    problem = Problem("data/a.yaml", 2, "a\x1b[2J\rb\u202ec", fix="regel 1\nregel 2", subject="x\x07")
    assert problem.format_github() == \
        "::error file=data/a.yaml,line=2,title=x\\x07::a\\x1b[2J\\x0db\\u202ec Oplossing: regel 1%0Aregel 2"

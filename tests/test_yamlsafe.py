"""The safe YAML reader: line numbers kept, dangerous or ambiguous YAML refused with a line."""
from __future__ import annotations

import datetime as dt
import shutil
import time
import tracemalloc
import unicodedata

from conftest import MINI

from kennisbank.core.reading.loader import load
from kennisbank.core.reading.yamlsafe import MAX_CHAR_PROBLEMS, char_name, decode, parse


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
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
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


# --- YAML never changes what an editor typed without a word -------------------------------------------------

def test_plain_values_yaml_1_1_would_change_keep_the_typed_text():
    text = ("a: 1:30\nb: 010\nc: 0x1F\nd: 1_000\ne: yes\nf: 1.50\ng: .inf\nh: +5\ni: 2025-03-01 10:30:00\nj: 0b11\n"
            "k: off\nl: !!str tekst\n")
    assert parse(text, "f.yaml").data == {
        "a": "1:30", "b": "010", "c": "0x1F", "d": "1_000", "e": "yes", "f": "1.50", "g": ".inf", "h": "+5",
        "i": "2025-03-01 10:30:00", "j": "0b11", "k": "off", "l": "tekst"}


def test_a_tag_that_would_vanish_from_the_value_is_refused():
    """'!' alone or '!!null' resolve to plain types, so the tag would silently drop the value or part of it."""
    assert messages("title: ! Tip\nbody: !\nsummary: !!null tekst\n") == [
        f"f.yaml:{n}: fout: YAML-tags zoals '{tag}' zijn niet toegestaan." for n, tag in ((1, "!"), (2, "!"), (3, "!!null"))]


def test_values_that_read_back_as_typed_keep_their_type():
    text = "a: 12\nb: 1.0\nc: -3\nd: true\ne: False\nf: 2025-03-01\ng:\nh: ~\ni: null\n"
    assert parse(text, "f.yaml").data == {
        "a": 12, "b": 1.0, "c": -3, "d": True, "e": False, "f": dt.date(2025, 3, 1), "g": None, "h": None, "i": None}


def test_validated_records_keep_numbers_in_text_fields_as_typed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "templates" / "tijd.yaml").write_text(
        "title: yes\nsummary: 010\nkind: method\nduration: 1:30\ngroup_size: 010\nkeywords: [0x1F, 1_000, 1.0, 12]\n"
        "reviewed: 2025-03-01 10:30:00\nsections:\n  - title: 1.50\n    items:\n      - {text: 1:30, type: step, minutes: 90}\n",
        encoding="utf-8")
    result = load(["data"], root=tmp_path)
    assert [p.format() for p in result.problems if p.file == "data/templates/tijd.yaml"] == []
    template = result.kb.templates["tijd"]
    assert (template.title, template.summary, template.duration, template.group_size) == ("yes", "010", "1:30", "010")
    assert template.keywords == ("0x1F", "1_000", "1.0", "12")
    assert template.reviewed == dt.date(2025, 3, 1)
    section = template.sections[0]
    assert (section.title, section.items[0].text, section.items[0].minutes) == ("1.50", "1:30", 90)


def test_comment_that_cuts_a_value_is_a_warning_and_conventional_comments_are_silent():
    text = "title: Tip #1 voor de start\nsummary: x  # uitleg\nbody: a #b\nkeywords:\n  - c  #d\n  - e # f\n  - 'g' #h\n"
    parsed = parse(text, "f.yaml")
    assert parsed.data["title"] == "Tip" and parsed.data["keywords"] == ["c", "e", "g"]
    assert [(p.line, p.severity) for p in parsed.problems] == [(1, "warning"), (3, "warning"), (5, "warning"), (6, "warning")]
    assert parsed.problems[0].message == (
        "de tekst vanaf ' #' ('#1 voor de start') valt weg, want YAML leest die als commentaar; de waarde wordt 'Tip'.")
    assert parsed.problems[0].fix.startswith('Zet de hele waarde tussen aanhalingstekens: "Tip #1 voor de start".')


def test_comment_after_an_empty_value_and_in_a_multi_line_value_is_found():
    assert messages("title: #1 voor de start\nsummary: een lange\n  tekst #2\n") == [
        "f.yaml:1: waarschuwing: de tekst vanaf ' #' ('#1 voor de start') valt weg, want YAML leest die als commentaar; "
        "de waarde wordt leeg.",
        "f.yaml:3: waarschuwing: de tekst vanaf ' #' ('#2') valt weg, want YAML leest die als commentaar; "
        "de waarde wordt 'een lange tekst'."]


def test_every_anchor_is_refused_and_an_ampersand_in_text_is_not():
    parsed = parse("title: &Partners samen leren\nsummary: R&D & co\nphases: &f\n  - a\nbody: !!str &b tekst\n", "f.yaml")
    assert [p.format().splitlines()[0] for p in parsed.problems] == [
        "f.yaml:1: fout: '&Partners' is voor YAML een anker (&naam), geen tekst, en ankers zijn niet toegestaan.",
        "f.yaml:3: fout: '&f' is voor YAML een anker (&naam), geen tekst, en ankers zijn niet toegestaan.",
        "f.yaml:5: fout: '&b' is voor YAML een anker (&naam), geen tekst, en ankers zijn niet toegestaan."]
    assert parsed.problems[0].fix == ("Hoort '&Partners' bij de tekst, zet dan de hele waarde tussen aanhalingstekens: "
                                      "\"&Partners samen leren\"; anders: haal '&Partners' weg.")
    assert parsed.data["summary"] == "R&D & co"


def test_invisible_characters_are_refused_with_line_column_and_name():
    # libyaml would count U+2028 and U+0085 as line breaks; editors (and these messages) do not.
    text = "title: a\u2028b\nsummary: c\x85d\nbody: \x1b[2J \u2066x\u2069\nkeywords: [\x7f, \x9b]\n"
    assert messages(text) == [
        "f.yaml:1: fout: kolom 9: het onzichtbare teken U+2028 (LINE SEPARATOR) mag niet in een record staan: "
        "YAML leest het als een nieuwe regel, je editor toont het niet.",
        "f.yaml:2: fout: kolom 11: het onzichtbare teken U+0085 (NEXT LINE) mag niet in een record staan: "
        "YAML leest het als een nieuwe regel, je editor toont het niet.",
        "f.yaml:3: fout: kolom 7: het onzichtbare teken U+001B (ESCAPE) mag niet in een record staan: "
        "het is een stuurteken, geen tekst.",
        "f.yaml:3: fout: kolom 12: het onzichtbare teken U+2066 (LEFT-TO-RIGHT ISOLATE) mag niet in een record staan: "
        "het draait de leesrichting om, zodat de tekst er anders uitziet dan hij is.",
        "f.yaml:3: fout: kolom 14: het onzichtbare teken U+2069 (POP DIRECTIONAL ISOLATE) mag niet in een record staan: "
        "het draait de leesrichting om, zodat de tekst er anders uitziet dan hij is.",
        "f.yaml:4: fout: kolom 12: het onzichtbare teken U+007F (DELETE) mag niet in een record staan: "
        "het is een stuurteken, geen tekst.",
        "f.yaml:4: fout: kolom 15: het onzichtbare teken U+009B (CONTROL SEQUENCE INTRODUCER) mag niet in een record staan: "
        "het is een stuurteken, geen tekst."]


def test_escapes_that_make_invisible_characters_are_refused_where_they_are_typed():
    text = 'title: "a\\eb"\nsummary: "x \\\\e \\a \\x07 \\u202e \\U0000202D"\n"k\\0": 1\nbody: "tab\\t en \\n blijven"\n'
    assert messages(text) == [
        "f.yaml:1: fout: kolom 10: de escape '\\e' maakt het onzichtbare teken U+001B (ESCAPE), en dat mag niet in "
        "een record staan: het is een stuurteken, geen tekst.",
        "f.yaml:2: fout: kolom 17: de escape '\\a' maakt het onzichtbare teken U+0007 (ALERT), en dat mag niet in "
        "een record staan: het is een stuurteken, geen tekst.",
        "f.yaml:2: fout: kolom 20: de escape '\\x07' maakt het onzichtbare teken U+0007 (ALERT), en dat mag niet in "
        "een record staan: het is een stuurteken, geen tekst.",
        "f.yaml:2: fout: kolom 25: de escape '\\u202e' maakt het onzichtbare teken U+202E (RIGHT-TO-LEFT OVERRIDE), en dat "
        "mag niet in een record staan: het draait de leesrichting om, zodat de tekst er anders uitziet dan hij is.",
        "f.yaml:2: fout: kolom 32: de escape '\\U0000202D' maakt het onzichtbare teken U+202D (LEFT-TO-RIGHT OVERRIDE), en "
        "dat mag niet in een record staan: het draait de leesrichting om, zodat de tekst er anders uitziet dan hij is.",
        "f.yaml:3: fout: kolom 3: de escape '\\0' maakt het onzichtbare teken U+0000 (NULL), en dat mag niet in "
        "een record staan: het is een stuurteken, geen tekst."]


def test_many_invisible_characters_give_ten_problems_and_a_count():
    problems = parse("title: " + "\x1b" * 25 + "\n", "f.yaml").problems
    assert len(problems) == MAX_CHAR_PROBLEMS + 1
    assert problems[-1].message == "na deze 10 staan er nog 15 onzichtbare tekens in het bestand."


def test_control_character_names_are_unicode_names():
    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        if code not in (0x09, 0x0A, 0x0D):
            name = char_name(chr(code)).split(" (", 1)[1][:-1]
            assert unicodedata.lookup(name) == chr(code), name


def test_quote_inside_quotes_says_so():
    assert [p.format() for p in parse('title: "Het "beste" netwerk"\nsummary: x\n', "f.yaml").problems] == [
        "f.yaml:1: fout: YAML-syntaxfout: een \" binnen de tekst sluit de tekst te vroeg af.\n"
        "    oplossing: Zet de tekst tussen enkele aanhalingstekens, dus 'Het \"beste\" netwerk', of schrijf \\\" voor "
        "elk aanhalingsteken binnen de tekst."]
    assert messages("summary: x\nthemes:\n  - 'van 't Gooi'\n") == [
        "f.yaml:3: fout: YAML-syntaxfout: een ' binnen de tekst sluit de tekst te vroeg af."]


def test_tab_inside_a_block_text_is_content_and_tab_indentation_is_still_refused():
    assert parse("body: |\n    x\n    \tcode\ntitle: a\n", "f.yaml").data == {"body": "x\n\tcode\n", "title": "a"}
    assert messages("title: a\n\tsummary: b\n") == ["f.yaml:2: fout: deze regel springt in met een tab."]
    assert messages("body: |\n  x\n  \tcode\nthemes:\n\t- x\n") == ["f.yaml:5: fout: deze regel springt in met een tab."]

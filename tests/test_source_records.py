"""Source records as the check and the pages see them: fields APA does not show for a type are reported, CSL rich
text in a title is formatting in the reference and plain text elsewhere, text still to write (TODO) is named."""
from __future__ import annotations

import datetime as dt
import html
import shutil
from pathlib import Path

import pytest
from conftest import MINI

from kennisbank.core.labels import labels_for
from kennisbank.core.model import richtext
from kennisbank.core.model.source_types import BIBLIOGRAPHIC_FIELDS, SOURCE_TYPES
from kennisbank.core.reading.loader import load
from kennisbank.core.render.citation import reference_markdown


def _with_source(tmp_path: Path, name: str, text: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "sources" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return data


def _problems(data: Path, name: str) -> list:
    result = load([data], root=data.parent)
    return [p for p in result.problems if p.file.endswith(f"sources/{name}.yaml") and "geen enkel werkzaam" not in p.message]


BOOK = """type: book
title: Samen leren in netwerken
authors: [{family: Jansen, given: P.}]
year: 2019
container: Cambridge Core
pages: 1-23
publisher: Boom
summary: Een boek over leren in netwerken.
"""


def test_a_field_the_type_does_not_show_is_named_with_its_line_not_dropped_silently(tmp_path: Path):
    data = _with_source(tmp_path, "jansen-2019", BOOK)
    found = _problems(data, "jansen-2019")
    assert [(p.line, p.severity) for p in found] == [(5, "warning"), (6, "warning")]
    assert found[0].message == ("'container' (verschenen in) staat niet in de bronvermelding van een bron met type 'book': "
                                "APA 7 noemt het daar niet.")
    assert found[0].expected == "'container' bij type article, chapter, conference-paper, webpage, legislation, presentation"
    assert "kies dan dat type" in found[0].fix and "Cambridge Core" in found[0].fix
    source = load([data], root=tmp_path).kb.sources["jansen-2019"]
    shown = reference_markdown(source, labels_for("nl"))
    assert "Cambridge" not in shown and "23" not in shown and "<i>Samen leren in netwerken</i>" in shown


@pytest.mark.parametrize("kind", sorted(SOURCE_TYPES))
def test_every_field_a_type_shows_reaches_its_reference(kind: str):
    """The table that silences the check is the table the reference is built from: nothing it lists is lost."""
    from kennisbank.core.model.records import Source
    from kennisbank.core.render.citation import source_item
    values = {"editors": [{"family": "Redacteur", "given": "R."}], "container": "Bundel", "edition": "2",
              "volume": "7", "issue": "3", "pages": "12-34", "number": "A-99", "genre": "Soortnaam",
              "publisher": "Uitgeverij", "doi": "10.5555/abc", "url": "https://example.org/x", "accessed": "2024-05-01"}
    shown = {name: values[name] for name in BIBLIOGRAPHIC_FIELDS if SOURCE_TYPES[kind].shows(name)}
    source = Source.model_validate({"id": "x", "type": kind, "title": "Titel", "summary": "s",
                                    "authors": [{"family": "Auteur", "given": "A."}], "year": 2020, **shown})
    item = source_item(source, labels_for("nl"))
    assert item["type"] == SOURCE_TYPES[kind].csl
    csl_names = {"editors": "editor", "container": "container-title", "pages": "page", "doi": "DOI", "url": "URL"}
    for name in shown:
        key = "event" if (kind, name) == ("presentation", "container") else csl_names.get(name, name)
        assert key in item, (kind, name)


def test_rich_text_title_is_formatting_in_the_reference_and_plain_text_elsewhere(tmp_path: Path):
    text = BOOK.replace("type: book", "type: article").replace("Samen leren in netwerken",
                                                              "Genome <i>de novo</i> assembly in R&D <b>onaf")
    text = text.replace("container: Cambridge Core", "container: Journal of Tests").replace("publisher: Boom\n", "")
    data = _with_source(tmp_path, "jansen-2019", text)
    assert _problems(data, "jansen-2019") == []
    source = load([data], root=tmp_path).kb.sources["jansen-2019"]
    assert source.title == "Genome de novo assembly in R&D <b>onaf"  # the unclosed <b> is text, as typed
    assert source.title_markup == "Genome <i>de novo</i> assembly in R&D <b>onaf"
    shown = reference_markdown(source, labels_for("nl"))
    assert "Genome <i>de novo</i> assembly in R&#38;D &#60;b&#62;onaf" in shown


@pytest.mark.parametrize(("text", "plain"), [
    ("a <i>b</i> c", "a b c"),
    ("<i>a <b>b</b></i>", "a b"),
    ("<i>a <b>b</i></b>", "<i>a b</i>"),  # crossed tags: only the <b> pair nests properly; the rest is text
    ("x <span class=\"nocase\">DNA</span>", "x DNA"),
    ("<script>x</script> <i onclick=y>z</i>", "<script>x</script> <i onclick=y>z</i>"),
    ("5 < 6 > 4", "5 < 6 > 4"),
])
def test_rich_text_keeps_only_matched_csl_tags(text: str, plain: str):
    assert richtext.plain(text) == plain


def test_a_record_without_review_date_does_not_say_it_is_overdue(tmp_path: Path):
    from kennisbank.core.render.pages import PageContext, _reviewed
    kb = load([MINI], root=tmp_path).kb
    source = kb.sources["salem-2002"]
    ctx = PageContext(kb=kb, labels=labels_for("nl"), today=dt.date(2026, 11, 30))
    line = _reviewed(ctx, source)
    assert "nog niet vastgelegd" in line and "dagen" not in line
    assert "Er is niet vastgelegd wanneer deze inhoud voor het laatst is nagekeken." in line


def test_same_authors_same_year_get_apa_letters_by_title(tmp_path: Path):
    """APA 7 9.47: 2019a and 2019b, ordered by title without its leading article; other authors keep the plain year."""
    data = _with_source(tmp_path, "brown-2019", BOOK.replace("Jansen, given: P.", "Brown, given: A. M.")
                        .replace("2019", "2019").replace("container: Cambridge Core\npages: 1-23\n", "")
                        .replace("Samen leren in netwerken", "Het zelforganiserende netwerk"))
    (data / "sources" / "brown-2019-b.yaml").write_text(
        BOOK.replace("Jansen, given: P.", "Brown, given: Adrienne Maree").replace("container: Cambridge Core\npages: 1-23\n", "")
        .replace("Samen leren in netwerken", "Emergent strategy"), encoding="utf-8")
    (data / "sources" / "brown-2019-c.yaml").write_text(
        BOOK.replace("Jansen, given: P.", "Brown, given: L.").replace("container: Cambridge Core\npages: 1-23\n", ""),
        encoding="utf-8")
    kb = load([data], root=tmp_path).kb
    assert dict(kb.year_suffixes) == {"brown-2019-b": "a", "brown-2019": "b"}  # "Emergent …" before "(Het) zelforganiserende …"
    from kennisbank.core.render.citation import in_text_markdown
    first = kb.sources["brown-2019-b"]
    assert "(2019a)" in html.unescape(reference_markdown(first, labels_for("nl"), year_suffix="a"))
    assert html.unescape(in_text_markdown(first, labels_for("nl"), year_suffix="a")) == "(Brown, 2019a)"
    from kennisbank.core.model.kinds import SOURCE
    from kennisbank.core.render.pages import PageContext, render_record_page
    page = html.unescape(render_record_page(PageContext(kb=kb, labels=labels_for("nl")), SOURCE, kb.sources["brown-2019"]))
    assert "Brown, A. M. (2019b)." in page and "(Brown, 2019b)" in page
    page = html.unescape(render_record_page(PageContext(kb=kb, labels=labels_for("nl")), SOURCE, kb.sources["brown-2019-c"]))
    assert "Brown, L. (2019)." in page

"""APA 7 references (citeproc-py, apa.csl, nl-NL) for sources and "Hoe citeer je deze pagina?" on record pages.

The expected strings are APA 7's reference formats in Dutch (as Dutch APA writes them: "z.d.", "(Red.)", "pp.",
en dashes in page ranges); each is read back the way a visitor sees it: through the site's own Markdown
extensions, as HTML, or as the HTML csl.reference returns with its entities read (`readable`).
"""
from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINI, Built, build, make_project, site_markdown

from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.records import Source
from kennisbank.core.model.richtext import spans
from kennisbank.core.paths import NL as NL_PATHS
from kennisbank.core.reading.loader import load
from kennisbank.core.render import csl
from kennisbank.core.render.citation import cite_this_page, in_text_markdown, page_item, reference_markdown

NL, EN = labels_for("nl"), labels_for("en")
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} & *stars* _under_ [x](javascript:alert(1)) `tick` \\ {: .x } <b>vet</b>"


MD = site_markdown()


def html_of(markdown_text: str) -> BeautifulSoup:
    return BeautifulSoup(MD.reset().convert(markdown_text), "html.parser")


def shown(markdown_text: str) -> str:
    """The text a visitor reads."""
    return html_of(markdown_text).get_text()


def source(**fields) -> Source:
    return Source.model_validate({"id": "bron", "title": "Titel", "summary": "Samenvatting.", "type": "article",
                                  "authors": [], "year": None, **fields})


def person(family: str, given: str | None = None) -> dict:
    return {"family": family, **({"given": given} if given else {})}


# --- references of sources ---------------------------------------------------------------------------------

def test_journal_article_with_doi():
    article = source(authors=[person("Wenger", "Etienne"), person("Trayner", "Beverly")], year=2015,
                     title="Leren in netwerken", container="Journal of Knowledge Management", volume="19", issue="3",
                     pages="12-34", doi="10.1108/JKM-01-2015-0001")
    page = html_of(reference_markdown(article, NL))
    assert page.get_text() == ("Wenger, E., & Trayner, B. (2015). Leren in netwerken. Journal of Knowledge Management, "
                               "19(3), 12–34. https://doi.org/10.1108/JKM-01-2015-0001")
    assert [i.get_text() for i in page.find_all("i")] == ["Journal of Knowledge Management", "19"]
    assert [(a["href"], a.get_text()) for a in page.find_all("a")] == [("https://doi.org/10.1108/JKM-01-2015-0001",) * 2]
    # Dutch APA keeps the ampersand of apa.csl (and="symbol"), in the list and in running text.
    assert shown(in_text_markdown(article, NL)) == "(Wenger & Trayner, 2015)"


def test_book_with_publisher_has_an_italic_title():
    book = source(type="book", authors=[person("Wenger", "Etienne")], year=1998, publisher="Cambridge University Press",
                  title="Communities of practice: Learning, meaning, and identity")
    page = html_of(reference_markdown(book, NL))
    assert page.get_text() == ("Wenger, E. (1998). Communities of practice: Learning, meaning, and identity. "
                               "Cambridge University Press.")
    assert [i.get_text() for i in page.find_all("i")] == ["Communities of practice: Learning, meaning, and identity"]


def test_report_by_an_organisation_links_its_url():
    report = source(type="report", authors=[{"literal": "Rathenau Instituut"}], year=2020, title="Samen leren in de zorg",
                    url="https://www.rathenau.nl/nl/samen-leren?deel=1&druk=2")
    page = html_of(reference_markdown(report, NL))
    assert page.get_text() == ("Rathenau Instituut. (2020). Samen leren in de zorg. "
                               "https://www.rathenau.nl/nl/samen-leren?deel=1&druk=2")
    assert page.a["href"] == "https://www.rathenau.nl/nl/samen-leren?deel=1&druk=2"
    assert shown(in_text_markdown(report, NL)) == "(Rathenau Instituut, 2020)"


def test_without_authors_the_title_comes_first_and_only_once():
    report = source(type="report", year=2019, title="Lerende netwerken in de jeugd", publisher="Nederlands Jeugdinstituut")
    assert shown(reference_markdown(report, NL)) == "Lerende netwerken in de jeugd. (2019). Nederlands Jeugdinstituut."
    assert shown(in_text_markdown(report, NL)) == "(Lerende netwerken in de jeugd, 2019)"


def test_without_year_the_locale_says_zd():
    book = source(type="book", authors=[{"literal": "Vilans"}], title="Handreiking lerende netwerken")
    assert shown(reference_markdown(book, NL)) == "Vilans. (z.d.). Handreiking lerende netwerken."
    assert shown(in_text_markdown(book, NL)) == "(Vilans, z.d.)"
    assert shown(in_text_markdown(book, EN, "en")) == "(Vilans, n.d.)"


def test_unknown_title_is_named_never_invented():
    salem = source(type="other", authors=[person("Salem", "P.")], year=2002, title="Salem (2002)", title_known=False)
    assert shown(reference_markdown(salem, NL)) == "Salem, P. (2002). [Titel onbekend]."
    assert shown(reference_markdown(salem, EN, "en")) == "Salem, P. (2002). [Title unknown]."
    assert shown(in_text_markdown(salem, NL)) == "(Salem, 2002)"
    pair = source(type="other", authors=[person("Kallio"), person("Lappalainen")], year=2015, title_known=False,
                  title="Kallio & Lappalainen (2015)")
    # No initials known, so none are printed, nor the comma that would separate them from the ampersand.
    assert shown(reference_markdown(pair, NL)) == "Kallio & Lappalainen. (2015). [Titel onbekend]."
    nothing = source(type="other", title="Onbekend", title_known=False)
    assert shown(reference_markdown(nothing, NL)) == "[Titel onbekend]. (z.d.)."
    for kind in ("other", "report", "book", "webpage"):  # the same description in running text, whatever the type
        assert shown(in_text_markdown(source(type=kind, title="Onbekend", title_known=False), NL)) == "([Titel onbekend], z.d.)"


def test_three_authors_listed_and_et_al_in_text():
    three = source(authors=[person("De Vries", "A."), person("Bakker", "B."), person("Jansen", "C.")], year=2021,
                   title="Drie auteurs", container="Tijdschrift voor Netwerken")
    assert shown(reference_markdown(three, NL)) == ("De Vries, A., Bakker, B., & Jansen, C. (2021). Drie auteurs. "
                                                   "Tijdschrift voor Netwerken.")
    assert shown(in_text_markdown(three, NL)) == "(De Vries et al., 2021)"


def test_up_to_twenty_authors_are_listed_and_from_21_the_first_19_and_the_last():
    names = [f"Auteur{i}, V." for i in range(1, 23)]
    twenty = source(authors=[person(f"Auteur{i}", "V.") for i in range(1, 21)], year=2021, title="Twintig")
    assert shown(reference_markdown(twenty, NL)) == ", ".join(names[:19]) + ", & Auteur20, V. (2021). Twintig."
    many = source(authors=[person(f"Auteur{i}", "V.") for i in range(1, 23)], year=2021, title="Veel")
    assert shown(reference_markdown(many, NL)) == ", ".join(names[:19]) + ", … Auteur22, V. (2021). Veel."


def test_chapter_presentation_webpage_and_thesis():
    chapter = source(type="chapter", authors=[person("de Boer", "Anne")], year=2010, title="Leren met elkaar",
                     container="Handboek netwerken", pages="10-20", publisher="Boom")
    assert shown(reference_markdown(chapter, NL)) == \
        "de Boer, A. (2010). Leren met elkaar. In Handboek netwerken (pp. 10–20). Boom."
    talk = source(type="presentation", authors=[person("Jansen", "K.")], year=2018, title="Samen leren",
                  container="Congres Lerende Netwerken")
    assert shown(reference_markdown(talk, NL)) == "Jansen, K. (2018). Samen leren [Presentatie]. Congres Lerende Netwerken."
    # A title ending in a question mark gets no extra full stop; a site named like its author is not repeated.
    page = source(type="webpage", authors=[{"literal": "Movisie"}], year=2023, title="Wat werkt bij lerende netwerken?",
                  container="Movisie", url="https://www.movisie.nl/artikel/wat-werkt")
    assert shown(reference_markdown(page, NL)) == ("Movisie. (2023). Wat werkt bij lerende netwerken? "
                                                  "https://www.movisie.nl/artikel/wat-werkt")
    thesis = source(type="thesis", authors=[person("van der Berg", "J.")], year=2012, title="Netwerken in de wijk",
                    publisher="Universiteit Utrecht")
    assert shown(reference_markdown(thesis, NL)) == "van der Berg, J. (2012). Netwerken in de wijk. Universiteit Utrecht."


def test_hostile_text_stays_text():
    hostile = source(type="book", authors=[{"literal": HOSTILE}], year=2020, title=HOSTILE, publisher=HOSTILE,
                     url="https://example.org/a_b/*c*?d=1&e=`2`")
    for text in (reference_markdown(hostile, NL), in_text_markdown(hostile, NL)):
        page = html_of(text)
        assert HOSTILE in page.get_text()  # as the author's name (and the publisher's) every character is text
        # In a source title '<b>vet</b>' is CSL rich text (schema.Source.title_markup): bold, and nothing else is a tag.
        assert {tag.name for tag in page.find_all(True)} <= {"p", "i", "a", "b"}
        assert [b.get_text() for b in page.find_all("b")] in ([], ["vet"])
        assert all(a["href"].startswith("https://example.org/") for a in page.find_all("a"))
    page = html_of(reference_markdown(hostile, NL))
    assert page.get_text().endswith("https://example.org/a_b/*c*?d=1&e=`2`")
    assert page.a["href"] == "https://example.org/a_b/*c*?d=1&e=%602%60"


def test_a_style_loads_once_per_language():
    assert csl._style("nl") is csl._style("nl") and csl._style("en") is not csl._style("nl")


# --- every source type, as APA 7 writes it in Dutch ----------------------------------------------------------

def readable(markdown_html: str) -> str:
    """csl.reference's HTML with its entities read: the formatting tags as they are, the text as a visitor reads it
    (the DOI/URL link is shown as its text; test_journal_article_with_doi checks the link)."""
    return html.unescape(re.sub(r'<a href="[^"]*">|</a>', "", markdown_html))


def ref(labels=NL, language: str = "nl", **fields) -> str:
    return readable(reference_markdown(source(**fields), labels, language))


def cite(labels=NL, language: str = "nl", **fields) -> str:
    return readable(in_text_markdown(source(**fields), labels, language))


JANSEN, KLAAS = person("Jansen", "Piet"), person("Klaas", "Karel")
NJI = {"literal": "Nederlands Jeugdinstituut"}


def test_article_page_range_with_an_en_dash_and_an_article_number():
    assert ref(authors=[JANSEN], year=2020, title="Leren in netwerken", container="Tijdschrift voor Jeugd", volume="16",
               issue="1", pages="1-23") == \
        "Jansen, P. (2020). Leren in netwerken. <i>Tijdschrift voor Jeugd</i>, <i>16</i>(1), 1–23."
    # A range written with an en dash, or abbreviated, stays as given (apa.csl: page-range-format="expanded").
    assert ref(authors=[JANSEN], year=2020, title="Kort", container="T", volume="2", pages="123–45").endswith(
        "<i>T</i>, <i>2</i>, 123–45.")
    # APA: "Article e0158474" instead of pages; in Dutch "Artikel".
    assert ref(authors=[JANSEN], year=2016, title="Online", container="PLOS ONE", volume="11", issue="7",
               number="e0158474") == "Jansen, P. (2016). Online. <i>PLOS ONE</i>, <i>11</i>(7), Artikel e0158474."


def test_book_with_edition_and_a_container_it_does_not_show():
    # A book has no container in APA: a record's "Cambridge Core" (a platform) is not printed as "In Cambridge Core".
    assert ref(type="book", authors=[JANSEN], year=2019, title="Boek", edition="2", publisher="Boom",
               container="Cambridge Core") == "Jansen, P. (2019). <i>Boek</i> (2de dr.). Boom."


def test_edited_book_names_its_editors_once_with_red():
    assert ref(type="book", editors=[JANSEN], year=2019, title="Boek", edition="2", publisher="Boom") == \
        "Jansen, P. (Red.). (2019). <i>Boek</i> (2de dr.). Boom."
    assert ref(type="book", editors=[JANSEN, KLAAS], year=2019, title="Boek", publisher="Boom") == \
        "Jansen, P., & Klaas, K. (Red.). (2019). <i>Boek</i>. Boom."
    assert cite(type="book", editors=[JANSEN, KLAAS], year=2019, title="Boek", publisher="Boom") == "(Jansen & Klaas, 2019)"
    # English APA: (Ed.), (Eds.).
    assert ref(EN, "en", type="book", editors=[JANSEN, KLAAS], year=2019, title="Boek", edition="2", publisher="Boom") == \
        "Jansen, P., & Klaas, K. (Eds.). (2019). <i>Boek</i> (2nd ed.). Boom."


def test_chapter_in_an_edited_book():
    assert ref(type="chapter", authors=[person("de Vries", "Anne")], editors=[JANSEN, KLAAS], year=2019,
               title="Hoofdstuk", container="Boek", pages="12-34", publisher="Boom") == \
        "de Vries, A. (2019). Hoofdstuk. In P. Jansen & K. Klaas (Red.), <i>Boek</i> (pp. 12–34). Boom."
    assert ref(type="chapter", authors=[person("de Vries", "Anne")], editors=[JANSEN], year=2019, title="Hoofdstuk",
               container="Boek", edition="3", pages="12-34", publisher="Boom") == \
        "de Vries, A. (2019). Hoofdstuk. In P. Jansen (Red.), <i>Boek</i> (3de dr., pp. 12–34). Boom."


def test_conference_paper_in_proceedings():
    # An ellipsis in a name is never shortened.
    assert ref(type="conference-paper", authors=[JANSEN], year=2021, title="Paper", container="Proceedings of the ... AAAI",
               pages="5-9", publisher="AAAI") == \
        "Jansen, P. (2021). Paper. In <i>Proceedings of the ... AAAI</i> (pp. 5–9). AAAI."
    assert ref(type="conference-paper", authors=[JANSEN], editors=[KLAAS], year=2021, title="Paper",
               container="Proceedings", pages="5-9", publisher="AAAI") == \
        "Jansen, P. (2021). Paper. In K. Klaas (Red.), <i>Proceedings</i> (pp. 5–9). AAAI."


def test_report_with_number_and_a_publisher_that_is_the_author():
    # APA 7: a publisher that is also the author is left out. "No." is the nl-NL locale's term.
    assert ref(type="report", authors=[NJI], year=2021, title="Wat werkt", genre="Rapport", number="12",
               publisher="Nederlands Jeugdinstituut") == \
        "Nederlands Jeugdinstituut. (2021). <i>Wat werkt</i> (Rapport No. 12)."
    assert ref(type="report", authors=[NJI], year=2021, title="Factsheet lerende netwerken", genre="Factsheet",
               publisher="Movisie") == \
        "Nederlands Jeugdinstituut. (2021). <i>Factsheet lerende netwerken</i> [Factsheet]. Movisie."


def test_title_ending_in_an_ellipsis_gets_no_extra_full_stop():
    report = dict(type="report", year=2021, title="Wat werkt...", publisher="Nederlands Jeugdinstituut")
    assert ref(**report) == "<i>Wat werkt...</i> (2021). Nederlands Jeugdinstituut."
    assert cite(**report) == "(<i>Wat werkt...</i>, 2021)"
    assert ref(type="book", authors=[JANSEN], year=2021, title="Wat werkt…", publisher="Boom") == \
        "Jansen, P. (2021). <i>Wat werkt…</i> Boom."
    assert ref(authors=[JANSEN], year=2021, title="Wat werkt...", container="T") == "Jansen, P. (2021). Wat werkt... <i>T</i>."
    assert ref(type="book", authors=[JANSEN], year=2021, title="Wat werkt...", publisher="Boom") == \
        "Jansen, P. (2021). <i>Wat werkt...</i> Boom."
    assert ref(type="book", authors=[JANSEN], year=2021, title="Leren enz.", publisher="Boom") == \
        "Jansen, P. (2021). <i>Leren enz.</i> Boom."
    # APA's closing period after "?", "!", "…" or "..." goes; an ellipsis itself is never shortened.
    for entry, finished in [("Wat werkt.... Boom.", "Wat werkt... Boom."), ("Wat werkt....", "Wat werkt..."),
                            ("<i>Wat werkt...</i>. Boom.", "<i>Wat werkt...</i> Boom."),
                            ("Leren enz.. Boom.", "Leren enz. Boom."), ("Wat?. Boom.", "Wat? Boom."),
                            ("<i>Ja!</i>.", "<i>Ja!</i>"), ("Wat werkt…. Boom.", "Wat werkt… Boom."),
                            ("In Proceedings of the ... AAAI.", "In Proceedings of the ... AAAI."),
                            ("Wat werkt... (2021). Boom.", "Wat werkt... (2021). Boom.")]:
        assert csl._finished(entry, None) == finished


def test_thesis_unpublished_and_published():
    # APA 7: an unpublished thesis names the university after the description, a published one (online) inside it.
    thesis = dict(type="thesis", authors=[JANSEN], year=2019, title="Proef", genre="Proefschrift",
                  publisher="Universiteit Utrecht")
    assert ref(**thesis) == "Jansen, P. (2019). <i>Proef</i> [Proefschrift]. Universiteit Utrecht."
    assert ref(**thesis, url="https://example.org/proef") == \
        "Jansen, P. (2019). <i>Proef</i> [Proefschrift, Universiteit Utrecht]. https://example.org/proef"
    assert ref(type="thesis", authors=[JANSEN], year=2019, title="Proef", publisher="Universiteit Utrecht") == \
        "Jansen, P. (2019). <i>Proef</i>. Universiteit Utrecht."


def test_preprint_with_its_archive_number():
    preprint = dict(type="preprint", authors=[JANSEN], year=2021, title="Lerende netwerken", number="arXiv:2101.00001",
                    publisher="arXiv", doi="10.48550/arXiv.2101.00001")
    assert ref(**preprint) == ("Jansen, P. (2021). <i>Lerende netwerken</i> (arXiv:2101.00001). arXiv. "
                               "https://doi.org/10.48550/arXiv.2101.00001")
    assert ref(**preprint, genre="Preprint") == ("Jansen, P. (2021). <i>Lerende netwerken</i> (arXiv:2101.00001) "
                                                 "[Preprint]. arXiv. https://doi.org/10.48550/arXiv.2101.00001")
    assert '<a href="https://doi.org/10.48550/arXiv.2101.00001">' in reference_markdown(source(**preprint), NL)


def test_legislation():
    law = dict(type="legislation", year=2014, title="Jeugdwet", url="https://wetten.overheid.nl/BWBR0034925")
    assert ref(**law) == "Jeugdwet (2014). https://wetten.overheid.nl/BWBR0034925"
    assert cite(**law) == "(Jeugdwet, 2014)"
    assert ref(type="legislation", year=2020, title="Voorbeeldwet", container="Staatsblad", number="2020, 1") == \
        "Voorbeeldwet, Staatsblad 2020, 1 (2020)."


def test_other_webpage_and_presentation():
    assert ref(type="other", authors=[JANSEN], year=2020, title="Notitie", genre="Beleidsnota",
               publisher="Gemeente Utrecht") == "Jansen, P. (2020). <i>Notitie</i> [Beleidsnota]. Gemeente Utrecht."
    page = dict(type="webpage", title="Thema's en werkzame elementen", container="Nederlands Jeugdinstituut",
                url="https://www.nji.nl/x")
    assert ref(**page) == \
        "<i>Thema's en werkzame elementen</i>. (z.d.). Nederlands Jeugdinstituut. https://www.nji.nl/x"
    assert cite(**page) == "(<i>Thema's en werkzame elementen</i>, z.d.)"
    assert ref(type="presentation", authors=[JANSEN], year=2018, title="Samen leren", container="Congres Lerende Netwerken") \
        == "Jansen, P. (2018). <i>Samen leren</i> [Presentatie]. Congres Lerende Netwerken."


@pytest.mark.parametrize("kind, expected", [
    ("article", "(“Titel”, 2020)"), ("chapter", "(“Titel”, 2020)"),  # part of a larger work: quotation marks
    ("book", "(<i>Titel</i>, 2020)"), ("report", "(<i>Titel</i>, 2020)"), ("thesis", "(<i>Titel</i>, 2020)"),
    ("preprint", "(<i>Titel</i>, 2020)"), ("other", "(<i>Titel</i>, 2020)"), ("webpage", "(<i>Titel</i>, 2020)"),
    ("presentation", "(<i>Titel</i>, 2020)"), ("conference-paper", "(“Titel”, 2020)"),
    ("legislation", "(Titel, 2020)"),  # a law's name is not italicised
])
def test_in_text_title_of_a_work_without_author_is_set_as_in_the_reference(kind: str, expected: str):
    assert cite(type=kind, year=2020, title="Titel", container="Bundel", publisher="Uitgever") == expected


def test_lower_case_particle_and_hyphenated_names():
    assert ref(type="book", authors=[person("hooks", "bell")], year=2000, title="Boek") == "hooks, b. (2000). <i>Boek</i>."
    assert cite(type="book", authors=[person("hooks", "bell")], year=2000, title="Boek") == "(hooks, 2000)"
    assert ref(type="book", authors=[person("brown", "adrienne maree"), person("Dupont", "Jean-Pierre"),
                                     person("de Vries", "Anne")], year=2017, title="Boek") == \
        "brown, a. m., Dupont, J.-P., & de Vries, A. (2017). <i>Boek</i>."


def test_corporate_author_and_a_long_title():
    title = "Lerende netwerken in zorg en welzijn, " * 25  # 925 characters: titles of laws and reports run long
    assert ref(type="report", authors=[{"literal": "Ministerie van Volksgezondheid, Welzijn en Sport"}], year=2020,
               title=title.strip(), publisher="Rijksoverheid") == \
        f"Ministerie van Volksgezondheid, Welzijn en Sport. (2020). <i>{title.strip()}</i>. Rijksoverheid."


def test_rich_text_title_is_formatting():
    article = source(authors=[JANSEN], year=2020, title="Genome <i>de novo</i> assembly in R&D", container="J",
                     volume="3", pages="1-9")
    reference = reference_markdown(article, NL)
    assert readable(reference) == "Jansen, P. (2020). Genome <i>de novo</i> assembly in R&D. <i>J</i>, <i>3</i>, 1–9."
    assert "R&#38;D" in reference  # the ampersand stays an entity in the HTML
    assert csl.to_text(reference).startswith("Jansen, P. &#40;2020&#41;. Genome de novo assembly in R&#38;D.")
    # Inside a title that is italic anyway, the title's own italics are set roman (APA: a species name in a book title).
    assert ref(type="book", authors=[JANSEN], year=2020, title="Over <i>Homo sapiens</i> en H<sub>2</sub>O",
               publisher="Boom") == "Jansen, P. (2020). <i>Over </i>Homo sapiens<i> en H<sub>2</sub>O</i>. Boom."
    assert cite(type="book", year=2020, title="Over <i>Homo sapiens</i>") == "(<i>Over </i>Homo sapiens, 2020)"
    # <sup>, bold, and text the style must not re-case; small caps is not allowed in our HTML: plain text.
    assert ref(authors=[JANSEN], year=2020, container="J", title=(
        'E = mc<sup>2</sup> met <b>nadruk</b>, <span class="nocase">iPhone</span> en '
        '<span style="font-variant:small-caps;">Klein</span>')) == \
        "Jansen, P. (2020). E = mc<sup>2</sup> met <b>nadruk</b>, iPhone en Klein. <i>J</i>."


@pytest.mark.parametrize("title", [
    '<i onclick="x()">nep</i> tekst', "<i>open maar niet dicht", "dicht</i> zonder open", "<I>hoofdletters</I>",
    "<i><b>kruislings</i></b>", '<span class="nocase" onclick="x">span</span>', "<script>alert(1)</script><i>ok</i>",
    "<img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }} *ster* _laag_ `code` \\ &amp; &lt;b&gt;",
])
def test_fake_or_unbalanced_tags_in_a_title_stay_text(title: str):
    reference = reference_markdown(source(type="book", authors=[JANSEN], year=2020, title=title), NL)
    page = html_of(reference)
    assert {tag.name for tag in page.find_all(True)} <= {"p", "i", "b"}
    assert all(not tag.attrs for tag in page.find_all(True))
    # What shows is the title with only its matched CSL tags taken as formatting: every other '<…>' is text.
    visible = "".join(span.text for span in spans(" ".join(title.split())))
    assert page.get_text() == f"Jansen, P. (2020). {visible}."
    assert "<script" not in reference and "<img" not in reference and "javascript:" not in reference


# --- "Hoe citeer je deze pagina?" --------------------------------------------------------------------------

def cite_block(title: str, url: str | None, reviewed: dt.date | None = dt.date(2025, 3, 1), owner: str = "Vilans",
               site: str = "Kennisbank Lerende Netwerken", labels=NL, language: str = "nl") -> BeautifulSoup:
    return html_of(cite_this_page(title, owner, site, reviewed, url, labels, language)).select_one("details.kb-cite")


def test_cite_this_page_gives_apa_for_a_web_page_and_plain_text():
    block = cite_block("Formuleer een duidelijk doel", "https://example.org/kb/werkzame-elementen/duidelijk-doel/")
    assert block.summary.get_text() == "Hoe citeer je deze pagina?" and not block.has_attr("open")
    expected = ("Vilans. (2025). Formuleer een duidelijk doel. Kennisbank Lerende Netwerken. "
                "https://example.org/kb/werkzame-elementen/duidelijk-doel/")
    reference = block.select_one(".kb-cite__reference")
    assert reference.get_text() == expected
    assert reference.i.get_text() == "Formuleer een duidelijk doel"
    assert reference.a["href"] == "https://example.org/kb/werkzame-elementen/duidelijk-doel/"
    plain = block.select_one(".kb-cite__plain")
    assert plain.get_text() == expected and plain.find(True) is None  # text only: nothing to lose when copied


def test_cite_this_page_without_site_url_or_review_date_invents_nothing():
    block = cite_block("Formuleer een duidelijk doel", None, reviewed=None, owner="Kennisbank Lerende Netwerken")
    # Owner and site name are the same: APA names it once. No date: z.d. No site address: no URL at all.
    assert block.select_one(".kb-cite__reference").get_text() == \
        "Kennisbank Lerende Netwerken. (z.d.). Formuleer een duidelijk doel."
    assert block.find("a") is None


def test_cite_this_page_in_english_and_with_a_hostile_title():
    block = cite_block(HOSTILE, "https://example.org/kb/x/", labels=EN, language="en")
    assert block.summary.get_text() == "How to cite this page"
    assert block.select_one(".kb-cite__reference").get_text() == \
        f"Vilans. (2025). {HOSTILE}. Kennisbank Lerende Netwerken. https://example.org/kb/x/"
    assert {tag.name for tag in block.find_all(True)} <= {"details", "summary", "p", "i", "a"}


@pytest.mark.parametrize("title", ["Wat werkt?", "kleine letters", HOSTILE, "Twee  spaties\u00a0en \ue010 slot"])
@pytest.mark.parametrize("url", [None, "https://example.org/kb/a_b/?c=1&d=2"])
@pytest.mark.parametrize("reviewed", [None, dt.date(2024, 5, 6)])
def test_cached_page_shape_gives_what_citeproc_gives(title: str, url: str | None, reviewed: dt.date | None):
    item = page_item(title, "Vilans", "Kennisbank Lerende Netwerken", reviewed, url)
    assert csl.webpage_reference(item) == csl.reference(item)


# --- in the built site -------------------------------------------------------------------------------------

def article(built: Built, url_path: str) -> BeautifulSoup:
    return BeautifulSoup(built.page(url_path), "html.parser").select_one("article")


def test_every_record_page_has_a_cite_block(mini_site: Built):
    kb = load([MINI.name], root=MINI.parent).kb
    for kind in KINDS:
        for record in kb.of(kind).values():
            block = article(mini_site, f"{NL_PATHS.folder(kind)}/{record.id}").select_one("details.kb-cite")
            assert block is not None and block.summary.get_text(strip=True) == "Hoe citeer je deze pagina?", record.id
            year = record.reviewed.year if record.reviewed else "z.d."
            assert block.select_one(".kb-cite__reference").get_text() == \
                f"Kennisbank Lerende Netwerken. ({year}). {record.title}{'' if record.title[-1] in '?!.' else '.'}"
            assert block.find("a") is None, record.id  # mkdocs.yml has no site_url: the page has no known address


def test_hostile_record_title_in_the_cite_block_is_text(mini_site: Built):
    page = article(mini_site, "werkzame-elementen/onveilige-invoer")
    block = page.select_one("details.kb-cite")
    assert "Veilig <script>alert('titel')</script> & {{ config.site_name }}" in block.get_text()
    assert block.find("script") is None and page.find("script") is None


def test_source_page_shows_the_apa_reference_and_in_text_citation(mini_site: Built):
    page = article(mini_site, "bronnen/salem-2002")
    assert page.select_one(".kb-reference").get_text() == "Salem. (2002). [Titel onbekend]."
    assert page.select_one(".kb-cite__in-text").get_text() == "In de lopende tekst: (Salem, 2002)"


def test_with_a_site_url_references_and_cite_blocks_link(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "sources" / "kallio-lappalainen-2015.yaml").write_text(
        "title: Leren in netwerken\nsummary: Onderzoek naar leernetwerken.\ntype: article\n"
        "authors: [{family: Kallio, given: Heli}, {family: Lappalainen, given: Pia}]\nyear: 2015\n"
        "container: Journal of Workplace Learning\nvolume: 27\nissue: 4\npages: 250-270\n"
        "doi: 10.1108/JWL-01-2014-0001\nreviewed: 2025-02-01\nverified: true\n", encoding="utf-8")
    project = make_project(tmp_path / "project", data, config_edit=lambda config: config.replace(
        'site_url: ""', "site_url: https://example.org/kennisbank/"))
    built = build(project)
    assert built.returncode == 0, built.log
    page = article(built, "bronnen/kallio-lappalainen-2015")
    reference = page.select_one(".kb-reference")
    assert reference.get_text() == ("Kallio, H., & Lappalainen, P. (2015). Leren in netwerken. Journal of Workplace "
                                    "Learning, 27(4), 250–270. https://doi.org/10.1108/JWL-01-2014-0001")
    assert reference.a["href"] == "https://doi.org/10.1108/JWL-01-2014-0001"
    cite = page.select_one("details.kb-cite .kb-cite__reference")
    assert cite.get_text() == ("Kennisbank Lerende Netwerken. (2025). Leren in netwerken. "
                               "https://example.org/kennisbank/bronnen/kallio-lappalainen-2015/")
    assert cite.a["href"] == "https://example.org/kennisbank/bronnen/kallio-lappalainen-2015/"

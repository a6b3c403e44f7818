"""'Zie ook' on an element page: the elements that share its themes and evidence sources, most in common first."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import MINI, ROOT, Built

from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import ELEMENT
from kennisbank.core.reading.loader import load
from kennisbank.core.render import render_record_page
from kennisbank.core.render.pages import SEE_ALSO, PageContext, related_elements
from kennisbank.core.site import Site


def _sources(element) -> set[str]:
    return {s for entry in element.evidence for s in entry.sources}


def test_related_elements_share_something_and_come_most_shared_first() -> None:
    kb = load([ROOT / "data"], root=ROOT).kb
    elements = list(kb.of("element").values())
    for element in elements:
        related = related_elements(kb, element)
        assert len(related) <= SEE_ALSO and element.id not in {o.id for o, _, _ in related}
        for other, themes, sources in related:  # the counts are what the records say
            assert themes == len(set(element.themes) & set(other.themes))
            assert sources == len(_sources(element) & _sources(other)) and themes + sources > 0
        scores = [(t + s, s) for _, t, s in related]
        assert scores == sorted(scores, reverse=True)
        if len(related) == SEE_ALSO:  # nobody left out shares more than the last one named
            last = scores[-1]
            named = {o.id for o, _, _ in related}
            for other in elements:
                if other.id in named or other.id == element.id:
                    continue
                t = len(set(element.themes) & set(other.themes))
                s = len(_sources(element) & _sources(other))
                assert (t + s, s) <= last


def test_the_section_names_what_is_shared_in_the_sites_language() -> None:
    kb = load([MINI], root=MINI).kb
    element = kb.of("element")["duidelijk-doel"]
    related = related_elements(kb, element)
    assert related, "the mini knowledge base has elements sharing a theme"
    for language, heading, word in (("nl", "## Zie ook {#zie-ook}", "gedeeld"), ("en", "## See also {#see-also}", "shared")):
        page = render_record_page(PageContext(kb, labels_for(language), Site(name="KB", language=language,
                                                                          path_language=language)), ELEMENT, element)
        assert heading in page and word in page
        assert all(other.title in page for other, _, _ in related)


def test_the_built_page_links_to_each_related_element(mini_site: Built) -> None:
    page = BeautifulSoup(mini_site.page("werkzame-elementen/duidelijk-doel"), "html.parser")
    section = page.find(id="zie-ook")
    assert section is not None
    links = [a["href"] for a in section.find_next("ul").find_all("a")]
    assert links
    here = mini_site.site / "werkzame-elementen" / "duidelijk-doel"
    for href in links:
        assert (here / href / "index.html").resolve().is_file(), href
    assert Path(here / "index.html").read_text(encoding="utf-8").count('id="zie-ook"') == 1

"""The route as an SVG drawing, the evidence map as a heat map, and the sanitiser's SVG allow-list (#19)."""
from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINI, ROOT, Built, site_markdown

from kennisbank.core.labels import EN, NL, labels_for
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.reading.loader import load
from kennisbank.core.render.hrefs import page_href, page_url
from kennisbank.core.render.overviews import SHADES, evidence_map, shade, shade_ranges
from kennisbank.core.render.pages import PageContext
from kennisbank.core.render.route import route_overview
from kennisbank.core.render.route_diagram import route_diagram
from kennisbank.core.render.sanitize import clean_html, unsafe_parts
from kennisbank.core.site import Site

HOSTILE = '</tspan></text></svg><script>alert(1)</script><a href="javascript:alert(2)">x</a> & "q" {{ x }}'


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    result = load([MINI], root=MINI)
    assert result.kb is not None
    return result.kb


def _ctx(kb: KnowledgeBase, language: str = "nl", directory_urls: bool = True) -> PageContext:
    return PageContext(kb, labels_for(language), Site(name="KB", language=language, path_language=language,
                                                      directory_urls=directory_urls))


def _svgs(markup: str) -> dict[str, BeautifulSoup]:
    soup = BeautifulSoup(markup, "html.parser")
    return {layout: soup.select_one(f"svg.kb-rd__svg--{layout}") for layout in ("wide", "narrow")}


def _with_taxonomy(kb: KnowledgeBase, **changes) -> KnowledgeBase:
    return dataclasses.replace(kb, taxonomy=kb.taxonomy.model_copy(update=changes))


def test_one_link_per_phase_and_step_in_route_order(kb: KnowledgeBase) -> None:
    ctx = _ctx(kb)
    phases, steps = kb.taxonomy.phases, kb.taxonomy.steps
    svgs = _svgs(route_diagram(ctx, "route.md"))
    wide = [a["href"] for a in svgs["wide"].find_all("a")]
    assert wide == [f"../fasen/{p.id}/" for p in phases] + [f"../stappen/{s.id}/" for s in steps]
    narrow = [a["href"] for a in svgs["narrow"].find_all("a")]  # each band: its phase, then its steps
    expected: list[str] = []
    current: object = None
    for step in steps:
        if step.phase != current:
            expected.append(f"../fasen/{step.phase}/")
            current = step.phase
        expected.append(f"../stappen/{step.id}/")
    expected += [f"../fasen/{p.id}/" for p in phases if p.id not in {s.phase for s in steps}]
    assert narrow == expected
    # each label is real text, wrapped into lines that together give the label
    for svg in svgs.values():
        step_links = [a for a in svg.find_all("a") if a["href"].startswith("../stappen/")]
        for a, step in zip(step_links, steps, strict=True):
            assert " ".join(t.get_text() for t in a.find_all("tspan")) == step.label
            assert a["aria-label"] == NL["route.diagram.step"].format(step=step.label, phase=kb.term("phase", step.phase).label)
        assert svg["role"] == "group" and svg["aria-label"] == NL["route.diagram.title"]
        assert svg.find(id=svg["aria-describedby"]).get_text() == NL["route.diagram.desc"]


def test_home_page_links_and_the_offline_form(kb: KnowledgeBase) -> None:
    first_step = kb.taxonomy.steps[0].id
    assert _svgs(route_diagram(_ctx(kb), "index.md"))["wide"].find_all("a")[-5]["href"] == f"stappen/{first_step}/"
    offline = _svgs(route_diagram(_ctx(kb, directory_urls=False), "route.md"))["wide"]
    assert offline.find_all("a")[-5]["href"] == f"stappen/{first_step}.html"
    assert page_url("index.md", True) == "" and page_url("a/index.md", False) == "a/index.html"
    assert page_href(Site(), "werkzame-elementen/index.md", "themas/x.md") == "../../werkzame-elementen/"


def test_the_editors_note_says_the_grouping_is_theirs(kb: KnowledgeBase) -> None:
    for language, labels in (("nl", NL), ("en", EN)):
        soup = BeautifulSoup(route_diagram(_ctx(kb, language), "route.md"), "html.parser")
        assert soup.select_one("figure.kb-rd > figcaption.kb-editors-note").get_text() == labels["route.diagram.note"]


def test_english_site_gets_english_labels_and_paths(kb: KnowledgeBase) -> None:
    svgs = _svgs(route_diagram(_ctx(kb, "en"), "route.md"))
    phase = kb.taxonomy.phases[0]
    head = svgs["wide"].find("a")
    assert head["href"] == f"../phases/{phase.id}/" and head["aria-label"] == f"Phase: {phase.label}"
    assert svgs["wide"]["aria-label"] == EN["route.diagram.title"]
    assert "(phase: " in svgs["narrow"].find_all("a")[1]["aria-label"]


def test_hostile_labels_stay_text(kb: KnowledgeBase) -> None:
    steps = [kb.taxonomy.steps[0].model_copy(update={"label": HOSTILE}), *kb.taxonomy.steps[1:]]
    phases = [kb.taxonomy.phases[0].model_copy(update={"label": HOSTILE}), *kb.taxonomy.phases[1:]]
    ctx = _ctx(_with_taxonomy(kb, steps=steps, phases=phases))
    page = route_overview(ctx, "route.md")
    html = site_markdown().convert(page)
    assert unsafe_parts(html) == []          # what `kennisbank generate` checks: nothing for the sanitiser to do
    soup = BeautifulSoup(clean_html(html), "html.parser")
    assert not soup.find_all("script")
    assert all(not a["href"].startswith("javascript") for a in soup.find_all("a", href=True))
    for svg in soup.select("svg"):
        texts = ["".join(t.get_text() for t in a.find_all("tspan")).replace(" ", "") for a in svg.find_all("a")]
        assert HOSTILE.replace(" ", "") in texts     # the label, shown as written (long words broken over lines)
        assert len(svg.find_all("a")) == len(phases) + len(steps)   # and no link of its own


def test_steps_without_a_phase_and_phases_without_steps(kb: KnowledgeBase) -> None:
    steps = [kb.taxonomy.steps[0].model_copy(update={"phase": None}), *kb.taxonomy.steps[1:2]]
    ctx = _ctx(_with_taxonomy(kb, steps=steps))
    svgs = _svgs(route_diagram(ctx, "route.md"))
    lanes = svgs["wide"].select("rect.kb-rd__lane")
    assert len(lanes) == len(kb.taxonomy.phases) + 1     # a lane for the step without a phase, not a link
    assert NL["route.diagram.no_phase"] in svgs["wide"].get_text()
    assert [a["href"] for a in svgs["wide"].find_all("a")][-2:] == [f"../stappen/{s.id}/" for s in steps]
    narrow = [a["href"] for a in svgs["narrow"].find_all("a")]
    assert narrow[:2] == [f"../stappen/{steps[0].id}/", f"../fasen/{steps[1].phase}/"]
    unvisited = [p.id for p in kb.taxonomy.phases if p.id != steps[1].phase]
    assert narrow[-len(unvisited):] == [f"../fasen/{p}/" for p in unvisited]   # bands of their own at the end
    assert route_diagram(_ctx(_with_taxonomy(kb, steps=[])), "route.md") == ""


def test_shades_cover_every_count_once_and_the_legend_says_which() -> None:
    for highest in range(0, 60):
        ranges = shade_ranges(highest)
        assert all(1 <= level <= SHADES and low <= high for level, low, high in ranges)
        for count in range(1, highest + 1):
            assert [level for level, low, high in ranges if low <= count <= high] == [shade(count, highest)]
        assert shade(0, highest) == 0
    assert shade_ranges(7) == [(1, 1, 1), (2, 2, 3), (3, 4, 5), (4, 6, 7)]


def test_evidence_map_is_a_table_with_numbers_links_and_a_legend(kb: KnowledgeBase) -> None:
    ctx = _ctx(kb)
    html = site_markdown().convert(evidence_map(ctx, "onderbouwing.md"))
    assert unsafe_parts(html) == []
    table = BeautifulSoup(html, "html.parser").select_one(".kb-evidence-map table")
    assert table.caption.get_text() == NL["evidence_map.caption"]
    assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
    themes = kb.sorted("theme")
    rows = table.tbody.find_all("tr")
    assert [r.th["scope"] for r in rows] == ["row"] * len(themes)
    highest = max(c for row in kb.evidence_counts.values() for c in row.values())
    for row, theme in zip(rows, themes, strict=True):
        assert row.th.a["href"] == f"../themas/{theme.id}/" and row.th.get_text() == theme.title
        for cell, kind in zip(row.find_all("td"), kb.taxonomy.evidence_kinds, strict=True):
            count = kb.evidence_counts.get(theme.id, {}).get(kind.id, 0)
            assert f"kb-heat--{shade(count, highest)}" in cell["class"]
            if count:
                assert cell.a.get_text() == str(count)
                assert cell.a["href"] == f"../werkzame-elementen/?thema={theme.id}&onderbouwing={kind.id}"
            else:
                assert cell.get_text(" ", strip=True) == f"0 {NL['gap']}"
    legend = [li.get_text(" ", strip=True) for li in BeautifulSoup(html, "html.parser").select(".kb-heat-legend li")]
    assert legend[0] == f"0 {NL['gap']}"
    assert legend[1:] == [f"{lo}–{hi}" if lo != hi else str(lo) for _, lo, hi in shade_ranges(highest)]


# --- the sanitiser's SVG allow-list -------------------------------------------------------------------------

HOSTILE_SVG = [
    ('<svg onload="alert(1)"><rect x="1"/></svg>', "onload"),
    ('<svg><script>alert(1)</script></svg>', "alert(1)"),
    ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript:"),
    ('<svg><foreignObject><iframe src="https://evil.example"></iframe></foreignObject></svg>', "evil.example"),
    ('<svg><use href="https://evil.example/x.svg#a"/></svg>', "evil.example"),
    ('<svg><image href="https://evil.example/x.png"/></svg>', "evil.example"),
    ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "javascript:"),
    ('<svg><set attributeName="onmouseover" to="alert(1)"/></svg>', "alert(1)"),
    ('<svg><style>a{fill:red}</style></svg>', "fill:red"),
    ('<svg><rect style="fill:url(https://evil.example/x)" fill="url(https://evil.example/y)"/></svg>', "evil.example"),
    ('<svg><text x="1" onclick="alert(1)">t</text></svg>', "onclick"),
]


@pytest.mark.parametrize("hostile, gone", HOSTILE_SVG)
def test_hostile_svg_is_found_and_removed(hostile: str, gone: str) -> None:
    assert unsafe_parts(hostile)
    cleaned = clean_html(hostile)
    assert gone not in cleaned and "<script" not in cleaned.lower(), cleaned
    assert unsafe_parts(cleaned) == []


def test_svg_outside_the_svg_namespace_is_not_allowed() -> None:
    assert unsafe_parts("<tspan>x</tspan>") == ["<tspan>"]
    assert unsafe_parts("<svg><div>x</div></svg>") == []   # the parser closes the drawing before the <div>


# --- the built site ------------------------------------------------------------------------------------------

def _resolves(site: Path, page_url: str, href: str) -> bool:
    target = posixpath.normpath(posixpath.join(page_url, href.split("?")[0]))
    path = site / target
    return (path / "index.html").is_file() if href.split("?")[0].endswith("/") else path.is_file()


def test_built_home_and_route_pages_link_every_box_to_its_page(mini_site: Built) -> None:
    kb = load([MINI], root=MINI).kb
    assert kb is not None
    for url in ("", "route/"):
        article = BeautifulSoup(mini_site.page(url), "html.parser").select_one("article")
        figure = article.select_one("figure.kb-rd")
        assert figure is not None, url
        assert figure.find_next("nav", class_="kb-route--steps") is not None   # the lists follow as its text
        links = figure.select("svg.kb-rd__svg--wide a")
        assert len(links) == len(kb.taxonomy.phases) + len(kb.taxonomy.steps)
        for a in figure.select("svg a"):
            assert _resolves(mini_site.site, url, a["href"]), (url, a["href"])
    onderbouwing = BeautifulSoup(mini_site.page("onderbouwing"), "html.parser").select_one(".kb-evidence-map")
    links = onderbouwing.select("table a")
    assert links and all(_resolves(mini_site.site, "onderbouwing/", a["href"]) for a in links)


def test_root_data_renders_the_route_the_editors_grouped() -> None:
    """The shipped taxonomy: five steps over three phases, in the order and the phases of data/taxonomy.yaml."""
    kb = load([ROOT / "data"], root=ROOT).kb
    assert kb is not None
    wide = _svgs(route_diagram(_ctx(kb), "route.md"))["wide"]
    steps = wide.find_all("a")[len(kb.taxonomy.phases):]
    assert [a["href"] for a in steps] == [f"../stappen/{s.id}/" for s in kb.taxonomy.steps]
    assert len(steps) == 5

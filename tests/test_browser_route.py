"""The route diagram and the evidence heat map (#19) in a real headless Chromium: axe, keyboard, phone width, contrast."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_helpers import serve
from conftest import ROOT, Built
from playwright.sync_api import Browser, Page

from kennisbank.core.reading.loader import load

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def site_url(shipped_site: Built) -> Iterator[str]:
    """The shipped knowledge base, served on a loopback port."""
    with serve(shipped_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def taxonomy():
    kb = load([ROOT / "data"], root=ROOT).kb
    assert kb is not None
    return kb.taxonomy


def _page(browser: Browser, viewport: dict[str, int]) -> Page:
    # axe is injected as an inline script, which the site's CSP forbids (the policy is tested in test_hosting.py)
    return browser.new_context(locale="nl-NL", viewport=viewport, bypass_csp=True).new_page()  # type: ignore[arg-type]


WCAG = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}}"


def _axe(page: Page, context: str = "document", rules: str = WCAG) -> dict:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(f"() => axe.run({context}, {rules})")


def _violations(result: dict) -> list:
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.parametrize("path", ["", "route/", "onderbouwing/"])
def test_axe_passes_and_nothing_scrolls_sideways(browser: Browser, site_url: str, path: str, viewport: dict) -> None:
    page = _page(browser, viewport)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert _violations(_axe(page)) == []
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width   # no horizontal page scroll, also at 360 px
    if path != "onderbouwing/":  # one drawing shows: columns on a wide screen, bands on a phone
        shown = "wide" if viewport is WIDE else "narrow"
        hidden = "narrow" if viewport is WIDE else "wide"
        assert page.locator(f"svg.kb-rd__svg--{shown}").is_visible()
        assert not page.locator(f"svg.kb-rd__svg--{hidden}").is_visible()
        box = page.locator(f"svg.kb-rd__svg--{shown}").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    page.context.close()


def _tab_through_diagram(page: Page, layout: str) -> list[str]:
    """Tab from the top of the page through the drawing; the hrefs of its links in the order they got focus."""
    inside = f"() => !!document.activeElement.closest('svg.kb-rd__svg--{layout}')"
    reached: list[str] = []
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate(inside):
            reached.append(page.evaluate("() => document.activeElement.getAttribute('href')"))
            ring = page.evaluate("() => getComputedStyle(document.activeElement.querySelector('.kb-rd__ring')).stroke")
            assert ring not in ("none", "", "rgba(0, 0, 0, 0)"), ring   # the focus is visible
        elif reached:
            break
    return reached


def test_tab_reaches_every_link_of_the_drawing_in_order_and_enter_opens_the_step(browser: Browser, site_url: str,
                                                                                  taxonomy) -> None:
    page = _page(browser, WIDE)
    page.goto(site_url + "route/")
    phases = [f"../fasen/{p.id}/" for p in taxonomy.phases]
    steps = [f"../stappen/{s.id}/" for s in taxonomy.steps]
    assert _tab_through_diagram(page, "wide") == phases + steps
    page.goto(site_url + "route/")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == steps[0] and \
                page.evaluate("() => !!document.activeElement.closest('svg')"):
            break
    else:
        pytest.fail("de eerste stap van het schema is niet met Tab te bereiken")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/stappen/{taxonomy.steps[0].id}/")
    page.context.close()


def test_on_a_phone_the_bands_are_tabbed_phase_then_its_steps(browser: Browser, site_url: str, taxonomy) -> None:
    page = _page(browser, PHONE)
    page.goto(site_url)
    expected, current = [], None
    for step in taxonomy.steps:
        if step.phase != current:
            expected.append(f"fasen/{step.phase}/")
            current = step.phase
        expected.append(f"stappen/{step.id}/")
    assert _tab_through_diagram(page, "narrow") == expected
    page.context.close()


def test_the_diagram_labels_are_text_a_screen_reader_gets(browser: Browser, site_url: str, taxonomy) -> None:
    page = _page(browser, WIDE)
    page.goto(site_url + "route/")
    svg = page.locator("svg.kb-rd__svg--wide")
    names = svg.locator("a").evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
    assert names[:len(taxonomy.phases)] == [f"Fase: {p.label}" for p in taxonomy.phases]
    assert [n.split(" (fase: ")[0] for n in names[len(taxonomy.phases):]] == [s.label for s in taxonomy.steps]
    text = re.sub(r"\s+", "", svg.locator("a").nth(len(taxonomy.phases)).text_content() or "")
    assert text == re.sub(r"\s+", "", taxonomy.steps[0].label)   # the visible label is real text
    assert page.get_by_role("link", name=taxonomy.steps[0].label).first.is_visible()
    assert "redactie" in page.locator("figure.kb-rd figcaption").inner_text()
    page.context.close()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_heat_map_numbers_are_visible_and_pass_contrast(browser: Browser, site_url: str, scheme: str) -> None:
    page = _page(browser, WIDE)
    page.goto(site_url + "onderbouwing/")
    page.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    cells = page.locator(".kb-evidence-map td")
    assert cells.count() > 0
    shades = set()
    for i in range(cells.count()):
        cell = cells.nth(i)
        assert cell.is_visible() and re.match(r"^\d+\b", cell.inner_text().strip()), cell.inner_text()
        shades.add(cell.get_attribute("class"))
    assert len(shades) >= 3   # the counts of the shipped data differ, so do the shades
    # the cells and the legend: the theme links in the first column take the site's link colour, which has no
    # slate variant (this site has only the default scheme; the full-page axe test above covers them there)
    result = _axe(page, "{include: [['.kb-evidence-map td'], ['.kb-heat-legend']]}", "{runOnly: ['color-contrast']}")
    assert _violations(result) == []
    checked = [n for p in result["passes"] for n in p["nodes"]]
    assert len(checked) >= cells.count()   # every number was measured, not skipped
    assert [n["target"] for i in result["incomplete"] for n in i["nodes"]] == []
    page.context.close()


def test_slate_scheme_keeps_the_diagram_readable(browser: Browser, site_url: str) -> None:
    page = _page(browser, WIDE)
    page.goto(site_url + "route/")
    page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
    fills = page.evaluate("""() => ['.kb-rd__head', '.kb-rd__label--head', '.kb-rd__step', '.kb-rd__label--step']
        .map(s => getComputedStyle(document.querySelector('svg.kb-rd__svg--wide ' + s)).fill)""")
    assert fills == ["rgb(143, 208, 214)", "rgb(11, 31, 34)", "rgb(27, 31, 36)", "rgb(232, 232, 232)"]
    assert _violations(_axe(page, "'figure.kb-rd'")) == []
    page.context.close()

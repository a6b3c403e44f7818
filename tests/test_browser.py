"""The shipped site in a real headless Chromium: search, filters, gap map, route, accessibility, privacy.

Chromium comes from Debian (`make test` installs it); Playwright drives it via executable_path, because
Playwright's own browser download does not work on these machines. These tests never skip: without Chromium
they fail.
"""
from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest
from browser_helpers import PAGES, search
from conftest import ROOT, Built
from playwright.sync_api import Browser, Page

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def site_url(shipped_site: Built):
    """The shipped knowledge base (built once per test worker, conftest.py), served on a loopback port for the
    duration of this module."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(shipped_site.site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("query, expected", [
    ("vacatiegeld", "Zet vacatiegelden in"),
    ("speeddate", "Kennismakingswerkvormen"),
    ("mandaat", "Regel mandaat van de leidinggevende"),
    ("financiering", "Organiseer structurele financiering"),
    ("adoptieplan", "Adoptieplan"),
    ("gemeenten", "Koppel terug naar het (gemeentelijk) beleid"),  # found through the record's keywords
])
def test_search_shows_the_expected_record_first(page: Page, site_url: str, query: str, expected: str):
    results = search(page, site_url, query)
    assert results and results[0].startswith(expected), results[:5]


def visible_items(page: Page) -> int:
    return page.locator("[data-kb-list] > li:visible").count()


def test_filters_combine_show_counts_and_live_in_the_url(page: Page, site_url: str):
    page.goto(site_url + "werkzame-elementen/")
    total = page.locator("[data-kb-list] > li").count()
    assert page.locator("[data-kb-shown]").inner_text() == str(total)
    theme = page.locator("input[name=thema][value=belangen-en-financien]")
    expected = int(theme.locator("xpath=..").locator("[data-count]").inner_text().strip("()"))
    theme.check()
    assert visible_items(page) == expected < total
    assert "thema=belangen-en-financien" in page.url
    literature = page.locator("input[name=onderbouwing][value=literature]")
    narrowed = int(literature.locator("xpath=..").locator("[data-count]").inner_text().strip("()"))
    literature.check()
    assert visible_items(page) == narrowed <= expected
    shared = page.url
    page.goto(site_url)
    page.goto(shared)  # a shared link restores the same view
    assert visible_items(page) == narrowed
    assert page.locator("input[name=onderbouwing][value=literature]").is_checked()
    page.locator("[data-kb-reset]").click()
    assert visible_items(page) == total and "?" not in page.url


def test_without_javascript_the_full_list_shows(browser: Browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "werkzame-elementen/")
    assert tab.locator("[data-kb-filters]").is_hidden()
    assert tab.locator("[data-kb-list] > li").count() == tab.locator("[data-kb-list] > li:visible").count() > 40
    context.close()


def test_gap_map_cells_open_the_filtered_list(page: Page, site_url: str):
    page.goto(site_url + "onderbouwing/")
    cell = page.locator(".kb-evidence-map td:not(:first-child) a").nth(0)
    number = int(cell.inner_text())
    cell.click()
    page.wait_for_load_state()
    assert "werkzame-elementen/" in page.url and "thema=" in page.url
    assert visible_items(page) == number
    assert page.locator(".kb-evidence-map").count() == 0
    page.goto(site_url + "onderbouwing/")
    assert page.locator(".kb-gap").count() >= 1 and "leemte" in page.locator(".kb-gap").first.inner_text()


def test_route_is_usable_by_keyboard(page: Page, site_url: str):
    page.goto(site_url)
    first_step = page.locator("nav.kb-route--steps a").first
    for _ in range(80):  # tab through the page until the first stop of the route has focus
        page.keyboard.press("Tab")
        if first_step.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("de route is niet met Tab te bereiken")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/stappen/behoefteonderzoek/")
    assert page.locator("article h2#themas").count() == 1


@pytest.mark.parametrize("path", PAGES)
def test_every_page_kind_passes_axe_and_stays_on_this_host(browser: Browser, site_url: str, path: str):
    # axe is injected by the test as an inline script, which the site's own CSP (a meta tag by default) forbids;
    # the policy itself is tested in test_hosting.py and test_hostile_browser.py.
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})""")
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []
    assert hosts <= {"127.0.0.1"}, hosts
    context.close()


def test_see_also_leads_on_to_a_related_element(page: Page, site_url: str):
    """'Zie ook' (#19): real links, named by the element's title, that take a keyboard user to that element."""
    page.goto(site_url + "werkzame-elementen/begin-met-een-kerngroep/")
    heading = page.locator("article h2#zie-ook")
    assert heading.count() == 1 and heading.is_visible()
    links = page.locator("article h2#zie-ook ~ ul").first.locator("a")
    assert 1 <= links.count() <= 5
    first = links.first
    title = first.inner_text().strip()
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/werkzame-elementen/" in page.url and not page.url.endswith("/begin-met-een-kerngroep/")
    assert page.locator("article h1").first.inner_text().strip().rstrip("¶").strip() == title  # ¶: the permalink

"""'Nieuw en gewijzigd' (#19) in Chromium, on a site built from a git repository with two commits: the feed is valid
Atom and each entry's link opens its record, the history on a record page is visible with the right links."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from browser_helpers import serve
from conftest import ROOT, build
from playwright.sync_api import Browser, Page
from test_changes_site import REPOSITORY, history_project
from test_history import check_atom

from kennisbank.core.outputs.changes_feed import ATOM

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    project, shas = history_project(tmp_path_factory.mktemp("changes") / "project")
    built = build(project, env={"GIT_CEILING_DIRECTORIES": str(project.parent)})
    assert built.returncode == 0, built.log
    with serve(built.site) as url:
        yield url, shas


@pytest.fixture
def page(browser: Browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 800})  # a phone
    tab = context.new_page()
    yield tab
    context.close()


def test_the_feed_is_valid_atom_and_every_entry_link_opens_its_record(page: Page, served) -> None:
    url, _ = served
    page.goto(url + "nieuw-en-gewijzigd/")
    feed_href = page.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    visible = page.locator("article a", has_text="Atom-feed")
    assert visible.is_visible() and visible.get_attribute("href") == feed_href
    feed_url = urljoin(page.url, feed_href)
    response = page.request.get(feed_url)
    assert response.ok
    feed = check_atom(response.body())
    entries = feed.findall(f"{{{ATOM}}}entry")
    assert entries
    for entry in entries:
        target = urljoin(feed_url, entry.find(f"{{{ATOM}}}link").get("href"))
        assert urlsplit(target).netloc == urlsplit(url).netloc
        opened = page.goto(target)
        assert opened is not None and opened.ok, target
        assert page.locator("article h1").inner_text().strip().rstrip("¶") == entry.findtext(f"{{{ATOM}}}title")


def test_the_history_on_a_record_page_is_visible_and_links_to_the_commits(page: Page, served) -> None:
    url, shas = served
    page.goto(url + "werkzame-elementen/duidelijk-doel/")
    heading = page.locator("article h2#geschiedenis")
    assert heading.count() == 1
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    items = page.locator("article h2#geschiedenis + p + ul > li")
    assert items.count() == 2 and items.first.is_visible()
    assert [items.nth(i).inner_text().strip() for i in range(2)] == ["3 februari 2024: Gewijzigd", "2 januari 2024: Nieuw"]
    links = [items.nth(i).locator("a").get_attribute("href") for i in range(2)]
    assert links == [f"{REPOSITORY}/commit/{sha}" for sha in shas]


def test_the_changes_page_passes_axe_on_a_phone(browser: Browser, served) -> None:
    url, _ = served
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 800}, bypass_csp=True)
    page = context.new_page()
    for path in ("nieuw-en-gewijzigd/", "werkzame-elementen/duidelijk-doel/"):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == [], path
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, path  # nothing wider than the phone
    context.close()

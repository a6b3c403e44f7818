"""A record page on paper: headless Chromium with print media, and a real PDF read back with pypdf.

The site is the mini fixture with a repository (feedback links, edit button) and a site_url (cite block URL).
"""
from __future__ import annotations

import io

import pytest
from browser_helpers import serve
from conftest import build, make_project
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

RECORD = "praktijkvoorbeelden/workshop-verpleeghuiszorg/"
TITLE = "Workshop Grenzeloze leervormen"


def _with_repository(config: str) -> str:
    config = config.replace('site_url: ""', "site_url: https://example.org/kennisbank/")
    config = config.replace('repository: ""', 'repository: "https://github.com/voorbeeld/kennisbank"')
    return config.replace("docs_dir: docs", "repo_url: https://github.com/voorbeeld/kennisbank\nedit_uri: edit/main/docs/\n"
                                            "docs_dir: docs")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    built = build(make_project(tmp_path_factory.mktemp("print") / "project", config_edit=_with_repository))
    assert built.returncode == 0, built.log
    with serve(built.site) as url:
        yield url


@pytest.fixture
def printed(browser: Browser, site: str):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site + RECORD)
    yield tab
    context.close()


def after(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("el => getComputedStyle(el, '::after').content")


def test_screen_page_has_the_parts_print_hides(printed: Page):
    """Guards the print test below: each hidden part is really on the page."""
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".kb-feedback",
                     "a.md-content__button"):
        assert printed.locator(selector).first.is_visible(), selector
    assert not printed.locator(".kb-cite .kb-cite__reference").is_visible()  # closed on screen


def test_print_shows_only_the_content_full_width(printed: Page):
    printed.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer",
                     ".kb-feedback", "a.md-content__button", ".md-typeset .headerlink"):
        assert all(not element.is_visible() for element in printed.locator(selector).all()), selector
    content = printed.locator("article.md-content__inner")
    assert content.is_visible() and printed.locator("article h1").inner_text() == TITLE
    width = printed.evaluate("document.documentElement.clientWidth")
    assert content.bounding_box()["width"] > 0.9 * width
    color = printed.locator("article p").first.evaluate("el => getComputedStyle(el).color")
    assert color == "rgb(0, 0, 0)"


def test_print_appends_external_urls_only(printed: Page):
    printed.emulate_media(media="print")
    assert after(printed, 'article a[href="https://www.vilans.nl"]') == '" (https://www.vilans.nl)"'
    assert after(printed, 'article a[href^="../../"]') == "none"
    # The cite block's reference already shows its URL as the link text.
    assert after(printed, ".kb-cite__reference a") == "none"


def test_print_opens_the_cite_block(printed: Page):
    printed.emulate_media(media="print")
    assert printed.locator(".kb-cite .kb-cite__reference").is_visible()
    # Browsers without ::details-content: the beforeprint handler opens closed details and closes them after.
    printed.emulate_media(media="screen")
    printed.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert printed.locator("details.kb-cite").evaluate("el => el.open")
    printed.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not printed.locator("details.kb-cite").evaluate("el => el.open")


def test_pdf_has_the_record_its_citation_and_link_urls(printed: Page):
    reader = PdfReader(io.BytesIO(printed.pdf(format="A4")))
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    flat = " ".join(text.split())
    assert TITLE in flat
    assert "(https://www.vilans.nl)" in flat
    assert ("Kennisbank Lerende Netwerken. (z.d.). Workshop Grenzeloze leervormen. "
            "https://example.org/kennisbank/praktijkvoorbeelden/workshop-verpleeghuiszorg/") in flat
    assert "Reageren" not in flat and "Zoeken" not in flat

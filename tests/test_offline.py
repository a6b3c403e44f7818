"""An intranet without a web server: `KENNISBANK_OFFLINE=true` builds a site that works when opened from disk."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_helpers import chromium, search
from conftest import Built
from playwright.sync_api import sync_playwright

from kennisbank.core.outputs.site_links import check_links


@pytest.fixture(scope="module")
def offline_site(shipped_offline_site: Built) -> Built:
    return shipped_offline_site


def test_every_link_reaches_a_file_without_a_server(offline_site: Built) -> None:
    site = offline_site.site
    assert (site / "werkzame-elementen" / "regel-mandaat-van-de-leidinggevende.html").is_file()  # no folder URLs from disk
    assert (site / "search" / "search_index.js").is_file()
    assert [b.format() for b in check_links(site, for_file_urls=True)] == []
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html and 'src="assets/vendor/iframe-worker/shim.js"' in html


def test_browsing_and_search_work_from_file_urls(offline_site: Built) -> None:
    home = (offline_site.site / "index.html").as_uri()
    with sync_playwright() as playwright:
        browser = chromium(playwright)
        page = browser.new_page(locale="nl-NL")
        schemes = set()
        page.on("request", lambda request: schemes.add(urlsplit(request.url).scheme))
        page.goto(home)
        page.get_by_role("navigation").get_by_role("link", name="Werkzame elementen").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/werkzame-elementen/index.html")
        page.get_by_role("link", name="Regel mandaat van de leidinggevende").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/werkzame-elementen/regel-mandaat-van-de-leidinggevende.html")
        assert page.locator("article h1").first.inner_text().rstrip("¶") == "Regel mandaat van de leidinggevende"
        # Search runs in the vendored iframe-worker (a real Worker is not allowed from file://).
        assert search(page, home, "mandaat")[0] == "Regel mandaat van de leidinggevende"
        assert schemes <= {"file", "data", "about", "blob"}, schemes
        browser.close()

"""What the browser tests share: Debian's Chromium with the flags this machine needs, serving a built site on a
loopback port, and typing into the site's search. The `browser` fixture itself is in conftest.py."""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, Page, Playwright


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # no request log in the test output
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 while the block runs; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


CHROMIUM = "/usr/bin/chromium"  # Debian's package: Playwright's own browser download does not work on these machines
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
# One page of each kind of the shipped knowledge base.
PAGES = ["", "route/", "themas/", "themas/gedeelde-ambitie/", "werkzame-elementen/",
         "werkzame-elementen/begin-met-een-kerngroep/",
         "bronnen/salem-2002/", "praktijkvoorbeelden/ik-laat-je-niet-alleen/", "hulpmiddelen/format-bijeenkomst/",
         "fasen/formeren/", "stappen/kick-off/", "onderbouwing/", "begrippen/", "lerend-netwerk/opleiding-of-lerend-netwerk/"]


def chromium(playwright: Playwright) -> Browser:
    """Headless Chromium from Debian. These tests never skip: without Chromium they fail, saying what to install."""
    assert Path(CHROMIUM).exists(), "Chromium ontbreekt: installeer het Debian-pakket 'chromium' (make test doet dat)"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)


def search(page: Page, site_url: str, query: str) -> list[str]:
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    # Type only once the search worker has built its index; keystrokes before that are not searched again.
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && !/initialiseren/i.test(m.textContent); }", timeout=60_000)
    box.press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    return [t.strip() for t in page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()]


def ask(page: Page, site_url: str, query: str) -> tuple[str, list[tuple[str, str]]]:
    """Search for `query` as one keystroke (one query to the worker, so no earlier prefix's answer is read): the
    result count line and each result as (kind, title), kind '' when it has none (kennisbank-search.js)."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    opener = page.locator(".md-header label.md-header__button[for='__search']")  # on a phone: the magnifier
    (opener if opener.is_visible() else box).click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && !/initialiseren|initializing/i.test(m.textContent); }", timeout=60_000)
    before = meta.inner_text()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    page.wait_for_function("before => document.querySelector('.md-search-result__meta').textContent !== before",
                           arg=before, timeout=60_000)
    results = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => {
        const article = item.querySelector(':scope > .md-search-result__link article');
        const kind = article.querySelector('.kb-search-kind');
        return [kind ? kind.textContent : '', article.querySelector('h1').textContent.trim()];
    })""")
    return meta.inner_text(), [(kind, title) for kind, title in results]

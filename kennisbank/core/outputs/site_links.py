"""Check the links inside a built site: every internal href/src must reach a file of the site.

Runs on the HTML in site/, after any build, without MkDocs: so it also catches links that only break once the
site is published under a subpath (`base_path`) or opened from disk (`for_file_urls`: a link to a folder does
not open its index.html there).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kennisbank.core.i18n import Message, say
from kennisbank.core.textutil import printable

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src", "source": "src",
                    "iframe": "src", "video": "src", "audio": "src"}


@dataclass(frozen=True)
class BrokenLink:
    page: str       # site-relative path of the page with the link
    target: str     # the link as written
    reason: Message  # for editors, in Dutch and English

    def format(self, language: str | None = "nl") -> str:
        # a link is page text: never terminal control
        return printable(f"{self.page}: {self.target} — {self.reason.text(language)}")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _LINK_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def check_links(site: Path, base_path: str = "/", for_file_urls: bool = False) -> list[BrokenLink]:
    """Every internal link of every page in `site` that does not reach a file."""
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    broken = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if for_file_urls and rel == "404.html":  # only a web server shows it, at any depth: its links start at the root
            continue
        for link in links_of(page.read_text(encoding="utf-8", errors="replace")):
            reason = _problem(site, rel, link, base, for_file_urls)
            if reason:
                broken.append(BrokenLink(rel, link, reason))
    return broken


def _problem(site: Path, page: str, link: str, base: str, for_file_urls: bool) -> Message | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:   # another site, mailto:, or only #anchor / ?query
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if for_file_urls:
            return say("een pad vanaf de root werkt niet als de site vanaf schijf (file://) wordt geopend",
                       "a path from the root does not work when the site is opened from disk (file://)")
        if not path.startswith(base):
            return say("verwijst buiten {base}, waar de site staat", "points outside {base}, where the site lives",
                       base=base)
        target = path[len(base):]
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if target == ".." or target.startswith("../"):
            return say("verwijst boven de map van de site uit", "points above the site's folder")
    target = "" if target == "." else target
    local = site / target
    if local.is_dir() or path.endswith("/"):
        if for_file_urls:
            return say("een link naar een map opent vanaf schijf (file://) niet de pagina; link naar index.html",
                       "a link to a folder does not open the page from disk (file://); link to index.html")
        local = local / "index.html"
    return None if local.is_file() else say("bestaat niet in de gebouwde site", "does not exist in the built site")

"""Links to pages from raw HTML (the route drawing, the evidence table with its caption).

Markdown links (`[x](../a.md)`) are turned into page URLs by the engine; links inside raw HTML are left exactly as
written. Raw HTML therefore carries the final, relative URL: 'stappen/a/' or, without directory URLs (the offline
build), 'stappen/a.html', seen from the calling page, so it works under any subpath and from file://.
"""
from __future__ import annotations

from kennisbank.core.site import Site, relative_url


def page_url(page: str, directory_urls: bool) -> str:
    """The site-root-relative URL the engine gives a docs page: 'a/b.md' -> 'a/b/' or 'a/b.html'; 'a/index.md' ->
    'a/' or 'a/index.html'; 'index.md' -> '' or 'index.html'."""
    stem = page[:-3] if page.endswith(".md") else page
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        if directory_urls:
            return f"{folder}/" if folder else ""
        return f"{folder}/index.html" if folder else "index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def page_href(site: Site, target: str, here: str) -> str:
    """The relative URL of the docs page `target` from the docs page `here`, as a browser resolves it."""
    return relative_url(page_url(target, site.directory_urls), page_url(here, site.directory_urls))

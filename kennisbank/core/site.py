"""What the site says about itself — name, address, licence, owner, language, paths, repository — in one object.

Pages ("how to cite", feedback links), downloads (footer, author) and the open data (JSON-LD, read-me) all read
it; the adapter makes it once per build from the validated settings and the engine's configuration.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from kennisbank.core.model.kinds import Kind
from kennisbank.core.paths import SitePaths, paths_for, relpath

# Creative Commons names as editors write them ('CC BY-SA 4.0') -> the licence's own address.
_CC = re.compile(r"^\s*CC[\s-]+(BY(?:[\s-]+(?:NC|SA|ND))*)[\s-]+(\d\.\d)\s*$", re.I)
_CC0 = re.compile(r"^\s*CC0(?:[\s-]+1\.0)?\s*$", re.I)


@dataclass(frozen=True)
class Site:
    name: str = ""
    url: str = ""                    # absolute base URL, or "" when unknown
    licence: str = ""                # as written in the settings, e.g. 'CC BY-SA 4.0'
    owner: str = ""                  # author of the downloads and of "how to cite this page" (the name when unset)
    language: str = "nl"
    repository: str | None = None    # feedback links open issues here; none when unset
    directory_urls: bool = True      # 'x/' pages (MkDocs' default) or 'x.html'
    pdf: bool = True                 # PDF versions of the templates, unless the settings switch them off
    path_language: str = ""          # extra.kennisbank.paths: the language of the URLs; "" follows `language`

    @property
    def base_url(self) -> str:
        return self.url.rstrip("/") + "/" if self.url else ""

    @property
    def licence_url(self) -> str | None:
        return licence_url(self.licence)

    @property
    def paths(self) -> SitePaths:
        """Where the generated pages are: 'werkzame-elementen/x.md' on a Dutch site, 'working-elements/x.md' in English."""
        return paths_for(self.path_language or self.language)

    def page_url(self, kind: Kind | str, record_id: str) -> str:
        """A record page's URL relative to the site root, as the engine writes it."""
        return self.paths.record_url(kind, record_id, self.directory_urls)

    def file_url(self, path: str) -> str:
        """An absolute URL when the site's address is known, else the site-root-relative path."""
        return self.base_url + path

    def absolute_url(self, path: str) -> str | None:
        """The absolute URL of a site path; None when the site's address is unknown."""
        return self.base_url + path if self.url else None

    def link(self, target: str, from_url: str) -> str:
        """`target` (site-root-relative) as seen from the page at `from_url`: absolute when possible."""
        if self.url:
            return self.base_url + target
        return relative_url(target, from_url)


def relative_url(target: str, from_url: str) -> str:
    """'bronnen/b/' seen from 'werkzame-elementen/a/' -> '../../bronnen/b/' (a JSON-LD reader resolves it)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel


def licence_url(licence: str) -> str | None:
    """The canonical address of a Creative Commons licence; None for any other text (it is then shown as written)."""
    match = _CC.match(licence or "")
    if match:
        code = re.sub(r"[\s-]+", "-", match.group(1)).lower()
        return f"https://creativecommons.org/licenses/{code}/{match.group(2)}/"
    if _CC0.match(licence or ""):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    return None


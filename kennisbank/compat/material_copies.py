"""Our copies of Material for MkDocs templates (kennisbank/theme/), each with the Material original it was made from.

Material has no block for these, so kennisbank/theme/ overrides whole partials (or, in main.html, a block of
base.html) with a copy of the Material 9.8.1 original and a small change: the site name escaped where Material
prints it raw (an organisation's name may hold & or <), and Material's inline scripts moved into files so that a
Content-Security-Policy without 'unsafe-inline' holds. A copy does not follow an upgrade of Material by itself.

COPIES lists each copy with the sha256 of the Material original when it was copied; tests/test_compat_material.py
checks that the installed original still has that hash (so an upgrade that changes it fails, naming the copy to
redo) and that our copy differs from the original only by the change described.

To upgrade mkdocs-material: for every copy whose original changed, copy the new original again and make the same
change, put the new hash here, run tests/test_compat_material.py, tests/test_compat_mkdocs.py and the browser tests
(tests/test_browser.py), then update the version below, in mkdocs_internals.py and the pin in pyproject.toml.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from kennisbank.compat import require_versions

MKDOCS_MATERIAL = "9.8.1"


def _check_version() -> None:
    require_versions(__name__, {"mkdocs-material": MKDOCS_MATERIAL},
                     "kennisbank/theme/ holds copies of Material templates (listed in kennisbank/compat/"
                     "material_copies.py): compare each with its original in the new version, redo the copies whose "
                     "original changed, run tests/test_compat_material.py, then update the hashes and version there "
                     "and the pin in pyproject.toml.",
                     "kennisbank/theme/ bevat kopieën van Material-sjablonen (de lijst staat in kennisbank/compat/"
                     "material_copies.py): vergelijk elke kopie met het origineel in de nieuwe versie, maak de "
                     "kopieën opnieuw waarvan het origineel veranderde, draai tests/test_compat_material.py en pas "
                     "daarna de hashes en de versie daar en in pyproject.toml aan.")


_check_version()

THEME = Path(__file__).resolve().parent.parent / "theme"

SITE_NAME_ESCAPED = "config.site_name is printed escaped (`{{ config.site_name | e }}`) where Material prints it raw"
INLINE_SCRIPT_MOVED = "the inline <script> is a file in assets/ (same statements), loaded by a <script src>"


@dataclass(frozen=True)
class Copy:
    ours: tuple[str, ...]   # our files, relative to kennisbank/theme/
    original: str           # relative to the installed material/templates/
    sha256: str             # of the original (of its block, if `block` is set) when it was copied
    change: str
    block: str | None = None  # only this {% block %} of the original is copied (into our first file)


COPIES = (
    Copy(("partials/header.html",), "partials/header.html",
         "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
         f"{SITE_NAME_ESCAPED} (the logo's aria-label and the title in the header); our own leading comment."),
    Copy(("partials/nav.html",), "partials/nav.html",
         "af33f6e032f632eb055c365eb5f1a975bf8456152fa768e69a1aad6d470b843f",
         f"{SITE_NAME_ESCAPED} (the logo's aria-label and the title of the drawer); our own leading comment."),
    Copy(("main.html",), "base.html",
         "8ebd0d3f80cb7be8baa6a77ed0759e9d08eba8a72047270089a452cd911f83ef",
         f"{SITE_NAME_ESCAPED} (the <title>); whitespace control.", block="htmltitle"),
    Copy(("partials/javascripts/base.html", "assets/kennisbank-md-start.js"), "partials/javascripts/base.html",
         "d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6",
         f"{INLINE_SCRIPT_MOVED}; the scope comes from the tag's data-md-scope attribute."),
    Copy(("partials/javascripts/content.html", "assets/kennisbank-md-content.js"), "partials/javascripts/content.html",
         "3722e156f0f6339de39fbbfc178b6e401d1a4fb890f189ac5b80c2504bda7dcf",
         f"{INLINE_SCRIPT_MOVED}; whether content.tabs.link is on comes from a data-md-tabs-link attribute."),
    Copy(("partials/javascripts/palette.html", "assets/kennisbank-md-palette.js"), "partials/javascripts/palette.html",
         "8790389765ea6036effddba548b15093bb05bdc75624eaeaf8b13f3c24be4ab5",
         INLINE_SCRIPT_MOVED + "."),
)


def material_templates() -> Path:
    import material
    return Path(material.__file__).resolve().parent / "templates"


def block_of(template: str, name: str) -> str:
    """The text of `{% block name %}…{% endblock %}` in a template (blocks of this kind hold no nested block)."""
    found = re.search(r"\{%-?\s*block\s+" + re.escape(name) + r"\s*-?%\}.*?\{%-?\s*endblock\s*-?%\}", template, re.S)
    if found is None:
        raise LookupError(f"no block {name!r}")
    return found.group(0)


def original_text(copy: Copy) -> str:
    """The installed Material original of a copy (only its block, if the copy is of a block), newlines as stored."""
    text = (material_templates() / copy.original).read_bytes().decode("utf-8")
    return block_of(text, copy.block) if copy.block else text


def original_sha256(copy: Copy) -> str:
    """What `Copy.sha256` records: the hash of the installed original (of the file's bytes, or of the block's text)."""
    return hashlib.sha256(original_text(copy).encode("utf-8")).hexdigest()

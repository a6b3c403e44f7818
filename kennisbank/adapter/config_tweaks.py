"""What the plugin changes in a project's MkDocs configuration, whatever its mkdocs.yml says, and why."""
from __future__ import annotations

import logging
from typing import Any

from kennisbank.adapter.mdx_linear import with_linear_markdown
from kennisbank.compat.material_search import SEARCH_MESSAGES
from kennisbank.core.i18n import say
from kennisbank.core.labels import labels_for
from kennisbank.core.outputs.security import meta_policy
from kennisbank.core.paths import SitePaths

log = logging.getLogger("mkdocs.plugins.kennisbank")

UNSAFE_FEATURES = ("content.tooltips",)
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"


def adjust(config: Any, csp_meta: object, serving: bool, problems: int, language: str, paths: SitePaths) -> None:
    if config.extra.get("polyfills"):
        config.extra["polyfills"] = offline_polyfills(config.extra["polyfills"])
    # Python-Markdown in time linear in a record's text, whatever the project's mkdocs.yml lists (mdx_linear.py)
    with_linear_markdown(config.markdown_extensions)
    _without_html_tooltips(config, language)
    config.extra["kennisbank_search"] = search_settings(language, paths)
    config.extra["kennisbank_csp_meta"] = csp_meta_value(config, csp_meta, serving)
    # kennisbank/theme/main.html shows a banner linking to the problem list while an editor works with `mkdocs serve`
    labels = labels_for(language)
    config.extra["kennisbank_problems"] = problems
    config.extra["kennisbank_problems_text"] = {
        "message": labels["problems.banner.one"] if problems == 1 else labels["problems.banner.many"].format(count=problems),
        "link": labels["problems.banner.link"], "url": paths.page_url(paths.problems)}


# The labels of the generated folders' pages in search results: record kinds, then the route's terms.
KIND_LABELS = {"theme": "kind.theme", "element": "kind.element", "source": "kind.source", "example": "kind.example",
               "template": "kind.template", "phase": "phase", "step": "step", "group_stage": "group_stage"}


def search_settings(language: str, paths: SitePaths) -> dict[str, Any]:
    """What kennisbank/theme/assets/kennisbank-search.js is told (theme/main.html): the label of the pages in each
    generated folder, and the numbers of Material's search worker messages (compat/material_search.py)."""
    labels = labels_for(language)
    return {"kinds": {paths.folders[kind]: labels[label] for kind, label in KIND_LABELS.items()},
            "messages": dict(SEARCH_MESSAGES)}


def csp_meta_value(config: Any, csp_meta: object, serving: bool) -> str:
    """kennisbank/theme/main.html: a CSP meta tag for hosts without headers, on by default (core/outputs/security.py)."""
    return "" if csp_meta is False or _offline(config) else meta_policy(serving)


def _offline(config: Any) -> bool:
    """The file:// build gets no policy tag: Chromium's 'self' does not cover file: URLs, so search (the vendored
    iframe-worker) would stop. Record text is inert there without the policy too (sanitize.py, no HTML tooltips)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def _without_html_tooltips(config: Any, language: str = "nl") -> None:
    """Material's tooltips put title attributes (and an overflowing header title) into innerHTML: escaped record text
    would run as markup there whenever no CSP is sent. Our own tooltips (kennisbank-tooltips.js) show text only."""
    features = config.theme.get("features") or []
    for feature in UNSAFE_FEATURES:
        if feature in features:
            features.remove(feature)
            log.warning(say("theme.features: '{feature}' is uitgezet: Material zet daarmee tekst uit de records als HTML "
                            "in de pagina. De kennisbank toont uitleg bij begrippen zelf, als gewone tekst. "
                            "Oplossing: haal '- {feature}' weg uit mkdocs.yml.",
                            "theme.features: '{feature}' is switched off: with it, Material puts text from the records "
                            "into the page as HTML. The knowledge base shows explanations of terms itself, as plain text. "
                            "Fix: remove '- {feature}' from mkdocs.yml.", feature=feature).text(language))


def offline_polyfills(polyfills: list[str]) -> list[str]:
    """Material's offline plugin loads its file:// worker shim from unpkg.com; we ship that file (no other hosts)."""
    if any("iframe-worker" in url for url in polyfills):
        return [url for url in polyfills if "iframe-worker" not in url] + [IFRAME_WORKER_SHIM]
    return polyfills

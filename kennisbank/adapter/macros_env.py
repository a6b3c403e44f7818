"""Macros for hand-written pages in docs/: overviews built from the knowledge base.

Each macro returns Markdown in which record text is already escaped; mkdocs-macros does not
evaluate a macro's output again, so `{{ … }}` inside record text stays literal.
"""
from __future__ import annotations

from typing import Any

from kennisbank.core.render.overviews import evidence_map, overview, theme_cards
from kennisbank.core.render.pages import PageContext
from kennisbank.core.render.route import route_overview


def define_env(env: Any) -> None:
    def _context() -> PageContext | None:
        plugin = env.conf.plugins.get("kennisbank")
        if plugin is None:
            raise RuntimeError("De macro's van de kennisbank hebben de plugin 'kennisbank' nodig. "
                               "Oplossing: zet '- kennisbank' onder plugins: in mkdocs.yml, na '- macros'.")
        return plugin.state(env.conf).context

    def _here() -> str:
        return env.page.file.src_uri

    def _overview(kind: str) -> str:
        ctx = _context()
        return overview(ctx, kind, _here()) if ctx else ""

    @env.macro
    def theme_overview() -> str:
        """Cards for all themes, with element counts and evidence per kind."""
        ctx = _context()
        return theme_cards(ctx, _here()) if ctx else ""

    env.macro(theme_overview, "theme_cards")
    env.macro(lambda: _overview("element"), "element_overview")
    env.macro(lambda: _overview("source"), "source_overview")
    env.macro(lambda: _overview("example"), "example_overview")
    env.macro(lambda: _overview("template"), "template_overview")

    @env.macro
    def evidence_gap_map() -> str:
        """Themes × evidence kinds with counts; each cell links to the filtered element list."""
        ctx = _context()
        return evidence_map(ctx, _here()) if ctx else ""

    @env.macro
    def route() -> str:
        """The phases and steps of a learning network as an ordered path of links."""
        ctx = _context()
        return route_overview(ctx, _here()) if ctx else ""

    @env.macro
    def record_count(kind: str) -> int:
        ctx = _context()
        return len(ctx.kb.of(kind)) if ctx else 0

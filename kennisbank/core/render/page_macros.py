"""The overview macros a hand-written page may call (`{{ element_overview() }}`), as plain functions.

mkdocs-macros calls them during a build (adapter/macros_env.py); `kennisbank generate` evaluates them itself when it
writes a self-contained project. Each returns Markdown in which record text is already escaped, and in which links
in record text to another language's folders point at the site's own pages (SitePaths.relink).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from kennisbank.core.render.overviews import evidence_map, overview, theme_cards
from kennisbank.core.render.pages import PageContext
from kennisbank.core.render.route import route_overview


def _count(ctx: PageContext, here: str, kind: str) -> int:
    return len(ctx.kb.of(kind))


def _overview(kind: str) -> Callable[[PageContext, str], str]:
    return lambda ctx, here: overview(ctx, kind, here)


def _relinked(function: Callable[[PageContext, str], str]) -> Callable[[PageContext, str], str]:
    """The macro with the summaries it lists relinked for the page that calls it."""
    def call(ctx: PageContext, here: str) -> str:
        return ctx.paths.relink(function(ctx, here), here)
    call.__doc__ = function.__doc__
    return call


# name -> function(context, path of the calling page, *arguments of the call)
MACROS: dict[str, Callable[..., object]] = {
    "theme_overview": _relinked(theme_cards),      # cards for all themes, with element counts and evidence per kind
    "theme_cards": _relinked(theme_cards),
    "element_overview": _relinked(_overview("element")),
    "source_overview": _relinked(_overview("source")),
    "example_overview": _relinked(_overview("example")),
    "template_overview": _relinked(_overview("template")),
    "evidence_gap_map": _relinked(evidence_map),   # themes × evidence kinds, each cell a link to the filtered list
    "route": _relinked(route_overview),            # the phases and steps as an ordered path of links
    "record_count": _count,                        # record_count("element")
}


def bound_macros(ctx: PageContext, here: str) -> dict[str, Callable[..., object]]:
    """The macros for one page, ready to call as the page does: `element_overview()`, `record_count("source")`."""
    return {name: partial(function, ctx, here) for name, function in MACROS.items()}

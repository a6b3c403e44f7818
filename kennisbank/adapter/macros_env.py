"""mkdocs-macros' entry point: the overview macros of kennisbank.core.render.page_macros for hand-written pages.

Each macro returns Markdown in which record text is already escaped; mkdocs-macros does not evaluate a macro's
output again, so `{{ … }}` inside record text stays literal.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kennisbank.core.i18n import both
from kennisbank.core.render.page_macros import MACROS
from kennisbank.core.render.pages import PageContext

_EMPTY = {"record_count": 0}  # what a macro gives while the data cannot be loaded (the problem list says why)


def define_env(env: Any) -> None:
    def _context() -> PageContext | None:
        plugin = env.conf.plugins.get("kennisbank")
        if plugin is None:
            raise RuntimeError(both("De macro's van de kennisbank hebben de plugin 'kennisbank' nodig. "
                                    "Oplossing: zet '- kennisbank' onder plugins: in mkdocs.yml, na '- macros'.",
                                    "The knowledge base's macros need the plugin 'kennisbank'. "
                                    "Fix: put '- kennisbank' under plugins: in mkdocs.yml, after '- macros'.")
                               .text(_language(env.conf)))
        return plugin.engine_context(env.conf)  # type: ignore[no-any-return]

    def _macro(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def call(*args: Any) -> object:
            ctx = _context()
            return function(ctx, env.page.file.src_uri, *args) if ctx else _EMPTY.get(name, "")
        call.__doc__ = function.__doc__
        return call

    for name, function in MACROS.items():
        env.macro(_macro(name, function), name)


def _language(config: Any) -> str | None:
    """The site's language (theme.language), for the one message this module has."""
    theme = getattr(config, "theme", None)
    return theme.get("language") if theme is not None else None

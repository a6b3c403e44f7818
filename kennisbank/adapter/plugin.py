"""The MkDocs plugin `kennisbank` (entry point in pyproject.toml): `plugins: [..., macros, kennisbank]`.

It makes an installed generator usable from any project folder: it adds the package's theme files (templates,
styles, scripts) under the project's own `custom_dir`, and forwards MkDocs events to kennisbank.adapter.hooks.
List it after `macros`, so that its page events run after mkdocs-macros has rendered a page.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, event_priority

from kennisbank.adapter import hooks

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
# Loaded on every page; a project's own extra_css comes after ours, so its house style wins.
STYLES = ("assets/kennisbank.css",)
SCRIPTS = ("assets/kennisbank-filters.js", "assets/kennisbank-print.js", "assets/kennisbank-tooltips.js")


class KennisbankPlugin(BasePlugin):
    def on_startup(self, *, command: str, dirty: bool) -> None:
        hooks.on_startup(command, dirty)

    def on_config(self, config: Any) -> Any:
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            # after the project's custom_dir (which may override any of our templates), before Material's own
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra_css[:0] = [s for s in STYLES if s not in config.extra_css]
        config.extra_javascript[:0] = [s for s in SCRIPTS if s not in [str(j) for j in config.extra_javascript]]
        return hooks.on_config(config)

    def on_files(self, files: Any, *, config: Any) -> Any:
        return hooks.on_files(files, config)

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        return hooks.on_page_markdown(markdown, page, config, files)

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        return hooks.on_page_content(html, page, config, files)

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        return hooks.on_page_context(context, page, config, nav)

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        return hooks.on_env(env, config, files)

    @event_priority(50)  # before the search plugin writes its index
    def on_post_build(self, *, config: Any) -> None:
        hooks.on_post_build(config)

    def on_build_error(self, *, error: Exception) -> None:
        hooks.on_build_error(error)

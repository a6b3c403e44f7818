"""The knowledge base of the current build, shared by the hooks and the macros of one MkDocs process."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kennisbank.core.labels import labels_for
from kennisbank.core.outputs.downloads import SiteInfo
from kennisbank.core.reading.loader import FileCache, LoadResult, load
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.render.pages import PageContext
from kennisbank.core.settings import Settings, settings_from

_CACHE = FileCache()  # lives as long as the process: `mkdocs serve` re-reads only changed files


@dataclass
class BuildState:
    settings: Settings
    result: LoadResult
    context: PageContext | None


_current: BuildState | None = None
_current_config: int | None = None   # id() of the MkDocs config the state was loaded for


def settings_for(config: Any) -> Settings:
    """extra.kennisbank of this config, validated; a mistake in it stops the build with the message for editors."""
    from mkdocs.exceptions import Abort

    root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
    theme = config.theme
    language = theme.get("language") if hasattr(theme, "get") else None
    try:
        return settings_from(config.extra, root, language or "nl")
    except CommandError as err:
        raise Abort(err.format()) from None


def load_for(config: Any) -> BuildState:
    """Load (or reload) the data for this config and make it the current build's state."""
    global _current, _current_config
    settings = settings_for(config)
    result = load(settings.data_dirs, root=settings.root, cache=_CACHE)
    options = settings.options
    context = PageContext(result.kb, labels_for(settings.language), settings.language, today=dt.date.today(),
                          review_after_days=settings.review_after_days,
                          repository=options.repository or config.repo_url or None,
                          site_url=config.site_url or "", owner=options.owner or config.site_name or "",
                          site_name=config.site_name or "") if result.kb else None
    _current = BuildState(settings, result, context)
    _current_config = id(config)
    return _current


def current(config: Any) -> BuildState:
    """The state of the running build; loads it when the macros ask before the hooks did."""
    if _current is not None and _current_config == id(config):  # called for every page: no path work
        return _current
    if _current is None or _current.settings.root != settings_for(config).root:
        return load_for(config)
    return _current


def site_info(config: Any) -> SiteInfo:
    """What downloadable documents print about the site: name, address, licence, owner."""
    settings = settings_for(config)
    licence = settings.options.licence or config.copyright or ""
    return SiteInfo(site_name=config.site_name, site_url=config.site_url or "", licence=licence,
                    author=settings.options.owner or config.site_name, language=settings.language)

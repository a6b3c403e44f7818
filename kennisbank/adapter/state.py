"""The knowledge base of one build as the plugin keeps it: settings, loaded data, site facts, page context."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kennisbank.core.labels import labels_for
from kennisbank.core.reading.loader import FileCache, LoadResult, load
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.render.pages import PageContext
from kennisbank.core.settings import Settings, settings_from
from kennisbank.core.site import Site


@dataclass
class BuildState:
    settings: Settings
    result: LoadResult
    site: Site
    context: PageContext | None   # None when the data could not be loaded at all


def project_root(config: Any) -> Path:
    """The folder of mkdocs.yml: where data/ and .cache/ are."""
    return Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()


def settings_for(config: Any) -> Settings:
    """extra.kennisbank of this config, validated; a mistake in it stops the build with the message for editors."""
    from mkdocs.exceptions import Abort

    root = project_root(config)
    theme = config.theme
    language = theme.get("language") if hasattr(theme, "get") else None
    try:
        return settings_from(config.extra, root, language or "nl")
    except CommandError as err:  # worded in the site's language: theme.language is MkDocs' own, read already
        raise Abort(err.format(language)) from None


def site_for(config: Any, settings: Settings) -> Site:
    """The site's own facts: extra.kennisbank first, MkDocs' site_name, copyright and repo_url where it is silent."""
    options = settings.options
    return Site(name=config.site_name or "", url=config.site_url or "", licence=options.licence or config.copyright or "",
                owner=options.owner or config.site_name or "", language=settings.language,
                repository=options.repository or config.repo_url or None,
                directory_urls=bool(config.use_directory_urls), pdf=options.pdf, path_language=settings.path_language)


def load_build(config: Any, cache: FileCache) -> BuildState:
    """Read (changed files of) the data for this config; `cache` keeps parsed files across `mkdocs serve` rebuilds."""
    settings = settings_for(config)
    result = load(settings.data_dirs, root=settings.root, cache=cache)
    site = site_for(config, settings)
    context = PageContext(result.kb, labels_for(settings.language), site, today=dt.date.today(),
                          review_after_days=settings.review_after_days,
                          cache_dir=settings.root / ".cache" / "kennisbank") if result.kb else None
    return BuildState(settings, result, site, context)

"""Project settings from mkdocs.yml (`extra.kennisbank`), readable without MkDocs."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_DATA_DIRS = ("data",)


@dataclass(frozen=True)
class Settings:
    root: Path
    data_dirs: tuple[str, ...] = DEFAULT_DATA_DIRS
    language: str = "nl"
    review_after_days: int = 730
    # A Content-Security-Policy <meta> tag: True, False, or None for "auto" (on unless the project says false).
    # Hosts that send the policy as a header may switch it off; sending both is harmless (the same policy).
    csp_meta: bool | None = None


def settings_from(extra: Mapping[str, Any] | None, root: Path, language: str | None = None) -> Settings:
    """Build Settings from the `extra.kennisbank` mapping of a MkDocs config."""
    kb = dict((extra or {}).get("kennisbank") or {})
    data = kb.get("data", DEFAULT_DATA_DIRS)
    if isinstance(data, str):
        data = (data,)
    return Settings(root=root, data_dirs=tuple(str(d) for d in data), language=language or "nl",
                    review_after_days=int(kb.get("review_after_days", 730)), csp_meta=_on_off_auto(kb.get("csp_meta")))


def _on_off_auto(value: Any) -> bool | None:
    """true/false as YAML booleans or as the strings an environment variable gives (!ENV); anything else is auto."""
    if isinstance(value, str):
        value = {"true": True, "false": False}.get(value.strip().lower())
    return value if isinstance(value, bool) else None


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !ENV or !!python/name; we only need plain values."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> Settings:
    """Settings from a mkdocs.yml; defaults when the file is missing."""
    root = config_file.resolve().parent
    if not config_file.is_file():
        return Settings(root=Path.cwd())
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    theme = config.get("theme") or {}
    language = theme.get("language") if isinstance(theme, dict) else None
    return settings_from(config.get("extra"), root, language)

"""Kennisbank Lerende Netwerken.

`kennisbank.core` turns YAML records into a validated knowledge base and Markdown pages, without MkDocs.
`kennisbank.adapter` connects that core to MkDocs (the plugin) and mkdocs-macros (`define_env` below).
"""
from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """Entry point for mkdocs-macros (`modules: [kennisbank]` in an organisation's mkdocs.yml; this repository's
    own `macros/` module hands over to it); imported lazily so the core stays MkDocs-free."""
    from kennisbank.adapter.macros_env import define_env as _define_env

    _define_env(env)

"""What mkdocs-macros loads for this site (mkdocs.yml: `module_name: macros`).

The hand-written pages in docs/ that say `render_macros: true` call overview macros such as `{{ element_overview() }}`;
those live in the generator (kennisbank/adapter/macros_env.py) so that every organisation's site has them too. Add a
macro for this site only here, as a thin call into kennisbank.core.
"""
from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    from kennisbank.adapter.macros_env import define_env as kennisbank_macros

    kennisbank_macros(env)

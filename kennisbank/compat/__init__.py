"""Adjustments to third-party libraries, each pinned to the exact version it was written for.

A module here changes another package's behaviour (a monkey patch, or an edit of data it loads). It checks the
installed version when imported and refuses to run against any other, so that an upgrade is a deliberate step:
re-read the patched code, run the module's tests, then move the pin.
"""
from __future__ import annotations

import importlib.metadata


def require_versions(module: str, wanted: dict[str, str], recheck: str, recheck_nl: str) -> None:
    """Refuse to run `module` against any other versions than `wanted` (distribution -> version); the message says
    what to re-read and which tests to run before the pins move (`recheck`, and in Dutch `recheck_nl`)."""
    found = {name: importlib.metadata.version(name) for name in wanted}
    if found == wanted:
        return
    written_for = " and ".join(f"{name} {version}" for name, version in wanted.items())
    installed = " and ".join(f"{name} {version}" for name, version in found.items())
    verb = "is" if len(found) == 1 else "are"
    raise RuntimeError(
        f"{module} is written for {written_for}, but {installed} {verb} installed. {recheck}\n"
        f"Nederlands: {module} is geschreven voor {written_for.replace(' and ', ' en ')}, maar "
        f"{installed.replace(' and ', ' en ')} {'is' if len(found) == 1 else 'zijn'} geïnstalleerd. {recheck_nl}")

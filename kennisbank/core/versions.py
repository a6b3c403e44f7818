"""Versions of installed libraries, for cache keys: an upgrade is a miss, never a stale entry."""
from __future__ import annotations

import importlib.metadata


def library_versions(names: tuple[str, ...]) -> str:
    """'name=version;…' of installed distributions ('name=?' for one that is not installed)."""
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)

"""Compiled theme templates kept between builds: on disk in the project's cache, else in this process.

MkDocs makes a new Jinja environment for every build, and Material's search plugin makes more; each would compile
Material's templates again (about a third of a second per build). jinja2's bytecode cache checks every template's
source, so an edited template is compiled again.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2


class _InMemory:
    """A client for jinja2's MemcachedBytecodeCache that keeps what it is given in this process."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._store.get(key)

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self._store[key] = value


_IN_PROCESS = jinja2.MemcachedBytecodeCache(_InMemory())  # type: ignore[arg-type]


def template_cache(folder: Path | None) -> Any:
    """The cache in `folder` (made when missing), or this process's when there is none or it cannot be made."""
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return jinja2.FileSystemBytecodeCache(str(folder))
        except OSError:  # a read-only project: compiled in this process only
            pass
    return _IN_PROCESS

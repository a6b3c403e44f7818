"""Write only what changed: a clean build that leaves unchanged files of the last build where they are.

`mkdocs build` empties site/ and writes every file again. At 5,000 records that is some 10,000 files and 350 MB,
and deleting and writing them is about a third of an unchanged build. Instead, when MkDocs asks to clean the folder,
nothing is deleted; each file it then writes is compared with what the last build wrote there (a digest of the
content, or the source file's size and time for a copy, plus the size and time of the file on disk as that build
left it). The same file is not written again. At the end every file this build did not make is removed, as the
clean would have, so the folder holds exactly what a clean build writes (tests/test_site_sync.py).

Left alone, as MkDocs' clean leaves them: hidden entries at the top of the folder. Also left: a file that another
plugin wrote into the folder itself during this build (it is newer than the build's start). What MkDocs' writes go
through is in kennisbank/compat/mkdocs_internals.py (route_site_writes). A build that fails after MkDocs would
have cleaned the folder removes what it did not write, as the clean would have: the folder never holds a mix of
two builds.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from typing import NamedTuple

from kennisbank.adapter.disk_store import DiskStore


class _Written(NamedTuple):
    what: tuple[object, ...]   # ("content", digest) or ("copy", source, size, time)
    size: int                  # the file on disk as this build left it
    mtime_ns: int


class SiteSync:
    def __init__(self, site_dir: str, store: DiskStore | None) -> None:
        self.root = os.path.normpath(os.path.abspath(site_dir))
        self._store = store
        self._key = hashlib.blake2b(self.root.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        self._before: dict[str, _Written] = {}
        self._now: dict[str, _Written] = {}
        self.started_ns = 0
        self.kept = self.written = self.removed = 0

    def begin(self) -> None:
        """MkDocs would clean the folder now: from here on its writes come through this object."""
        # a file's time comes from the kernel's coarse clock, up to a few ms behind this one
        self.started_ns = time.time_ns() - 100_000_000
        loaded = self._store.load(self._key) if self._store is not None else None
        self._before = loaded if isinstance(loaded, dict) else {}

    def write(self, content: bytes, path: str, write: Callable[[bytes, str], None]) -> None:
        path = os.path.normpath(os.path.abspath(path))
        what = ("content", hashlib.blake2b(content, digest_size=20).digest())
        if not self._unchanged(path, what):
            write(content, path)
            self._note(path, what)

    def copy(self, source: str, path: str, copy: Callable[[str, str], None]) -> None:
        if os.path.isdir(path):  # as mkdocs.utils.copy_file: a folder as the target means the file in it
            path = os.path.join(path, os.path.basename(source))
        path = os.path.normpath(os.path.abspath(path))
        stat = os.stat(source)
        what = ("copy", os.path.abspath(source), stat.st_size, stat.st_mtime_ns)
        if not self._unchanged(path, what):
            copy(source, path)
            self._note(path, what)

    def _unchanged(self, path: str, what: tuple[object, ...]) -> bool:
        before = self._before.get(path)
        if before is None or before.what != what:
            return False
        try:
            stat = os.stat(path)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (before.size, before.mtime_ns):
            return False  # changed or replaced since: written again
        self._now[path] = before
        self.kept += 1
        return True

    def _note(self, path: str, what: tuple[object, ...]) -> None:
        stat = os.stat(path)
        self._now[path] = _Written(what, stat.st_size, stat.st_mtime_ns)
        self.written += 1

    def finish(self) -> None:
        """After the last write: remove what this build did not make, then keep the list for the next build."""
        self._sweep(self.root, top=True)
        if self._store is not None:
            self._store.save(self._key, self._now)

    def _sweep(self, folder: str, top: bool) -> bool:
        """Remove the files of earlier builds under `folder`; True when it is empty afterwards."""
        empty = True
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return False
        for entry in entries:
            if top and entry.name.startswith("."):
                empty = False
                continue
            if entry.is_dir(follow_symlinks=False):
                if self._sweep(entry.path, top=False):
                    try:
                        os.rmdir(entry.path)
                        continue
                    except OSError:
                        pass
                empty = False
                continue
            path = os.path.normpath(entry.path)
            try:
                if path in self._now or entry.stat(follow_symlinks=False).st_mtime_ns >= self.started_ns:
                    empty = False
                    continue
                os.unlink(path)
                self.removed += 1
            except OSError:
                empty = False
        return empty

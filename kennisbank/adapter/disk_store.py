"""A folder of pickled entries named by their key, for the build caches (render_cache.py, output_cache.py).

Each entry is written to a temporary file and renamed, so no build reads half of one; an entry that cannot be read
is a miss. Entries no build used for 30 days are removed (looked for once a day: a scan of every entry costs about a
second at 5,000 records).
"""
from __future__ import annotations

import logging
import os
import pickle
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.kennisbank")

KEEP_DAYS = 30
_TEXT, _PICKLE = b"T", b"P"   # first byte of an entry: UTF-8 text (a rendered page) or a pickle


class DiskStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._root = str(folder)

    def _path(self, key: str) -> str:
        return os.path.join(self._root, key[:2], f"{key}.pickle")  # not pathlib: thousands of loads per build

    def load(self, key: str) -> Any | None:
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
                modified = os.fstat(handle.fileno()).st_mtime
            value = data[1:].decode("utf-8") if data[:1] == _TEXT else pickle.loads(data[1:]) if data[:1] == _PICKLE \
                else None
        except Exception:  # missing, corrupt or foreign: the caller makes it again
            return None
        if modified < time.time() - 86400:
            try:
                os.utime(path)  # used: kept by prune (once a day is enough for that)
            except OSError:
                pass
        return value

    def save(self, key: str, value: Any) -> None:
        path = Path(self._path(key))
        data = _TEXT + value.encode("utf-8", "surrogatepass") if isinstance(value, str) else \
            _PICKLE + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)  # never half an entry
        except OSError as err:  # a full disk or a read-only cache: the build goes on without storing
            log.debug(f"cache: {path} not written ({err})")

    def remove(self, key: str) -> None:
        try:
            os.remove(self._path(key))
        except OSError:  # gone already, or a read-only cache
            pass

    def prune(self) -> None:
        marker = self.folder / ".pruned"
        try:
            if marker.stat().st_mtime > time.time() - 86400:
                return
        except OSError:
            pass
        cutoff = time.time() - KEEP_DAYS * 86400
        for path in self.folder.glob("*/*.pickle"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass
        try:
            marker.touch()
        except OSError:  # no folder (nothing stored) or a read-only cache: looked at again next time
            pass

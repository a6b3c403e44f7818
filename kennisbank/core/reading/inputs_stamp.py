"""One digest for all files under the data folders: the same only while no file was added, removed or changed.

The knowledge base is a function of those files, the generator's code and the libraries that read them. Where a
cache only needs to know "is it all the same as last time?" (core/render/page_memo.py), this answers without
reading a file: each file's path and stamp (size, modification and change time, inode), as the file cache trusts
them (filecache.py). A file changed within the last RACY_NS gives no stamp at all: a second change in the same tick
of the file system's clock, to the same size, would not show.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kennisbank.core.reading.filecache import RACY_NS
from kennisbank.core.versions import library_versions


def inputs_stamp(folders: Sequence[Path]) -> str | None:
    """The digest, or None when a file is too new to be judged by its stamp (or a folder cannot be read)."""
    h = hashlib.blake2b(f"{sys.version};{library_versions(('pydantic', 'PyYAML'))}".encode(), digest_size=20)
    now = time.time_ns()
    try:
        for folder in folders:
            h.update(f"folder:{os.path.abspath(folder)}\n".encode("utf-8", "surrogatepass"))
            for dirpath, dirnames, filenames in os.walk(folder, onerror=_fail):
                dirnames.sort()
                for name in sorted(filenames):
                    path = os.path.join(dirpath, name)
                    stat = os.stat(path)
                    if now - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_NS:
                        return None
                    h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\n"
                             .encode("utf-8", "surrogatepass"))
    except OSError:
        return None
    return h.hexdigest()


def _fail(error: OSError) -> None:
    raise error

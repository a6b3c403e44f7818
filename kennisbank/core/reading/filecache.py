"""Validated data files kept between loads: in memory for `mkdocs serve`, on disk for `kennisbank check`.

What a file yields -- its problems, the validated model, the line of every key, the facts the checks across records
read -- depends on its bytes alone. Its stamp (size, modification and change time, inode) stands for those bytes: a
file with the same stamp is not read again. What depends on other files is never kept: the checks across records,
and whether a template's attachment exists, run on every load (loader.py).

On disk, `.cache/kennisbank/check/files.pickle` holds what the last check read. It is used only when its key matches:
the same project folder, the same code of the generator (each .py file of the package, by size and time), the same
Python, pydantic and PyYAML. A file that cannot be read, is damaged or has another key is ignored; it is written to a
temporary file and renamed, so nobody reads half of one; only our own classes are unpickled from it. The check's
store keeps no record models, only what the checks read (problems, facts, line tables, pickled until a problem asks
for a line): a record's model is validated again from its file when something first asks for it (loader._Reread), which
`kennisbank check` never does. The taxonomy and the glossary, which the checks do read, are kept pickled. A build
keeps its own store (`.cache/kennisbank/build/`) with every record's model as well: its pages need them all.

A file changed less than RACY_NS before the run is not written to disk: a second change within the same tick of the
file system's clock, to the same size, would leave its stamp as it was (git's "racy clean" problem).
"""
from __future__ import annotations

import functools
import gc
import io
import os
import pickle
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from kennisbank.core.model.knowledge_base import Origin
from kennisbank.core.reading.facts import Facts
from kennisbank.core.reading.problems import Problem

STORE = Path(".cache") / "kennisbank" / "check" / "files.pickle"
"""Under the project root."""
BUILD_STORE = Path(".cache") / "kennisbank" / "build" / "files.pickle"

FORMAT = 2
"""Raise when what an entry holds changes shape."""

RACY_NS = 2_000_000_000
_MAGIC = b"kennisbank-check\n"

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


class FileResult(NamedTuple):
    """One data file, read and validated; `problems` are those of the file on its own."""

    value: Any                        # the validated model (from disk: a Blob, or NOT_KEPT for a record), or None
    origin: Origin
    problems: tuple[Problem, ...]
    facts: Facts | None = None        # a record's facts for the checks across records
    attachment: tuple[str, str, int, str] | None = None  # a template's (attachment, data folder, line, subject)


class Deferred:
    """A model not built yet: `model()` builds it."""

    __slots__ = ()

    def model(self) -> Any:
        raise NotImplementedError


class Blob(Deferred):
    """A validated model as the check cache keeps it (the taxonomy, the glossary): unpickled when first needed."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def model(self) -> Any:
        return _loads(self.data)


class _NotKept:
    """The value of a valid record from the check cache, which keeps no record models (see the module docstring)."""

    def __repr__(self) -> str:
        return "NOT_KEPT"


NOT_KEPT: Any = _NotKept()


def unblob(value: Any) -> Any:
    return value.model() if isinstance(value, Deferred) else value


class LazyRecords(Mapping[str, Any]):
    """Records by id, some still Deferred: each is built when first looked up (`check` only counts them)."""

    def __init__(self, records: dict[str, Any]) -> None:
        self._records = records

    def __getitem__(self, key: str) -> Any:
        value = self._records[key]
        if isinstance(value, Deferred):
            value = self._records[key] = value.model()
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, key: object) -> bool:
        return key in self._records


class _LazyLines(Mapping[tuple[Any, ...], int]):
    """A file's line table (key path -> line), unpickled when a problem first asks for a line."""

    __slots__ = ("_data", "_lines")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._lines: dict[tuple[Any, ...], int] | None = None

    def _table(self) -> dict[tuple[Any, ...], int]:
        if self._lines is None:
            self._lines = _loads(self._data)
        return self._lines

    def __getitem__(self, key: tuple[Any, ...]) -> int:
        return self._table()[key]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __contains__(self, key: object) -> bool:
        return key in self._table()


class FileCache:
    """File results keyed on (path, stamp): reused across loads in one process, and across runs with a `store`."""

    def __init__(self, store: Path | None = None, key: tuple[Any, ...] = (), keep_models: bool = False) -> None:
        self._entries: dict[str, tuple[Stamp, FileResult]] = {}
        self._store, self._key = store, key
        self._keep_models = keep_models  # the build's store keeps record models too (build_cache)
        self._started = time.time_ns()
        self._stored: dict[str, tuple[Any, ...]] = _read(store, key) if store else {}
        self._used: set[str] = set()

    def get(self, path: str | Path, stamp: Stamp) -> FileResult | None:
        name = str(path)
        self._used.add(name)
        entry = self._entries.get(name)
        if entry is not None and entry[0] == stamp:
            return entry[1]
        raw = self._stored.get(name)
        if raw is None or raw[0] != stamp:
            return None
        facts = None if raw[3] is None else tuple.__new__(Facts, raw[3])
        value = None if raw[6] is None else NOT_KEPT if not raw[6] else Blob(raw[6])
        result = FileResult(value, Origin(raw[1], _LazyLines(raw[5])), raw[2], facts, raw[4])
        self._entries[name] = (stamp, result)
        return result

    def put(self, path: str | Path, stamp: Stamp, result: FileResult) -> None:
        self._entries[str(path)] = (stamp, result)

    def save(self) -> None:
        """Write what the loads since opening read to the store, if that differs from what it holds. Files not
        read (deleted ones, those of other data folders) are left out. A store that cannot be written is no error."""
        if self._store is None:
            return
        entries: dict[str, tuple[Any, ...]] = {}
        changed = False
        for name in sorted(self._used):
            entry = self._entries.get(name)
            if entry is None:  # refused, or unreadable: read again next time
                continue
            stamp, result = entry
            if max(stamp[1], stamp[2]) > self._started - RACY_NS:  # not kept: see the module docstring
                continue
            raw = self._stored.get(name)
            if raw is None or raw[0] != stamp:
                raw, changed = _encode(stamp, result, self._keep_models), True
            entries[name] = raw
        if changed or entries.keys() != self._stored.keys():
            _write(self._store, self._key, entries)
            self._stored = entries


def check_cache(root: Path) -> FileCache:
    """The cache of `kennisbank check` for the project at `root`."""
    return FileCache(root / STORE, cache_key(root))


def build_cache(root: Path) -> FileCache:
    """The cache of a build for the project at `root`: like check's, but with every record's model, which the pages
    need (unpickling a model takes about a tenth of validating its file again)."""
    return FileCache(root / BUILD_STORE, cache_key(root), keep_models=True)


def cache_key(root: Path) -> tuple[Any, ...]:
    import pydantic
    import pydantic_core
    import yaml

    return (FORMAT, sys.version, str(root), str(root.resolve()), pydantic.VERSION, pydantic_core.__version__,
            yaml.__version__, yaml.__with_libyaml__, _code_stamp())


@functools.lru_cache(maxsize=1)
def _code_stamp() -> tuple[tuple[str, int, int], ...]:
    """Every .py file of the package by path, size and time: a change to any check makes the cache another one's."""
    package = Path(__file__).resolve().parents[2]
    found = []
    folders = [str(package)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in ("__pycache__", "vendor", "starter", "theme") and not entry.name.startswith("."):
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    info = entry.stat()
                    found.append((os.path.relpath(entry.path, package), info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


# --- on disk -------------------------------------------------------------------------------------------------------
# magic, then the pickled header (format, key, length and Adler-32 of the body), then the body: a pickled dict
# path -> (stamp, file as shown, problems, facts as a tuple, attachment, pickled line table, model), where model
# is None (not valid), b"" (a valid record, in the check's store) or the pickled model (the taxonomy and the glossary;
# every record too in the build's store).

def _encode(stamp: Stamp, result: FileResult, keep_models: bool = False) -> tuple[Any, ...]:
    lines = result.origin.lines
    value = result.value
    facts = None if result.facts is None else tuple(result.facts)  # plain tuples unpickle fastest
    if value is None:
        model = None
    elif result.facts is not None and not keep_models:  # a record: not kept, b"" says it is valid
        model = b""
    else:
        model = value.data if isinstance(value, Blob) else pickle.dumps(unblob(value), protocol=5)
    return (stamp, result.origin.file, result.problems, facts, result.attachment,
            lines._data if isinstance(lines, _LazyLines) else pickle.dumps(dict(lines), protocol=5), model)


def _write(store: Path, key: tuple[Any, ...], entries: dict[str, tuple[Any, ...]]) -> None:
    body = pickle.dumps(entries, protocol=5)
    header = pickle.dumps((FORMAT, key, len(body), zlib.adler32(body)), protocol=5)
    temporary = None
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".files-", suffix=".tmp", dir=store.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + len(header).to_bytes(4, "big") + header + body)
        os.replace(temporary, store)
        temporary = None
    except OSError:
        pass  # a read-only project still checks; it is only slower
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _read(store: Path, key: tuple[Any, ...]) -> dict[str, tuple[Any, ...]]:
    try:
        with open(store, "rb") as handle:
            data = handle.read()
        start = len(_MAGIC) + 4
        if not data.startswith(_MAGIC):
            return {}
        end = start + int.from_bytes(data[len(_MAGIC):start], "big")
        found_format, found_key, length, checksum = _loads(data[start:end])
        body = memoryview(data)[end:]
        if found_format != FORMAT or found_key != key or len(body) != length or zlib.adler32(body) != checksum:
            return {}
        entries = _without_gc(_loads, body)
        if not isinstance(entries, dict) or not all(isinstance(v, tuple) and len(v) == 7 for v in entries.values()):
            return {}
        return entries
    except Exception:  # anything wrong with the store means: read every file again
        return {}


_ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("kennisbank.core.reading.problems", "Problem"),
            ("kennisbank.core.i18n", "Message")}


class _Unpickler(pickle.Unpickler):
    """Our models, problems and facts, and nothing else: a store someone else wrote cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module == "kennisbank.core.model.records" and _is_model(name)):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the check cache")


def _is_model(name: str) -> bool:
    from pydantic import BaseModel

    from kennisbank.core.model import records

    found = getattr(records, name, None)
    return isinstance(found, type) and issubclass(found, BaseModel)


def _without_gc(function: Any, *args: Any) -> Any:
    """Hundreds of thousands of tuples and no cycles among them: the collector would walk them all for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return function(*args)
    finally:
        if enabled:
            gc.enable()


def _loads(data: bytes | memoryview) -> Any:
    return _Unpickler(io.BytesIO(data)).load()

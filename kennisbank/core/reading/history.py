"""When each record changed, from the git history of the data folders: one `git log` for the whole build.

Which date: the commit date, on the first-parent line of the branch being built (`--first-parent`, merges compared
with their first parent). That is the day a change landed on the built branch -- what a visitor of the published
site saw change. The author date can be weeks older (a pull request merged later, a rebase, a squash) and is not
used.

What is not in the history: changes in the working tree that are not committed yet (a local `mkdocs serve`
shows the committed dates; a record that was never committed has no dates), and everything in a build without the
full history. A shallow clone (CI's default `fetch-depth: 1`) holds one commit that seems to add every file on one
day; that date would be wrong for nearly every record, so a shallow clone, a machine without git and data outside
any repository all give no dates at all (`available` is False and `state` says why), never a guessed one.

Cost: `git rev-parse` and `git log` once per build, whatever the number of records; the parsed log is kept on disk
under the HEAD commit and the data folders. The fields a change touched are read only for the changes the site
lists (`changed_fields`), through one `git cat-file --batch`, and kept per commit and file (their content never
changes).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kennisbank.core.reading.yamlsafe import parse

# Why a build has no history: 'ok' has it; the others are what the pages say instead.
OK, SHALLOW, NO_GIT, NO_REPOSITORY, NO_COMMITS = "ok", "shallow", "no-git", "no-repository", "no-commits"
STATES = (OK, SHALLOW, NO_GIT, NO_REPOSITORY, NO_COMMITS)
_FORMAT_VERSION = 1   # of the cache files below; a change in their layout changes this
_TIMEOUT = 120
# Neither the user's configuration nor the environment may change what git prints here.
_GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


@dataclass(frozen=True)
class Change:
    """One commit that touched a record's file."""

    sha: str
    when: str              # commit date as git gives it (ISO 8601 with the committer's offset): '2024-02-03T10:00:00+01:00'
    status: str            # 'A' added, 'M' changed, 'R' renamed (and perhaps changed)
    path: str              # the file's path in the repository after this commit
    old_path: str | None   # before this commit: the same path, the old name for a rename, None when added

    @property
    def date(self) -> dt.date:
        """The calendar day in the committer's own time zone, as the commit records it."""
        return dt.date.fromisoformat(self.when[:10])

    @property
    def moment(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.when)


@dataclass(frozen=True)
class History:
    """The changes of every file under the data folders, newest first, keyed by the file's current path."""

    state: str
    toplevel: Path | None = None                     # the repository's top folder (resolved)
    head: str = ""
    files: Mapping[str, tuple[Change, ...]] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        return self.state == OK

    def of(self, path: Path) -> tuple[Change, ...] | None:
        """The changes of the file at `path`, newest first; () when it was never committed; None without history
        or when the file is outside the repository."""
        if not self.available or self.toplevel is None:
            return None
        try:
            relative = path.resolve().relative_to(self.toplevel).as_posix()
        except ValueError:
            return None
        return self.files.get(relative, ())


def read_history(data_dirs: Sequence[Path], cache_dir: Path | None = None) -> History:
    """The history of the data folders; `cache_dir` (or None) keeps the parsed log across builds."""
    dirs = [Path(d) for d in data_dirs if Path(d).is_dir()]
    if not dirs:
        return History(NO_REPOSITORY)
    try:
        found = _git(dirs[0], "rev-parse", "--show-toplevel", "--is-shallow-repository")
    except FileNotFoundError:
        return History(NO_GIT)
    if found.returncode != 0:
        return History(NO_REPOSITORY)
    toplevel_text, shallow = (found.stdout.decode("utf-8", "surrogateescape").splitlines() + ["", ""])[:2]
    if shallow.strip() != "false":  # 'true', or a git too old to say (before 2.15): no dates rather than wrong ones
        return History(SHALLOW)
    head = _git(dirs[0], "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head.returncode != 0:
        return History(NO_COMMITS)
    toplevel = Path(toplevel_text).resolve()
    inside = sorted({found for found in (_inside(d, toplevel) for d in dirs) if found is not None})
    if not inside:
        return History(NO_REPOSITORY)
    sha = head.stdout.decode().strip()
    key = hashlib.blake2b(json.dumps([_FORMAT_VERSION, str(toplevel), sha, inside]).encode(), digest_size=16).hexdigest()
    cached = _load(cache_dir, f"log-{key}.json")
    if isinstance(cached, dict):
        files = {path: tuple(Change(*c) for c in changes) for path, changes in cached.items()}
    else:
        log = _git(toplevel, "-c", "log.showSignature=false", "--literal-pathspecs", "log", "-z", "--first-parent",
                   "-m", "-M", "--no-color", "--no-ext-diff", "--format=%x1e%H%x00%cI", "--name-status", "HEAD", "--",
                   *inside)
        if log.returncode != 0:
            return History(NO_REPOSITORY)
        files = parse_log(log.stdout.decode("utf-8", "surrogateescape"))
        _save(cache_dir, f"log-{key}.json", {p: [list(_fields(c)) for c in cs] for p, cs in files.items()}, "log-")
    return History(OK, toplevel, sha, files)


def parse_log(text: str) -> dict[str, tuple[Change, ...]]:
    """`git log -z --format=%x1e%H%x00%cI --name-status` (newest first) -> current path -> its changes.

    A rename carries a file's history over to its new name; a file added again after a deletion starts anew (the
    older commits were another record's)."""
    files: dict[str, list[Change]] = {}
    follows: dict[str, str | None] = {}   # a path in older commits -> the current path it became (None: gone)
    for chunk in text.split("\x1e")[1:]:
        parts = chunk.split("\0")
        sha, when, rest = parts[0], parts[1], parts[2:]
        i = 0
        while i < len(rest):
            status = rest[i].strip()
            if not status:
                i += 1
                continue
            letter = status[0]
            if letter in "RC":
                old, new = rest[i + 1], rest[i + 2]
                i += 3
            else:
                old = new = rest[i + 1]
                i += 2
            current = follows.get(new, new)
            if letter == "D":
                follows[new] = None  # older changes at this path belong to a record that is gone
                continue
            kind = "R" if letter == "R" else "A" if letter in "AC" else "M"   # 'T' (type changed) is a change too
            if current is not None:
                files.setdefault(current, []).append(Change(sha, when, kind, new, None if kind == "A" else old))
            if kind == "R":
                follows[old] = current
            if kind in "AR":
                follows[new] = None  # before this commit, nothing of this file was at this path
    return {path: tuple(changes) for path, changes in files.items()}


def changed_fields(history: History, changes: Iterable[Change], cache_dir: Path | None = None
                   ) -> dict[tuple[str, str], tuple[str, ...] | None]:
    """(sha, path) -> the top-level fields that differ between the file before and after the commit, in the order of
    the newer file; None when either version cannot be read as a record. Added files are not asked for."""
    wanted = [c for c in changes if c.old_path is not None]
    if not wanted or history.toplevel is None:
        return {}
    stored = _load(cache_dir, "fields.json")
    known: dict[str, Any] = stored if isinstance(stored, dict) else {}
    result: dict[tuple[str, str], tuple[str, ...] | None] = {}
    missing = []
    for change in wanted:
        entry = known.get(f"{change.sha}:{change.path}", "?")
        if entry == "?":
            missing.append(change)
        else:
            result[(change.sha, change.path)] = None if entry is None else tuple(entry)
    if missing:
        specs = [spec for c in missing for spec in (f"{c.sha}^:{c.old_path}", f"{c.sha}:{c.path}")]
        blobs = _cat_files(history.toplevel, specs)
        for n, change in enumerate(missing):
            result[(change.sha, change.path)] = _differences(blobs[2 * n], blobs[2 * n + 1])
    if missing or len(known) != len(result):
        _save(cache_dir, "fields.json", {f"{sha}:{path}": None if fields is None else list(fields)
                                         for (sha, path), fields in sorted(result.items())}, "fields.")
    return result


def _differences(before: bytes | None, after: bytes | None) -> tuple[str, ...] | None:
    old, new = _mapping(before), _mapping(after)
    if old is None or new is None:
        return None
    names = list(new) + [name for name in old if name not in new]
    return tuple(name for name in names if old.get(name, _ABSENT) != new.get(name, _ABSENT))


_ABSENT = object()


def _mapping(blob: bytes | None) -> dict[str, Any] | None:
    if blob is None:
        return None
    try:
        data = parse(blob.decode("utf-8"), "").data
    except (UnicodeDecodeError, RecursionError):
        return None
    return {str(k): v for k, v in data.items()} if isinstance(data, dict) else None


def _cat_files(toplevel: Path, specs: list[str]) -> list[bytes | None]:
    """The contents of `rev:path` objects, in one `git cat-file --batch` (None for what does not exist)."""
    done = _git(toplevel, "cat-file", "--batch", stdin=("\n".join(specs) + "\n").encode("utf-8", "surrogateescape"))
    out, pos = done.stdout, 0
    blobs: list[bytes | None] = []
    for _ in specs:
        end = out.find(b"\n", pos)
        if end < 0:
            blobs.append(None)
            continue
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs.append(out[pos:pos + size])
            pos += size + 1
        else:  # '<spec> missing', or a tree: nothing to compare
            if len(header) == 3 and header[2].isdigit():
                pos += int(header[2]) + 1
            blobs.append(None)
    return blobs


def _inside(folder: Path, toplevel: Path) -> str | None:
    try:
        relative = folder.resolve().relative_to(toplevel).as_posix()
    except ValueError:
        return None
    return relative if relative != "." else "."


def _git(where: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(where), *args], input=stdin, capture_output=True, timeout=_TIMEOUT,
                          env={**os.environ, **_GIT_ENV}, check=False)


def _fields(change: Change) -> tuple[str, str, str, str, str | None]:
    return change.sha, change.when, change.status, change.path, change.old_path


def _load(cache_dir: Path | None, name: str) -> Any:
    if cache_dir is None:
        return None
    try:
        stored = json.loads((cache_dir / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored.get("data") if isinstance(stored, dict) and stored.get("version") == _FORMAT_VERSION else None


def _save(cache_dir: Path | None, name: str, data: Any, prefix: str) -> None:
    """Written atomically; older files of the same sort go (only the current HEAD's log is ever read again)."""
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"version": _FORMAT_VERSION, "data": data}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache_dir / name)
        for old in cache_dir.glob(f"{prefix}*.json"):
            if old.name != name:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time

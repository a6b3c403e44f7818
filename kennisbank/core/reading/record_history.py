"""The git history (history.py) by record: each record's changes, and the latest changes of the whole site.

A record's file is `<data folder>/<kind folder>/<id>.yaml`, in the data folder its origin names (a later folder may
replace a record of an earlier one). Only the latest changes, which the page "Nieuw en gewijzigd" and the feed
show, get a summary of the fields they changed; every other change is a date, a commit and whether it added,
renamed or changed the record.
"""
from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.reading.history import NO_REPOSITORY, OK, Change, changed_fields, read_history

LATEST = 50
"""How many changes the page "Nieuw en gewijzigd" and its feed list."""


@dataclass(frozen=True)
class Entry:
    """One change of one record, as the page and the feed list it."""

    kind: str                              # 'element'
    record_id: str
    change: Change
    fields: tuple[str, ...] | None = None  # the top-level fields it changed; None: added, or not comparable


@dataclass(frozen=True)
class SiteHistory:
    state: str = NO_REPOSITORY   # history.OK, or why there is no history (history.STATES)
    records: Mapping[tuple[str, str], tuple[Change, ...]] = field(default_factory=dict)   # (kind, id) -> newest first
    latest: tuple[Entry, ...] = ()

    @property
    def available(self) -> bool:
        return self.state == OK


def site_history(kb: KnowledgeBase, data_dirs: Sequence[Path], cache_dir: Path | None = None,
                 latest: int = LATEST) -> SiteHistory:
    history = read_history(data_dirs, cache_dir)
    if not history.available or history.toplevel is None:
        return SiteHistory(history.state)
    prefixes = [(d, _prefix(d, history.toplevel)) for d in reversed([Path(p) for p in data_dirs])]
    records: dict[tuple[str, str], tuple[Change, ...]] = {}
    for kind in KINDS:
        for record_id in kb.of(kind):
            origin = kb.origins.get((kind.name, record_id))
            name = f"{kind.folder}/{record_id}.yaml"
            for folder, prefix in prefixes:
                path = (folder / name).as_posix()
                if origin is None or path == origin.file or path.endswith("/" + origin.file):
                    if prefix is not None:
                        records[(kind.name, record_id)] = history.files.get(prefix + name, ())
                    break
    newest = heapq.nlargest(latest, ((change.moment, kind, record_id, change)
                                     for (kind, record_id), changes in records.items() for change in changes),
                            key=lambda found: found[:3])
    fields = changed_fields(history, [found[3] for found in newest], cache_dir)
    entries = tuple(Entry(kind, record_id, change, fields.get((change.sha, change.path)) if change.old_path else None)
                    for _, kind, record_id, change in newest)
    return SiteHistory(history.state, records, entries)


def _prefix(folder: Path, toplevel: Path) -> str | None:
    """The data folder's path in the repository, ending in '/' ('' at the top); None when it is outside."""
    try:
        relative = folder.resolve().relative_to(toplevel).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative + "/"

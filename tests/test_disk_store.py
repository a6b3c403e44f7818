"""The build caches' store (kennisbank/adapter/disk_store.py): entries survive, unused ones go after KEEP_DAYS."""
from __future__ import annotations

import os
import time
from pathlib import Path

from kennisbank.adapter.disk_store import KEEP_DAYS, DiskStore


def _age(store: DiskStore, key: str, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(store._path(key), (then, then))


def test_entries_unused_for_keep_days_are_removed_once_a_day(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "cache")
    store.save("aa11", "een pagina")
    store.save("bb22", {"een": "waarde"})
    assert store.load("aa11") == "een pagina" and store.load("bb22") == {"een": "waarde"}
    _age(store, "aa11", KEEP_DAYS + 1)
    _age(store, "bb22", KEEP_DAYS - 1)
    store.prune()
    assert store.load("aa11") is None and store.load("bb22") == {"een": "waarde"}
    store.save("cc33", "oud")
    _age(store, "cc33", KEEP_DAYS + 1)
    store.prune()  # pruned less than a day ago: not looked at again
    assert store.load("cc33") == "oud"
    _age(store, "cc33", KEEP_DAYS + 1)  # the load above marked it as used; make it old again
    marker = tmp_path / "cache" / ".pruned"
    os.utime(marker, (time.time() - 86401, time.time() - 86401))
    store.prune()
    assert store.load("cc33") is None


def test_a_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "cache")
    store.save("dd44", "tekst")
    Path(store._path("dd44")).write_bytes(b"P\x80kapot")
    assert store.load("dd44") is None
    assert DiskStore(tmp_path / "nergens").load("ee55") is None
    DiskStore(tmp_path / "nergens").prune()  # no folder: nothing to do, nothing made
    assert not (tmp_path / "nergens").exists()


def test_an_entry_is_removed_and_a_missing_one_is_no_error(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.save("ab" * 20, {"open-data/kennisbank.json": b"{}"})
    store.remove("ab" * 20)
    assert store.load("ab" * 20) is None
    store.remove("cd" * 20)  # never stored

"""The cycle collector during a build (kennisbank/adapter/collector.py): no full collections while building, the
settings restored after, and what a finished command leaves frozen until the next one starts."""
from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from kennisbank.adapter.collector import RARELY, Collector


@pytest.fixture(autouse=True)
def restored() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_a_build_makes_no_full_collection_and_restores_the_settings_after() -> None:
    gc.set_threshold(700, 10, 10)
    collector = Collector()
    collector.building()
    collector.building()  # on_config of a second build before the first ended: the first settings are kept
    assert gc.get_threshold() == (700, 10, RARELY)
    gc.collect()
    full = gc.get_stats()[2]["collections"]
    for _ in range(20_000):  # many young collections' worth of cycles
        a: list[object] = []
        a.append(a)
    assert gc.get_stats()[2]["collections"] == full
    collector.built()
    assert gc.get_threshold() == (700, 10, 10)
    collector.built()  # a failed build after on_post_build (strict mode): nothing more to restore
    assert gc.get_threshold() == (700, 10, 10)


def test_serving_freezes_what_the_first_build_left_once() -> None:
    gc.unfreeze()
    collector = Collector()
    collector.building()
    collector.built(serving=True)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    collector.building()
    keep = [[] for _ in range(1000)]
    collector.built(serving=True)
    assert gc.get_freeze_count() == frozen and keep  # later rebuilds' objects stay collectable


def test_what_a_command_leaves_is_frozen_until_the_next_one_starts() -> None:
    gc.unfreeze()
    Collector().leaving()
    assert gc.get_freeze_count() > 0
    Collector().starting()  # another command, another plugin instance (tests build many sites in one process)
    assert gc.get_freeze_count() == 0

"""The cycle collector during a build (kennisbank/adapter/collector.py): no full collections while building, the
settings restored after, and what a finished command leaves frozen until the next one starts."""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator

import pytest

from kennisbank.adapter.collector import CONVERTED, RARELY, Collector


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


def test_a_page_converted_now_and_then_keeps_the_full_collections_off() -> None:
    gc.set_threshold(700, 10, 10)
    collector = Collector()
    collector.building()
    for _ in range(CONVERTED - 1):
        collector.page_converted()  # an unchanged or edited build: a few pages
    assert gc.get_threshold() == (700, 10, RARELY)
    collector.page_converted()  # a build from scratch: Python's settings, so its converters' cycles are collected
    assert gc.get_threshold() == (700, 10, 10)
    collector.built()
    collector.building()  # the next build counts again
    assert gc.get_threshold() == (700, 10, RARELY)
    collector.built()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a forked worker")
def test_a_worker_forked_during_a_build_collects_as_python_does() -> None:
    gc.set_threshold(700, 10, 10)
    collector = Collector()
    collector.building()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert tuple(pool.apply(gc.get_threshold)) == (700, 10, 10)
    assert gc.get_threshold() == (700, 10, RARELY)  # this process still builds without
    collector.built()

"""Python's cycle collector during a build: the young generations as always, the full collection left for after.

A build keeps everything it loads (records, caches, pages, the navigation) until it ends. Each full collection walks
all of it: at 5,000 records about ten of them took 1.5-2 s of a build, and the one Python runs when the process
exits took another 1.5 s, while finding little (docs/onderhoud/prestaties.md has the memory measured). Short-lived
cycles, such as the Markdown converter of each page, are still found by the young collections.
"""
from __future__ import annotations

import gc

# A full collection after this many collections of the middle generation (Python's default is 10): none in a build.
RARELY = 1_000_000


class Collector:
    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    def starting(self) -> None:
        """A command starts (MkDocs' startup event): what an earlier command in this process left frozen at its
        shutdown (tests run many) is looked at again."""
        if gc.get_freeze_count():
            gc.unfreeze()

    def building(self) -> None:
        """Start of a build (its config): no full collections until `built`."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], RARELY)

    def built(self, serving: bool = False) -> None:
        """End of a build, finished or failed: the collector as it was (`mkdocs serve` goes on between builds)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
        if serving and not gc.get_freeze_count():
            # What the first build left (modules, records, caches) lives as long as the server: the collector need
            # not look at it in every rebuild again (a fifth of a second at 1000 records).
            gc.collect()
            gc.freeze()

    def leaving(self) -> None:
        """The command is done (MkDocs' shutdown event): what is left is only freed at exit, not searched for
        cycles first."""
        gc.freeze()

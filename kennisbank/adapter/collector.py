"""Python's cycle collector during a build: no full collections while a build converts only a few pages.

A build keeps everything it loads (records, caches, pages, the navigation) until it ends. Each full collection walks
all of it: at 5,000 records about ten of them took 1.5-2 s of an unchanged build, and the one Python runs when the
process exits took another 1.5 s, while finding little. A build that converts many pages is different: each page's
Markdown converter is a cycle that lives long enough to reach the oldest generation, and without full collections
a build from scratch of 1,000 records peaked at 425 MB instead of 220 MB. So full collections wait until a build
has converted a few dozen pages; from then on, Python's own settings apply. A worker forked during a build (the
downloads) gets Python's settings too: with the build's, the workers of that build from scratch peaked at 413 MB,
with Python's at 164 MB.
"""
from __future__ import annotations

import gc
import os

# A full collection after this many collections of the middle generation (Python's default is 10): none
RARELY = 1_000_000
# Python's own settings again after this many pages converted in one build
CONVERTED = 50


class Collector:
    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._converted = 0
        if hasattr(os, "register_at_fork"):  # not on Windows, which starts its workers afresh
            os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        """In a worker forked during a build (the downloads): Python's settings, for the documents it makes."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)

    def starting(self) -> None:
        """A command starts (MkDocs' startup event): what an earlier command in this process left frozen at its
        shutdown (tests run many) is looked at again."""
        if gc.get_freeze_count():
            gc.unfreeze()

    def building(self) -> None:
        """Start of a build (its config): no full collections until `built`."""
        if self._saved is None:
            self._saved, self._converted = gc.get_threshold(), 0
            gc.set_threshold(self._saved[0], self._saved[1], RARELY)

    def page_converted(self) -> None:
        """A page went through Markdown (on_page_content): a build converting many is collected as usual."""
        self._converted += 1
        if self._converted == CONVERTED and self._saved is not None:
            gc.set_threshold(*self._saved)

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

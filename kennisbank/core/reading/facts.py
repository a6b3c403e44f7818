"""What the checks across records need to know of one record, taken from it once, when its file is validated.

References, backlinks, evidence counts and links between pages are checked on every load, because any file may
change them. They read these facts, never the records themselves, so that `kennisbank check` over files it has seen
before (filecache.py) never has to rebuild a record.
"""
from __future__ import annotations

import sys
from typing import Any, NamedTuple

from kennisbank.core.model.kinds import Kind
from kennisbank.core.reading.internal_links import link_candidates
from kennisbank.core.reading.references import REFERENCES, Loc

_REFS_OF: dict[str, tuple[tuple[int, Any], ...]] = {}
for _number, _ref in enumerate(REFERENCES):
    _REFS_OF[_ref.kind] = _REFS_OF.get(_ref.kind, ()) + ((_number, _ref),)


class Facts(NamedTuple):
    id: str
    replaces: bool
    refs: tuple[int | Loc | str, ...]                    # index in REFERENCES, where, target id; ... (references.triples)
    evidence: tuple[tuple[str, tuple[str, ...]], ...]    # an element's evidence: (kind, source ids) per entry
    publication: bool                                    # a source with authors and a year
    links: tuple[tuple[Loc, int, str, str, str], ...]    # links to other pages: (where, line offset, as written, folder, name)


def record_facts(kind: Kind, record: Any) -> Facts:
    refs = tuple(item for number, ref in _REFS_OF.get(kind.name, ()) for loc, target in ref.values(record)
                 for item in (number, _shared(loc), sys.intern(target)))  # flat: one tuple per record, not one per ref
    evidence = tuple((sys.intern(entry.kind), tuple(sys.intern(s) for s in entry.sources))
                     for entry in getattr(record, "evidence", ()))
    publication = kind.name == "source" and bool(record.authors) and record.year is not None
    return Facts(record.id, record.replaces, refs, evidence, publication, link_candidates(kind, record))


_LOCS: dict[Loc, Loc] = {}


def _shared(loc: Loc) -> Loc:
    """One tuple for each place, and one string for each id: the check cache pickles each of them once."""
    return _LOCS.setdefault(loc, loc)

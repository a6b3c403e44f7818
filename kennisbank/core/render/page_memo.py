"""Record and term pages kept between builds, reused while everything they read is unchanged.

Rendering a record page to Markdown reads its own record and, through the knowledge base, a few others: the
themes it names, the elements that name it (backlinks), related elements, taxonomy terms. Which ones is only known
by rendering, so a page is rendered once with a *traced* knowledge base and page context that note every read
(method call with its arguments, mapping lookup, attribute) together with a digest of what it returned. The next
build replays those reads on the new knowledge base: when every digest is the same, the page would come out the
same, and the stored Markdown is used. Editing one record thus re-renders only the pages that read it.

Everything a renderer can reach besides the traced reads is in the memo's global key: the context's other fields
(site, labels, today, …), the generator's own code and the citation library. A read that cannot be replayed
(an argument that is neither plain data, a kind nor a record) means the page is rendered every time, never reused
wrongly. The memo is a speed-up only: a page it cannot vouch for is rendered as always.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol, cast

from pydantic import BaseModel

from kennisbank.core.model.kinds import Kind
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.versions import library_versions

_PACKAGE = Path(__file__).resolve().parents[2]   # kennisbank/
_CODE_SUFFIXES = (".py", ".csl", ".xml", ".json")


class _Missing:
    """What a mapping lookup found when the key was not there (a digest of its own)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


class Store(Protocol):
    """Where entries outlive the process (the adapter's DiskStore); loads return None for a miss."""

    def load(self, key: str) -> Any | None: ...
    def save(self, key: str, value: Any) -> None: ...
    def remove(self, key: str) -> None: ...


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The generator's own code and data files, and the citation library: another version is another page."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts
                       and "starter" not in p.parts):
        h.update(str(path.relative_to(_PACKAGE)).encode())
        h.update(path.read_bytes())
    h.update(library_versions(("citeproc-py",)).encode())
    return h.hexdigest()


class Digests:
    """Digests of values read while rendering; a record's is computed once per build (it is read by many pages),
    and not again in the next build of the same process while it is the same model object (an unchanged file)."""

    def __init__(self, earlier: Digests | None = None) -> None:
        self._models: dict[int, tuple[BaseModel, bytes]] = {}  # the model itself is kept, so its id is never reused
        self._earlier = earlier._models if earlier is not None else {}  # the previous build's (not any older one's)
        self.replayed: dict[tuple[Any, ...], str | None] = {}  # read -> digest of its value in this build (None: failed)

    def of(self, value: Any) -> str:
        h = hashlib.blake2b(digest_size=16)
        self._feed(h, value)
        return h.hexdigest()

    def _feed(self, h: Any, value: Any) -> None:
        if _is_plain(value):  # most of what is read
            h.update(f"{type(value).__name__}:{value!r};".encode("utf-8", "surrogatepass"))
        elif isinstance(value, BaseModel):
            known = self._models.get(id(value))
            if known is None:
                known = self._earlier.get(id(value))  # records are frozen models: the same object, the same digest
                if known is None or known[0] is not value:
                    known = (value, hashlib.blake2b(f"{type(value).__name__}:{value.model_dump_json()}".encode(),
                                                    digest_size=16).digest())
                self._models[id(value)] = known
            h.update(known[1])
        elif isinstance(value, (list, tuple)) and all(_is_plain(v) for v in value):
            h.update(f"[{value!r}]".encode("utf-8", "surrogatepass"))  # ids and counts: one repr, not a feed each
        elif isinstance(value, (list, tuple)):
            h.update(b"[")
            for item in value:
                self._feed(h, item)
            h.update(b"]")
        elif isinstance(value, Mapping):
            items = list(value.items())
            if all(_is_plain(k) and _is_plain(v) for k, v in items):
                h.update(f"{{{items!r}}}".encode("utf-8", "surrogatepass"))  # a line table: one repr, not 200 feeds
                return
            h.update(b"{")
            for key, item in items:
                self._feed(h, key)
                self._feed(h, item)
            h.update(b"}")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):  # Origin, Download, Kind
            h.update(f"{type(value).__name__}(".encode())
            for f in dataclasses.fields(value):
                self._feed(h, getattr(value, f.name))
            h.update(b")")
        else:  # plain values; anything whose repr is its address (differs per process) is never stored
            text = repr(value)
            if " at 0x" in text:
                raise _Unstable(type(value).__name__)
            h.update(f"{type(value).__name__}:{text};".encode("utf-8", "surrogatepass"))


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _is_plain(value: Any) -> bool:
    """A value whose repr is its content: a string, number, None, or a tuple of those (a line table's key)."""
    kind = type(value)
    return kind in _PLAIN or (kind is tuple and all(type(v) in _PLAIN for v in value))


class _Unstable(Exception):
    """A value without a digest that is the same in the next process."""


class _Unreplayable(Exception):
    """A read whose arguments cannot be stored and replayed."""


@dataclasses.dataclass(frozen=True)
class _RecordRef:
    kind: str
    id: str


class _Trace:
    def __init__(self, kb: KnowledgeBase, digests: Digests) -> None:
        self.kb = kb
        self.digests = digests
        self.reads: dict[tuple[Any, ...], str] = {}
        self.replayable = True
        self.lists: list[tuple[Any, ...]] = []   # the arguments of each ctx.list_html call, to repeat on reuse

    def note(self, read: tuple[Any, ...], value: Any) -> None:
        if read not in self.reads:
            try:
                self.reads[read] = self.digests.of(value)
            except _Unstable:
                self.replayable = False

    def encode(self, value: Any) -> Any:
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, (list, tuple)):
            return tuple(self.encode(v) for v in value)
        if isinstance(value, Kind):
            return value.name
        if isinstance(value, BaseModel):
            try:
                return _RecordRef(self.kb.kind_of(value).name, value.id)  # type: ignore[arg-type, attr-defined]
            except KeyError:
                pass
        raise _Unreplayable(type(value).__name__)


class _TracedMapping(Mapping[Any, Any]):
    """A mapping that notes each lookup (and a whole read when it is iterated)."""

    def __init__(self, trace: _Trace, where: tuple[str, str], mapping: Mapping[Any, Any]) -> None:
        self._trace, self._where, self._mapping = trace, where, mapping

    def _whole(self) -> Mapping[Any, Any]:
        self._trace.note(("whole", *self._where), self._mapping)
        return self._mapping

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            encoded = self._trace.encode(key)
        except _Unreplayable:
            self._trace.replayable = False
            return self._mapping.get(key, default)
        value = self._mapping.get(key, _MISSING)
        self._trace.note(("item", *self._where, encoded), value)
        return default if value is _MISSING else value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[Any]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self) -> Any:
        return self._whole().keys()

    def items(self) -> Any:
        return self._whole().items()

    def values(self) -> Any:
        return self._whole().values()


class _TracedKnowledgeBase:
    """The knowledge base as a renderer sees it: the same methods and attributes, each read noted."""

    def __init__(self, trace: _Trace) -> None:
        self._trace = trace

    def __getattr__(self, name: str) -> Any:
        kb = self._trace.kb
        value = getattr(kb, name)
        if inspect.ismethod(value):
            return functools.partial(self._call, name)
        if isinstance(value, Mapping):
            return _TracedMapping(self._trace, ("kb", name), value)
        self._trace.note(("attr", name), value)
        return value

    def _call(self, name: str, *args: Any) -> Any:
        result = getattr(self._trace.kb, name)(*args)
        try:
            self._trace.note(("call", name, self._trace.encode(args)), result)
        except _Unreplayable:
            self._trace.replayable = False
        return result


# (reads with the digest of what each gave, Markdown, a name of this entry that no other entry gets, the lists the
# page handed to the engine: the arguments of each ctx.list_html call)
_Entry = tuple[tuple[tuple[tuple[Any, ...], str], ...], str, str, tuple[tuple[Any, ...], ...]]


class _Build:
    """What every page of one build shares: its context, the digests of what was read, the global key, and the
    token that says the knowledge base and the context's mappings are the same as those of an earlier build."""

    def __init__(self, ctx: Any, digests: Digests, global_key: str, token: str | None) -> None:
        self.ctx, self.digests, self.global_key, self.token = ctx, digests, global_key, token


class PageMemo:
    """Pages rendered in an earlier build (this process or, through `store`, an earlier one) with their reads.

    Replaying the reads of thousands of pages takes seconds. When the data files are the same as in an earlier build
    (`inputs`, a digest of every file's path and stamp) and so are the context's mappings, every read gives what it
    gave then: a page checked or rendered under that same token is reused without replaying its reads.
    """

    def __init__(self, name: str = "pages") -> None:
        self.name = name
        self._memory: dict[tuple[Any, ...], tuple[str, Any]] = {}  # page -> (its key, entry or value): latest only
        self._store: Store | None = None
        self._inputs: str | None = None
        self._build: _Build | None = None
        self._digests_before: Digests | None = None
        self._checked: dict[str, str] = {}    # page key -> the token under which its entry was last found valid
        self._checked_now: dict[str, str] = {}
        self._later: list[Callable[[], Any]] = []
        self.reused = self.rendered = 0

    def begin(self, store: Store | None, inputs: str | None = None) -> None:
        """Start of a build; `store` None keeps entries in this process only (still across `mkdocs serve` rebuilds).
        `inputs`: a digest standing for every data file's bytes (reading.inputs_stamp), None when there is none."""
        if store is not None:  # what the last build found valid (kept by finish); else this process's memory
            loaded = store.load(self._checked_key)
            self._checked = loaded if isinstance(loaded, dict) else {}
        self._store, self._inputs = store, inputs
        if self._build is not None:  # its record digests serve this build's unchanged records
            self._digests_before = self._build.digests
        self._build = None
        self._checked_now = {}
        self.reused = self.rendered = 0

    def finish(self) -> None:
        """End of a build: keep which pages were found valid under which token, for the next build."""
        if self._store is not None and self._checked_now != self._checked:
            self._store.save(self._checked_key, self._checked_now)
        self._checked = self._checked_now

    @property
    def _checked_key(self) -> str:
        return hashlib.blake2b(f"checked:{self.name}".encode(), digest_size=20).hexdigest()

    def _for(self, ctx: Any) -> _Build:
        """This build's shared state for `ctx` (one context serves every page of a build)."""
        if self._build is None or self._build.ctx is not ctx:
            # the same knowledge base in another context (the site as built, for JSON-LD): its records' digests hold
            if self._build is not None and self._build.ctx.kb is ctx.kb:
                digests = self._build.digests
            else:  # a new build: the previous one's record digests serve its unchanged records
                digests = Digests(self._build.digests if self._build is not None else self._digests_before)
            token = None
            try:
                global_key = _global_key(ctx, digests)
                if self._inputs is not None:
                    token = digests.of((global_key, self._inputs, [(name, value) for name, value in _context_fields(ctx)
                                                                   if name != "kb" and _traced_mapping(name, value)]))
            except _Unstable:  # a context value without a lasting digest: this build's pages match no other's
                global_key = os.urandom(16).hex()
            self._build = _Build(ctx, digests, global_key, token)
        return self._build

    def render(self, ctx: Any, own: tuple[Any, ...], renderer: Callable[..., str], *args: Any) -> str:
        """`renderer(ctx, *args)`, or the stored Markdown of its page if all it read is unchanged.

        `own`: the read that gives the page's own record or term (("get", "element", id)); it names the page, and
        is replayed like every other read. The text arguments in `args` are part of the key too.
        """
        build = self._for(ctx)
        page = (own, renderer.__qualname__, tuple(a for a in args if isinstance(a, str)))
        key = hashlib.blake2b(repr((page, build.global_key)).encode("utf-8", "surrogatepass"),
                              digest_size=20).hexdigest()
        remembered = self._memory.get(page)
        entry = remembered[1] if remembered and remembered[0] == key else None
        if entry is None and self._store is not None:
            loaded = self._store.load(key)
            entry = loaded if isinstance(loaded, tuple) and len(loaded) == 4 else None
        token = build.token
        # found valid under this same token: this entry, not one another build stored under the key since
        if entry is not None and ((token is not None and self._checked.get(key) == f"{token}:{entry[2]}")
                                  or _still_valid(ctx, entry[0], build.digests)):
            self._memory[page] = (key, entry)
            self._note_checked(key, token, entry)
            self.reused += 1
            for arguments in entry[3]:  # the engine writes these lists after converting the page: it needs them again
                ctx.list_html(*arguments)
            return str(entry[1])
        trace = _Trace(ctx.kb, build.digests)
        traced = _traced_context(ctx, trace)
        _TracedKnowledgeBase(trace).__getattr__(own[0])(*own[1:])  # the page's own record: part of what it read
        markdown = renderer(traced, *args)
        self.rendered += 1
        if trace.replayable:
            entry = (tuple(trace.reads.items()), markdown, os.urandom(8).hex(), tuple(trace.lists))
            self._memory[page] = (key, entry)
            self._note_checked(key, token, entry)
            if self._store is not None:
                self._store.save(key, entry)
        return markdown

    def _note_checked(self, key: str, token: str | None, entry: Any) -> None:
        if token is not None:
            self._checked_now[key] = f"{token}:{entry[2]}"

    def whole(self, ctx: Any, name: str, producer: Callable[[], Any], later: bool = False) -> Any:
        """`producer()` for output made from the whole knowledge base (the open data), stored under the global key
        and a digest of the data files (or else of every record, the taxonomy and the glossary): made again when any
        of them changed. Besides the knowledge base, `producer` may only use what the global key covers (the
        context's plain fields).

        `later`: when it must be made again and an earlier version is in memory, that version is returned and making
        the new one is left to a job from `take_later` (`mkdocs serve`, which shows an edit first)."""
        build = self._for(ctx)
        kb = ctx.kb
        h = hashlib.blake2b(repr(("whole", name, build.global_key)).encode("utf-8", "surrogatepass"), digest_size=20)
        if self._inputs is not None:
            h.update(self._inputs.encode())
        else:
            try:
                for kind, records in kb.records.items():
                    for record_id, record in records.items():
                        h.update(f"{kind}/{record_id}:".encode("utf-8", "surrogatepass"))
                        h.update(build.digests.of(record).encode())
                h.update(build.digests.of((kb.taxonomy, kb.glossary)).encode())
            except _Unstable:
                return producer()
        key = h.hexdigest()
        page = ("whole", name)
        remembered = self._memory.get(page)
        value = remembered[1] if remembered and remembered[0] == key else None
        if value is None and self._store is not None:
            value = self._store.load(key)
        if value is None and later and remembered is not None:
            self._later.append(functools.partial(self._keep, page, key, producer))
            return remembered[1]
        if value is None:
            return self._keep(page, key, producer)
        self._memory[page] = (key, value)
        return value

    def _keep(self, page: tuple[Any, ...], key: str, producer: Callable[[], Any]) -> Any:
        value = producer()
        if self._store is not None:
            # only the latest version of each is kept: at 5,000 records the open data is 25 MB, made after every edit
            latest = hashlib.blake2b(repr(("latest", self.name, page)).encode(), digest_size=20).hexdigest()
            earlier = self._store.load(latest)
            self._store.save(key, value)
            self._store.save(latest, key)
            if isinstance(earlier, str) and earlier != key:
                self._store.remove(earlier)
        self._memory[page] = (key, value)
        return value

    def take_later(self) -> list[Callable[[], Any]]:
        """The jobs `whole(…, later=True)` left: each makes its value, keeps it for the next build and returns it."""
        jobs, self._later = self._later, []
        return jobs


def _traced_mapping(name: str, value: Any) -> bool:
    """A field of the context that pages read through a trace (the knowledge base, the downloads, the history)."""
    return name != "labels" and (name == "kb" or isinstance(value, Mapping))


def _context_fields(ctx: Any) -> Iterator[tuple[str, Any]]:
    for f in dataclasses.fields(ctx):
        yield f.name, getattr(ctx, f.name)


def _traced_context(ctx: Any, trace: _Trace) -> Any:
    """The context with its knowledge base and its per-record mappings (downloads, kits, …) traced."""
    changes: dict[str, Any] = {"kb": cast(KnowledgeBase, _TracedKnowledgeBase(trace))}
    for name, value in _context_fields(ctx):
        if name != "kb" and _traced_mapping(name, value):
            changes[name] = _TracedMapping(trace, ("ctx", name), value)
    if getattr(ctx, "list_html", None) is not None:
        def list_html(*arguments: Any) -> str:
            trace.lists.append(arguments)
            return str(ctx.list_html(*arguments))
        changes["list_html"] = list_html
    return dataclasses.replace(ctx, **changes)


def _global_key(ctx: Any, digests: Digests) -> str:
    """What every page may read without a trace: the context's plain fields, the labels, the code. A function in
    the context (list_html, how the engine writes long lists) counts by its name: what it makes is the engine's."""
    plain = [(name, digests.of(_function_name(value) if callable(value) else value))
             for name, value in _context_fields(ctx) if not _traced_mapping(name, value)]
    return repr((plain, code_digest()))


def _function_name(function: Any) -> str:
    name = getattr(function, "__qualname__", None)
    if name is None:  # e.g. a functools.partial: no lasting name
        raise _Unstable(type(function).__name__)
    return f"{getattr(function, '__module__', '')}.{name}"


def _still_valid(ctx: Any, reads: tuple[tuple[tuple[Any, ...], str], ...], digests: Digests) -> bool:
    """Replays every read on this build's knowledge base: the page is reusable when each gives what it gave."""
    kb = ctx.kb
    for read, digest in reads:
        if read not in digests.replayed:  # most reads (a theme's elements) are shared by many pages
            try:
                digests.replayed[read] = digests.of(_replay(ctx, kb, read))
            except Exception:  # a method that changed or a record that is gone: render again
                digests.replayed[read] = None
        if digests.replayed[read] != digest:
            return False
    return True


def _replay(ctx: Any, kb: KnowledgeBase, read: tuple[Any, ...]) -> Any:
    what = read[0]
    if what == "call":
        return getattr(kb, read[1])(*_decode(kb, read[2]))
    if what == "attr":
        return getattr(kb, read[1])
    owner = kb if read[1] == "kb" else ctx
    mapping = getattr(owner, read[2])
    if what == "whole":
        return mapping
    return mapping.get(_decode(kb, read[3]), _MISSING)


def _decode(kb: KnowledgeBase, value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(_decode(kb, v) for v in value)
    if isinstance(value, _RecordRef):
        record = kb.get(value.kind, value.id)
        if record is None:
            raise LookupError(value)
        return record
    return value

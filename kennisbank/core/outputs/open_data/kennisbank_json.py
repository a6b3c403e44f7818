"""kennisbank.json: the whole knowledge base as one JSON document, with the same bytes for the same data.

Records appear as their validated model data (what an editor wrote, normalised); fields the generator derives
start with '_' so that nobody mistakes them for something to edit.
"""
from __future__ import annotations

import json
from collections import defaultdict
from importlib import metadata
from typing import Any

from kennisbank.core.model.kinds import KINDS, Kind
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import KBModel, Record
from kennisbank.core.site import Site

SCHEMA_VERSION = "1"
"""Bump when a field of kennisbank.json changes meaning or disappears, so re-users can notice."""

# Top-level key per record kind: the plural the data folders use.
LIST_KEYS = {kind.name: kind.folder for kind in KINDS}


def generated_by() -> str:
    try:
        version = metadata.version("kennisbank-lerende-netwerken")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        version = "onbekend"
    return f"kennisbank-lerende-netwerken {version}"


def model_data(value: KBModel) -> dict[str, Any]:
    """A model as JSON data: dates as ISO strings, absent optional fields left out."""
    return value.model_dump(mode="json", exclude_none=True)


def record_data(kb: KnowledgeBase, site: Site, kind: Kind, record: Record) -> dict[str, Any]:
    data = model_data(record)
    data["_page"] = site.page_url(kind, record.id)
    data["_referenced_by"] = referenced_by(kb, kind.name, record.id)
    return data


def referenced_by(kb: KnowledgeBase, kind: str, record_id: str) -> dict[str, list[str]]:
    """The backlinks: which records of which kind name this one (the generator derives them, editors do not write them)."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for ref_kind, ref_id in kb.referrers.get((kind, record_id), ()):
        by_kind[ref_kind].add(ref_id)
    return {k: sorted(ids) for k, ids in sorted(by_kind.items())}


def export_document(kb: KnowledgeBase, site: Site) -> dict[str, Any]:
    document: dict[str, Any] = {
        "generated_by": generated_by(),
        "schema_version": SCHEMA_VERSION,
        "site_name": site.name,
        "site_url": site.url,
        "language": site.language,
        "licence": site.licence,
        "owner": site.owner,
        "taxonomy": model_data(kb.taxonomy),
        "glossary": [model_data(term) for term in sorted(kb.glossary, key=lambda t: (t.term.casefold(), t.term))],
    }
    if site.licence_url:
        document["licence_url"] = site.licence_url
    for kind in KINDS:
        records = sorted(kb.of(kind).values(), key=lambda r: r.id)
        document[LIST_KEYS[kind.name]] = [record_data(kb, site, kind, r) for r in records]
    return document


def dump_json(data: Any) -> bytes:
    """Deterministic bytes: sorted keys, fixed separators and indent, UTF-8 as written, one trailing newline."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, separators=(",", ": ")) + "\n").encode("utf-8")

"""Open data in the MkDocs build: the files of open-data/ and the page listing them, and each page's JSON-LD.

The core (kennisbank.core.outputs.open_data) makes the bytes and the JSON-LD; this module only hands them to MkDocs.
"""
from __future__ import annotations

from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from kennisbank.adapter import state
from kennisbank.core.labels import labels_for
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.outputs.open_data import (
    OPEN_DATA_PAGE,
    ExportSite,
    data_files,
    dataset_jsonld,
    open_data_files,
    open_data_page,
    record_jsonld_for,
    script_json,
)


def export_site(config: Any) -> ExportSite:
    info = state.site_info(config)
    return ExportSite(name=info.site_name, url=info.site_url, licence=info.licence, owner=info.author,
                      language=info.language, directory_urls=bool(config.use_directory_urls))


def add_files(files: Files, config: Any, kb: KnowledgeBase) -> None:
    """open-data/ with its files, made in memory, so that `mkdocs serve` serves them as well."""
    site = export_site(config)
    labels = labels_for(site.language)
    made = open_data_files(kb, site, labels)
    generated: dict[str, str | bytes] = {**made, OPEN_DATA_PAGE: open_data_page(site, labels, made)}
    taken = [path for path in generated if files.get_file_from_path(path) is not None]
    if taken:
        raise Abort("De open data zou handgeschreven bestanden vervangen: " + ", ".join(f"docs/{p}" for p in taken) +
                    ".\nOplossing: verplaats of hernoem deze bestanden in docs/; de map open-data/ maakt de generator.")
    for path, content in generated.items():
        inclusion = InclusionLevel.NOT_IN_NAV if path == OPEN_DATA_PAGE else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=content, inclusion=inclusion))


def page_jsonld(page: Any, config: Any) -> str | None:
    """The page's schema.org JSON-LD, escaped for a <script> element; None for pages that are not about data."""
    kb = state.current(config).result.kb
    if kb is None:
        return None
    site = export_site(config)
    ref = (page.meta or {}).get("kennisbank")
    if isinstance(ref, str):
        data = record_jsonld_for(kb, site, ref)
    elif page.file.src_uri == OPEN_DATA_PAGE:
        labels = labels_for(site.language)
        files = [(f.site_path, f.media_type) for f in data_files(labels) if f.is_data]
        data = dataset_jsonld(site, page.url, labels["opendata.name"].format(site=site.name), labels["opendata.intro"], files)
    else:
        data = None
    return script_json(data) if data else None

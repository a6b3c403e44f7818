"""Open data in the MkDocs build: the site facts the exports print, and each page's JSON-LD.

The core (kennisbank.core.outputs.open_data) makes the bytes and the JSON-LD; the site plan (core/site_plan.py)
lists the files of open-data/; this module only gives them what they need from the MkDocs config.
"""
from __future__ import annotations

from typing import Any

from kennisbank.adapter import state
from kennisbank.core.labels import labels_for
from kennisbank.core.outputs.open_data import (
    OPEN_DATA_PAGE,
    ExportSite,
    data_files,
    dataset_jsonld,
    record_jsonld_for,
    script_json,
)


def export_site(config: Any) -> ExportSite:
    info = state.site_info(config)
    return ExportSite(name=info.site_name, url=info.site_url, licence=info.licence, owner=info.author,
                      language=info.language, directory_urls=bool(config.use_directory_urls))


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

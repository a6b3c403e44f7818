"""The open-data folder of the site: which files it holds, its read-me and licence, and the page that lists them."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.outputs.downloads import human_size
from kennisbank.core.outputs.open_data.json_schema import export_schema
from kennisbank.core.outputs.open_data.kennisbank_json import dump_json, export_document
from kennisbank.core.outputs.open_data.tables import csv_files
from kennisbank.core.paths import NL, SitePaths
from kennisbank.core.render.mdtext import escape, front_matter, html_text
from kennisbank.core.site import Site

OPEN_DATA_DIR = "open-data"
OPEN_DATA_PAGE = f"{OPEN_DATA_DIR}/index.md"
JSON_FILE, SCHEMA_FILE = "kennisbank.json", "kennisbank.schema.json"   # the read-me and licence: SitePaths
CSV_DIR = "csv"


@dataclass(frozen=True)
class DataFile:
    name: str           # below open-data/
    media_type: str
    description: str

    @property
    def site_path(self) -> str:
        return f"{OPEN_DATA_DIR}/{self.name}"

    @property
    def is_data(self) -> bool:
        return self.media_type != "text/plain"


def data_files(labels: Mapping[str, str], paths: SitePaths = NL) -> list[DataFile]:
    """Every file of the folder, in the order the page lists them; `paths`: the site's (the read-me's name)."""
    csv_type = "text/csv"
    kinds = [DataFile(f"{CSV_DIR}/{k.folder}.csv", csv_type,
                      labels["opendata.file.kind"].format(kind=labels[f"kind.{k.name}.plural"])) for k in KINDS]
    return [
        DataFile(JSON_FILE, "application/json", labels["opendata.file.json"]),
        DataFile(SCHEMA_FILE, "application/schema+json", labels["opendata.file.schema"]),
        *kinds,
        DataFile(f"{CSV_DIR}/element-evidence.csv", csv_type, labels["opendata.file.evidence"]),
        DataFile(f"{CSV_DIR}/template-items.csv", csv_type, labels["opendata.file.items"]),
        DataFile(f"{CSV_DIR}/taxonomy.csv", csv_type, labels["opendata.file.taxonomy"]),
        DataFile(f"{CSV_DIR}/glossary.csv", csv_type, labels["opendata.file.glossary"]),
        DataFile(paths.licence, "text/plain", labels["opendata.file.licence"]),
        DataFile(paths.readme, "text/plain", labels["opendata.file.readme"]),
    ]


def licence_sentence(site: Site, labels: Mapping[str, str]) -> str:
    return labels["opendata.licence"].format(owner=site.owner or site.name, licence=site.licence or "?")


def licence_text(site: Site, labels: Mapping[str, str]) -> str:
    lines = [licence_sentence(site, labels), site.licence_url or "", labels["opendata.licence.sources"]]
    return "\n".join(line for line in lines if line)


def licence_file(site: Site, labels: Mapping[str, str]) -> str:
    title = labels["opendata.name"].format(site=site.name)
    return f"{title}\n{'=' * len(title)}\n\n{licence_text(site, labels)}\n"


def readme_file(site: Site, labels: Mapping[str, str]) -> str:
    title = labels["opendata.name"].format(site=site.name)
    files = "\n".join(f"- {f.name}: {f.description}" for f in data_files(labels, site.paths))
    parts = [f"{title}\n{'=' * len(title)}", labels["opendata.intro"], files, labels["opendata.fields"], labels["opendata.csv"],
             labels["opendata.jsonld"], licence_text(site, labels)]
    if site.url:
        parts.insert(1, site.url)
    return "\n\n".join(parts) + "\n"


def open_data_files(kb: KnowledgeBase, site: Site, labels: Mapping[str, str]) -> dict[str, bytes]:
    """Site path -> bytes for every file of the folder; the same data always gives the same bytes."""
    files = {JSON_FILE: dump_json(export_document(kb, site)), SCHEMA_FILE: _schema_file()}
    files.update({f"{CSV_DIR}/{name}": data for name, data in csv_files(kb, site).items()})
    files[site.paths.licence] = licence_file(site, labels).encode("utf-8")
    files[site.paths.readme] = readme_file(site, labels).encode("utf-8")
    return {f"{OPEN_DATA_DIR}/{name}": data for name, data in files.items()}


@functools.lru_cache(maxsize=1)
def _schema_file() -> bytes:
    """The schema follows from the models alone: made once per process (`mkdocs serve` rebuilds often)."""
    return dump_json(export_schema())


def open_data_page(site: Site, labels: Mapping[str, str], files: Mapping[str, bytes]) -> str:
    """The Markdown of the page listing the folder (generated, so never a template)."""
    rows = [f"| {escape(labels['opendata.column.file'])} | {escape(labels['opendata.column.contents'])} "
            f"| {escape(labels['opendata.column.size'])} |", "| --- | --- | --- |"]
    for f in data_files(labels, site.paths):
        size = human_size(len(files.get(f.site_path, b"")), site.language)
        rows.append(f"| [{escape(f.name)}]({f.name}) | {escape(f.description)} | {escape(size)} |")
    title = labels["opendata.title"]
    meta = {"title": html_text(title), "description": html_text(labels["opendata.intro"]), "render_macros": False}
    sections = [
        f"# {escape(title)}", escape(labels["opendata.intro"]), "\n".join(rows),
        escape(labels["opendata.fields"]),
        f"## {escape(labels['opendata.csv.heading'])}", escape(labels["opendata.csv"]),
        f"## {escape(labels['opendata.licence.heading'])}",
        escape(licence_sentence(site, labels)) + (f" [{escape(url)}](<{url}>)" if (url := site.licence_url) else ""),
        escape(labels["opendata.licence.sources"]),
        escape(labels["opendata.jsonld"]),
    ]
    return front_matter(meta) + "\n\n".join(s for s in sections if s.strip()) + "\n"

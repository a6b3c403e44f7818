"""Open data: the knowledge base as JSON (with its JSON Schema) and CSV, and schema.org JSON-LD per page.

Plain Python, no MkDocs: the adapter hands the files to the site and prints the JSON-LD in the page head.
"""
from __future__ import annotations

from kennisbank.core.outputs.open_data.folder import (
    OPEN_DATA_DIR,
    OPEN_DATA_PAGE,
    DataFile,
    data_files,
    open_data_files,
    open_data_page,
)
from kennisbank.core.outputs.open_data.json_schema import export_schema
from kennisbank.core.outputs.open_data.jsonld import dataset_jsonld, page_jsonld, record_jsonld, record_jsonld_for, script_json
from kennisbank.core.outputs.open_data.kennisbank_json import dump_json, export_document
from kennisbank.core.outputs.open_data.tables import csv_files, neutralise

__all__ = [
    "OPEN_DATA_DIR", "OPEN_DATA_PAGE", "DataFile", "csv_files", "data_files", "dataset_jsonld", "dump_json",
    "export_document", "export_schema", "neutralise", "open_data_files", "open_data_page", "page_jsonld", "record_jsonld",
    "record_jsonld_for", "script_json",
]

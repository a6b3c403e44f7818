"""JSON Schema for editors' editors (autocomplete and inline checks), generated from the pydantic models."""
from __future__ import annotations

import json
from typing import Any

from kennisbank.core.i18n import language_of
from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.records import KBModel, Taxonomy


def _without_id(schema: dict[str, Any]) -> dict[str, Any]:
    """`id` comes from the file name; editors must not write it."""
    schema.get("properties", {}).pop("id", None)
    if "id" in schema.get("required", []):
        schema["required"] = [r for r in schema["required"] if r != "id"]
    return schema


def _drop_field_titles(node: Any, language: str | None = "nl") -> Any:
    """pydantic titles fields in English ('Sources'); editors read the descriptions instead, in the site's language.

    records.py keeps a field's English description next to the Dutch one (json_schema_extra={"en": …}); the schema
    says `description` in `language` only, so it holds no keyword JSON Schema does not know."""
    if isinstance(node, dict):
        if isinstance(node.get("description"), str) and isinstance(node.get("en"), str):
            english = node.pop("en")
            if language_of(language) == "en":
                node["description"] = english
        if isinstance(node.get("properties"), dict):
            for prop in node["properties"].values():
                if isinstance(prop, dict):
                    prop.pop("title", None)
        for value in node.values():
            _drop_field_titles(value, language)
    elif isinstance(node, list):
        for value in node:
            _drop_field_titles(value, language)
    return node


def schema_for(model: type[KBModel], title: str, language: str | None = "nl") -> dict[str, Any]:
    schema = _drop_field_titles(_without_id(model.model_json_schema(mode="validation")), language)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
            **{k: v for k, v in schema.items() if k != "title"}}


SCHEMA_TITLES = {"theme": "Thema", "element": "Werkzaam element", "source": "Bron", "example": "Praktijkvoorbeeld",
                 "template": "Hulpmiddel"}
_TITLES_EN = {"theme": "Theme", "element": "Working element", "source": "Source", "example": "Practice example",
              "template": "Tool"}


def all_schemas(language: str | None = "nl") -> dict[str, dict[str, Any]]:
    """File name -> schema, for every record kind and the taxonomy; titles and descriptions in `language`."""
    english = language_of(language) == "en"
    titles = _TITLES_EN if english else SCHEMA_TITLES
    schemas = {f"{k.name}.json": schema_for(k.model, titles[k.name], language) for k in KINDS}
    schemas["taxonomy.json"] = schema_for(Taxonomy, "Taxonomy" if english else "Taxonomie", language)
    return schemas


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n"

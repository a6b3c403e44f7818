"""kennisbank.schema.json: the JSON Schema of kennisbank.json, made from the same pydantic models as the data.

The editors' schemas (jsonschema_export.py) describe what goes into a YAML file; this one describes what comes
out: records with their `id`, without absent optional fields, plus the derived `_` fields.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from kennisbank.core.authoring.editor_schema import SCHEMA_TITLES, _drop_field_titles
from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.records import GlossaryTerm, Taxonomy
from kennisbank.core.outputs.open_data.kennisbank_json import LIST_KEYS, SCHEMA_VERSION
from kennisbank.core.textutil import ID_PATTERN

_DERIVED = {
    "_page": {"type": "string",
              "description": "Afgeleid: het adres van de pagina van dit record, vanaf de hoofdmap van de site (site_url)."},
    "_referenced_by": {
        "type": "object", "description": "Afgeleid: records die naar dit record verwijzen, per soort record (ids).",
        "additionalProperties": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
    },
}
_ID = {"type": "string", "pattern": ID_PATTERN, "description": "De id van het record: de bestandsnaam zonder .yaml."}


def _allows_null(prop: dict[str, Any]) -> bool:
    types = prop.get("type")
    return types == "null" or (isinstance(types, list) and "null" in types) or \
        any(_allows_null(option) for option in prop.get("anyOf", ()))


def _exported(definition: dict[str, Any]) -> dict[str, Any]:
    """The export leaves out every field that is null, so a nullable field is never required."""
    props = definition.get("properties", {})
    required = [name for name in definition.get("required", []) if not _allows_null(props.get(name, {}))]
    if required:
        definition["required"] = required
    else:
        definition.pop("required", None)
    return definition


def export_schema() -> dict[str, Any]:
    models: list[type[BaseModel]] = [kind.model for kind in KINDS] + [Taxonomy, GlossaryTerm]
    refs, top = models_json_schema([(model, "serialization") for model in models])
    defs = {name: _exported(d) for name, d in _drop_field_titles(top["$defs"]).items()}
    for kind in KINDS:
        definition = defs[kind.model.__name__]
        definition["title"] = SCHEMA_TITLES[kind.name]
        definition["properties"] = {**definition["properties"], "id": _ID, **_DERIVED}
        definition["required"] = sorted(set(definition.get("required", [])) | {"id", "_page", "_referenced_by"})
    text = {"type": "string"}
    records = {LIST_KEYS[k.name]: {"type": "array", "description": f"Alle records van de soort '{SCHEMA_TITLES[k.name]}', op id.",
                                   "items": refs[(k.model, "serialization")]} for k in KINDS}
    properties = {
        "generated_by": {**text, "description": "Het programma (en de versie) dat dit bestand maakte."},
        "schema_version": {"const": SCHEMA_VERSION, "description": "Versie van de opbouw van dit bestand."},
        "site_name": {**text, "description": "Naam van de kennisbank."},
        "site_url": {**text, "description": "Adres van de site; leeg als het niet is ingesteld."},
        "language": {**text, "description": "Taal van de inhoud (bijv. nl)."},
        "licence": {**text, "description": "Licentie van de inhoud, zoals de eigenaar hem noemt."},
        "licence_url": {**text, "format": "uri", "description": "Adres van de licentietekst, als die bekend is."},
        "owner": {**text, "description": "Eigenaar van de kennisbank."},
        "taxonomy": refs[(Taxonomy, "serialization")],
        "glossary": {"type": "array", "items": refs[(GlossaryTerm, "serialization")], "description": "De begrippenlijst."},
        **records,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Open data van een Kennisbank Lerende Netwerken (kennisbank.json)",
        "type": "object",
        "additionalProperties": False,
        "required": sorted(k for k in properties if k != "licence_url"),
        "properties": properties,
        "$defs": defs,
    }

"""Translate pydantic's validation errors into Dutch problems with a line, an expectation and a fix."""
from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from kennisbank.core.reading.problems import Problem
from kennisbank.core.reading.yamlsafe import Parsed
from kennisbank.core.textutil import did_you_mean, quote_list, slugify

Loc = tuple[Any, ...]


def format_path(loc: Loc) -> str:
    """('evidence', 0, 'sources') -> 'evidence[0].sources'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def type_name(value: Any) -> str:
    if value is None:
        return "een lege waarde"
    if isinstance(value, bool):
        return f"ja/nee-waarde ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"een getal ({value})"
    if isinstance(value, str):
        return f"tekst ('{value[:40]}')"
    if isinstance(value, (list, tuple)):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep velden (sleutel: waarde)"
    if isinstance(value, dt.date):
        return f"een datum ({value.isoformat()})"
    return type(value).__name__


def _unwrap(annotation: Any) -> Any:
    """Find the model class inside Optional[...], tuple[..., ...] and Annotated[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if _model_class(found) is not None:
                return found
    return annotation


def _model_class(value: Any) -> type[BaseModel] | None:
    """`value` if it is a pydantic model class, else None."""
    return value if isinstance(value, type) and issubclass(value, BaseModel) else None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (list indexes are skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        model_class = _model_class(current)
        if model_class is None or part not in model_class.model_fields:
            return None
        current = _unwrap(model_class.model_fields[part].annotation)
    return _model_class(current)


def editable_fields(model: type[BaseModel]) -> list[str]:
    return [name for name in model.model_fields if name != "id"]


def field_description(model: type[BaseModel], loc: Loc) -> str | None:
    parent = model_at(model, loc[:-1])
    if parent is None or not loc or loc[-1] not in parent.model_fields:
        return None
    description = parent.model_fields[loc[-1]].description
    return description.rstrip(".") if description else None


def validation_problems(err: ValidationError, model: type[BaseModel], parsed: Parsed, file: str,
                        subject: str) -> list[Problem]:
    problems = []
    errors = [(tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-"))), e)
              for e in err.errors(include_url=False)]
    with_item_errors = {loc[:i] for loc, _ in errors for i, part in enumerate(loc) if isinstance(part, int)}
    for loc, error in errors:
        if error["type"] == "too_short" and loc in with_item_errors:
            continue  # the broken item is the real problem, not the length of the list
        problems.append(_translate(error, loc, model, parsed, file, subject))
    return problems


def _translate(error: Mapping[str, Any], loc: Loc, model: type[BaseModel], parsed: Parsed, file: str,
               subject: str) -> Problem:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    where = format_path(loc) or "het record"
    line = parsed.line_of(loc)
    expected = fix = None
    if kind == "kb":
        message, expected, fix = ctx["message"], ctx.get("expected"), ctx.get("fix")
        message = f"{where}: {message}" if loc else message
    elif kind == "missing":
        message = f"het verplichte veld '{where}' ontbreekt."
        expected = field_description(model, loc)
        fix = f"Voeg een regel '{loc[-1]}: …' toe."
        line = parsed.line_of(loc[:-1])
    elif kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = editable_fields(parent) if parent else []
        name = str(loc[-1])
        message = f"onbekend veld '{where}'."
        expected = f"een van {quote_list(allowed)}" if allowed else None
        if name == "id" and loc == ("id",):
            message = "het veld 'id' hoort niet in het bestand."
            fix, expected = "Verwijder de regel: de id is de bestandsnaam zonder .yaml.", None
        else:
            guess = did_you_mean(name, allowed)
            fix = f"Bedoelde je '{guess}'?" if guess else "Verwijder het veld of kijk in CONTRIBUTING.md welke velden er zijn."
    elif kind in ("string_type", "string_sub_type"):
        message = f"{where} moet tekst zijn, maar is {type_name(value)}."
        fix = "Zet de waarde tussen aanhalingstekens, bijv. \"…\"." if not isinstance(value, (list, dict)) else \
            "Schrijf de tekst direct achter de dubbele punt."
        if value is None:
            message = f"{where} is leeg."
            fix = "Vul tekst in of laat het veld weg als het niet verplicht is."
    elif kind == "string_too_short":
        message, fix = f"{where} is leeg.", "Vul tekst in."
    elif kind == "string_too_long":
        message = f"{where} is te lang ({len(value) if isinstance(value, str) else '?'} tekens)."
        expected = f"hoogstens {ctx.get('max_length')} tekens"
        fix = "Kort de tekst in; zet lange uitleg in 'body' of verdeel hem over meer records."
    elif kind == "string_pattern_mismatch":
        message = f"{where}: '{value}' is geen geldige id."
        expected = "kleine letters, cijfers en enkele koppeltekens, bijv. 'gedeelde-ambitie'"
        fix = f"Gebruik '{slugify(str(value))}'." if isinstance(value, str) else None
    elif kind in ("tuple_type", "list_type", "iterable_type"):
        message = f"{where} moet een lijst zijn, maar is {type_name(value)}."
        example = f"'{value}'" if isinstance(value, str) else "…"
        fix = f"Schrijf elk item op een eigen regel met '- ' ervoor, bijv.:\n        {loc[-1]}:\n          - {example}"
    elif kind in ("too_short",):
        message = f"{where} moet minstens {ctx.get('min_length', 1)} item(s) bevatten."
        expected = field_description(model, loc)
        fix = "Voeg een item toe."
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"{where} moet een groep velden (sleutel: waarde) zijn, maar is {type_name(value)}."
        sub = model_at(model, loc)
        expected = f"velden {quote_list(editable_fields(sub))}" if sub else None
        fix = "Schrijf de velden onder elkaar, ingesprongen onder deze sleutel."
        if sub is not None and sub.__name__ == "Author" and isinstance(value, str):
            fix = (f"Schrijf een persoon als '- family: {value}' (met 'given' voor de voorletters) "
                   f"of een organisatie als '- literal: {value}'.")
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"{where} moet een heel getal zijn, maar is {type_name(value)}."
        fix = "Schrijf alleen cijfers, zonder aanhalingstekens (of null als het onbekend is)."
        if isinstance(value, str) and re.fullmatch(r"0[0-9]+", value.strip()):  # YAML 1.1 would read 010 as 8
            fix = f"Schrijf het getal zonder voorloopnul: {int(value)}."
    elif kind == "bool_type":
        message = f"{where} moet true of false zijn, maar is {type_name(value)}."
        fix = "Schrijf true of false, zonder aanhalingstekens."
    elif kind in ("literal_error", "enum"):
        choices = _literal_choices(ctx.get("expected", ""))
        message = f"{where}: onbekende waarde {value!r}."
        expected = f"een van {quote_list(choices)}" if choices else ctx.get("expected")
        guess = did_you_mean(str(value), choices) if choices else None
        fix = f"Bedoelde je '{guess}'?" if guess else "Kies een van de genoemde waarden."
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = f"{where}: {value!r} valt buiten het toegestane bereik."
        fix = "Gebruik een getal tussen 0 en 1440."
    else:  # a type we did not foresee still gets file, line and pydantic's own words
        message = f"{where}: {error.get('msg')}."
    return Problem(file, line, message, expected, fix, subject=subject)


def _literal_choices(expected: str) -> list[str]:
    return [part.strip().strip("'\"") for part in expected.replace(" or ", ",").split(",") if part.strip()]

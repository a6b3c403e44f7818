"""Translate pydantic's validation errors into editors' problems with a line, an expectation and a fix, in Dutch and
English (kennisbank/core/i18n.py)."""
from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.records import field_description as described_field
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


def type_name(value: Any) -> Message:
    """What the editor wrote, named for a message: 'een getal (12)' / 'a number (12)'."""
    if value is None:
        return both("een lege waarde", "an empty value")
    if isinstance(value, bool):
        return say("ja/nee-waarde ({value})", "a yes/no value ({value})", value=str(value).lower())
    if isinstance(value, (int, float)):
        return say("een getal ({value})", "a number ({value})", value=value)
    if isinstance(value, str):
        return say("tekst ('{text}')", "text ('{text}')", text=value[:40])
    if isinstance(value, (list, tuple)):
        return both("een lijst", "a list")
    if isinstance(value, dict):
        return both("een groep velden (sleutel: waarde)", "a group of fields (key: value)")
    if isinstance(value, dt.date):
        return say("een datum ({date})", "a date ({date})", date=value.isoformat())
    return both(type(value).__name__, type(value).__name__)


def quoted(items: Iterable[str], limit: int = 12) -> Message:
    """`quote_list` in either language: "'a', 'b' (en 3 meer)" / "'a', 'b' (and 3 more)"."""
    items = list(items)
    if len(items) > limit:
        return say("{shown} (en {more} meer)", "{shown} (and {more} more)", shown=quote_list(items[:limit], limit),
                   more=len(items) - limit)
    shown = quote_list(items, limit)
    return both(shown, shown)


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


def field_description(model: type[BaseModel], loc: Loc) -> Message | None:
    """The description of the field at `loc` (records.py), without its full stop, for an 'expected' line."""
    parent = model_at(model, loc[:-1])
    if parent is None or not loc or loc[-1] not in parent.model_fields:
        return None
    description = described_field(parent, loc[-1])
    return both(description.rstrip("."), description.text("en").rstrip(".")) if description else None


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
    where: str = format_path(loc) or both("het record", "the record")
    line = parsed.line_of(loc)
    message: Message
    expected: str | None = None
    fix: str | None = None
    if kind == "kb":  # records.py worded it already (kb_error)
        message, expected, fix = ctx["message"], ctx.get("expected"), ctx.get("fix")
        if loc:
            message = say("{where}: {message}", "{where}: {message}", where=where, message=message)
    elif kind == "missing":
        message = say("het verplichte veld '{where}' ontbreekt.", "the required field '{where}' is missing.", where=where)
        expected = field_description(model, loc)
        fix = say("Voeg een regel '{name}: …' toe.", "Add a line '{name}: …'.", name=loc[-1])
        line = parsed.line_of(loc[:-1])
    elif kind == "extra_forbidden":
        parent = model_at(model, loc[:-1])
        allowed = editable_fields(parent) if parent else []
        name = str(loc[-1])
        message = say("onbekend veld '{where}'.", "unknown field '{where}'.", where=where)
        expected = say("een van {fields}", "one of {fields}", fields=quoted(allowed)) if allowed else None
        if name == "id" and loc == ("id",):
            message = both("het veld 'id' hoort niet in het bestand.", "the field 'id' does not belong in the file.")
            fix, expected = both("Verwijder de regel: de id is de bestandsnaam zonder .yaml.",
                                 "Remove the line: the id is the file name without .yaml."), None
        else:
            guess = did_you_mean(name, allowed)
            fix = say("Bedoelde je '{guess}'?", "Did you mean '{guess}'?", guess=guess) if guess else \
                both("Verwijder het veld of kijk in CONTRIBUTING.md welke velden er zijn.",
                     "Remove the field, or look in CONTRIBUTING.md to see which fields there are.")
    elif kind in ("string_type", "string_sub_type"):
        message = say("{where} moet tekst zijn, maar is {type}.", "{where} must be text, but is {type}.",
                      where=where, type=type_name(value))
        fix = both("Zet de waarde tussen aanhalingstekens, bijv. \"…\".", "Put the value in quotation marks, e.g. \"…\".") \
            if not isinstance(value, (list, dict)) else \
            both("Schrijf de tekst direct achter de dubbele punt.", "Write the text straight after the colon.")
        if value is None:
            message = say("{where} is leeg.", "{where} is empty.", where=where)
            fix = both("Vul tekst in of laat het veld weg als het niet verplicht is.",
                       "Fill in some text, or leave the field out if it is not required.")
    elif kind == "string_too_short":
        message = say("{where} is leeg.", "{where} is empty.", where=where)
        fix = both("Vul tekst in.", "Fill in some text.")
    elif kind == "string_too_long":
        message = say("{where} is te lang ({length} tekens).", "{where} is too long ({length} characters).",
                      where=where, length=len(value) if isinstance(value, str) else "?")
        expected = say("hoogstens {most} tekens", "at most {most} characters", most=ctx.get("max_length"))
        fix = both("Kort de tekst in; zet lange uitleg in 'body' of verdeel hem over meer records.",
                   "Shorten the text; put a long explanation in 'body' or spread it over more records.")
    elif kind == "string_pattern_mismatch":
        message = say("{where}: '{value}' is geen geldige id.", "{where}: '{value}' is not a valid id.",
                      where=where, value=value)
        expected = both("kleine letters, cijfers en enkele koppeltekens, bijv. 'gedeelde-ambitie'",
                        "lower-case letters, digits and single hyphens, e.g. 'gedeelde-ambitie'")
        fix = say("Gebruik '{id}'.", "Use '{id}'.", id=slugify(value)) if isinstance(value, str) else None
    elif kind in ("tuple_type", "list_type", "iterable_type"):
        message = say("{where} moet een lijst zijn, maar is {type}.", "{where} must be a list, but is {type}.",
                      where=where, type=type_name(value))
        fix = say("Schrijf elk item op een eigen regel met '- ' ervoor, bijv.:\n        {name}:\n          - {example}",
                  "Write each item on a line of its own with '- ' in front, e.g.:\n        {name}:\n          - {example}",
                  name=loc[-1], example=f"'{value}'" if isinstance(value, str) else "…")
    elif kind in ("too_short",):
        message = say("{where} moet minstens {least} item(s) bevatten.", "{where} must contain at least {least} item(s).",
                      where=where, least=ctx.get("min_length", 1))
        expected = field_description(model, loc)
        fix = both("Voeg een item toe.", "Add an item.")
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = say("{where} moet een groep velden (sleutel: waarde) zijn, maar is {type}.",
                      "{where} must be a group of fields (key: value), but is {type}.", where=where, type=type_name(value))
        sub = model_at(model, loc)
        expected = say("velden {fields}", "fields {fields}", fields=quoted(editable_fields(sub))) if sub else None
        fix = both("Schrijf de velden onder elkaar, ingesprongen onder deze sleutel.",
                   "Write the fields one below the other, indented under this key.")
        if sub is not None and sub.__name__ == "Author" and isinstance(value, str):
            fix = say("Schrijf een persoon als '- family: {value}' (met 'given' voor de voorletters) "
                      "of een organisatie als '- literal: {value}'.",
                      "Write a person as '- family: {value}' (with 'given' for the initials) "
                      "or an organisation as '- literal: {value}'.", value=value)
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = say("{where} moet een heel getal zijn, maar is {type}.", "{where} must be a whole number, but is {type}.",
                      where=where, type=type_name(value))
        fix = both("Schrijf alleen cijfers, zonder aanhalingstekens (of null als het onbekend is).",
                   "Write only digits, without quotation marks (or null if it is unknown).")
        if isinstance(value, str) and re.fullmatch(r"0[0-9]+", value.strip()):  # YAML 1.1 would read 010 as 8
            fix = say("Schrijf het getal zonder voorloopnul: {number}.", "Write the number without a leading zero: {number}.",
                      number=int(value))
    elif kind == "bool_type":
        message = say("{where} moet true of false zijn, maar is {type}.", "{where} must be true or false, but is {type}.",
                      where=where, type=type_name(value))
        fix = both("Schrijf true of false, zonder aanhalingstekens.", "Write true or false, without quotation marks.")
    elif kind in ("literal_error", "enum"):
        choices = _literal_choices(ctx.get("expected", ""))
        message = say("{where}: onbekende waarde {value}.", "{where}: unknown value {value}.", where=where, value=repr(value))
        expected = say("een van {values}", "one of {values}", values=quoted(choices)) if choices else ctx.get("expected")
        guess = did_you_mean(str(value), choices) if choices else None
        fix = say("Bedoelde je '{guess}'?", "Did you mean '{guess}'?", guess=guess) if guess else \
            both("Kies een van de genoemde waarden.", "Choose one of the values listed.")
    elif kind in ("greater_than_equal", "less_than_equal"):
        message = say("{where}: {value} valt buiten het toegestane bereik.", "{where}: {value} is outside the allowed range.",
                      where=where, value=repr(value))
        fix = both("Gebruik een getal tussen 0 en 1440.", "Use a number between 0 and 1440.")
    else:  # a type we did not foresee still gets file, line and pydantic's own words
        message = say("{where}: {error}.", "{where}: {error}.", where=where, error=error.get("msg"))
    return Problem(file, line, message, expected, fix, subject=subject)


def _literal_choices(expected: str) -> list[str]:
    return [part.strip().strip("'\"") for part in expected.replace(" or ", ",").split(",") if part.strip()]

"""Project settings from mkdocs.yml (`extra.kennisbank`), read once, validated, readable without MkDocs.

Every key the generator knows is a field of KennisbankOptions. A key it does not know is named with a
suggestion ("Bedoelde je 'review_after_days'?") and a value of the wrong kind with what is expected, so a typo in
mkdocs.yml is never silently ignored and never ends in a traceback.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from kennisbank.core.reading.problems import CommandError
from kennisbank.core.textutil import did_you_mean

DEFAULT_DATA_DIRS = ("data",)
WHERE = "extra.kennisbank in mkdocs.yml"


def _one_or_more(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


def _on_off_auto(value: Any) -> Any:
    """true/false as YAML booleans or as the strings an environment variable gives (!ENV); 'auto' or nothing is None."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
        return None
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def _on_unless_false(value: Any) -> Any:
    """true/false as YAML booleans or as the strings an environment variable gives (!ENV); nothing is the default, on
    (read_settings reads an !ENV value as nothing)."""
    if value is None:
        return True
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


class KennisbankOptions(BaseModel):
    """The keys of `extra.kennisbank`; the descriptions are what an error message says about each."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data: Annotated[tuple[StrictStr, ...], BeforeValidator(_one_or_more)] = Field(
        DEFAULT_DATA_DIRS, min_length=1, description="een lijst mappen, bijv. [data, local-data]")
    review_after_days: StrictInt = Field(730, ge=1, description="een heel getal (dagen), bijv. 730")
    repository: StrictStr = Field("", description="het webadres van de repository, bijv. https://github.com/org/kennisbank")
    owner: StrictStr = Field("", description="de naam van de organisatie achter de kennisbank")
    licence: StrictStr = Field("", description="de licentie van de teksten, bijv. CC BY-SA 4.0")
    csp_meta: Annotated[StrictBool | None, BeforeValidator(_on_off_auto)] = Field(
        None, description="true, false of auto")
    branch: StrictStr = Field("main", description="de tak waarop de redactie werkt, bijv. main")
    # false: no PDF versions of the templates, on purpose (a host without Pango); then no warning about it.
    pdf: Annotated[StrictBool, BeforeValidator(_on_unless_false)] = Field(True, description="true of false")
    # Checked in detail by authoring/cms_config.py (it knows Decap's own keys).
    cms: StrictBool | dict[str, Any] = Field(True, description="false, of instellingen voor het redactieformulier")


@dataclass(frozen=True)
class Settings:
    root: Path
    language: str = "nl"
    options: KennisbankOptions = field(default_factory=lambda: KennisbankOptions.model_validate({}))

    @property
    def data_dirs(self) -> tuple[str, ...]:
        return self.options.data

    @property
    def review_after_days(self) -> int:
        return self.options.review_after_days

    @property
    def csp_meta(self) -> bool | None:
        """A Content-Security-Policy <meta> tag: True, False, or None for "auto" (on unless the project says false).
        Hosts that send the policy as a header may switch it off; sending both is harmless (the same policy)."""
        return self.options.csp_meta


def parse_options(raw: Any) -> KennisbankOptions:
    """`extra.kennisbank` as KennisbankOptions, or a CommandError naming every wrong key at once."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise CommandError(f"{WHERE} moet een lijst instellingen zijn (sleutel: waarde), maar is {type(raw).__name__}.",
                           fix="Zet de instellingen ingesprongen onder 'kennisbank:', bijv. '    data: [data]'.")
    try:
        return KennisbankOptions.model_validate(dict(raw))
    except ValidationError as err:
        raise CommandError(" ".join(_message(e) for e in err.errors()),
                           fix="Pas de sleutel of de waarde aan in mkdocs.yml; de mogelijke sleutels staan in "
                               "README.md, onder 'Instellingen onder extra.kennisbank'.") from None


def _message(error: Mapping[str, Any]) -> str:
    key = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "extra_forbidden":
        guess = did_you_mean(key, KennisbankOptions.model_fields)
        hint = f" Bedoelde je '{guess}'?" if guess else ""
        return f"{WHERE} kent de sleutel '{key}' niet.{hint}"
    known = KennisbankOptions.model_fields.get(key)
    expected = known.description if known else "een andere waarde"
    value = error.get("input")
    shown = f" '{value}'" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    return f"extra.kennisbank.{key} in mkdocs.yml heeft een ongeldige waarde{shown}: verwacht {expected}."


def settings_from(extra: Mapping[str, Any] | None, root: Path, language: str | None = None) -> Settings:
    """Settings from the `extra` mapping of a MkDocs config; raises CommandError for a mistake in it."""
    options = parse_options((extra or {}).get("kennisbank"))
    return Settings(root=root, language=language or "nl", options=options)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !ENV or !!python/name; we only need plain values."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> Settings:
    """Settings from a mkdocs.yml; defaults when the file is missing."""
    root = config_file.resolve().parent
    if not config_file.is_file():
        return Settings(root=Path.cwd())
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    theme = config.get("theme") or {}
    language = theme.get("language") if isinstance(theme, dict) else None
    return settings_from(config.get("extra"), root, language)

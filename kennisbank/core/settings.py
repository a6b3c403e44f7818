"""Project settings from mkdocs.yml (`extra.kennisbank`), read once, validated, readable without MkDocs.

Every key the generator knows is a field of KennisbankOptions. A key it does not know is named with a
suggestion ("Bedoelde je 'review_after_days'?") and a value of the wrong kind with what is expected, so a typo in
mkdocs.yml is never silently ignored and never ends in a traceback.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from kennisbank.core.i18n import Message, both, joined, say
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


def _language_code(value: Any) -> Any:
    """'EN' or ' en ' as 'en'; nothing (or an !ENV without value) follows the site's language."""
    if isinstance(value, str):
        return value.strip().lower() or None
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
        DEFAULT_DATA_DIRS, min_length=1,
        description=both("een lijst mappen, bijv. [data, local-data]", "a list of folders, e.g. [data, local-data]"))
    review_after_days: StrictInt = Field(730, ge=1, description=both(
        "een heel getal (dagen), bijv. 730", "a whole number (days), e.g. 730"))
    repository: StrictStr = Field("", description=both(
        "het webadres van de repository, bijv. https://github.com/org/kennisbank",
        "the web address of the repository, e.g. https://github.com/org/kennisbank"))
    owner: StrictStr = Field("", description=both(
        "de naam van de organisatie achter de kennisbank", "the name of the organisation behind the knowledge base"))
    licence: StrictStr = Field("", description=both(
        "de licentie van de teksten, bijv. CC BY-SA 4.0", "the licence of the texts, e.g. CC BY-SA 4.0"))
    csp_meta: Annotated[StrictBool | None, BeforeValidator(_on_off_auto)] = Field(
        None, description=both("true, false of auto", "true, false or auto"))
    branch: StrictStr = Field("main", description=both(
        "de tak waarop de redactie werkt, bijv. main", "the branch the editors work on, e.g. main"))
    # false: no PDF versions of the templates, on purpose (a host without Pango); then no warning about it.
    pdf: Annotated[StrictBool, BeforeValidator(_on_unless_false)] = Field(
        True, description=both("true of false", "true or false"))
    # The language of the generated URLs (core/paths.py); None follows theme.language. A Dutch site that switches its
    # labels to English keeps its addresses with `paths: nl`.
    paths: Annotated[Literal["nl", "en"] | None, BeforeValidator(_language_code)] = Field(
        None, description=both("nl of en, de taal van de webadressen (werkzame-elementen/ of working-elements/); "
                               "zonder deze sleutel volgen ze theme.language",
                               "nl or en, the language of the web addresses (werkzame-elementen/ or working-elements/); "
                               "without this key they follow theme.language"))
    # Checked in detail by authoring/cms_config.py (it knows Decap's own keys).
    cms: StrictBool | dict[str, Any] = Field(True, description=both(
        "false, of instellingen voor het redactieformulier", "false, or settings for the editors' form"))


@dataclass(frozen=True)
class Settings:
    root: Path
    language: str = "nl"
    options: KennisbankOptions = field(default_factory=lambda: KennisbankOptions.model_validate({}))

    @property
    def data_dirs(self) -> tuple[str, ...]:
        return self.options.data

    @property
    def path_language(self) -> str:
        """The language of the generated URLs: extra.kennisbank.paths, else the site's language."""
        return self.options.paths or self.language

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
        raise CommandError(say("{where} moet een lijst instellingen zijn (sleutel: waarde), maar is {type}.",
                               "{where} must be a list of settings (key: value), but it is a {type}.",
                               where=WHERE, type=type(raw).__name__),
                           fix=both("Zet de instellingen ingesprongen onder 'kennisbank:', bijv. '    data: [data]'.",
                                    "Put the settings under 'kennisbank:', indented, e.g. '    data: [data]'."))
    try:
        return KennisbankOptions.model_validate(dict(raw))
    except ValidationError as err:
        raise CommandError(joined(" ", [_message(e) for e in err.errors()]),
                           fix=both("Pas de sleutel of de waarde aan in mkdocs.yml; de mogelijke sleutels staan in "
                                    "README.md, onder 'Instellingen onder extra.kennisbank'.",
                                    "Correct the key or the value in mkdocs.yml; the keys you can use are listed in "
                                    "README.md, under 'Instellingen onder extra.kennisbank'.")) from None


def _message(error: Mapping[str, Any]) -> Message:
    key = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "extra_forbidden":
        guess = did_you_mean(key, KennisbankOptions.model_fields)
        if guess:
            return say("{where} kent de sleutel '{key}' niet. Bedoelde je '{guess}'?",
                       "{where} has no key '{key}'. Did you mean '{guess}'?", where=WHERE, key=key, guess=guess)
        return say("{where} kent de sleutel '{key}' niet.", "{where} has no key '{key}'.", where=WHERE, key=key)
    known = KennisbankOptions.model_fields.get(key)
    # a description is a Message (both wordings); a plain one is shown as it is
    expected = known.description if known and known.description else both("een andere waarde", "another value")
    value = error.get("input")
    shown = f" '{value}'" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    return say("extra.kennisbank.{key} in mkdocs.yml heeft een ongeldige waarde{shown}: verwacht {expected}.",
               "extra.kennisbank.{key} in mkdocs.yml has an invalid value{shown}: expected {expected}.",
               key=key, shown=shown, expected=expected)


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
    config = _read_config(config_file)
    return settings_from(config.get("extra"), root, _language(config))


def read_language(config_file: Path) -> str:
    """theme.language of a mkdocs.yml as far as it can be read, 'nl' when it cannot: the language in which to say
    that something else in the file is wrong."""
    if not config_file.is_file():
        return "nl"
    try:
        return _language(_read_config(config_file)) or "nl"
    except (CommandError, OSError, ValueError):
        return "nl"


def _read_config(config_file: Path) -> dict[str, Any]:
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CommandError(say("{file} kan niet worden gelezen: de YAML klopt niet{where}.",
                               "{file} cannot be read: its YAML is not valid{where}.", file=str(config_file),
                               where=say(" (regel {line})", " (line {line})", line=mark.line + 1) if mark else ""),
                           fix=both("Controleer de inspringing, de dubbele punten en de aanhalingstekens rond die regel.",
                                    "Check the indentation, the colons and the quotes around that line.")) from None
    if not isinstance(config, dict):
        raise CommandError(say("{file} moet instellingen bevatten (sleutel: waarde).",
                               "{file} must hold settings (key: value).", file=str(config_file)),
                           fix=both("Begin met bijvoorbeeld 'site_name: Mijn kennisbank'.",
                                    "Start with, for example, 'site_name: My knowledge base'."))
    return config


def _language(config: Mapping[str, Any]) -> str | None:
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return language if isinstance(language, str) else None

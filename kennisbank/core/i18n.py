"""Editors' messages in Dutch and English: written once, with both wordings side by side, shown in the site's language.

A `Message` is a `str` holding the Dutch text, so code that compares, searches or prints messages keeps working.
It also remembers its two templates and the values that fill them, so `kennisbank check`, `init` and the build log
can show it in English when the site's `theme.language` is `en`. The wording is chosen where a message is shown,
not where it is made: the check cache keeps messages, and one store serves a Dutch and an English run alike.

Never glue a Message to other text with `+` or an f-string (the result is plain Dutch); pass it as a value to
`say` or use `joined`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

LANGUAGES = ("nl", "en")


def language_of(language: str | None) -> str:
    """'en', 'en-GB' -> 'en'; anything else (also None) -> 'nl', as the label tables do."""
    code = (language or "nl").split("-")[0].lower()
    return code if code in LANGUAGES else "nl"


class Message(str):
    """Dutch text that can also say itself in English (`text('en')`)."""

    nl_template: str
    en_template: str
    values: tuple[tuple[str, Any], ...]

    def __new__(cls, nl: str, en: str, values: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> Message:
        pairs = tuple(values.items() if isinstance(values, Mapping) else values)
        made = super().__new__(cls, _fill(nl, pairs, "nl"))
        made.nl_template, made.en_template, made.values = nl, en, pairs
        return made

    def text(self, language: str | None = "nl") -> str:
        if language_of(language) == "en":
            return _fill(self.en_template, self.values, "en")
        return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:  # the check cache pickles problems
        return (Message, (self.nl_template, self.en_template, self.values))


def say(nl: str, en: str, **values: Any) -> Message:
    """say("de id '{id}' is te lang.", "the id '{id}' is too long.", id=record_id): `str.format` templates."""
    return Message(nl, en, values)


def both(nl: str, en: str) -> Message:
    """Literal text in two languages, e.g. a label from the label tables (braces are kept as they are)."""
    return Message(_literal(nl), _literal(en))


def joined(separator: str, parts: Iterable[str]) -> Message:
    """Parts (messages or plain text) joined with `separator` in either language."""
    values = {f"p{i}": part for i, part in enumerate(parts)}
    template = _literal(separator).join("{" + name + "}" for name in values)
    return Message(template, template, values)


def in_language(text: str | None, language: str | None) -> str | None:
    """A message in `language`; plain text (names, values as typed) as it is."""
    return text.text(language) if isinstance(text, Message) else text


def _fill(template: str, values: tuple[tuple[str, Any], ...], language: str) -> str:
    if not values:
        return template.format() if "{" in template or "}" in template else template
    return template.format(**{name: in_language(value, language) if isinstance(value, Message) else value
                              for name, value in values})


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")

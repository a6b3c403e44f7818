"""Say, with file and line, what the page will not show of the HTML an editor wrote in record text.

The allow-list of sanitize.py is what protects the page; this check only makes sure nothing it removes or
changes goes unnoticed: a script, an event handler, a style, a link to javascript:, an image from another host,
an id or class of the theme. Each is a warning (the page is still built, without it), so an editor can fix it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from pydantic import BaseModel

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.records import text_fields
from kennisbank.core.reading.problems import Problem
from kennisbank.core.render.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_PREFIXES,
    ALLOWED_TAGS,
    RESERVED_NAME,
    THEME_CLASSES_ALLOWED,
    URL_SCHEMES,
    is_own_image,
)

_CODE = re.compile(r"(?ms)^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$|`[^`\n]+`")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\(\s*<?([^)\s>]{1,2000})")
_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([a-zA-Z][a-zA-Z0-9+.-]{0,30}):")
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]{1,500})\}")
MAX_PER_FIELD = 10
_IDREFS = {"id", "for", "name", "aria-controls", "aria-describedby", "aria-labelledby", "aria-owns"}

_CHOOSE_NAME = both("Kies een naam die niet met 'md-' of '__' begint.", "Choose a name that does not start with 'md-' or '__'.")
_PLAIN_ADDRESS = both("Gebruik een gewoon webadres (https://…), mailto: of tel:.",
                      "Use an ordinary web address (https://…), mailto: or tel:.")
_OWN_IMAGE = both("Zet de afbeelding in de site (docs/) en verwijs er met een relatief pad naar, of maak er een link van.",
                  "Put the image in the site (docs/) and refer to it with a relative path, or make it a link.")


def _other_site_image(src: str) -> Message:
    return say("de afbeelding '{src}' komt van een andere website en wordt niet getoond.",
               "the image '{src}' comes from another website and is not shown.", src=src[:80])


# What a file must contain for any of its text to hold HTML, a link with a scheme, an image or an attribute list.
# (An attribute list needs '#', '.' or '=' inside its braces; YAML's own {key: value} has none of them.)
_MAY_HAVE_HTML = re.compile(r"<|\]\(|\{[^{}\n]*[#.=]")


def html_problems(record: BaseModel, line_of: Callable[[tuple], int], file: str, who: str, source: str) -> list[Problem]:
    """Warnings for everything of a record's text that the page drops or changes; `source` is the file's text."""
    if not _MAY_HAVE_HTML.search(source):
        return []
    problems = []
    for path, text in text_fields(record):
        if "<" not in text and "](" not in text and "{" not in text:
            continue
        found = findings(_without_code(text))
        if len(found) > MAX_PER_FIELD:  # one hostile field must not bury every other message
            rest = len(found) - MAX_PER_FIELD + 1
            found = found[:MAX_PER_FIELD - 1] + [(
                found[MAX_PER_FIELD - 1][0],
                say("en nog {rest} andere stukken HTML of links in deze tekst worden weggelaten of veranderd.",
                    "and {rest} more pieces of HTML or links in this text are left out or changed.", rest=rest),
                both("Haal HTML, scripts en links naar andere sites uit de tekst.",
                     "Remove HTML, scripts and links to other sites from the text."))]
        for offset, message, fix in found:
            line = line_of(path) + (text.count("\n", 0, offset) + 1 if "\n" in text.rstrip("\n") else 0)
            problems.append(Problem(file, line, message, fix=fix, subject=who, severity="warning"))
    return problems


def _without_code(text: str) -> str:
    """Code is shown as written (escaped): blank it out, keeping offsets."""
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text) if "`" in text or "~~~" in text else text


def findings(text: str) -> list[tuple[int, Message, Message]]:
    """(offset, message, fix) for everything of `text` the page will drop or change."""
    found = []
    if "<" in text:
        found += _HTMLFindings.scan(text)
    for match in _MARKDOWN_IMAGE.finditer(text):
        if not is_own_image(match.group(1)):
            found.append((match.start(), _other_site_image(match.group(1)), _OWN_IMAGE))
    for match in _MARKDOWN_LINK.finditer(text):
        if match.group(1).lower() not in URL_SCHEMES:
            found.append((match.start(), say("een link met '{scheme}:' wordt weggelaten.",
                                             "a link with '{scheme}:' is left out.", scheme=match.group(1)),
                          _PLAIN_ADDRESS))
    for match in _ATTR_LIST.finditer(text):
        for token in match.group(1).split():
            if token[:1] in "#." and RESERVED_NAME.match(token[1:]) and token[1:] not in THEME_CLASSES_ALLOWED:
                found.append(_reserved(match.start(), token[1:], "id" if token[0] == "#" else "class"))
            elif token.lower().startswith(("on", "style=")) and "=" in token:
                found.append((match.start(), say("'{name}' in {{ … }} wordt weggelaten.", "'{name}' in {{ … }} is left out.",
                                                 name=token.split("=")[0]),
                              both("Haal het weg: scripts en opmaak horen niet in de tekst.",
                                   "Remove it: scripts and styling do not belong in the text.")))
    return sorted(found)


def _reserved(offset: int, value: str, attribute: str) -> tuple[int, Message, Message]:
    if attribute == "class":
        return (offset, say("de class '{value}' hoort bij het thema van de site en wordt weggelaten.",
                            "the class '{value}' belongs to the site's theme and is left out.", value=value),
                _CHOOSE_NAME)
    return (offset, say("{attribute} '{value}' is een naam van het thema; op de pagina wordt het 'kb-{value}'.",
                        "{attribute} '{value}' is a name of the site's theme; on the page it becomes 'kb-{value}'.",
                        attribute=attribute, value=value),
            _CHOOSE_NAME)


class _HTMLFindings(HTMLParser):
    """Walks the raw HTML in a text (Markdown is text to it) and notes what the allow-list removes."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, Message, Message]] = []
        self._starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    @classmethod
    def scan(cls, text: str) -> list[tuple[int, Message, Message]]:
        # Nothing after the last '>' can be a tag; without that cut, the parser rereads the rest for every '<'.
        text = text[: text.rfind(">") + 1]
        parser = cls(text)
        parser.feed(text)
        parser.close()
        return parser.found

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.found.append((self._offset(),
                               say("de HTML-tag <{tag}> wordt weggelaten (met wat erin staat als het een script, "
                                   "stijl of frame is).",
                                   "the HTML tag <{tag}> is left out (with what is inside it, if it is a script, "
                                   "style or frame).", tag=tag),
                               both("Schrijf gewone tekst of Markdown; zie CONTRIBUTING.md voor wat mag.",
                                    "Write plain text or Markdown; see CONTRIBUTING.md for what is allowed.")))
            return
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def _attribute(self, tag: str, name: str, value: str) -> None:
        allowed = name in ALLOWED_ATTRIBUTES["*"] or name in ALLOWED_ATTRIBUTES.get(tag, ()) \
            or name.startswith(ALLOWED_PREFIXES) or (tag == "input" and name == "type") \
            or name == "markdown"  # read (and removed) by md_in_html before the allow-list
        if not allowed:
            self.found.append((self._offset(),
                               say("het attribuut '{name}' van <{tag}> wordt weggelaten.",
                                   "the attribute '{name}' of <{tag}> is left out.", name=name, tag=tag),
                               both("Haal het weg: scripts (on…), opmaak (style) en andere attributen komen niet op de pagina.",
                                    "Remove it: scripts (on…), styling (style) and other attributes do not appear on the "
                                    "page.")))
        elif name in _IDREFS and any(RESERVED_NAME.match(v) for v in value.split()):
            self.found.append(_reserved(self._offset(), value, name))
        elif name == "class":
            for token in value.split():
                if RESERVED_NAME.match(token) and token not in THEME_CLASSES_ALLOWED:
                    self.found.append(_reserved(self._offset(), token, "class"))
        elif tag == "img" and name == "src" and not is_own_image(value):
            self.found.append((self._offset(), _other_site_image(value), _OWN_IMAGE))
        elif name == "href" and re.match(r"\s*[a-zA-Z][a-zA-Z0-9+.-]*:", value) \
                and value.strip().split(":")[0].lower() not in URL_SCHEMES:
            self.found.append((self._offset(), say("de link '{link}' wordt weggelaten.", "the link '{link}' is left out.",
                                                   link=value[:80]),
                               _PLAIN_ADDRESS))

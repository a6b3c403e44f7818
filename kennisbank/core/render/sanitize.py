"""The HTML allow-list every page's content passes through after Markdown.

Whatever an editor writes (raw HTML, attribute lists, links), the page keeps only these tags and
attributes, only http(s)/mailto/tel and relative URLs, and no scripts, styles, frames or handlers; inline SVG
keeps only shapes, text and links (SVG_TAGS), for drawings such as the route.
Beyond the allow-list, record text must not reach the theme's own machinery: ids and names the theme uses
(`__config`, `__search`, `md-…`) are namespaced, the theme's classes are dropped, and images come only
from the site itself (no request to another host, whether or not a CSP is sent).
"""
from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "label", "legend", "li", "mark", "nav",
    "ol", "output", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "button",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex",
          # the facet values of the filterable overviews and the review stamp (see render/facets.py)
          "data-thema", "data-fase", "data-onderbouwing", "data-praktijkbron", "data-sector", "data-count", "data-facet",
          "data-reviewed"},
    "a": {"href", "hreflang", "rel", "download", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "input": {"checked", "disabled", "name", "value", "aria-label"},
    "label": {"for"}, "time": {"datetime"}, "details": {"open"}, "output": {"for"},
    "figure": {"data-search-exclude"},  # a drawing whose text the lists next to it already give (route_diagram.py)
    "button": {"type", "disabled", "aria-pressed", "aria-expanded", "aria-controls"},
}

# Inline SVG, for drawings whose labels are real text and whose boxes are links (render/route_diagram.py): shapes,
# text and links only. No <use>, <image>, <foreignObject>, <style>, <script> or animation elements, no style or
# presentation attributes (colours come from classes); an <a> keeps the URL rules of HTML links (for href and for
# xlink:href, which the parsers read as the same attribute).
SVG_TAGS = {"svg", "g", "a", "desc", "rect", "path", "text", "tspan"}
SVG_ATTRIBUTES = {"svg": {"viewBox"}, "rect": {"x", "y", "width", "height", "rx"}, "path": {"d"},
                  "text": {"x", "y"}, "tspan": {"x", "y"}}
ALLOWED_ATTRIBUTES.update(SVG_ATTRIBUTES)
_SVG = "{http://www.w3.org/2000/svg}"
_HTML = "{http://www.w3.org/1999/xhtml}"

# Only our own data-kb-* hooks: a record must not reach Material's data-md-* components.
ALLOWED_PREFIXES = ("data-kb-", "aria-")
URL_SCHEMES = ("http", "https", "mailto", "tel")

RESERVED_NAME = re.compile(r"^(?:__|md[-_])", re.IGNORECASE)
"""Ids and names of the theme: `__config` (its settings), `__search`, `__drawer`, `__toc`, `md-…`. Record text
using one would take over the theme's configuration or controls (DOM clobbering)."""
NAMESPACE = "kb-"
THEME_CLASSES_ALLOWED = frozenset({"md-button", "md-button--primary"})
"""The only theme classes content may carry: the download buttons. Any other `md-…` class would let text
pose as the theme's header, search or tooltip elements, which the theme's scripts look up by class."""

_IDREF_ATTRIBUTES = {"id", "for", "name", "aria-controls", "aria-describedby", "aria-labelledby", "aria-owns",
                     "aria-activedescendant", "aria-details", "aria-errormessage", "aria-flowto"}


def _namespaced(value: str) -> str:
    return " ".join(NAMESPACE + token if RESERVED_NAME.match(token) else token for token in value.split(" "))


def is_own_image(src: str) -> bool:
    """An image of the site itself: a relative URL (no scheme, no `//host`). Anything else is another host."""
    src = src.strip()
    return not (src.startswith("//") or src.startswith("\\") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src))


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name in _IDREF_ATTRIBUTES:
        return _namespaced(value)
    if name == "class":
        kept = [c for c in value.split() if not RESERVED_NAME.match(c) or c in THEME_CLASSES_ALLOWED]
        return " ".join(kept) or None
    if name == "href" and value.startswith("#"):
        return "#" + _namespaced(value[1:])
    if tag == "img" and name == "src" and not is_own_image(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS | SVG_TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template", "math"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    generic_attribute_prefixes=set(ALLOWED_PREFIXES),
    tag_attribute_values={"input": {"type": {"checkbox", "radio"}}},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)


# Markdown writes table alignment as an inline style; a class keeps it without 'unsafe-inline' in the CSP.
_ALIGN_STYLE = re.compile(r"""\sstyle=(["'])\s*text-align:\s*(left|center|right)\s*;?\s*\1""")
# An image without a source is an empty box; one whose source was another host's is dropped whole.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def clean_html(html: str) -> str:
    """Sanitise a page's content HTML (not the theme around it). No style attributes survive."""
    cleaned = _CLEANER.clean(_ALIGN_STYLE.sub(r' class="kb-align-\2"', html))
    return _IMG_WITHOUT_SRC.sub("", cleaned) if "<img" in cleaned else cleaned


_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)


def clean_text_html(html: str) -> str:
    """Only text (escaped) remains: for table-of-contents titles and similar labels."""
    return _TEXT_ONLY.clean(html)


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20]")  # browsers drop these from a URL before reading its scheme
_ALIGN_ONLY = re.compile(r"^\s*text-align:\s*(left|center|right)\s*;?\s*$")
_NS = re.compile(r"^\{[^}]*\}")


def unsafe_parts(html: str) -> list[str]:
    """What `clean_html` would remove or change for safety, found by parsing `html` as a browser does (HTML5
    tokeniser): tags and attributes outside the allow-list, URLs with another scheme, images from another host,
    the theme's ids and classes. Empty for a page that is safe as it is, without the sanitiser."""
    import tinyhtml5  # the HTML5 parser WeasyPrint uses; only needed when a project is written for another engine

    found: list[str] = []
    for element in tinyhtml5.parse(f"<!doctype html><body>{html}").iter():
        if not isinstance(element.tag, str):
            continue  # a comment: never shown, never run
        tag = _NS.sub("", element.tag)
        if tag in ("html", "head", "body"):
            continue
        namespace = str(element.tag)[:-len(tag)]
        if not (namespace == _HTML and tag in ALLOWED_TAGS or namespace == _SVG and tag in SVG_TAGS):
            found.append(f"<{tag}>")
            continue
        found += [f"<{tag} {name}>" for name, value in element.attrib.items() if not _attribute_safe(tag, name, value)]
    return found


def _attribute_safe(tag: str, name: str, value: str) -> bool:
    name = _NS.sub("", name)
    if name == "style":
        return bool(_ALIGN_ONLY.match(value))   # Markdown's table alignment; clean_html turns it into a class
    if tag == "input" and name == "type":
        return value in ("checkbox", "radio")
    if not (name in ALLOWED_ATTRIBUTES["*"] or name in ALLOWED_ATTRIBUTES.get(tag, ()) or name.startswith(ALLOWED_PREFIXES)):
        return False
    if name in _IDREF_ATTRIBUTES:
        return not any(RESERVED_NAME.match(token) for token in value.split())
    if name == "class":
        return all(not RESERVED_NAME.match(c) or c in THEME_CLASSES_ALLOWED for c in value.split())
    if name in ("href", "src"):
        url = _IGNORED_IN_URL.sub("", value)
        scheme = _SCHEME.match(url)
        if tag == "img" and name == "src":
            return is_own_image(value)
        if url.startswith("#"):
            return not RESERVED_NAME.match(url[1:])
        return scheme is None or scheme.group(1).lower() in URL_SCHEMES
    return True

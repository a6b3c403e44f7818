"""The HTML allow-list every page's content passes through after Markdown.

Whatever an editor writes (raw HTML, attribute lists, links), the page keeps only these tags and
attributes, only http(s)/mailto/tel and relative URLs, and no scripts, styles, frames or handlers.
"""
from __future__ import annotations

import re

import nh3

_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "label", "legend", "li", "mark", "nav",
    "ol", "output", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "button",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex",
          # the facet values of the filterable overviews and the review stamp (see render/facets.py)
          "data-thema", "data-fase", "data-onderbouwing", "data-sector", "data-count", "data-facet", "data-reviewed"},
    "a": {"href", "hreflang", "rel", "download", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "input": {"checked", "disabled", "name", "value", "aria-label"},
    "label": {"for"}, "time": {"datetime"}, "details": {"open"}, "output": {"for"},
    "button": {"type", "disabled", "aria-pressed", "aria-expanded", "aria-controls"},
}
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"},
    attributes=_ATTRIBUTES,
    # Only our own data-kb-* hooks: a record must not reach Material's data-md-* components.
    generic_attribute_prefixes={"data-kb-", "aria-"},
    tag_attribute_values={"input": {"type": {"checkbox", "radio"}}},
    url_schemes={"http", "https", "mailto", "tel"},
    link_rel=None,
    strip_comments=True,
)


# Markdown writes table alignment as an inline style; a class keeps it without 'unsafe-inline' in the CSP.
_ALIGN_STYLE = re.compile(r"""\sstyle=(["'])\s*text-align:\s*(left|center|right)\s*;?\s*\1""")


def clean_html(html: str) -> str:
    """Sanitise a page's content HTML (not the theme around it). No style attributes survive."""
    return _CLEANER.clean(_ALIGN_STYLE.sub(r' class="kb-align-\2"', html))


_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, link_rel=None)


def clean_text_html(html: str) -> str:
    """Only text (escaped) remains: for table-of-contents titles and similar labels."""
    return _TEXT_ONLY.clean(html)

"""The Atom feed (RFC 4287) of the page "Nieuw en gewijzigd": one entry per record change, newest first.

Built with xml.etree, so record text is always escaped as XML. Links are absolute when the site's address
(`site_url`) is known; without it they are relative to the feed, which sits at the site's root, and feed readers
resolve them against the feed's own address (RFC 4287 section 4.2.7, RFC 3986). Ids must be absolute and stable:
the entry's page address with the commit as fragment, or without `site_url` a name-based UUID (uuid5) of the
site's name, the record and the commit. `updated` is the newest change; without history (a shallow clone) the feed
has no entries and says the newest `reviewed` date of the records, or 1970-01-01 when no record has one -- never
the time of the build.
"""
from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.reading.record_history import SiteHistory
from kennisbank.core.render.changes import feed_title, summary
from kennisbank.core.site import Site

ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = "1970-01-01T00:00:00Z"
# Characters XML 1.0 does not allow, even escaped; the loader refuses them in records, this keeps the feed valid anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def changes_feed(kb: KnowledgeBase, history: SiteHistory, site: Site, labels: Mapping[str, str]) -> bytes:
    paths = site.paths
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    _text(feed, "id", site.absolute_url(paths.changes_feed) or _uuid(site, "feed", paths.changes_feed))
    _text(feed, "title", feed_title(site.name, labels))
    updated = _text(feed, "updated", "")
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": site.file_url(paths.changes_feed)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html",
                                 "href": site.file_url(paths.page_url(paths.changes) if site.directory_urls
                                                       else paths.changes[:-3] + ".html")})
    author = ET.SubElement(feed, "author")
    _text(author, "name", site.owner or site.name or labels["changes.title"])
    newest = ""
    for entry in history.latest:
        record = kb.of(entry.kind).get(entry.record_id)
        if record is None:
            continue
        page = site.page_url(entry.kind, entry.record_id)
        item = ET.SubElement(feed, "entry")
        absolute = site.absolute_url(page)
        _text(item, "id", f"{absolute}#{entry.change.sha}" if absolute else
              _uuid(site, "change", f"{entry.kind}/{entry.record_id}@{entry.change.sha}"))
        _text(item, "title", record.title)
        _text(item, "updated", entry.change.when)
        ET.SubElement(item, "link", {"rel": "alternate", "type": "text/html", "href": site.file_url(page)})
        ET.SubElement(item, "category", {"term": entry.kind, "label": labels[f"kind.{entry.kind}"]})
        _text(item, "summary", summary(entry, labels))
        newest = newest or entry.change.when   # the entries come newest first
    updated.text = newest or _reviewed(kb) or _EPOCH
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", text)
    return element


def _uuid(site: Site, what: str, name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"kennisbank:{site.name}:{what}:{name}").urn


def _reviewed(kb: KnowledgeBase) -> str:
    dates = [r.reviewed for kind in KINDS for r in kb.of(kind).values() if r.reviewed]
    return f"{max(dates).isoformat()}T00:00:00Z" if dates else ""

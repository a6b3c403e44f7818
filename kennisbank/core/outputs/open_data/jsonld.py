"""schema.org JSON-LD for record pages and the open-data page, safe to print inside a <script> element.

Search engines and reference managers read these blocks. Only what a record states is said: a source without a
known title gets no `name`, an unknown year no `datePublished`.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from kennisbank.core.model.kinds import BY_NAME, ELEMENT, SOURCE, THEME, Kind
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import Author, Element, Example, Record, Source, Template, Theme
from kennisbank.core.model.source_types import SOURCE_TYPES as SOURCE_KINDS
from kennisbank.core.outputs.downloads import DOWNLOAD_DIR, offered_formats
from kennisbank.core.outputs.open_data.folder import OPEN_DATA_PAGE, data_files
from kennisbank.core.render.mdtext import plain
from kennisbank.core.site import Site

SOURCE_TYPES = {"article": "ScholarlyArticle", "book": "Book", "chapter": "Chapter", "report": "Report",
                "webpage": "WebPage", "thesis": "Thesis", "presentation": "PresentationDigitalDocument",
                "conference-paper": "ScholarlyArticle", "preprint": "ScholarlyArticle", "legislation": "Legislation",
                "other": "CreativeWork"}
KIND_TYPES = {"theme": "CreativeWork", "element": "Article", "example": "Article", "template": "CreativeWork"}
_CONTAINER_TYPES = {"article": "Periodical", "chapter": "Book", "conference-paper": "Book", "webpage": "WebSite"}

# Inside <script> the HTML parser ends the element at '</script' whatever JSON thinks; as \u escapes these
# characters mean the same to a JSON reader and nothing to the HTML parser.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                               "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """JSON for a <script type="application/ld+json"> element: record text cannot close or change the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_SAFE)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _licence(site: Site) -> str | None:
    return site.licence_url or site.licence or None


def _website(site: Site) -> dict[str, Any]:
    return _compact({"@type": "WebSite", "name": site.name, "url": site.url or None})


def _owner(site: Site) -> dict[str, Any] | None:
    return {"@type": "Organization", "name": site.owner} if site.owner else None


def _page_facts(site: Site, record: Record) -> dict[str, Any]:
    """What every record page says about itself: where it belongs, whose it is, its language and licence."""
    return {"inLanguage": site.language, "isPartOf": _website(site), "license": _licence(site), "publisher": _owner(site),
            "dateModified": record.reviewed.isoformat() if record.reviewed else None}


def author(value: Author) -> dict[str, Any]:
    if value.literal:
        return {"@type": "Organization", "name": value.literal}
    name = " ".join(part for part in (value.given, value.family) if part)
    return _compact({"@type": "Person", "familyName": value.family, "givenName": value.given, "name": name})


def _source_id(site: Site, source: Source, here: str) -> str:
    """The publication's node: its page on this site plus a fragment, so it is not the page itself."""
    return site.link(site.page_url(SOURCE, source.id), here) + "#publicatie"


def _source_ref(site: Site, source: Source, here: str) -> dict[str, Any]:
    return _compact({"@type": SOURCE_TYPES[source.type], "@id": _source_id(site, source, here),
                     "name": source.title if source.title_known else None})


def _ref(site: Site, kind: Kind, record: Record, here: str) -> dict[str, Any]:
    url = site.link(site.page_url(kind, record.id), here)
    return {"@type": KIND_TYPES[kind.name], "@id": url, "name": record.title}


def record_jsonld(kb: KnowledgeBase, site: Site, kind: Kind, record: Record) -> dict[str, Any]:
    """The JSON-LD object for a record's page; links are relative to that page unless the site's address is known."""
    here = site.page_url(kind, record.id)
    if isinstance(record, Source):
        return _source(site, record, here)
    url = site.link(here, here)
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": KIND_TYPES[kind.name], "@id": url, "url": url,
        "name": record.title, "headline": record.title if kind.name in ("element", "example") else None,
        "description": plain(record.summary), "keywords": list(record.keywords), **_page_facts(site, record),
    }
    if isinstance(record, Theme):
        data["hasPart"] = [_ref(site, ELEMENT, e, here) for e in kb.referring("theme", record.id, "element")]
    elif isinstance(record, Element):
        data["about"] = [_ref(site, THEME, t, here) for t in kb.resolve("theme", record.themes)]
        cited = dict.fromkeys(s for ev in record.evidence for s in ev.sources)
        data["citation"] = [_source_ref(site, s, here) for s in kb.resolve("source", list(cited))]  # type: ignore[arg-type]
    elif isinstance(record, Example):
        data["about"] = [_ref(site, ELEMENT, e, here) for e in kb.resolve("element", record.elements)]
        data["mentions"] = {"@type": "Organization", "name": record.organisation} if record.organisation else None
        data["citation"] = [{"@type": "WebPage", "name": link.title, "url": link.url} for link in record.links]
    elif isinstance(record, Template):
        data["about"] = [_ref(site, ELEMENT, e, here) for e in kb.resolve("element", record.elements)]
        data["associatedMedia"] = [
            {"@type": "MediaObject", "name": fmt.label, "encodingFormat": fmt.mime_type,
             "contentUrl": site.link(f"{DOWNLOAD_DIR}/{record.id}.{fmt.extension}", here)} for fmt in offered_formats(site)]
    return _compact(data)


def _source(site: Site, source: Source, here: str) -> dict[str, Any]:
    page = site.link(here, here)
    doi = f"https://doi.org/{source.doi}" if source.doi else None
    container = _compact({"@type": _CONTAINER_TYPES.get(source.type, "CreativeWork"), "name": source.container,
                          "volumeNumber": source.volume if source.type == "article" else None,
                          "issueNumber": source.issue if source.type == "article" else None}) \
        if source.container and SOURCE_KINDS[source.type].shows("container") else None
    return _compact({
        "@context": "https://schema.org", "@type": SOURCE_TYPES[source.type], "@id": _source_id(site, source, here),
        "name": source.title if source.title_known else None,
        "author": [author(a) for a in source.authors], "editor": [author(e) for e in source.editors],
        "bookEdition": source.edition if source.type == "book" else None,
        "datePublished": str(source.year) if source.year is not None else None,
        "isPartOf": container, "pagination": source.pages,
        "publisher": {"@type": "Organization", "name": source.publisher} if source.publisher else None,
        "url": source.url, "sameAs": doi,
        "identifier": {"@type": "PropertyValue", "propertyID": "DOI", "value": source.doi} if source.doi else None,
        "mainEntityOfPage": _compact({"@type": "WebPage", "@id": page, "url": page, "name": source.title,
                                      "description": plain(source.summary), **_page_facts(site, source)}),
    })


def record_jsonld_for(kb: KnowledgeBase, site: Site, ref: str) -> dict[str, Any] | None:
    """JSON-LD for a page whose front matter says `kennisbank: <kind>/<id>`; None when there is no such record."""
    kind_name, _, record_id = ref.partition("/")
    kind = BY_NAME.get(kind_name)
    record = kb.get(kind_name, record_id) if kind else None
    return record_jsonld(kb, site, kind, record) if kind and record else None


def dataset_jsonld(site: Site, here: str, name: str, description: str,
                   files: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The open-data page as a schema.org Dataset; `files` are (path below the site root, media type)."""
    url = site.link(here, here)
    return _compact({
        "@context": "https://schema.org", "@type": "Dataset", "@id": url, "url": url, "name": name,
        "description": description, "inLanguage": site.language, "isAccessibleForFree": True,
        "license": _licence(site), "creator": _owner(site), "publisher": _owner(site), "isPartOf": _website(site),
        "distribution": [{"@type": "DataDownload", "contentUrl": site.link(path, here), "encodingFormat": mime}
                         for path, mime in files],
    })


def page_jsonld(kb: KnowledgeBase, site: Site, ref: object, page_path: str, page_url: str,
                labels: Mapping[str, str]) -> str | None:
    """A page's schema.org JSON-LD, escaped for a <script> element: a record page (front matter
    `kennisbank: <kind>/<id>` as `ref`) or the open-data page; None for pages that are not about data."""
    if isinstance(ref, str):
        data = record_jsonld_for(kb, site, ref)
    elif page_path == OPEN_DATA_PAGE:
        files = [(f.site_path, f.media_type) for f in data_files(labels, site.paths) if f.is_data]
        data = dataset_jsonld(site, page_url, labels["opendata.name"].format(site=site.name), labels["opendata.intro"], files)
    else:
        data = None
    return script_json(data) if data else None

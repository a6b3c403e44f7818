"""One Markdown page per record. Every cross-link is written here from the derived indexes."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import heapq
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from kennisbank.core.model.kinds import BY_NAME, ELEMENT, EXAMPLE, SOURCE, TEMPLATE, THEME, Kind
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import Element, Example, Record, Source, Template, Theme
from kennisbank.core.outputs.downloads import Download, size_text
from kennisbank.core.paths import SitePaths
from kennisbank.core.reading.history import Change
from kennisbank.core.render.changes import history_section
from kennisbank.core.render.citation import cite_this_page, source_reference_block
from kennisbank.core.render.citation_cache import CitationCache, citation_cache
from kennisbank.core.render.feedback import feedback_links
from kennisbank.core.render.mdlists import normalise_lists  # lists nested with two spaces, as editors write them
from kennisbank.core.render.mdtext import (
    badge,
    block,
    escape,
    front_matter,
    html_text,
    inline,
    link,
    long_date,
    md_url,
    plain,
    relative,
)
from kennisbank.core.render.meeting_links import theme_pdf_button
from kennisbank.core.render.template_body import sections_markdown
from kennisbank.core.site import Site


@dataclass(frozen=True)
class PageContext:
    kb: KnowledgeBase
    labels: Mapping[str, str]
    site: Site = field(default_factory=Site)  # name, address, owner, language, repository
    downloads: Mapping[str, tuple[Download, ...]] = field(default_factory=dict)   # template id -> files
    kits: Mapping[tuple[str, str], Download] = field(default_factory=dict)        # (phase|step, id) -> zip
    documents: Mapping[str, Download] = field(default_factory=dict)   # meeting PDFs: 'theme:<id>', 'full', 'cards'
    today: dt.date | None = None          # for "herzien nodig"; None switches the check off
    review_after_days: int = 730
    cache_dir: Path | None = None         # the project's .cache/kennisbank (citations kept across builds); None: memory
    # When each record changed (core/reading/record_history.py): (kind, id) -> its changes, newest first, and the
    # history's state ('ok', or why there is none). A mapping, so the page memo traces each page's own lookup.
    history: Mapping[tuple[str, str], tuple[Change, ...]] | None = None   # None: pages without a history section
    history_state: str = ""
    # How an engine writes a long list itself (overviews.record_list, pages._record_list): items as (attributes,
    # inline Markdown), the page's path, and whether the list has the overview's filters -> Markdown standing for the
    # finished list. None: the list is plain Markdown.
    list_html: Callable[..., str] | None = None

    @property
    def language(self) -> str:
        return self.site.language

    @property
    def paths(self) -> SitePaths:
        """Where the site's generated pages are (core/paths.py): follows the site's language or its `paths` setting."""
        return self.site.paths

    @property
    def citations(self) -> CitationCache:
        return citation_cache(self.cache_dir)

    def needs_review(self, record: Record) -> bool:
        if self.today is None:
            return False
        return record.reviewed is None or (self.today - record.reviewed).days > self.review_after_days


def render_record_page(ctx: PageContext, kind: Kind, record: Record) -> str:
    """The complete Markdown (with front matter) of a record's page."""
    here = ctx.paths.record_page(kind, record.id)
    body = _RENDERERS[kind.name](ctx, record, here)
    meta = {
        "title": html_text(record.title),
        "description": html_text(plain(record.summary)[:300]),
        "render_macros": False,  # record text is data: mkdocs-macros must never evaluate it
        "kennisbank": f"{kind.name}/{record.id}",
    }
    # Record text may link to another language's folders (the Dutch national data on an English site): relink
    return front_matter(meta) + ctx.paths.relink(block(
        f"# {escape(record.title)}",
        f"{inline(record.summary)}\n{{: .kb-summary }}",
        body,
        _keywords(ctx, record),
        _reviewed(ctx, record),
        _cite(ctx, kind, record),
        _feedback(ctx, kind, record),
        history_section(ctx, kind, record),
    ), here)


# --- shared pieces ---------------------------------------------------------------------------------------

def _links(ctx: PageContext, kind: Kind, ids: tuple[str, ...] | list[Record], here: str) -> str:
    records = ids if isinstance(ids, list) else ctx.kb.resolve(kind.name, ids)
    return ", ".join(link(r.title, ctx.paths.record_page(kind, r.id), here) for r in records)


def _terms(ctx: PageContext, term_kind: str, ids: tuple[str, ...]) -> str:
    terms = (ctx.kb.term(term_kind, i) for i in ids)
    return ", ".join(escape(t.label) for t in terms if t)


def _facts(rows: list[tuple[str, str]]) -> str:
    """Key facts as a definition list, skipping empty values."""
    lines = [f"{escape(label)}\n:   {value}\n" for label, value in rows if value]
    return ('<div class="kb-facts" markdown>\n\n' + "\n".join(lines) + "\n</div>") if lines else ""


LONG_LIST = 20
"""From this many records on, a page's list of records is written by the engine item by item (PageContext.list_html),
so that one changed title converts one item again instead of the whole list (a phase of the benchmark's 5,000
records lists about 1,700 elements: 0.6 to 1.3 s a page)."""


def _record_list(ctx: PageContext, kind: Kind, records: Sequence[Record], here: str, with_badges: bool = False) -> str:
    items = []
    for record in records:
        line = link(record.title, ctx.paths.record_page(kind, record.id), here)
        if with_badges and isinstance(record, Element):
            line += " " + evidence_badges(ctx, record)
        if isinstance(record, Example) and record.reference_only:
            line += f' <span class="kb-overview__meta">{escape(ctx.labels["reference_only.short"])}</span>'
        if record.summary:
            line += f"<br>\n  {inline(record.summary)}"
        items.append(line)
    return _bullets(ctx, items, here)


def _bullets(ctx: PageContext, items: Sequence[str], here: str) -> str:
    """A bulleted list of inline Markdown items; from LONG_LIST items on, written by the engine (ctx.list_html)."""
    if ctx.list_html is not None and len(items) >= LONG_LIST:
        # each item as the page would have it (the page relinks its own text, the engine does not see it)
        return ctx.list_html([("", ctx.paths.relink(item, here)) for item in items], here, False)
    return "\n".join(f"- {item}" for item in items)


def _section(ctx: PageContext, title: str, content: str, anchor: str) -> str:
    """A section with a heading whose id (named by its Dutch id, 'onderbouwing') is in the site's path language."""
    return f"## {escape(title)} {{#{ctx.paths.anchor(anchor)}}}\n\n{content}" if content.strip() else ""


def evidence_badges(ctx: PageContext, element: Element) -> str:
    kinds = []
    for entry in element.evidence:
        if entry.kind not in kinds:
            kinds.append(entry.kind)
    return " ".join(badge(k, evidence_label(ctx, k)) for k in kinds)


def evidence_label(ctx: PageContext, kind_id: str) -> str:
    term = ctx.kb.term("evidence_kind", kind_id)
    if term is None:
        return kind_id
    short = getattr(term, "short", None)
    return f"{term.label} ({short})" if short == "E" else term.label


def _keywords(ctx: PageContext, record: Record) -> str:
    if not record.keywords:
        return ""
    words = ", ".join(escape(k) for k in record.keywords)
    label = escape(ctx.labels["keywords.label"])
    return f'<p class="kb-keywords" markdown><span class="kb-keywords__label">{label}:</span> {words}</p>'


def _reviewed(ctx: PageContext, record: Record) -> str:
    when = long_date(record.reviewed, ctx.language) if record.reviewed else ctx.labels["reviewed.never"]
    stamp = record.reviewed.isoformat() if record.reviewed else ""
    line = f'<p class="kb-reviewed" data-reviewed="{stamp}">{escape(ctx.labels["reviewed"])}: {escape(when)}</p>'
    if ctx.needs_review(record):
        # Without a date, "not reviewed for more than N days" would contradict "not recorded" just above.
        note = (ctx.labels["review.needed.text"].format(days=ctx.review_after_days) if record.reviewed
                else ctx.labels["review.needed.never"])
        line += f'\n\n<p class="kb-review-needed"><strong>{escape(ctx.labels["review.needed"])}:</strong> {escape(note)}</p>'
    return line


def _cite(ctx: PageContext, kind: Kind, record: Record) -> str:
    site = ctx.site
    return cite_this_page(record.title, site.owner or site.name, site.name, record.reviewed,
                          site.absolute_url(site.page_url(kind, record.id)), ctx.labels, ctx.language)


def _feedback(ctx: PageContext, kind: Kind, record: Record) -> str:
    url = ctx.site.file_url(ctx.site.page_url(kind, record.id))
    return feedback_links(ctx.site.repository, record.title, url, ctx.kb.file_of(kind.name, record.id) or "", ctx.labels)


# --- per kind --------------------------------------------------------------------------------------------

def _theme(ctx: PageContext, theme: Theme, here: str) -> str:
    kb, lb = ctx.kb, ctx.labels
    elements = sorted(kb.referring("theme", theme.id, "element"), key=lambda e: e.title.casefold())
    examples = _unique(kb.referring("theme", theme.id, "example") +
                       [x for e in elements for x in kb.referring("element", e.id, "example")])
    templates = _unique([t for e in elements for t in kb.referring("element", e.id, "template")])
    return block(
        _facts([(lb["phases"], _terms(ctx, "phase", theme.phases)), (lb["steps"], _terms(ctx, "step", theme.steps))]),
        theme_pdf_button(ctx, theme.id, here),
        normalise_lists(theme.body),
        _section(ctx, lb["elements"], _record_list(ctx, ELEMENT, elements, here, with_badges=True) or escape(lb["elements.none"]),
                 "elementen"),
        _section(ctx, lb["evidence.summary"], evidence_summary(ctx, theme.id), "onderbouwing"),
        _section(ctx, lb["templates"], _record_list(ctx, TEMPLATE, templates, here), "hulpmiddelen"),
        _section(ctx, lb["examples"], _record_list(ctx, EXAMPLE, examples, here), "praktijkvoorbeelden"),
    )


def evidence_summary(ctx: PageContext, theme_id: str) -> str:
    counts = ctx.kb.evidence_counts.get(theme_id, {})
    rows = [f"| {escape(evidence_label(ctx, k.id))} | {counts.get(k.id, 0)} |" for k in ctx.kb.taxonomy.evidence_kinds]
    head = f"| {escape(ctx.labels['evidence'])} | {escape(ctx.labels['count.elements'])} |\n| --- | ---: |"
    return head + "\n" + "\n".join(rows)


def _element(ctx: PageContext, element: Element, here: str) -> str:
    """What the sources say comes first; the editors' own explanation follows under its own heading, so that a
    reader never takes it for evidence."""
    kb, lb = ctx.kb, ctx.labels
    examples = kb.referring("element", element.id, "example")
    templates = kb.referring("element", element.id, "template")
    reading = kb.resolve("source", element.further_reading)
    return block(
        _facts([(lb["themes"], _links(ctx, THEME, element.themes, here)),
                (lb["phases"], _terms(ctx, "phase", element.phases)), (lb["steps"], _terms(ctx, "step", element.steps)),
                (lb["group_stages"], _terms(ctx, "group_stage", element.group_stages))]),
        _section(ctx, lb["evidence"], _evidence(ctx, element, examples, here), "onderbouwing"),
        _section(ctx, lb["explanation"], _editors_note(lb["explanation.note"]) + normalise_lists(element.body)
                 if element.body.strip() else "", "toelichting"),
        _section(ctx, lb["reading"], _editors_note(lb["reading.note"]) + _record_list(ctx, SOURCE, reading, here)
                 if reading else "", "verder-lezen"),
        _section(ctx, lb["templates"], _record_list(ctx, TEMPLATE, templates, here), "hulpmiddelen"),
        _section(ctx, lb["examples"], _record_list(ctx, EXAMPLE, examples, here), "praktijkvoorbeelden"),
        _section(ctx, lb["see_also"], _see_also(ctx, element, here), "zie-ook"),
    )


SEE_ALSO = 5
"""How many related elements an element page names."""


def related_elements(kb: KnowledgeBase, element: Element) -> list[tuple[Element, int, int]]:
    """Other elements sharing themes or evidence sources with `element`, as (element, shared themes, shared
    sources): the SEE_ALSO with most in common (shared sources count before shared themes), shown most in common
    first, then by title. Counted from the element lists of its own themes and sources (kb.linked_elements), so
    that a page depends on those lists and on the text of the few it names, not of every element that shares a
    theme with it. Among equals the choice is fixed but spread: by a hash of both ids, so that no element is named on
    every page just because its id or title sorts first."""
    themes, sources = kb.element_links(element.id)
    in_themes = Counter(chain.from_iterable(kb.linked_elements("theme", t) for t in themes))
    in_sources = Counter(chain.from_iterable(kb.linked_elements("source", s) for s in sources))
    mine = _spread(element.id)

    def rank(other: str) -> tuple[int, int, int, str]:
        t, s = in_themes.get(other, 0), in_sources.get(other, 0)
        return -(t + s), -s, _spread(other) ^ mine, other

    candidates = (in_themes.keys() | in_sources.keys()) - {element.id}
    found = [(other, in_themes.get(rid, 0), in_sources.get(rid, 0))
             for rid in heapq.nsmallest(SEE_ALSO, candidates, key=rank)
             if isinstance(other := kb.get("element", rid), Element)]
    found.sort(key=lambda f: (-(f[1] + f[2]), -f[2], f[0].title.casefold(), f[0].id))
    return found


@functools.lru_cache(maxsize=1 << 16)
def _spread(record_id: str) -> int:
    """A fixed pseudo-random number per id: ordering by `_spread(a) ^ _spread(b)` differs from page to page."""
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def _see_also(ctx: PageContext, element: Element, here: str) -> str:
    lb = ctx.labels
    lines = []
    for other, themes, sources in related_elements(ctx.kb, element):
        shared = [lb["see_also.theme" if themes == 1 else "see_also.themes"].format(count=themes)] if themes else []
        shared += [lb["see_also.source" if sources == 1 else "see_also.sources"].format(count=sources)] if sources else []
        lines.append(f"- {link(other.title, ctx.paths.record_page(ELEMENT, other.id), here)} "
                     f'<span class="kb-overview__meta">{escape(lb["see_also.shared"])}: {escape(", ".join(shared))}</span>')
    return _editors_note(lb["see_also.note"]) + "\n".join(lines) if lines else ""


def _typed_sources(ctx: PageContext, ids: tuple[str, ...], here: str) -> str:
    """Source links that say what each document is, so 'Lerend netwerk (webpagina)' is not read as a term; the
    catch-all type 'other' says nothing, so it is left out."""
    def typed(source: Source) -> str:
        kind = "" if source.type == "other" else f" ({escape(ctx.labels[f'source.{source.type}'].lower())})"
        return link(source.title, ctx.paths.record_page(SOURCE, source.id), here) + kind
    return ", ".join(typed(s) for s in ctx.kb.resolve("source", ids))  # type: ignore[arg-type]


def _editors_note(text: str) -> str:
    return f'<p class="kb-editors-note">{escape(text)}</p>\n\n'


def _evidence(ctx: PageContext, element: Element, examples: list[Record], here: str) -> str:
    """Evidence grouped by kind, in taxonomy order; practice lists the examples that illustrate the element."""
    parts = []
    for term in ctx.kb.taxonomy.evidence_kinds:
        entries = [e for e in element.evidence if e.kind == term.id]
        if not entries and not (term.id == "practice" and examples):
            continue
        label = evidence_label(ctx, term.id)
        marker = f" **({term.short})**" if getattr(term, "short", None) == "E" else ""
        items = []
        for entry in entries:
            line = f"- {inline(entry.note) or escape(label)}{marker}"
            if entry.sources:
                line += f"<br>\n  {escape(ctx.labels['evidence.sources'])}: {_typed_sources(ctx, entry.sources, here)}"
            if entry.via:
                line += f"<br>\n  {escape(ctx.labels['evidence.via'])}: {_links(ctx, SOURCE, (entry.via,), here)}"
            items.append(line)
        if term.id == "practice" and examples:
            items.append(f"- {escape(ctx.labels['evidence.examples'])}: {_links(ctx, EXAMPLE, examples, here)}")
        parts.append(f"### {badge(term.id, label)}\n\n" + "\n".join(items))
    return "\n\n".join(parts) or escape(ctx.labels["evidence.none"])


def _source(ctx: PageContext, source: Source, here: str) -> str:
    """The reference, then where the knowledge base relies on it: as evidence, as the document that cites other
    evidence (`via`), or only as suggested reading."""
    lb = ctx.labels
    users = [e for e in ctx.kb.referring("source", source.id, "element") if isinstance(e, Element)]
    used: list[str] = []
    cited_in: dict[str, None] = {}  # the documents that cite this source's evidence, in order, once each
    for element in users:
        entries = [e for e in element.evidence if source.id in e.sources or e.via == source.id]
        if not entries:
            continue
        notes = [inline(e.note) for e in entries if e.note]
        line = link(element.title, ctx.paths.record_page(ELEMENT, element.id), here)
        used.append(line + (f"<br>\n  {notes[0]}" if notes else ""))
        cited_in.update((e.via, None) for e in entries if e.via and e.via != source.id)
    reading = [e for e in users if source.id in e.further_reading]
    warning = ""
    if not source.verified:
        warning = f'!!! warning "{html_text(lb["unverified"])}"\n\n    {escape(lb["unverified.text"])}'
    return block(
        warning,
        _section(ctx, lb["reference"], _reference(ctx, source), "bronvermelding"),
        _facts([(lb["cited_in"], _links(ctx, SOURCE, tuple(cited_in), here))]),
        normalise_lists(source.body),
        _section(ctx, lb["used_by"], _bullets(ctx, used, here) or escape(lb["used_by.none"]), "gebruikt-bij"),
        _section(ctx, lb["reading.by"], _record_list(ctx, ELEMENT, reading, here), "leestip-bij"),
    )


def _reference(ctx: PageContext, source: Source) -> str:
    return source_reference_block(source, ctx.labels, ctx.language, ctx.kb.year_suffixes.get(source.id, ""), ctx.citations)


def remember_citations(ctx: PageContext) -> None:
    """Format every source's reference now, through the citation cache, and save that cache for the next build
    (the pages, rendered later, take the strings from memory)."""
    for source in ctx.kb.sources.values():
        _reference(ctx, source)
    ctx.citations.save()


def _example(ctx: PageContext, example: Example, here: str) -> str:
    lb = ctx.labels
    sector = ctx.kb.term("sector", example.sector) if example.sector else None
    links = "\n".join(f"- [{escape(ref.title)}](<{md_url(ref.url)}>)" for ref in example.links)
    notice = ""
    if example.reference_only:
        notice = f'!!! info "{html_text(lb["reference_only"])}"\n\n    {escape(lb["reference_only.text"])}'
    return block(
        notice,
        _facts([(lb["organisation"], escape(example.organisation or "")), (lb["sector"], escape(sector.label) if sector else ""),
                (lb["themes"], _links(ctx, THEME, example.themes, here)), (lb["phases"], _terms(ctx, "phase", example.phases))]),
        normalise_lists(example.body),
        _section(ctx, lb["illustrates"], _record_list(ctx, ELEMENT, ctx.kb.resolve("element", example.elements), here, True),
                 "werkzame-elementen"),
        _section(ctx, lb["used_templates"], _record_list(ctx, TEMPLATE, ctx.kb.resolve("template", example.templates), here),
                 "hulpmiddelen"),
        _section(ctx, lb["links"], links, "meer-lezen"),
    )


def _template(ctx: PageContext, template: Template, here: str) -> str:
    lb = ctx.labels
    return block(
        _facts([(lb["template_kind"], escape(lb[f"template.{template.kind}"])),
                (lb["phases"], _terms(ctx, "phase", template.phases)),
                (lb["steps"], _terms(ctx, "step", template.steps)), (lb["duration"], escape(template.duration or "")),
                (lb["group_size"], escape(template.group_size or ""))]),
        download_buttons(ctx, ctx.downloads.get(template.id, ()), here),
        normalise_lists(template.body),
        sections_markdown(template, lb),
        _section(ctx, lb["supports"], _record_list(ctx, ELEMENT, ctx.kb.resolve("element", template.elements), here, True),
                 "werkzame-elementen"),
        _section(ctx, lb["used_in"], _record_list(ctx, EXAMPLE, ctx.kb.referring("template", template.id, "example"), here),
                 "praktijkvoorbeelden"),
    )


def download_buttons(ctx: PageContext, downloads: tuple[Download, ...], here: str) -> str:
    """Download links that say format and size, so a phone user knows what they get."""
    buttons = [f"[{escape(ctx.labels['download'])} {escape(d.format_label)} "
               f"({escape(size_text(d, ctx.language))})]({relative(d.site_path, here)}){{ .md-button download }}"
               for d in downloads]
    return ('<div class="kb-downloads" markdown>\n\n' + "\n".join(buttons) + "\n\n</div>") if buttons else ""


def _unique(records: list[Record]) -> list[Record]:
    seen: dict[str, Record] = {}
    for record in records:
        seen.setdefault(record.id, record)
    return sorted(seen.values(), key=lambda r: r.title.casefold())


_RENDERERS: dict[str, Callable[[PageContext, Record, str], str]] = {
    THEME.name: _theme, ELEMENT.name: _element, SOURCE.name: _source,  # type: ignore[dict-item]
    EXAMPLE.name: _example, TEMPLATE.name: _template,  # type: ignore[dict-item]
}
assert set(_RENDERERS) == set(BY_NAME)

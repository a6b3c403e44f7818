"""The generated part of the site as one plan: every page, download and open-data file, without MkDocs.

`plan_site` is a function of the knowledge base and the site's settings. The MkDocs plugin only hands the planned
files over (and refuses a plan that would replace a hand-written file); another engine, or a command that writes a
self-contained project, can take the same plan.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.kinds import KINDS, THEME
from kennisbank.core.model.records import Theme
from kennisbank.core.outputs.changes_feed import changes_feed
from kennisbank.core.outputs.documents.collection_html import Writing, theme_html
from kennisbank.core.outputs.downloads import DownloadSet, downloads_for_pages, made_before, sizes_filler, start_downloads
from kennisbank.core.outputs.meeting import meeting_documents, themes_withheld, whole_withheld
from kennisbank.core.outputs.open_data import OPEN_DATA_PAGE, open_data_files, open_data_page
from kennisbank.core.paths import TERM_KINDS
from kennisbank.core.reading.record_history import site_history
from kennisbank.core.render import render_record_page
from kennisbank.core.render.changes import changes_page
from kennisbank.core.render.glossary import glossary_page
from kennisbank.core.render.meeting_links import citing
from kennisbank.core.render.page_memo import PageMemo
from kennisbank.core.render.pages import PageContext, remember_citations
from kennisbank.core.render.review import review_page
from kennisbank.core.render.route import render_term_page
from kennisbank.core.site import Site


@dataclass(frozen=True)
class SiteFile:
    """One file of the generated site. Exactly one of `content`, `render` and `source` says what is in it."""

    path: str                                   # site path: 'werkzame-elementen/x.md', 'open-data/kennisbank.json'
    what: str                                   # what it is, for a message (a Message): "de pagina van element 'x'"
    content: str | bytes | None = None          # made in memory
    render: Callable[[], str] | None = None     # a page, rendered when the engine asks for it
    source: Path | None = None                  # a file on disk (a download in the cache)
    in_nav: bool = False                        # listed in the site's navigation when the nav is automatic

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")

    def text(self) -> str | bytes:
        """The file's content (a rendered page, or what was made in memory); not for files on disk."""
        if self.render is not None:
            return self.render()
        assert self.content is not None, self.path
        return self.content


@dataclass(frozen=True)
class SitePlan:
    files: tuple[SiteFile, ...]
    downloads: DownloadSet   # also says how many downloads were made and how many came from the cache
    site: Site               # the site as built: `pdf` off when the PDFs could not be made here (JSON-LD follows it)
    # While serving: the open data as the last build made it is in `files`; each job here makes the current
    # version ({site path: bytes}), for the engine to write once the pages are up.
    later: tuple[Callable[[], Mapping[str, bytes]], ...] = ()
    # plan_site(sizes_later=True): the downloads are still being made and the pages show a marker for each size.
    # The engine calls this before it copies the downloads and writes the pages: it waits for them, and returns them
    # as made with the function that fills in the sizes (downloads.sizes_filler).
    finish_downloads: Callable[[], tuple[DownloadSet, Callable[[str], str]]] | None = None
    cancel_downloads: Callable[[], None] = lambda: None
    downloads_pending: bool = False   # files are being made: finish_downloads waits for them

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files]


def plan_site(context: PageContext, cache_dir: Path, data_dirs: Sequence[Path] = (),
              memo: PageMemo | None = None, serving: bool = False, sizes_later: bool = False) -> SitePlan:
    """Every generated file of the site for this knowledge base and site (context.kb, context.site).

    `memo`: record and term pages of earlier builds, reused while all they read is unchanged (page_memo.py).
    `serving`: `mkdocs serve`'s edit loop, which does not wait for changed meeting PDFs (build_downloads).
    `sizes_later`: return while the downloads are still being made (the engine converts the pages meanwhile and
    calls `SitePlan.finish_downloads` before it needs them).
    """
    kb, paths = context.kb, context.paths
    # The meeting PDFs' HTML (their cache keys): kept whole while no record changed; after an edit, a theme's HTML is
    # written again only when something it shows changed (through the page memo, like a page)
    theme_text = None if memo is None else partial(_theme_text, memo, context)
    # While serving, only a PDF never made is prepared (and made): the others show the version made last
    earlier = made_before(cache_dir) if serving else frozenset()
    prepared = partial(meeting_documents, kb, context.site, context.labels, citing(context),
                       prepare=lambda name: name not in earlier, theme_text=theme_text)
    meeting = ([] if not context.site.pdf else prepared() if memo is None or serving
               else memo.whole(context, "meeting documents", prepared))
    # made by other processes while this one writes the history and the open data, which need no download
    pending = start_downloads(kb, context.site, cache_dir, data_dirs=tuple(data_dirs), documents=meeting,
                              serving=serving)
    site = replace(context.site, pdf=context.site.pdf and "pdf" not in pending.skipped)
    # one `git log` for all records (cached under HEAD): record pages end with their history
    history = site_history(kb, data_dirs, context.cache_dir / "history" if context.cache_dir else None)
    # from all records, so kept whole while no record changed (an edit makes it again; while serving, after the pages)
    before = replace(context, site=site)
    made = open_data(before) if memo is None else memo.whole(before, "open data", partial(open_data, before),
                                                             later=serving)
    later = tuple(memo.take_later()) if memo is not None else ()
    downloads = pending.planned if sizes_later else pending.done()
    withheld = (site.pdf and whole_withheld(kb), tuple(t.id for t in themes_withheld(kb)) if site.pdf else ())
    downloads.documents_withheld, downloads.themes_withheld = withheld
    ctx = replace(context, site=site, downloads=downloads_for_pages(downloads), kits=downloads.kits,
                  documents=downloads.documents,
                  history=history.records, history_state=history.state)
    remember_citations(ctx)  # the sources' references, kept in context.cache_dir for the next build
    files: list[SiteFile] = []
    files += [SiteFile(paths.record_page(kind, r.id), _page_of(kind.name, r.id),
                       render=_rendering(memo, ctx, ("get", kind.name, r.id), render_record_page, kind, r))
              for kind in KINDS for r in kb.of(kind).values()]
    files += [SiteFile(paths.term_page(term_kind, t.id), _page_of(term_kind, t.id),
                       render=_rendering(memo, ctx, ("term", term_kind, t.id), render_term_page, term_kind, t))
              for term_kind in TERM_KINDS for t in kb.terms(term_kind)]
    labels = ctx.labels
    files.append(SiteFile(paths.glossary, _GLOSSARY, in_nav=True,
                          render=partial(glossary_page, kb.glossary, labels["glossary.title"], labels["glossary.intro"])))
    files.append(SiteFile(paths.review, _REVIEW, in_nav=True, render=partial(review_page, ctx)))
    files.append(SiteFile(paths.changes, _CHANGES, in_nav=True, render=partial(changes_page, ctx, history)))
    files.append(SiteFile(paths.changes_feed, _CHANGES_FEED, content=changes_feed(kb, history, site, labels)))
    files += [SiteFile(path, _OPEN_DATA, content=content, in_nav=True) for path, content in made.items()]
    files.append(SiteFile(OPEN_DATA_PAGE, _OPEN_DATA_PAGE, content=open_data_page(site, labels, made)))
    files += [SiteFile(d.site_path, _DOWNLOAD, source=d.cache_path, in_nav=True) for d in downloads.all()]
    if not sizes_later:
        return SitePlan(tuple(files), downloads, site, later)

    def finish() -> tuple[DownloadSet, Callable[[str], str]]:
        result = pending.done()
        result.documents_withheld, result.themes_withheld = withheld
        return result, sizes_filler(result, site.language)
    return SitePlan(tuple(files), downloads, site, later, finish, pending.cancel, pending.making > 0)


# What each generated file is, for a message (handover.py, standalone.py)
_GLOSSARY = both("de begrippenlijst", "the glossary")
_REVIEW = both("de pagina voor redacteuren", "the page for editors")
_CHANGES = both("de pagina 'Nieuw en gewijzigd'", "the page 'New and changed'")
_CHANGES_FEED = both("de feed van nieuwe en gewijzigde records", "the feed of new and changed records")
_OPEN_DATA = both("de open data", "the open data")
_OPEN_DATA_PAGE = both("de pagina van de open data", "the open data page")
_DOWNLOAD = both("een download", "a download")


def _rendering(memo: PageMemo | None, ctx: PageContext, own: tuple[str, str, str], renderer: Callable[..., str],
               *args: Any) -> Callable[[], str]:
    """`renderer(ctx, *args)`, through the memo when there is one (`own`: the read giving the page's record)."""
    return partial(memo.render, ctx, own, renderer, *args) if memo else partial(renderer, ctx, *args)


def _theme_text(memo: PageMemo, ctx: PageContext, theme: Theme) -> str:
    return memo.render(ctx, ("get", THEME.name, theme.id), theme_document, theme)


def theme_document(ctx: PageContext, theme: Theme) -> str:
    """A theme's meeting PDF as HTML, from the context alone (so the page memo can trace what it reads)."""
    return theme_html(Writing(ctx.kb, ctx.site, ctx.labels, citing(ctx)), theme)


def open_data(ctx: PageContext) -> dict[str, bytes]:
    return open_data_files(ctx.kb, ctx.site, ctx.labels)


def _page_of(kind: str, record_id: str) -> Message:
    return say("de pagina van {kind} '{id}'", "the page of {kind} '{id}'", kind=kind, id=record_id)

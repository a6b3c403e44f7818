"""The generated part of the site as one plan: every page, download and open-data file, without MkDocs.

`plan_site` is a function of the knowledge base and the site's settings. The MkDocs plugin only hands the planned
files over (and refuses a plan that would replace a hand-written file); another engine, or a command that writes a
self-contained project, can take the same plan.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.kinds import KINDS
from kennisbank.core.outputs.downloads import DownloadSet, build_downloads, downloads_for_pages
from kennisbank.core.outputs.open_data import OPEN_DATA_PAGE, open_data_files, open_data_page
from kennisbank.core.paths import TERM_KINDS
from kennisbank.core.render import render_record_page
from kennisbank.core.render.glossary import glossary_page
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

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files]


def plan_site(context: PageContext, cache_dir: Path, data_dirs: Sequence[Path] = ()) -> SitePlan:
    """Every generated file of the site for this knowledge base and site (context.kb, context.site)."""
    kb, paths = context.kb, context.paths
    downloads = build_downloads(kb, context.site, cache_dir, data_dirs=tuple(data_dirs))
    site = replace(context.site, pdf=context.site.pdf and "pdf" not in downloads.skipped)
    ctx = replace(context, site=site, downloads=downloads_for_pages(downloads), kits=downloads.kits)
    remember_citations(ctx)  # the sources' references, kept in context.cache_dir for the next build
    files: list[SiteFile] = []
    files += [SiteFile(paths.record_page(kind, r.id), _page_of(kind.name, r.id),
                       render=partial(render_record_page, ctx, kind, r))
              for kind in KINDS for r in kb.of(kind).values()]
    files += [SiteFile(paths.term_page(term_kind, t.id), _page_of(term_kind, t.id),
                       render=partial(render_term_page, ctx, term_kind, t))
              for term_kind in TERM_KINDS for t in kb.terms(term_kind)]
    labels = ctx.labels
    files.append(SiteFile(paths.glossary, _GLOSSARY, in_nav=True,
                          render=partial(glossary_page, kb.glossary, labels["glossary.title"], labels["glossary.intro"])))
    files.append(SiteFile(paths.review, _REVIEW, in_nav=True, render=partial(review_page, ctx)))
    made = open_data_files(kb, site, labels)
    files += [SiteFile(path, _OPEN_DATA, content=content, in_nav=True) for path, content in made.items()]
    files.append(SiteFile(OPEN_DATA_PAGE, _OPEN_DATA_PAGE, content=open_data_page(site, labels, made)))
    files += [SiteFile(d.site_path, _DOWNLOAD, source=d.cache_path, in_nav=True) for d in downloads.all()]
    return SitePlan(tuple(files), downloads, site)


# What each generated file is, for a message (handover.py, standalone.py)
_GLOSSARY = both("de begrippenlijst", "the glossary")
_REVIEW = both("de pagina voor redacteuren", "the page for editors")
_OPEN_DATA = both("de open data", "the open data")
_OPEN_DATA_PAGE = both("de pagina van de open data", "the open data page")
_DOWNLOAD = both("een download", "a download")


def _page_of(kind: str, record_id: str) -> Message:
    return say("de pagina van {kind} '{id}'", "the page of {kind} '{id}'", kind=kind, id=record_id)

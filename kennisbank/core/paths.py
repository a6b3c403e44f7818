"""Where the generated pages of a site live: every folder, page name and section anchor the generator chooses.

One table per language. A Dutch site keeps the addresses it always had (`werkzame-elementen/x/`); an English site
gets English ones (`working-elements/x/`). The paths follow `theme.language` unless `extra.kennisbank.paths` says
otherwise, so that a Dutch site that switches its labels to English keeps its URLs (cool URIs don't change).

Nothing else in the code spells a generated folder: pages, overviews, open data, the form's preview links and the
link check all ask the site's SitePaths (`Site.paths`). Record text may link to other records in either language's
folders (an English organisation reads the Dutch national data); `relink` points such a link at the page that exists.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kennisbank.core.model.kinds import Kind

RECORD_KINDS = ("theme", "element", "source", "example", "template")
DOWNLOAD_DIR = "downloads"   # the templates' files and the kits, in every language (outputs/downloads.py)
TERM_KINDS = ("phase", "step", "group_stage")   # taxonomy terms with a page of their own

# A link to a Markdown page as editors write it in record text: ](../werkzame-elementen/x.md#onderbouwing "title").
# The target stops at the next '(' '[' or ']': with thousands of '](' it read on to the end for each (quadratic).
MD_LINK = re.compile(r"\]\(\s*<?([^()\[\]\s>#]+\.md)(#[^()\[\]\s>]*)?>?\s*(?:\"[^\"]*\")?\)")


@dataclass(frozen=True)
class SitePaths:
    """The generated paths of one language, relative to the docs folder (Markdown) or the site root (URLs)."""

    language: str
    folders: Mapping[str, str] = field(hash=False)   # record or term kind -> folder: 'element' -> 'werkzame-elementen'
    glossary: str                                     # the glossary page: 'begrippen.md'
    review: str                                       # the editors' list of records to review: 'redactie/herzien.md'
    problems: str                                     # the list of data errors under `mkdocs serve`
    changes: str                                      # records added or changed, newest first: 'nieuw-en-gewijzigd.md'
    changes_feed: str                                 # the same as an Atom feed: 'nieuw-en-gewijzigd.xml'
    anchors: Mapping[str, str] = field(hash=False)   # section anchor, named by its Dutch id -> the id on the page
    kits: Mapping[str, str] = field(hash=False)      # phase|step -> name of its ZIP in downloads/kits/: 'fase'
    attachment: str                                   # downloads/<template id><attachment>.pdf: '-bijlage'
    readme: str                                       # open-data/<readme>: 'LEESMIJ.txt'
    licence: str                                      # open-data/<licence>: 'LICENTIE.txt'
    meeting: Mapping[str, str] = field(hash=False)   # PDFs for a meeting in downloads/pdf/: 'theme', 'full', 'cards'

    def folder(self, kind: Kind | str) -> str:
        """The folder of a record kind ('element', or the Kind) or a term kind ('phase', 'step', 'group_stage')."""
        return self.folders[kind if isinstance(kind, str) else kind.name]

    def record_page(self, kind: Kind | str, record_id: str) -> str:
        """The docs-relative Markdown path of a record's generated page: 'werkzame-elementen/x.md'."""
        return f"{self.folder(kind)}/{record_id}.md"

    def overview(self, kind: Kind | str) -> str:
        """The overview page of a kind (hand-written, with a macro): 'werkzame-elementen/index.md'."""
        return f"{self.folder(kind)}/index.md"

    def term_page(self, term_kind: str, term_id: str) -> str:
        """The page of a phase, step or group stage: 'fasen/formeren.md'."""
        if term_kind not in TERM_KINDS:
            raise KeyError(term_kind)
        return f"{self.folders[term_kind]}/{term_id}.md"

    def record_url(self, kind: Kind | str, record_id: str, directory_urls: bool = True) -> str:
        """A record page's URL relative to the site root, as the engine writes it: 'werkzame-elementen/x/'."""
        folder = self.folder(kind)
        return f"{folder}/{record_id}/" if directory_urls else f"{folder}/{record_id}.html"

    def kit(self, term_kind: str, term_id: str) -> str:
        """The ZIP of a phase's or step's templates: 'downloads/kits/fase-formeren.zip'."""
        return f"{DOWNLOAD_DIR}/kits/{self.kits[term_kind]}-{term_id}.zip"

    def theme_pdf(self, theme_id: str) -> str:
        """A theme with its elements, their evidence and its templates: 'downloads/pdf/thema-gedeelde-ambitie.pdf'."""
        return f"{DOWNLOAD_DIR}/pdf/{self.meeting['theme']}-{theme_id}.pdf"

    def meeting_pdf(self, which: str) -> str:
        """The whole knowledge base ('full') or the card set of the working elements ('cards') as a PDF."""
        return f"{DOWNLOAD_DIR}/pdf/{self.meeting[which]}.pdf"

    def page_url(self, page: str) -> str:
        """The URL (directory style) of a page path: 'kennisbank-problemen.md' -> 'kennisbank-problemen/'."""
        return page[:-3] + "/"

    def anchor(self, dutch_id: str) -> str:
        """A section's id on a generated page, named by its Dutch id: 'onderbouwing' -> 'evidence' in English."""
        return self.anchors[dutch_id]

    def relink(self, markdown: str, here: str) -> str:
        """Links in record text to a page in another language's folder ('../werkzame-elementen/x.md' on an English
        site) made to point at the page that exists here ('x.md'), seen from the page at `here`. Links that already
        fit this site, and links to anything else, stay exactly as written."""
        if "](" not in markdown:
            return markdown
        moves = _MOVES[self.language]
        base = posixpath.dirname(here)

        def moved(match: re.Match[str]) -> str:
            target = posixpath.normpath(posixpath.join(base, match.group(1)))
            folder, slash, rest = target.partition("/")
            if target in moves:
                new = moves[target]
            elif slash and folder in moves:
                new = f"{moves[folder]}/{rest}"
            else:
                return match.group(0)
            start = match.start()
            fragment = match.group(2) or ""
            if fragment and folder in moves:
                fragment = "#" + _ANCHOR_MOVES[self.language].get(fragment[1:], fragment[1:])
            end = match.end(2) if match.group(2) else match.end(1)
            return (match.group(0)[:match.start(1) - start] + posixpath.relpath(new, base or ".") + fragment
                    + match.group(0)[end - start:])

        return MD_LINK.sub(moved, markdown)


# Section ids of the generated pages, by their Dutch id (what pages.py, route.py and overviews.py ask for).
_ANCHORS_EN = {
    "elementen": "elements", "onderbouwing": "evidence", "toelichting": "explanation", "verder-lezen": "further-reading",
    "hulpmiddelen": "tools", "praktijkvoorbeelden": "practice-examples", "werkzame-elementen": "working-elements",
    "bronvermelding": "reference", "gebruikt-bij": "used-by", "leestip-bij": "reading-tip-for",
    "meer-lezen": "read-more", "stappen": "steps", "themas": "themes", "fasen-van-de-groep": "group-stages",
    "praktijkbronnen": "practice-sources", "zie-ook": "see-also", "geschiedenis": "history",
}

NL = SitePaths(
    language="nl",
    folders=MappingProxyType({
        "theme": "themas", "element": "werkzame-elementen", "source": "bronnen", "example": "praktijkvoorbeelden",
        "template": "hulpmiddelen", "phase": "fasen", "step": "stappen", "group_stage": "groepsfasen"}),
    glossary="begrippen.md",
    review="redactie/herzien.md",
    problems="kennisbank-problemen.md",
    changes="nieuw-en-gewijzigd.md",
    changes_feed="nieuw-en-gewijzigd.xml",
    anchors=MappingProxyType({dutch: dutch for dutch in _ANCHORS_EN}),
    kits=MappingProxyType({"phase": "fase", "step": "stap"}),
    attachment="-bijlage",
    readme="LEESMIJ.txt",
    licence="LICENTIE.txt",
    meeting=MappingProxyType({"theme": "thema", "full": "kennisbank", "cards": "kaarten-werkzame-elementen"}),
)

EN = SitePaths(
    language="en",
    folders=MappingProxyType({
        "theme": "themes", "element": "working-elements", "source": "sources", "example": "practice-examples",
        # not 'templates': MkDocs leaves docs/templates/ out of every site (its default exclude_docs)
        "template": "tools", "phase": "phases", "step": "steps", "group_stage": "group-stages"}),
    glossary="glossary.md",
    review="editors/review.md",
    problems="kennisbank-problems.md",
    changes="changes.md",
    changes_feed="changes.xml",
    anchors=MappingProxyType(_ANCHORS_EN),
    kits=MappingProxyType({"phase": "phase", "step": "step"}),
    attachment="-attachment",
    readme="README.txt",
    licence="LICENCE.txt",
    meeting=MappingProxyType({"theme": "theme", "full": "knowledge-base", "cards": "working-element-cards"}),
)

TABLES: Mapping[str, SitePaths] = MappingProxyType({"nl": NL, "en": EN})
CHOICES = tuple(TABLES)

FOLDER_KINDS: Mapping[str, str] = MappingProxyType(
    {folder: kind for paths in TABLES.values() for kind, folder in paths.folders.items()})
"""Every language's generated folder -> its record or term kind: 'bronnen' and 'sources' -> 'source'."""


def paths_for(language: str) -> SitePaths:
    """The paths for `language` (a language code such as 'en' or 'en-GB'); unknown languages get the Dutch ones,
    as their labels do (core/labels.py)."""
    return TABLES.get((language or "").split("-")[0].lower(), NL)


def _moves(paths: SitePaths) -> dict[str, str]:
    """Another language's folders and pages -> this language's."""
    moves: dict[str, str] = {}
    for other in TABLES.values():
        if other is paths:
            continue
        moves.update({folder: paths.folders[kind] for kind, folder in other.folders.items()})
        moves.update({other.glossary: paths.glossary, other.review: paths.review, other.changes: paths.changes})
    return moves


def _anchor_moves(paths: SitePaths) -> dict[str, str]:
    return {other.anchors[key]: paths.anchors[key] for other in TABLES.values() if other is not paths
            for key in other.anchors}


_MOVES = {language: _moves(paths) for language, paths in TABLES.items()}
_ANCHOR_MOVES = {language: _anchor_moves(paths) for language, paths in TABLES.items()}


def relpath(target: str, start: str) -> str:
    """posixpath.relpath for site-relative paths, without making both absolute first (it did that for every link
    of every page); paths with '.', '..' or a leading '/' go to posixpath.relpath itself."""
    target_parts, start_parts = target.strip("/").split("/"), start.strip("/").split("/")
    if target.startswith("/") or start.startswith("/") or not {".", "..", ""}.isdisjoint(target_parts + start_parts):
        return posixpath.relpath(target, start)
    common = 0
    for mine, theirs in zip(target_parts, start_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."

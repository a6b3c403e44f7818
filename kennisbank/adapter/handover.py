"""Give MkDocs the core's site plan: every planned file becomes a MkDocs `File`; none may replace a hand-written one."""
from __future__ import annotations

import logging
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from kennisbank.adapter.incremental import Incremental
from kennisbank.core.i18n import joined, say
from kennisbank.core.outputs import meeting
from kennisbank.core.outputs.downloads import DownloadSet, skipped_notice
from kennisbank.core.site_plan import SitePlan

log = logging.getLogger("mkdocs.plugins.kennisbank")


def hand_over(plan: SitePlan, files: Files, config: Any, incremental: Incremental, language: str = "nl") -> None:
    """`language`: the site's, for the build log. The plugin reports the downloads once they are made."""
    # MkDocs would let a generated file silently replace a page of docs/ at the same path
    clashes = [say("docs/{path} (handgeschreven) en {what} hebben hetzelfde adres.",
                   "docs/{path} (written by hand) and {what} have the same address.", path=f.path, what=f.what)
               for f in plan.files if files.get_file_from_path(f.path) is not None]
    if clashes:
        raise Abort(say("Een gegenereerd bestand zou een handgeschreven bestand vervangen:\n{clashes}\nOplossing: hernoem "
                        "het record (de bestandsnaam in data/) of verplaats het bestand in docs/; de mappen open-data/ en "
                        "downloads/ maakt de generator.",
                        "A generated file would replace a file written by hand:\n{clashes}\nFix: rename the record (its "
                        "file name in data/) or move the file in docs/; the folders open-data/ and downloads/ are made "
                        "by the generator.", clashes=joined("\n", clashes)).text(language))
    for planned in plan.files:
        inclusion = InclusionLevel.UNDEFINED if planned.in_nav else InclusionLevel.NOT_IN_NAV
        if planned.source is not None:
            files.append(File.generated(config, planned.path, abs_src_path=str(planned.source), inclusion=inclusion))
            continue
        content = planned.text()
        file = File.generated(config, planned.path, content=content, inclusion=inclusion)
        files.append(file)
        if planned.is_page and isinstance(content, str):
            incremental.generated(file, content)


def report_downloads(made: DownloadSet, language: str) -> None:
    """What the build log says about the downloads: how many were made, and what was left out and why."""
    log.info(say("Hulpmiddelen om te downloaden: {made} gemaakt, {reused} hergebruikt uit de cache.",
                 "Templates to download: {made} made, {reused} reused from the cache.",
                 made=made.generated, reused=made.reused).text(language))
    if made.documents_stale:
        log.info(say("Pdf's voor de bijeenkomst (thema's, hele kennisbank, kaartenset): {stale} keer de laatst gemaakte "
                     "versie; mkdocs serve wacht er niet op, mkdocs build maakt ze bij.",
                     "PDFs for the meeting (themes, whole knowledge base, card set): {stale} times the version made "
                     "last; mkdocs serve does not wait for them, mkdocs build brings them up to date.",
                     stale=made.documents_stale).text(language))
    if made.documents_made or made.documents_reused:
        log.info(say("Pdf's voor de bijeenkomst (thema's, hele kennisbank, kaartenset): {made} gemaakt, {reused} "
                     "hergebruikt uit de cache.",
                     "PDFs for the meeting (themes, whole knowledge base, card set): {made} made, {reused} reused from "
                     "the cache.", made=made.documents_made, reused=made.documents_reused).text(language))
    if made.documents_withheld:
        log.info(say("Geen pdf van de hele kennisbank en geen kaartenset: meer dan {limit} werkzame elementen (elk "
                     "thema tot {limit} elementen heeft wel een eigen pdf).",
                     "No PDF of the whole knowledge base and no card set: more than {limit} working elements (every "
                     "theme of up to {limit} elements has a PDF of its own).", limit=meeting.WHOLE_UP_TO).text(language))
    if made.themes_withheld:
        log.info(say("Geen pdf voor deze thema's, want ze hebben elk meer dan {limit} werkzame elementen: {themes}. "
                     "De themapagina toont dan geen pdf-knop. Verdeel zo'n thema als de groep er een pdf van wil.",
                     "No PDF for these themes, because each has more than {limit} working elements: {themes}. Their "
                     "theme pages show no PDF button. Split such a theme if a group wants a PDF of it.",
                     limit=meeting.WHOLE_UP_TO, themes=", ".join(made.themes_withheld)).text(language))
    for skipped in made.skipped.values():
        # Left out on purpose (pdf: false): an info line. Missing Pango: a warning, so that --strict stops with the fix.
        (log.info if skipped.chosen else log.warning)(skipped_notice(skipped).text(language))

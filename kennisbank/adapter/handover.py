"""Give MkDocs the core's site plan: every planned file becomes a MkDocs `File`; none may replace a hand-written one."""
from __future__ import annotations

import logging
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from kennisbank.adapter.incremental import Incremental
from kennisbank.core.outputs.downloads import skipped_notice
from kennisbank.core.site_plan import SitePlan

log = logging.getLogger("mkdocs.plugins.kennisbank")


def hand_over(plan: SitePlan, files: Files, config: Any, incremental: Incremental) -> None:
    log.info(f"Hulpmiddelen om te downloaden: {plan.downloads.generated} gemaakt, {plan.downloads.reused} hergebruikt "
             "uit de cache.")
    for skipped in plan.downloads.skipped.values():
        # Left out on purpose (pdf: false): an info line. Missing Pango: a warning, so that --strict stops with the fix.
        (log.info if skipped.chosen else log.warning)(skipped_notice(skipped))
    # MkDocs would let a generated file silently replace a page of docs/ at the same path
    clashes = [f"docs/{f.path} (handgeschreven) en {f.what} hebben hetzelfde adres."
               for f in plan.files if files.get_file_from_path(f.path) is not None]
    if clashes:
        raise Abort("Een gegenereerd bestand zou een handgeschreven bestand vervangen:\n" + "\n".join(clashes) +
                    "\nOplossing: hernoem het record (de bestandsnaam in data/) of verplaats het bestand in docs/; "
                    "de mappen open-data/ en downloads/ maakt de generator.")
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

"""Name the record when a page fails to build, instead of a traceback of thousands of lines without a file.

`kennisbank check` refuses the Markdown we know the build cannot render (core/reading/markdown_limits.py); this is for
whatever gets past it. The plugin remembers which page MkDocs is converting; on a build error that page, its
record and its data file are logged in Dutch.
"""
from __future__ import annotations

import logging
from typing import Any

from mkdocs.exceptions import Abort

from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.render.route import TERM_PAGES

log = logging.getLogger("mkdocs.plugins.kennisbank")


def report(error: Exception, page: Any, kb: KnowledgeBase | None, command: str) -> None:
    """Log which record's page failed (`page`: the one MkDocs was converting, or None); for a `mkdocs build` that
    hit Python's recursion limit, stop with only that."""
    if page is None:
        return
    source = page.file.src_uri
    what_page, file = _origin(page, kb)
    if isinstance(error, RecursionError):
        what = "de tekst is te diep genest om te tonen (RecursionError)"
        fix = (f"Draai '.venv/bin/kennisbank check': die wijst de regel aan. Maak lijsten, citaten (>), blokken of nadruk "
               f"in {file} minder diep.")
    else:
        what = f"{type(error).__name__}: {str(error)[:300]}"
        fix = f"Controleer de tekst in {file} (draai '.venv/bin/kennisbank check')."
    message = f"De pagina '{source}' ({what_page}) kon niet worden gemaakt: {what}.\n    oplossing: {fix}"
    if isinstance(error, RecursionError) and command == "build":
        # Abort ends `mkdocs build` with this message instead of a traceback of thousands of lines. Never under
        # `mkdocs serve`: Abort is a SystemExit there, and the editor keeps working.
        raise Abort(message) from None
    log.error(message)


def _origin(page: Any, kb: KnowledgeBase | None) -> tuple[str, str]:
    """(which record, in which file) for the log: the record's YAML file, or the taxonomy for a phase or step."""
    record = (page.meta or {}).get("kennisbank") or ""
    kind, _, record_id = record.partition("/")
    origin = kb.origins.get((kind, record_id)) if kb and record_id else None
    if origin:
        return f"record '{record_id}' in {origin.file}", origin.file
    if page.file.src_uri.split("/", 1)[0] in TERM_PAGES.values():
        return "een fase of stap uit taxonomy.yaml", "taxonomy.yaml ('body' of 'description')"
    return "een pagina uit docs/", f"docs/{page.file.src_uri}"

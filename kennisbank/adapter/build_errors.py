"""Name the record when a page fails to build, instead of a traceback of thousands of lines without a file.

`kennisbank check` refuses the Markdown we know the build cannot render (core/reading/markdown_limits.py); this is for
whatever gets past it. The plugin remembers which page MkDocs is converting; on a build error that page, its
record and its data file are logged in the site's language.
"""
from __future__ import annotations

import logging
from typing import Any

from mkdocs.exceptions import Abort

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.paths import FOLDER_KINDS, TERM_KINDS

log = logging.getLogger("mkdocs.plugins.kennisbank")


def report(error: Exception, page: Any, kb: KnowledgeBase | None, command: str, language: str = "nl") -> None:
    """Log which record's page failed (`page`: the one MkDocs was converting, or None); for a `mkdocs build` that
    hit Python's recursion limit, stop with only that. `language`: the site's."""
    if page is None:
        return
    source = page.file.src_uri
    what_page, file = _origin(page, kb)
    if isinstance(error, RecursionError):
        what: str = both("de tekst is te diep genest om te tonen (RecursionError)",
                         "the text is nested too deeply to show (RecursionError)")
        fix = say("Draai '.venv/bin/kennisbank check': die wijst de regel aan. Maak lijsten, citaten (>), blokken of "
                  "nadruk in {file} minder diep.",
                  "Run '.venv/bin/kennisbank check': it points out the line. Make the lists, quotes (>), blocks or "
                  "emphasis in {file} less deep.", file=file)
    else:
        what = f"{type(error).__name__}: {str(error)[:300]}"
        fix = say("Controleer de tekst in {file} (draai '.venv/bin/kennisbank check').",
                  "Check the text in {file} (run '.venv/bin/kennisbank check').", file=file)
    message = say("De pagina '{source}' ({page}) kon niet worden gemaakt: {what}.\n    oplossing: {fix}",
                  "The page '{source}' ({page}) could not be made: {what}.\n    fix: {fix}",
                  source=source, page=what_page, what=what, fix=fix).text(language)
    if isinstance(error, RecursionError) and command == "build":
        # Abort ends `mkdocs build` with this message instead of a traceback of thousands of lines. Never under
        # `mkdocs serve`: Abort is a SystemExit there, and the editor keeps working.
        raise Abort(message) from None
    log.error(message)


def _origin(page: Any, kb: KnowledgeBase | None) -> tuple[Message, str]:
    """(which record, in which file) for the log: the record's YAML file, or the taxonomy for a phase or step (a
    file name, or a Message where it needs words)."""
    record = (page.meta or {}).get("kennisbank") or ""
    kind, _, record_id = record.partition("/")
    origin = kb.origins.get((kind, record_id)) if kb and record_id else None
    if origin:
        return say("record '{id}' in {file}", "record '{id}' in {file}", id=record_id, file=origin.file), origin.file
    if FOLDER_KINDS.get(page.file.src_uri.split("/", 1)[0]) in TERM_KINDS:  # a phase, step or group stage's page
        return both("een fase of stap uit taxonomy.yaml", "a phase or step from taxonomy.yaml"), \
            both("taxonomy.yaml ('body' of 'description')", "taxonomy.yaml ('body' or 'description')")
    return both("een pagina uit docs/", "a page from docs/"), f"docs/{page.file.src_uri}"

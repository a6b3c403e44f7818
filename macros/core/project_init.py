"""`kennisbank init DIR`: a new, empty knowledge base of an organisation's own that builds at once.

The starter files live in macros/starter/ (common/ plus nl/ or en/); only the organisation's name is filled in.
The generator itself is not copied: the new project uses the installed package (plugin `kennisbank`).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .scaffold import CommandError

STARTER = Path(__file__).resolve().parent.parent / "starter"
LANGUAGES = ("nl", "en")
PLACEHOLDER = "__ORGANISATIE__"
_TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".txt"}


def init_project(target: Path, language: str = "nl", organisation: str = "Mijn organisatie") -> list[Path]:
    """Write the starter project into `target` (missing or empty); returns the files written."""
    if language not in LANGUAGES:
        raise CommandError(f"de taal '{language}' bestaat niet voor een nieuwe kennisbank.",
                           fix="Kies --language nl of --language en.")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CommandError(f"de map {target} bestaat al en is niet leeg.",
                           fix="Kies een nieuwe map; kennisbank init overschrijft nooit bestaande bestanden.")
    if not organisation.strip() or any(c in organisation for c in "\n\r:#{}[]\"'"):
        raise CommandError(f"de naam '{organisation}' kan niet in mkdocs.yml.",
                           fix="Gebruik een naam zonder dubbele punt, hekje, haakjes of aanhalingstekens.")
    written = []
    for source_root in (STARTER / "common", STARTER / language):
        for source in sorted(source_root.rglob("*")):
            if source.is_dir():
                continue
            dest = target / source.relative_to(source_root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix in _TEXT_SUFFIXES:
                dest.write_text(source.read_text(encoding="utf-8").replace(PLACEHOLDER, organisation.strip()),
                                encoding="utf-8")
            else:
                shutil.copyfile(source, dest)
            written.append(dest)
    return written

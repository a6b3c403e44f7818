"""`kennisbank init DIR`: a new, empty knowledge base of an organisation's own that builds at once.

The starter files live in kennisbank/starter/ (common/ plus nl/ or en/); only the organisation's name is filled in.
The generator itself is not copied: the new project uses the installed package (plugin `kennisbank`), and its
requirements.txt names the version that wrote it, so that a host (Netlify, CI) installs the same generator.

The name is kept as typed ('Zorg & Welzijn <Noord>') and written in the form each file needs: a quoted YAML string
in mkdocs.yml (HTML-escaped in `copyright`, which Material prints as HTML), character references in Markdown (so
it is neither HTML, Markdown nor a macro). The theme escapes site_name where Material prints it (kennisbank/theme/).
"""
from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from importlib import metadata
from pathlib import Path

import yaml

from kennisbank.core.i18n import both, say
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.textutil import printable

STARTER = Path(__file__).resolve().parents[2] / "starter"  # kennisbank/starter
LANGUAGES = ("nl", "en")
PLACEHOLDER = "__ORGANISATIE__"
PACKAGE = "kennisbank-lerende-netwerken"
REQUIREMENTS = "requirements.txt"
_TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".txt"}


def init_project(target: Path, language: str = "nl", organisation: str = "Mijn organisatie") -> list[Path]:
    """Write the starter project into `target` (missing or empty); returns the files written."""
    if language not in LANGUAGES:
        raise CommandError(say("de taal '{language}' bestaat niet voor een nieuwe kennisbank.",
                               "there is no language '{language}' for a new knowledge base.", language=language),
                           fix=both("Kies --language nl of --language en.", "Choose --language nl or --language en."))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CommandError(say("de map {target} bestaat al en is niet leeg.",
                               "the folder {target} already exists and is not empty.", target=target),
                           fix=both("Kies een nieuwe map; kennisbank init overschrijft nooit bestaande bestanden.",
                                    "Choose a new folder; kennisbank init never overwrites existing files."))
    name = _checked_name(organisation)
    written = []
    for source_root in (STARTER / "common", STARTER / language):
        for source in sorted(source_root.rglob("*")):
            if source.is_dir():
                continue
            relative = source.relative_to(source_root)
            # stored without its dot: a wheel leaves hidden files out
            dest = target / (relative.with_name(".gitignore") if relative.name == "gitignore" else relative)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix in _TEXT_SUFFIXES:
                dest.write_text(fill(source.read_text(encoding="utf-8"), source.suffix, name), encoding="utf-8")
            else:
                shutil.copyfile(source, dest)
            written.append(dest)
    requirements = target / REQUIREMENTS
    requirements.write_text(requirements_text(language, _installed_version()), encoding="utf-8")
    written.append(requirements)
    return written


def _installed_version() -> str | None:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        return None


_REQUIREMENTS_NOTE = {
    "nl": ("# De generator die deze kennisbank bouwt, op de versie waarmee 'kennisbank init' haar maakte.\n"
           "# Installeren (netlify.toml doet het ook): pip install -r requirements.txt\n"
           "# Staat het pakket niet op een pakketindex (PyPI of die van je organisatie)? Vervang dan de laatste regel\n"
           "# door het git-adres van die release:\n"
           "#   {package} @ git+https://<server>/<organisatie>/<repository>.git@v{version}\n"
           "# of door het adres van het wheel van die release:\n"
           "#   {package} @ https://<server>/<pad>/{wheel}\n"
           "# Een nieuwere versie: pas het versienummer aan, installeer opnieuw en bouw met mkdocs build --strict.\n"),
    "en": ("# The generator that builds this knowledge base, at the version 'kennisbank init' made it with.\n"
           "# Install (netlify.toml does too): pip install -r requirements.txt\n"
           "# Is the package not on a package index (PyPI or your organisation's own)? Then replace the last line\n"
           "# by the git address of that release:\n"
           "#   {package} @ git+https://<server>/<organisation>/<repository>.git@v{version}\n"
           "# or by the address of that release's wheel:\n"
           "#   {package} @ https://<server>/<path>/{wheel}\n"
           "# A newer version: change the version number, install again and build with mkdocs build --strict.\n"),
}


def requirements_text(language: str, version: str | None) -> str:
    """requirements.txt of a new project: the generator pinned to `version` (unpinned when it is not known)."""
    shown = version or ("<versie>" if language == "nl" else "<version>")
    wheel = f"{PACKAGE.replace('-', '_')}-{shown}-py3-none-any.whl"
    note = _REQUIREMENTS_NOTE[language].format(package=PACKAGE, version=shown, wheel=wheel)
    return note + (f"{PACKAGE}=={version}\n" if version else f"{PACKAGE}\n")


def _checked_name(organisation: str) -> str:
    """The name as typed, on one line: any character is fine except line breaks and other control characters."""
    name = organisation.strip()
    if not name:
        raise CommandError(both("de naam van de organisatie is leeg.", "the name of the organisation is empty."),
                           fix=both("Geef een naam mee, bijv. --name \"Gemeente Voorbeeld\".",
                                    "Give a name, e.g. --name \"Example Council\"."))
    # Cc: tabs, newlines, NEL; Zl/Zp: line and paragraph separators (YAML folds them); Cs: undecodable bytes.
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") for c in name):
        raise CommandError(say("de naam '{name}' bevat een regeleinde, tab of ander onzichtbaar teken.",
                               "the name '{name}' contains a line break, a tab or another invisible character.",
                               name=printable(name)),
                           fix=both("Typ de naam op één regel, zonder tabs of andere onzichtbare tekens.",
                                    "Type the name on one line, without tabs or other invisible characters."))
    return name


_HTML_KEYS = {"copyright"}          # printed as HTML by MkDocs themes
_YAML_LINE = re.compile(r"(?P<key>\s*[A-Za-z_][\w-]*:[ \t]+)(?P<value>.*)")
_MARKDOWN_SPECIAL = set("&<>\"'\\`*_{}[]#|~!")   # HTML, Markdown and Jinja ({{ }}, {% %}) syntax


def fill(text: str, suffix: str, name: str) -> str:
    """The starter text with PLACEHOLDER replaced by `name`, written safely for the kind of file."""
    if suffix in (".yml", ".yaml"):
        return "".join(_fill_yaml_line(line, name) if PLACEHOLDER in line else line
                       for line in text.splitlines(keepends=True))
    if suffix == ".md":
        return text.replace(PLACEHOLDER, markdown_text(name))
    return text.replace(PLACEHOLDER, name)


def _fill_yaml_line(line: str, name: str) -> str:
    """`key: text with __ORGANISATIE__` -> `key: "text with the name"`: a JSON string is a valid YAML scalar."""
    found = _YAML_LINE.fullmatch(line.rstrip("\n"))
    template = yaml.safe_load(found["value"]) if found else None
    if found is None or not isinstance(template, str) or PLACEHOLDER not in template:  # a starter file the code does not know
        raise ValueError(f"{PLACEHOLDER} may only be the value of a 'key: text' line: {line!r}")
    key = found["key"].strip().rstrip(":").strip()
    shown = html.escape(name) if key in _HTML_KEYS else name
    return found["key"] + json.dumps(template.replace(PLACEHOLDER, shown), ensure_ascii=False) + "\n"


def markdown_text(text: str) -> str:
    """`text` as literal Markdown text: syntax characters as numeric character references."""
    return "".join(f"&#{ord(c)};" if c in _MARKDOWN_SPECIAL else c for c in text)

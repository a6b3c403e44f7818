"""Which entries of a data folder the loader reads, and how it opens a file without being fooled.

Every entry under a data folder is read, reported, or knowingly ignored. A record in a place the loader does not
read (a folder 'Themes/', a sub-folder, a '.yml' file, a loose file at the top) would otherwise vanish from the site
without a word -- and on a laptop's case-insensitive disk 'Themes/' even works, until the build server skips it.
So the loader reads only entries whose names match exactly, and everything else named like YAML is an error.

A file is opened only after stat: never through a symlink that leaves the data folder, never anything but a regular
file (opening a FIFO blocks for ever), never when it is larger than the limit.
"""
from __future__ import annotations

import functools
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model.kinds import BY_FOLDER, KINDS, Kind
from kennisbank.core.reading.problems import Problem
from kennisbank.core.reading.yamlsafe import MAX_FILE_BYTES, too_large
from kennisbank.core.textutil import did_you_mean, os_reason, printable

TAXONOMY_FILE = "taxonomy.yaml"
GLOSSARY_FILE = "glossary.yaml"
ATTACHMENT_TYPES = (".pdf", ".docx", ".odt", ".xlsx", ".ods", ".pptx")
MAX_ATTACHMENT_BYTES = 20_000_000
"""An attachment is copied into the site and into every kit ZIP it belongs to."""

_YAML_SUFFIXES = (".yaml", ".yml")
# Never content, so never a warning. Hidden entries (.gitkeep, .DS_Store, .git) are ignored as well.
_HARMLESS = frozenset({"readme", "readme.md", "readme.txt", "license", "licence", "license.md", "licence.md",
                       "thumbs.db", "desktop.ini"})


@dataclass
class Listing:
    """What the loader reads from one data folder, and a problem for every entry it skips that matters."""

    folder: Path
    base: Path                           # the folder resolved: nothing outside it is read
    taxonomy: Path | None = None
    glossary: Path | None = None
    records: dict[str, list[Path]] = field(default_factory=lambda: {k.name: [] for k in KINDS})
    problems: list[Problem] = field(default_factory=list)


def rel_path(path: Path, root: Path) -> str:
    """The path editors know (as written under the project, symlinks not followed); resolving only as a fallback.
    A newline or control character in a file name is shown escaped, so it cannot break a message."""
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        pass
    try:
        return printable(path.resolve().relative_to(root.resolve()).as_posix())
    except ValueError:
        return printable(path.as_posix())


def inside(path: Path, base: Path) -> bool:
    return path == base or base in path.parents


def is_yaml_name(name: str) -> bool:
    return name.lower().endswith(_YAML_SUFFIXES)


# --- listing a data folder ---------------------------------------------------------------------------------

def scan(folder: Path, root: Path) -> Listing:
    """Sort every entry of `folder` into read, reported or ignored (see the module docstring)."""
    _real_folder.cache_clear()  # folders may have become links since the last build (mkdocs serve)
    walk = _Walk(folder, root)
    for entry in walk.entries(folder):
        walk.top(entry)
    return walk.listing


class _Walk:
    def __init__(self, folder: Path, root: Path) -> None:
        self.listing = Listing(folder, folder.resolve())
        self.root = root
        self.where = rel_path(folder, root)

    def report(self, path: Path, message: Message, fix: Message, severity: str = "error") -> None:
        self.listing.problems.append(Problem(rel_path(path, self.root), None, message, fix=fix,
                                             severity=severity))  # type: ignore[arg-type]

    def entries(self, folder: Path) -> list[Path]:
        """Visible entries, sorted."""
        try:
            names = sorted(e.name for e in os.scandir(folder) if not e.name.startswith("."))
        except OSError as err:
            self.report(folder, say("deze map kan niet worden gelezen ({reason}).", "this folder cannot be read ({reason}).",
                                    reason=os_reason(err)),
                        both("Controleer of de map bestaat en of je hem mag lezen.",
                             "Check that the folder exists and that you are allowed to read it."))
            return []
        return [folder / n for n in names]

    def escapes(self, entry: Path) -> bool:
        """A symlink that leaves the data folder is reported and not followed (files to read: see check_file)."""
        if not entry.is_symlink() or inside(Path(os.path.realpath(entry)), self.listing.base):
            return False
        self.listing.problems.append(refused_problem(Refused("outside", _outside_detail(entry)),
                                                     rel_path(entry, self.root)))
        return True

    def top(self, entry: Path) -> None:
        name = entry.name
        if name == TAXONOMY_FILE:
            self.listing.taxonomy = entry
        elif name == GLOSSARY_FILE:
            self.listing.glossary = entry
        elif self.escapes(entry):
            return
        elif name in BY_FOLDER:
            self.kind_folder(entry, BY_FOLDER[name])
        elif is_yaml_name(name):
            self.loose_yaml(entry)
        elif entry.is_dir():
            if not entry.is_symlink():  # a link inside the data folder is walked at its target
                self.unread_folder(entry, self.other_folder_fix(name))
        else:
            self.other(entry)

    def kind_folder(self, folder: Path, kind: Kind) -> None:
        if not folder.is_dir():
            self.report(folder, say("'{folder}' hoort een map te zijn, maar het is een bestand.",
                                    "'{folder}' should be a folder, but it is a file.", folder=kind.folder),
                        say("Maak een map {where}/{folder}/ met één .yaml-bestand per record.",
                            "Make a folder {where}/{folder}/ with one .yaml file per record.",
                            where=self.where, folder=kind.folder))
            return
        for entry in self.entries(folder):
            if entry.name.endswith(".yaml"):
                self.listing.records[kind.name].append(entry)  # the loader refuses a folder, FIFO or link out
            elif self.escapes(entry):
                continue
            elif is_yaml_name(entry.name):
                self.report(entry, both("dit bestand wordt niet gelezen: de extensie moet '.yaml' zijn.",
                                        "this file is not read: the extension must be '.yaml'."),
                            say("Hernoem het naar '{stem}.yaml'.", "Rename it to '{stem}.yaml'.",
                                stem=printable(entry.name.rsplit('.', 1)[0])))
            elif entry.is_dir():
                if not entry.is_symlink():  # a link inside the data folder is walked at its target
                    self.unread_folder(entry, say("Verplaats het naar {where}/{folder}/: de kennisbank leest "
                                                  "geen submappen (daar mogen wel bijlagen staan).",
                                                  "Move it to {where}/{folder}/: the knowledge base does not read "
                                                  "sub-folders (attachments may be kept there, though).",
                                                  where=self.where, folder=kind.folder))
            else:
                self.other(entry)

    def unread_folder(self, folder: Path, fix: Message) -> None:
        """A folder the loader does not read: every YAML file in it (at any depth) would be lost."""
        for entry in self.entries(folder):
            if self.escapes(entry):
                continue
            if is_yaml_name(entry.name):
                self.report(entry, say("dit bestand wordt niet gelezen: het staat in de map "
                                       "'{folder}', waar de kennisbank geen records zoekt.",
                                       "this file is not read: it is in the folder "
                                       "'{folder}', where the knowledge base does not look for records.",
                                       folder=rel_path(folder, self.root)), fix)
            elif entry.is_dir():
                if not entry.is_symlink():  # a link inside the data folder is walked at its target
                    self.unread_folder(entry, fix)
            else:
                self.other(entry)

    def other_folder_fix(self, name: str) -> Message:
        known = next((k.folder for k in KINDS if k.folder == name.lower()), None)
        if known:
            return say("Hernoem de map '{name}' naar '{known}': hoofdletters tellen mee, ook als het op je "
                       "eigen computer wel lijkt te werken.",
                       "Rename the folder '{name}' to '{known}': capital letters matter, even if it seems to work "
                       "on your own computer.", name=printable(name), known=known)
        guess = did_you_mean(name.lower(), [k.folder for k in KINDS])
        if guess:
            return say("Bedoelde je {where}/{guess}/? Verplaats het bestand daarheen.",
                       "Did you mean {where}/{guess}/? Move the file there.", where=self.where, guess=guess)
        return say("Records staan direct in {folders}.", "Records go directly in {folders}.", folders=self.folders())

    def loose_yaml(self, entry: Path) -> None:
        stem = entry.name.rsplit(".", 1)[0].lower()
        message = say("dit bestand wordt niet gelezen: bovenin de datamap staan alleen {taxonomy} en {glossary}.",
                      "this file is not read: the top of the data folder holds only {taxonomy} and {glossary}.",
                      taxonomy=TAXONOMY_FILE, glossary=GLOSSARY_FILE)
        file_guess = did_you_mean(stem, [TAXONOMY_FILE[:-5], GLOSSARY_FILE[:-5]])
        folder_guess = did_you_mean(stem, [k.folder for k in KINDS])
        if file_guess:
            fix = say("Bedoelde je {where}/{guess}.yaml? Hernoem het bestand (hoofdletters tellen mee).",
                      "Did you mean {where}/{guess}.yaml? Rename the file (capital letters matter).",
                      where=self.where, guess=file_guess)
        elif folder_guess:
            fix = say("Bedoelde je {where}/{guess}/? Zet elk record als eigen bestand in die map.",
                      "Did you mean {where}/{guess}/? Put each record in that folder as a file of its own.",
                      where=self.where, guess=folder_guess)
        else:
            fix = say("Is het een record? Zet het in de map van zijn soort: {folders}.",
                      "Is it a record? Put it in the folder for its kind: {folders}.", folders=self.folders())
        self.report(entry, message, fix)

    def other(self, entry: Path) -> None:
        name = entry.name.lower()
        if name in _HARMLESS or name.endswith("~") or name.startswith("~$") or name.endswith(ATTACHMENT_TYPES):
            return  # documents may be attachments: a template names them, and the loader checks those
        self.report(entry, say("dit bestand wordt niet gebruikt: de kennisbank leest alleen .yaml-bestanden, en "
                               "documenten ({types}) als bijlage van een hulpmiddel.",
                               "this file is not used: the knowledge base reads only .yaml files, and documents "
                               "({types}) as attachments of a tool.",
                               types=", ".join(t[1:] for t in ATTACHMENT_TYPES)),
                    both("Is het een record, maak er dan een .yaml-bestand van in de map van zijn soort (zie "
                         "CONTRIBUTING.md); haal het anders uit de datamap.",
                         "If it is a record, make it a .yaml file in the folder for its kind (see CONTRIBUTING.md); "
                         "otherwise take it out of the data folder."), severity="warning")

    def folders(self) -> Message:
        names = [f"{self.where}/{k.folder}/" for k in KINDS]
        return say("{first} of {last}", "{first} or {last}", first=", ".join(names[:-1]), last=names[-1])


# --- opening one file ----------------------------------------------------------------------------------------

class Checked(NamedTuple):
    """A regular file inside the data folder, small enough to read (a tuple: made for every file on every load)."""

    real: str                   # the resolved path
    size: int
    mtime_ns: int
    ctime_ns: int = 0           # with the inode: a file replaced or rewritten to the same size and time (filecache.py)
    ino: int = 0


@dataclass(frozen=True)
class Refused:
    """Why a file is not opened; `detail` (a Message) completes 'dit bestand …' or "de bijlage 'x' …"."""

    reason: str                 # 'outside', 'special', 'missing', 'unreadable' or 'size'
    detail: Message
    size: int = 0


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def check_file(path: str | Path, base: Path, limit: int = MAX_FILE_BYTES) -> Checked | Refused:
    """Stat, never open: inside `base` after following symlinks, a regular file, at most `limit` bytes."""
    try:
        # Not a link: only its folder can lead elsewhere, and folders are resolved once per listing (_real_folder).
        # Plain strings here: thousands of files, and pathlib's parsing would cost more than the stat itself.
        name = os.fspath(path)
        info = os.lstat(name)
        if stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(name)
        else:
            folder, leaf = os.path.split(name)
            real = os.path.join(_real_folder(folder), leaf)
        base_name = os.fspath(base)
        if not (real == base_name or real.startswith(base_name.rstrip(os.sep) + os.sep)):
            return Refused("outside", _outside_detail(Path(path)))
        if stat.S_ISLNK(info.st_mode):
            info = os.stat(real)
    except FileNotFoundError:
        return Refused("missing", both("is een verwijzing (symlink) naar iets dat niet bestaat",
                                       "is a link (symlink) to something that does not exist"))
    except OSError as err:
        return _unreadable(err)
    if not stat.S_ISREG(info.st_mode):
        return _special(info.st_mode)
    if info.st_size > limit:
        return Refused("size", both("is te groot", "is too large"), info.st_size)
    return Checked(real, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def read_checked(file: Checked, limit: int = MAX_FILE_BYTES) -> bytes | Refused:
    """The bytes of a checked file. Non-blocking open and fstat: swapped for a FIFO since the check, it is refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file.real, flags)
    except OSError as err:
        return _unreadable(err)
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            return _special(mode)
        return handle.read(limit + 1)  # decode() refuses more than the limit


def _unreadable(err: OSError) -> Refused:
    return Refused("unreadable", say("kan niet worden gelezen ({reason})", "cannot be read ({reason})",
                                     reason=os_reason(err)))


def _special(mode: int) -> Refused:
    return Refused("special", say("is geen gewoon bestand maar {what}", "is not a regular file but {what}",
                                  what=_what(mode)))


def _what(mode: int) -> Message:
    if stat.S_ISDIR(mode):
        return both("een map", "a folder")
    if stat.S_ISFIFO(mode):
        return both("een named pipe (FIFO)", "a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return both("een socket", "a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return both("een apparaat", "a device")
    return both("iets anders", "something else")


def _outside_detail(path: Path) -> Message:
    try:
        target = os.readlink(path)
    except OSError:  # not itself a link: a folder above it is
        target = os.path.realpath(path)
    return say("is een verwijzing (symlink) naar '{target}', buiten de datamap",
               "is a link (symlink) to '{target}', outside the data folder", target=printable(str(target)))


def refused_problem(refused: Refused, rel: str) -> Problem:
    """A Problem for a data file that was not opened."""
    if refused.reason == "size":
        return too_large(refused.size, rel)
    if refused.reason == "outside":
        return Problem(rel, None, say("dit {detail}; de kennisbank volgt die niet.",
                                      "this {detail}; the knowledge base does not follow it.", detail=refused.detail),
                       fix=REFUSED_FIX["outside"])
    return Problem(rel, None, say("dit bestand {detail}; de kennisbank leest het niet.",
                                  "this file {detail}; the knowledge base does not read it.", detail=refused.detail),
                   fix=REFUSED_FIX[refused.reason])


REFUSED_FIX = {
    "outside": both("Zet het bestand of de map zelf in de datamap in plaats van een verwijzing (symlink) ernaar.",
                    "Put the file or folder itself in the data folder instead of a link (symlink) to it."),
    "special": both("Vervang het door een gewoon bestand, of verwijder het.",
                    "Replace it with a regular file, or delete it."),
    "missing": both("Herstel de verwijzing of verwijder haar.", "Repair the link or delete it."),
    "unreadable": both("Controleer of het bestand bestaat en of je het mag lezen.",
                       "Check that the file exists and that you are allowed to read it."),
}

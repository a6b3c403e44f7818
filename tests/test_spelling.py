"""Dutch spelling of everything a visitor reads: the text in data/ and the prose of docs/ (issue 15).

Every word goes through hunspell with the Dutch dictionary (Debian `hunspell` + `hunspell-nl`, installed by
scripts/install-system-deps.sh for `make test`). A word hunspell does not know fails the test unless it is on the
reviewed allow-list tests/spelling/woordenlijst.txt; an allow-list entry that is no longer needed fails too, so the
list stays small and every word on it is one an editor once looked at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel, StringConstraints

from kennisbank.core.model import records as schema

ROOT = Path(__file__).resolve().parents[1]
ALLOW_LIST = ROOT / "tests" / "spelling" / "woordenlijst.txt"
AVOID_LIST = ROOT / "tests" / "spelling" / "vermijden.txt"
DICTIONARY = "nl_NL"  # `hunspell -D` lists nl_NL, nl_BE, nl, ...: the site is written for the Netherlands

# Keys whose strings are not read as Dutch prose: addresses, a file name, markers, numbers as text. keywords and
# glossary aliases are left out on purpose: they are search variants that deliberately include unaccented,
# lower-case and alternative spellings ("clienten", "kickoff", "jeugdzorgplus"); checking them would force the
# allow-list to legitimise exactly the spellings it should keep out. Each of those words that a visitor reads in
# running text is checked there. Ids and fixed vocabularies come from the schema (_vocabulary_fields).
NOT_PROSE = frozenset({"id", "url", "doi", "reviewed", "attachment", "short", "volume", "issue", "pages", "keywords", "aliases"})
# In a source record these are the bibliographic description: names and the quoted title of a publication, in
# whatever language it appeared in, which we must not "correct".
SOURCE_FIELDS = frozenset({"authors", "container", "publisher", "title"})


@cache
def _vocabulary_fields() -> frozenset[str]:
    """Names of the schema's fields that hold ids ("sociaal-domein") or a fixed vocabulary ("interview-guide"):
    read from the model, so that a new reference field (like evidence `via`) is skipped without being listed here."""

    def is_vocabulary(annotation: object) -> bool:
        if isinstance(annotation, StringConstraints):
            return annotation.pattern == schema.ID_PATTERN
        return get_origin(annotation) is Literal or any(is_vocabulary(arg) for arg in get_args(annotation))

    def models(cls: type[BaseModel]) -> Iterator[type[BaseModel]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from models(sub)

    return frozenset(name for model in models(schema.KBModel) for name, field in model.model_fields.items()
                     if is_vocabulary(field.annotation) or any(map(is_vocabulary, field.metadata)))


_FENCE = re.compile(r"^\s*(```|~~~)")
_STRIP = [  # Markdown, HTML and Jinja syntax that is not read as words; applied in this order
    re.compile(r"<!--.*?-->|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S),  # comments and Jinja, may span lines
    re.compile(r"(`+)(?:.|\n(?![ \t]*\n))+?\1"),  # inline code, also across a line break within a paragraph
    re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]"),  # link and image targets; the link text stays
    re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$", re.M),  # reference-link definitions
    re.compile(r"\{[:.#][^}\n]*\}|\{ *[.#][^}\n]*\}"),  # attribute lists: { .md-button }
    re.compile(r"<[^>\n]*>"),  # HTML tags and autolinks; the text between tags stays
    re.compile(r"&#?\w+;"),  # HTML entities
    re.compile(r"\b(?:https?://|mailto:|www\.)\S+|\S+@\S+\.\w+"),  # bare addresses
    # domain and file names outside code: Vilans.nl, CONTRIBUTING.md, kennisbank/adapter/incremental.py
    re.compile(r"[\w/-]+(?:\.[\w/-]+)*\.(?:nl|be|com|org|net|eu|io|info|md|yaml|yml|json|csv|pdf|docx|odt|html|txt|py)\b"),
]
# A word: letters (with diacritics), joined by apostrophes (thema's) or hyphens (kick-off); a following dot is kept
# as a flag because hunspell knows abbreviations only with their dot ("bijv.").
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*(\.)?")
# a word glued to a number ("PDF/UA-1", "mp3", "2e") is a code or an ordinal, not something to spell-check
_DIGIT_BEFORE, _DIGIT_AFTER = re.compile(r"\d-?$"), re.compile(r"-?\d")

Location = tuple[str, int]  # (path relative to the repository, line)
Occurrence = tuple[str, bool, Location]  # (word, followed by a dot, where)


def strip_markup(text: str) -> str:
    """The words of a Markdown text, with code, syntax and addresses blanked out but every line kept in place."""
    lines, in_fence = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            line = ""
        lines.append("" if in_fence else line)
    text = "\n".join(lines)
    for pattern in _STRIP:
        text = pattern.sub(lambda m: "\n" * m.group(0).count("\n") + " ", text)
    return text


def yaml_texts(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) for every string a visitor reads in one YAML file; lines come from the YAML nodes."""
    is_source = path.parent.name == "sources"
    skipped = NOT_PROSE | _vocabulary_fields()

    def walk(node: yaml.Node, keys: tuple[str, ...]) -> Iterator[tuple[int, str]]:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                yield from walk(value, keys + (str(key.value),))
        elif isinstance(node, yaml.SequenceNode):  # items inherit their list's key: themes: [a, b] stays an id list
            for item in node.value:
                yield from walk(item, keys)
        elif node.tag == "tag:yaml.org,2002:str" and keys and keys[-1] not in skipped:
            if is_source and keys[0] in SOURCE_FIELDS:
                return
            if node.style in ("|", ">"):  # a block scalar starts on the line after its indicator
                for offset, line in enumerate(strip_markup(node.value).split("\n")):
                    yield node.start_mark.line + 2 + offset, line
            else:  # a (rarely) multi-line flow scalar is folded by YAML: its first line is the best we have
                yield node.start_mark.line + 1, strip_markup(node.value).replace("\n", " ")

    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    return walk(root, ()) if root is not None else iter(())


def markdown_texts(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of a hand-written page, without its front matter (settings, not read as text)."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    if match:
        text = "\n" * match.group(0).count("\n") + text[match.end():]
    yield from enumerate(strip_markup(text).split("\n"), start=1)


def words(text: str) -> Iterator[tuple[str, bool]]:
    """(word, followed by a dot) for each word of a text; single letters (list markers, "(E)") are left out."""
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".").replace("’", "'")
        start, end = match.start(), match.start() + len(word)
        if len(word) > 1 and not _DIGIT_BEFORE.search(text[max(start - 2, 0):start]) and not _DIGIT_AFTER.match(text, end):
            yield word, bool(match.group(1))


def content_occurrences(root: Path = ROOT) -> list[Occurrence]:
    found: list[Occurrence] = []
    sources = [(p, yaml_texts) for p in sorted((root / "data").rglob("*.yaml"))]
    sources += [(p, markdown_texts) for p in sorted((root / "docs").rglob("*.md"))]
    for path, texts in sources:
        name = path.relative_to(root).as_posix()
        for line, text in texts(path):
            found += [(word, dotted, (name, line)) for word, dotted in words(text)]
    return found


def read_allow_list(path: Path = ALLOW_LIST) -> set[str]:
    entries = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {entry for entry in entries if entry}


def read_avoid_list(path: Path = AVOID_LIST) -> dict[str, str]:
    """word -> what to write instead: Flemish words and needless English that the dictionary does accept."""
    entries = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {word.strip(): instead.strip() for word, _, instead in (e.partition("=") for e in entries if e)}


def avoided(occurrences: list[Occurrence], avoid: dict[str, str]) -> dict[str, set[Location]]:
    """Occurrences of an avoided word, alone or as part of a hyphenated compound, in any capitalisation."""
    found: dict[str, set[Location]] = {}
    for word, _, where in occurrences:
        for part in word.lower().split("-"):
            if part in avoid:
                found.setdefault(part, set()).add(where)
    return found


def hunspell_unknown(candidates: Iterable[str]) -> set[str]:
    """The candidates hunspell does not know: one process for all, one word a line, no suggestions (fast)."""
    unique = sorted(set(candidates))
    result = subprocess.run(["hunspell", "-d", DICTIONARY, "-i", "utf-8", "-l"], input="\n".join(unique) + "\n",
                            capture_output=True, text=True, encoding="utf-8", env={**os.environ, "LC_ALL": "C.UTF-8"},
                            check=True, timeout=60)
    unknown = set(result.stdout.split())
    # hunspell reports the words as it split them; a word split differently would count as known without this
    assert unknown <= set(unique), f"hunspell splitste woorden anders: {sorted(unknown - set(unique))}"
    return unknown


def check(occurrences: list[Occurrence], allowed: set[str]) -> tuple[dict[str, set[Location]], set[str]]:
    """(unknown word → where it occurs, allow-list entries that were needed)."""

    def parts(word: str) -> list[str]:
        return [part for part in word.split("-") if len(part) > 1]

    candidates = {w for w, _, _ in occurrences} | {w + "." for w, dotted, _ in occurrences if dotted} | set(allowed)
    candidates |= {part for w, _, _ in occurrences for part in parts(w)}
    unknown = hunspell_unknown(candidates)
    used: set[str] = set()

    def accepted(word: str) -> bool:
        """Known to hunspell, or on the allow-list (a lower-case entry also at the start of a sentence)."""
        if word not in unknown:
            return True
        for form in (word, word[0].lower() + word[1:]):
            if form in allowed:
                used.add(form)
                return True
        return False

    flagged: dict[str, set[Location]] = defaultdict(set)
    for word, dotted, where in occurrences:
        if dotted and word + "." not in unknown:  # an abbreviation: "bijv."
            continue
        # a hyphenated compound hunspell does not know whole passes when each part is right ("Deming-cirkel" with
        # Deming on the list), so a misspelt part is still caught
        if accepted(word) or ("-" in word and all(accepted(part) for part in parts(word))):
            continue
        flagged[word].add(where)
    return dict(flagged), used


def _hunspell_ready() -> None:
    """Skip without hunspell or its Dutch dictionary, except in CI, where `make test` must have installed both."""
    problem = None
    if shutil.which("hunspell") is None:
        problem = "hunspell is niet geïnstalleerd"
    else:
        probe = subprocess.run(["hunspell", "-d", DICTIONARY, "-l"], input="huis\n", capture_output=True, text=True)
        if probe.returncode != 0:
            problem = f"het woordenboek {DICTIONARY} (Debian-pakket hunspell-nl) ontbreekt: {probe.stderr.strip()}"
    if problem is None:
        return
    message = f"{problem}; installeer met scripts/install-system-deps.sh test (of make test)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def hunspell() -> None:
    _hunspell_ready()


def _where(locations: set[Location]) -> str:
    return ", ".join(f"{name}:{line}" for name, line in sorted(locations))


def test_content_is_spelled_right(hunspell: None) -> None:
    allowed = read_allow_list()
    flagged, used = check(content_occurrences(), allowed)
    problems = []
    if flagged:
        problems.append(
            "Onbekende woorden (spellingcontrole hunspell, nl_NL). Verbeter de spelling; is het woord wel goed "
            f"(een naam, vakjargon), zet het dan in {ALLOW_LIST.relative_to(ROOT)}:\n"
            + "\n".join(f"  {word}: {_where(where)}" for word, where in sorted(flagged.items(), key=lambda i: i[0].lower())))
    stale = sorted(allowed - used, key=str.lower)
    if stale:
        problems.append(
            f"Niet (meer) nodig in {ALLOW_LIST.relative_to(ROOT)}: komt niet voor in de inhoud of de spellingcontrole "
            "kent het woord al. Haal het van de lijst:\n" + "\n".join(f"  {word}" for word in stale))
    assert not problems, "\n\n".join(problems)


def test_content_avoids_flemish_and_needless_english() -> None:
    """hunspell accepts 'inkleding' and 'commitment'; the site writes Netherlands Dutch."""
    avoid = read_avoid_list()
    found = avoided(content_occurrences(), avoid)
    assert not found, "Woorden om te vermijden (zie " + str(AVOID_LIST.relative_to(ROOT)) + "):\n" + "\n".join(
        f"  {word} (schrijf: {avoid[word]}): {_where(where)}" for word, where in sorted(found.items()))


def test_avoid_list_catches_words_in_compounds() -> None:
    where = ("test.md", 1)
    occurrences = [(w, d, where) for w, d in words("Elkaars Werking en de format-bijeenkomst, met een formule.")]
    assert set(avoided(occurrences, {"werking": "werk", "format": "opzet"})) == {"werking", "format"}


def test_checker_flags_a_misspelling_and_accepts_dutch(hunspell: None) -> None:
    where = ("test.md", 1)
    text = "Een ontwikkelling van thema's, bijv. een kick-off. De ontwikkelling-planning."
    flagged, used = check([(w, d, where) for w, d in words(text)], allowed={"Decap"})
    assert set(flagged) == {"ontwikkelling", "ontwikkelling-planning"}  # a misspelt part of a compound too
    assert used == set()  # Decap does not occur: an allow-list entry that is not needed is reported as stale
    flagged, used = check([("Decap-formulier", False, where), ("vilans", False, where)], allowed={"Decap"})
    assert set(flagged) == {"vilans"} and used == {"Decap"}  # an entry is case-sensitive, like hunspell


def test_extractor_reads_nested_template_items_and_skips_ids(tmp_path: Path) -> None:
    path = tmp_path / "data" / "templates" / "voorbeeld.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "title: Agenda\nelements: [zorg-voor-een-procesbegeleider]\nkeywords: [kickoff]\nsections:\n"
        "  - title: Opening\n    items:\n      - {text: \"Welkom en [kennismaken](https://example.org)\", type: step}\n"
        "      - Afsluiten\nbody: |\n  Eerste regel.\n\n  `code` en **vet**\n", encoding="utf-8")
    found = {(word, line) for word, _, (_, line) in content_occurrences(tmp_path)}
    # no ids, keywords, addresses or code; the item in a section is found, with its line
    assert found == {("Agenda", 1), ("Opening", 5), ("Welkom", 7), ("en", 7), ("kennismaken", 7), ("Afsluiten", 8),
                     ("Eerste", 10), ("regel", 10), ("en", 12), ("vet", 12)}

"""kennisbank/compat/material_copies.py: each copy of a Material template in kennisbank/theme/ was made from the
Material original that is installed, and differs from it only by the change it records."""
from __future__ import annotations

import importlib.metadata
import re

import pytest

from kennisbank.compat import material_copies as copies
from kennisbank.compat.material_copies import COPIES, Copy

TEMPLATES = [c for c in COPIES if not c.original.startswith("partials/javascripts/")]
SCRIPTS = [c for c in COPIES if c.original.startswith("partials/javascripts/")]
GENERATED_NOTE = "{#-\n  This file was automatically generated - do not edit\n-#}\n"  # Material's first lines
RAW, ESCAPED = "{{ config.site_name }}", "{{ config.site_name | e }}"


def ours(copy: Copy, index: int = 0) -> str:
    return (copies.THEME / copy.ours[index]).read_bytes().decode("utf-8")


def name(copy: Copy) -> str:
    return copy.ours[0] + (f" ({copy.block})" if copy.block else "")


def test_the_version_it_was_written_for_is_checked(monkeypatch: pytest.MonkeyPatch):
    copies._check_version()  # the installed one
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9")
    with pytest.raises(RuntimeError, match=r"(?s)kennisbank\.compat\.material_copies is written for mkdocs-material "
                                           r"9\.8\.1, but mkdocs-material 9\.9\.9 is installed\..*redo the copies.*"
                                           r"tests/test_compat_material\.py.*Nederlands: "):
        copies._check_version()


def test_every_copy_in_the_theme_is_listed():
    listed = {path for c in COPIES for path in c.ours}
    overrides = {p.relative_to(copies.THEME).as_posix() for p in (copies.THEME / "partials").rglob("*.html")}
    assert overrides <= listed, "a partial in kennisbank/theme/ overrides Material's: list it in material_copies.COPIES"
    assert all((copies.THEME / path).is_file() for path in listed)


@pytest.mark.parametrize("copy", COPIES, ids=name)
def test_the_original_is_the_one_copied(copy: Copy):
    assert copies.original_sha256(copy) == copy.sha256, (
        f"Material's templates/{copy.original}{f' (block {copy.block})' if copy.block else ''} is not the one "
        f"kennisbank/theme/{copy.ours[0]} was copied from: copy it again, redo the change ({copy.change}) and record "
        "the new hash in kennisbank/compat/material_copies.py.")


def normalised(template: str) -> str:
    """A template without whitespace control and with its whitespace collapsed (for a block moved into main.html)."""
    return " ".join(re.sub(r"\{%-|-%\}", lambda m: m.group(0).replace("-", ""), template).split())


@pytest.mark.parametrize("copy", TEMPLATES, ids=name)
def test_a_template_copy_only_escapes_the_site_name(copy: Copy):
    original = copies.original_text(copy)
    assert RAW in original  # otherwise the copy is no longer needed: use Material's template again
    expected = original.replace(RAW, ESCAPED)
    if copy.block:
        assert normalised(copies.block_of(ours(copy), copy.block)) == normalised(expected)
    else:
        assert original.startswith(GENERATED_NOTE)
        comment, _, body = ours(copy).partition("-#}\n")
        assert comment.startswith("{#- Material 9.8.1's " + copy.original)
        assert body == expected.removeprefix(GENERATED_NOTE)


# Names in Material's minified scripts that our readable copies do without (a local variable made unnecessary).
DROPPED = {"partials/javascripts/content.html": {"input"}}
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


@pytest.mark.parametrize("copy", SCRIPTS, ids=name)
def test_a_script_copy_is_the_inline_script_in_a_file(copy: Copy):
    original, partial, script = copies.original_text(copy), ours(copy, 0), ours(copy, 1)
    inline = "\n".join(re.findall(r"<script>(.*?)</script>", original, re.S))
    assert inline, f"no inline script left in Material's {copy.original}: is the copy still needed?"
    # Our partial has no inline script; it loads our file and keeps the original's template logic.
    assert "<script>" not in partial
    assert re.search(r"<script src=\"\{\{ '" + re.escape(copy.ours[1]) + r"' \| url \}\}\"", partial)
    for expression in JINJA.findall(original):
        assert expression in partial, f"{expression} of Material's {copy.original} is missing in {copy.ours[0]}"
    # The script does what Material's does: every string it uses and every name of length 3 or more.
    code = JINJA.sub("", inline)
    for text in {s for s in STRING.findall(code) if s}:
        assert f'"{text}"' in script, f'"{text}" of Material\'s {copy.original} is missing in {copy.ours[1]}'
    names = {n for n in re.findall(r"[A-Za-z_$][\w$]*", STRING.sub("", code)) if len(n) > 2}
    missing = names - set(re.findall(r"[A-Za-z_$][\w$]*", script)) - DROPPED.get(copy.original, set())
    assert not missing, f"{sorted(missing)} of Material's {copy.original} are missing in {copy.ours[1]}"

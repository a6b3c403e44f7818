"""What an editor types is what the knowledge base holds — or `kennisbank check` says why not.

For every text field of every kind of record in the mini fixture (found by walking the loaded models, so a new
field is covered without editing this file), the field is typed the way editors type YAML: plain, unquoted, on
one line. The loaded value must then be exactly the typed characters, or the loader must report a problem in that
file. This is the class of YAML 1.1 surprises (`1:30` read as 90, `010` as 8, `Tip #1` cut at the `#`,
`&Partners` dropped as an anchor). For titles the page itself is checked too: the h1 shows the typed characters.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import MINI
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from test_property import FAST, context, to_html, with_value

from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.records import text_fields
from kennisbank.core.reading.loader import load
from kennisbank.core.render import render_record_page

PLACEHOLDER = "TYPED-VALUE-PLACEHOLDER"
TRAPS = ["1:30", "010", "0x1F", "1_000", "1.50", "+5", ".inf", "yes", "off", "~", "null", "2025-03-01 10:00",
         "Tip #1 voor de start", "Partners #samen", "&Partners samen leren", "*Partners", "!Partners", "@home",
         "Zorg & Welzijn", "a: b", "50%", "vraag?", "'quote' erna", "\"dubbel\" erna", "[lijst]", "{map}", "- item",
         "> citaat", "| pijp", "`code`", "100", "3.0", "True"]
typed = st.one_of(
    st.sampled_from(TRAPS),
    st.text(alphabet=st.sampled_from(list("abcXYZ019 #:&*!%@,.-_'\"[]{}|>?~+")), min_size=1, max_size=30),
    st.lists(st.sampled_from(TRAPS), min_size=2, max_size=3).map(" ".join),
)


def every_text_field() -> list[tuple[str, tuple]]:
    """(file, path) of each text field in the fixture, one per field shape (list indices collapsed)."""
    result = load([str(MINI)], root=MINI.parent)
    fields, shapes = [], set()
    for kind in KINDS:
        for record in result.kb.of(kind).values():
            file = result.kb.origins[(kind.name, record.id)].file.removeprefix("mini/")
            for path in (p for p, _ in text_fields(record) if p != ("id",)):
                shape = (kind.name, tuple("*" if isinstance(p, int) else p for p in path))
                if shape not in shapes:
                    shapes.add(shape)
                    fields.append((file, path))
    return fields


FIELDS = every_text_field()


def type_into(data: Path, file: str, path: tuple, text: str) -> None:
    """Write the record back with `text` as the editor would type it: raw, after the key, unquoted."""
    dumped = yaml.safe_dump(with_value(data / file, path, PLACEHOLDER), allow_unicode=True, sort_keys=False, width=10_000)
    (data / file).write_text(dumped.replace(PLACEHOLDER, text, 1), encoding="utf-8")


def value_at(model: Any, path: tuple) -> Any:
    for key in path:
        model = model[key] if isinstance(key, int) else getattr(model, key)
    return model


def test_the_walk_finds_the_text_fields_of_every_kind() -> None:
    kinds = {file.split("/")[0] for file, _ in FIELDS}
    assert kinds == {"themes", "elements", "sources", "examples", "templates"}
    names = {path[-1] if isinstance(path[-1], str) else path[-2] for _, path in FIELDS}
    assert {"title", "summary", "body", "note", "duration", "group_size", "organisation", "keywords", "text"} <= names


@pytest.mark.parametrize("file,path", FIELDS, ids=["/".join(map(str, (f.split("/")[0],) + p)) for f, p in FIELDS])
@settings(FAST, derandomize=True)  # the same examples in every run: CI sees what a developer saw
@given(text=typed)
@example(text="1:30")
@example(text="Tip #1 voor de start")
@example(text="&Partners samen leren")
def test_typed_text_is_kept_or_reported(file: str, path: tuple, text: str) -> None:
    with tempfile.TemporaryDirectory(prefix="kb-typed-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(MINI, data)
        type_into(data, file, path, text)
        result = load(["data"], root=tmp)
    reported = [p for p in result.problems if p.file == f"data/{file}"]
    if reported:
        return  # refused or warned, with file and line: the editor is told
    kind = next(k for k in KINDS if file.startswith(k.folder + "/"))
    record = result.kb.of(kind)[Path(file).stem]
    if text.strip() in ("", "~", "null", "Null", "NULL"):  # YAML's way to write "empty": an optional field stays empty
        assert value_at(record, path) in (None, (), ""), (file, path, text)
        return
    if text.strip()[:1] in ("'", '"'):  # quoted: YAML's way to write text exactly (its quotes are not the text)
        assert value_at(record, path) == yaml.load(f"v: {text}", Loader=yaml.CSafeLoader)["v"], (file, path, text)
        return
    if re.fullmatch(r"[|>][-+1-9]{0,2}", text.strip()):  # a block-text header with no lines under it: an empty text
        assert value_at(record, path) in ("", None), (file, path, text)
        return
    # YAML drops the spaces around a plain value; inside it, every character must be as typed.
    assert value_at(record, path) == re.sub(r"\s+", " ", text).strip(), (file, path, text)
    if path == ("title",):
        body, meta = get_data(render_record_page(context(result.kb), kind, record))
        content, _ = to_html(body)
        h1 = BeautifulSoup(content, "html.parser").find("h1").get_text().removesuffix("¶")
        assert h1 == text.strip(), (text, h1)

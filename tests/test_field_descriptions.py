"""Every field description of the content model in Dutch and English: what the JSON Schema, the form's hints, the
comments of `kennisbank new` and the check's 'expected' lines say, in the site's language."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import MINI
from pydantic import BaseModel, ValidationError
from test_english_messages import dutch_words

from kennisbank.core.authoring.cms_config import cms_config, options_from
from kennisbank.core.authoring.editor_schema import all_schemas, dump
from kennisbank.core.authoring.scaffold import create_record
from kennisbank.core.i18n import Message
from kennisbank.core.labels import labels_for
from kennisbank.core.model import records
from kennisbank.core.model.kinds import KINDS
from kennisbank.core.model.records import Source, field_description
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.messages import validation_problems
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.reading.yamlsafe import parse

MODELS = sorted((m for m in vars(records).values()
                 if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == records.__name__),
                key=lambda m: m.__name__)
FIELDS = [(model, name) for model in MODELS for name in model.model_fields]


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=[f"{m.__name__}.{n}" for m, n in FIELDS])
def test_every_dutch_description_has_an_english_one(model: type[BaseModel], name: str) -> None:
    description = field_description(model, name)
    if description is None:
        return
    assert isinstance(description, Message)
    english = description.text("en")
    assert english and english != str(description), f"{model.__name__}.{name} has no English description"
    assert english[-1] == str(description)[-1] == "."


def test_each_english_description_belongs_to_one_dutch_one() -> None:
    """A field that sets its own Dutch description but forgets the English one would inherit its type's (RecordId)."""
    dutch_for: dict[str, set[str]] = {}
    for model, name in FIELDS:
        if (description := field_description(model, name)) is not None:
            dutch_for.setdefault(description.text("en"), set()).add(str(description))
    assert {en: nl for en, nl in dutch_for.items() if len(nl) > 1} == {}


def test_a_type_alias_describes_the_field_that_uses_it() -> None:
    assert field_description(Source, "doi") == "DOI zonder https://doi.org/."
    assert field_description(Source, "doi").text("en") == "DOI without https://doi.org/."  # type: ignore[union-attr]
    assert field_description(Source, "reviewed").text("en").startswith("Date")  # type: ignore[union-attr]


def test_schemas_say_the_description_in_one_language() -> None:
    dutch, english = all_schemas(), all_schemas("en")
    assert dutch.keys() == english.keys()
    for name in dutch:
        assert '"en":' not in dump(dutch[name]) and '"en":' not in dump(english[name]), name
    theme = english["theme.json"]
    assert theme["title"] == "Theme"
    assert theme["properties"]["order"]["description"] == "Order in overviews (lowest first)."
    assert dutch["theme.json"]["properties"]["order"]["description"] == "Volgorde in overzichten (laag eerst)."
    assert json.loads(dump(english["source.json"]))["properties"]["doi"]["anyOf"][0]["description"] == \
        "DOI without https://doi.org/."


# --- where the descriptions are read: `kennisbank new`, the editors' form, the check ----------------------------

def _english_skeletons(tmp_path: Path) -> dict[str, str]:
    shutil.copytree(MINI, tmp_path / "data")
    texts = {}
    for kind in KINDS:
        path = create_record(kind.name, f"new-{kind.name}", [tmp_path / "data"], tmp_path, language="en")
        texts[kind.name] = path.read_text(encoding="utf-8")
    return texts


def test_new_writes_its_comments_and_placeholders_in_english(tmp_path: Path) -> None:
    texts = _english_skeletons(tmp_path)
    for name, text in texts.items():
        assert text.splitlines()[1].startswith("# New "), name
        dutch = {line: words for line in text.splitlines()[1:] if (words := dutch_words(line))}
        assert not dutch, (name, dutch)
    assert "# Order in overviews (lowest first).\norder: 30\n" in texts["theme"]
    assert "# reviewed: YYYY-MM-DD" in texts["element"]
    comments = " ".join(line[1:].strip() for line in texts["element"].splitlines() if line.startswith("#"))
    assert "TODO: choose the right themes. Choose from: 'gedeelde-ambitie', 'heldere-organisatie', 'new-theme'." in comments
    result = load(["data"], root=tmp_path)  # valid as written, as the Dutch skeletons are
    assert [p for p in result.problems if p.is_error] == []


def test_new_refuses_in_english(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "data")
    with pytest.raises(CommandError) as taken:
        create_record("element", "duidelijk-doel", [tmp_path / "data"], tmp_path, language="en")
    assert taken.value.format("en") == ("error: the id 'duidelijk-doel' already exists: data/elements/duidelijk-doel.yaml.\n"
                                        "    fix: Edit that file, or choose another id, e.g. 'duidelijk-doel-2'.")
    for args in (("article", "x"), ("element", "Deel Kennis!"), ("element", "index")):
        with pytest.raises(CommandError) as refused:
            create_record(*args, [tmp_path / "data"], tmp_path, language="en")
        assert not dutch_words(refused.value.format("en")), refused.value.format("en")
    with pytest.raises(CommandError) as missing:
        create_record("theme", "x", [tmp_path / "nowhere"], tmp_path, language="en")
    assert missing.value.format("en").startswith("error: the data folder 'nowhere' does not exist.")


def _hints(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["hint"]] if isinstance(node.get("hint"), str) else []
        found += [node["pattern"][1]] if isinstance(node.get("pattern"), list) else []
        return found + [h for value in node.values() for h in _hints(value)]
    if isinstance(node, list):
        return [h for value in node for h in _hints(value)]
    return []


def test_the_forms_hints_follow_the_sites_language() -> None:
    taxonomy = load([str(MINI)], root=MINI.parent).kb.taxonomy  # type: ignore[union-attr]
    configs = {}
    for language in ("nl", "en"):
        options = options_from({}, repo_url="https://github.com/org/kb", site_url="", language=language,
                               data_dirs=["data"])
        configs[language] = cms_config(taxonomy, options, labels_for(language))
        yaml.safe_dump(configs[language])  # plain strings only: the safe dumper refuses a Message
    english = _hints(configs["en"])
    assert "Order in overviews (lowest first)." in english and "A DOI such as 10.1000/xyz123." in english
    assert not {hint: words for hint in english if (words := dutch_words(hint))}
    assert "Volgorde in overzichten (laag eerst)." in _hints(configs["nl"])
    assert len(english) == len(_hints(configs["nl"]))


def test_a_validation_message_of_the_model_speaks_both_languages() -> None:
    with pytest.raises(ValidationError) as refused:
        records.Author(family="Salem", literal="Rathenau")
    problem = validation_problems(refused.value, records.Source, parse("authors: []\n", "x.yaml"), "x.yaml", "bron 'x'")[0]
    assert problem.message == "een auteur is óf een persoon (family, given) óf een organisatie (literal)."
    assert problem.format("en").endswith(
        "an author is either a person (family, given) or an organisation (literal).\n"
        "    expected: {family: Salem} or {literal: Rathenau Instituut}\n"
        "    fix: Fill in 'family' (and 'given' if you know it) for a person, or only 'literal' for an organisation.")


def test_missing_field_is_explained_with_its_english_description() -> None:
    with pytest.raises(ValidationError) as refused:
        records.Theme.model_validate({"id": "x", "title": "X"})
    problem = validation_problems(refused.value, records.Theme, parse("title: X\n", "x.yaml"), "x.yaml", "thema 'x'")[0]
    assert problem.expected == "Eén of twee zinnen die zeggen waar het om gaat (Markdown binnen een regel)"
    assert "    expected: One or two sentences that say what it is about (Markdown within a line)\n" in problem.format("en")

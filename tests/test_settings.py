"""extra.kennisbank in mkdocs.yml is read once and validated: a typo or a wrong value is named, with a suggestion,
by `kennisbank check` and by the build, instead of being ignored or ending in a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, kennisbank, make_project

from kennisbank.core.reading.problems import CommandError
from kennisbank.core.settings import KennisbankOptions, parse_options, settings_from


def test_defaults_and_the_values_mkdocs_yml_gives():
    assert parse_options(None) == KennisbankOptions.model_validate({})
    options = parse_options({"data": "eigen-data", "review_after_days": 365, "csp_meta": "false", "owner": "Gemeente X"})
    assert (options.data, options.review_after_days, options.csp_meta, options.owner) == \
        (("eigen-data",), 365, False, "Gemeente X")
    assert parse_options({"csp_meta": "auto"}).csp_meta is None and parse_options({"csp_meta": True}).csp_meta is True
    settings = settings_from({"kennisbank": {"data": ["data", "local-data"]}}, Path("/x"), "en")
    assert settings.data_dirs == ("data", "local-data") and settings.language == "en"


@pytest.mark.parametrize(("raw", "message"), [
    ({"reveiw_after_days": 365},
     "extra.kennisbank in mkdocs.yml kent de sleutel 'reveiw_after_days' niet. Bedoelde je 'review_after_days'?"),
    ({"licentie": "CC BY"}, "extra.kennisbank in mkdocs.yml kent de sleutel 'licentie' niet. Bedoelde je 'licence'?"),
    ({"review_after_days": "twee jaar"},
     "extra.kennisbank.review_after_days in mkdocs.yml heeft een ongeldige waarde 'twee jaar': verwacht een heel getal "
     "(dagen), bijv. 730."),
    ({"review_after_days": 0},
     "extra.kennisbank.review_after_days in mkdocs.yml heeft een ongeldige waarde '0': verwacht een heel getal (dagen), "
     "bijv. 730."),
    ({"csp_meta": "misschien"},
     "extra.kennisbank.csp_meta in mkdocs.yml heeft een ongeldige waarde 'misschien': verwacht true, false of auto."),
    ({"data": []}, "extra.kennisbank.data in mkdocs.yml heeft een ongeldige waarde: verwacht een lijst mappen, bijv. "
                   "[data, local-data]."),
])
def test_a_mistake_is_named_with_the_key_and_what_is_expected(raw: dict, message: str):
    with pytest.raises(CommandError) as caught:
        parse_options(raw)
    assert caught.value.message == message
    assert "mkdocs.yml" in (caught.value.fix or "")


def test_every_mistake_at_once_and_a_list_that_is_no_mapping():
    with pytest.raises(CommandError) as caught:
        parse_options({"reveiw_after_days": 1, "ownr": "x"})
    assert "'reveiw_after_days'" in caught.value.message and "Bedoelde je 'owner'?" in caught.value.message
    with pytest.raises(CommandError, match="moet een lijst instellingen zijn"):
        parse_options(["data"])


def test_check_and_build_stop_with_the_message_not_a_traceback(tmp_path: Path):
    project = make_project(tmp_path / "site", config_edit=lambda c: c.replace("review_after_days:", "reveiw_after_days:", 1))
    done = kennisbank("check", cwd=project)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "fout: extra.kennisbank in mkdocs.yml kent de sleutel 'reveiw_after_days' niet. Bedoelde je " \
           "'review_after_days'?" in done.stderr
    built = build(project)
    assert built.returncode != 0 and "Traceback" not in built.log
    assert "Bedoelde je 'review_after_days'?" in built.log

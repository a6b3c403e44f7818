"""`language: en` switches every label the generator prints, and mkdocs-material's own interface."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Built, build, make_project

from kennisbank.core.labels import EN, NL, labels_for


def test_label_tables_have_the_same_keys_and_placeholders() -> None:
    assert set(NL) == set(EN)
    for key in NL:
        assert set(re.findall(r"{\w+}", NL[key])) == set(re.findall(r"{\w+}", EN[key])), key
    assert labels_for("en-GB") is EN and labels_for("fr") is NL


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped knowledge base with only the language changed."""
    project = make_project(tmp_path_factory.mktemp("en") / "p", data=ROOT / "data",
                           config_edit=lambda c: c.replace("  language: nl ", "  language: en ", 1))
    built = build(project)
    assert built.returncode == 0, built.log
    return built


def _generated_pages(site: Path) -> list[Path]:
    folders = ("themas", "werkzame-elementen", "bronnen", "praktijkvoorbeelden", "hulpmiddelen", "fasen", "stappen")
    pages = [p for folder in folders for p in (site / folder).glob("*/index.html")]
    # The glossary page is all content (terms as written); its title and intro are checked elsewhere.
    return pages + [site / "redactie" / "herzien" / "index.html"]


def _visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))


def _generator_words(html: str) -> str:
    """Headings, table heads, definition terms, badges and notes: the words the generator itself prints."""
    article = BeautifulSoup(html, "html.parser").find("article")
    parts = article.select("h2, h3, h4, dt, th, caption, legend, summary, .admonition-title, [class*='kb-badge'], label")
    return " ".join(re.sub(r"\s+", " ", part.get_text(" ")).strip() for part in parts)


def test_material_interface_is_english(english_site: Built) -> None:
    page = english_site.page("werkzame-elementen/begin-met-een-kerngroep")
    assert '<html lang="en"' in page
    assert 'placeholder="Search"' in page and "Zoeken" not in page
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["search"].endswith("search/worker.js") or "search" in config


def test_generated_pages_print_no_dutch_labels(english_site: Built) -> None:
    """No Dutch label (that differs from its English one) appears in the generator's words on any generated page,
    unless the record's own YAML contains it (content stays as written)."""
    dutch_only = {v for k, v in NL.items() if v != EN[k] and len(v) >= 6 and "{" not in v}
    data = english_site.root / "data"
    pages = _generated_pages(english_site.site)
    assert len(pages) > 100
    found = {}
    for page in pages:
        words = f" {_generator_words(page.read_text(encoding='utf-8'))} "
        own = _own_yaml(data, page.parent.name) if page.parent.parent != english_site.site else ""
        hits = [label for label in dutch_only if f" {label} " in words and label not in own]
        if hits:
            found[page.relative_to(english_site.site).as_posix()] = hits
    assert not found


def _own_yaml(data: Path, record_id: str) -> str:
    """The YAML text a page was made from: the record's file, or the taxonomy for phase and step pages."""
    files = list(data.glob(f"*/{record_id}.yaml")) or [data / "taxonomy.yaml"]
    return " ".join(f.read_text(encoding="utf-8") for f in files)


def test_english_labels_appear_on_record_pages(english_site: Built) -> None:
    element = _visible_text(english_site.page("werkzame-elementen/begin-met-een-kerngroep"))
    for key in ("evidence", "reviewed", "themes"):
        assert EN[key] in element, key
    overview = _visible_text(english_site.page("werkzame-elementen"))
    assert EN["kind.theme"] in overview or EN["themes"] in overview
    assert EN["glossary.title"] in _visible_text((english_site.site / "begrippen" / "index.html").read_text(encoding="utf-8"))


def test_the_label_scan_sees_dutch_labels_on_a_dutch_site(mini_site: Built) -> None:
    """Guards the scan above: on the Dutch site the same selectors do find the Dutch labels."""
    words = _generator_words(mini_site.page("werkzame-elementen/duidelijk-doel"))
    assert NL["evidence"] in words and NL["themes"] in words


@pytest.mark.parametrize(("language", "label"), [("nl", "Trefwoorden:"), ("en", "Keywords:")])
def test_keywords_are_introduced_in_the_site_language(tmp_path: Path, language: str, label: str) -> None:
    from conftest import MINI

    from kennisbank.core.model.kinds import THEME
    from kennisbank.core.reading.loader import load
    from kennisbank.core.render.pages import PageContext, render_record_page
    from kennisbank.core.site import Site
    kb = load([MINI], root=tmp_path).kb
    page = render_record_page(PageContext(kb=kb, labels=labels_for(language), site=Site(language=language)), THEME,
                              kb.themes["gedeelde-ambitie"])
    assert f'<span class="kb-keywords__label">{label}</span> ambities, doelen' in page.replace("doel, doelen", "doelen")

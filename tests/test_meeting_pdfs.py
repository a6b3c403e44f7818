"""PDFs for the meeting (#19): a tagged PDF per theme, one of the whole knowledge base and a card set of the working
elements; read back from real builds, cached like the other downloads, linked from the theme pages and the overview."""
from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
from bs4 import BeautifulSoup
from conftest import MINI, Built, build, make_project

from kennisbank.core.labels import labels_for
from kennisbank.core.outputs.documents.outline import plain
from kennisbank.core.reading.loader import load
from kennisbank.core.render.pages import PageContext
from kennisbank.core.site import Site
from kennisbank.core.site_plan import plan_site

URL = "https://example.org/kb/"
KB = load([MINI]).kb
MEETING_LINE = re.compile(r"Pdf's voor de bijeenkomst \(thema's, hele kennisbank, kaartenset\): (\d+) gemaakt, (\d+) hergebruikt")


def _with_url(config: str) -> str:
    assert 'site_url: ""' in config
    return config.replace('site_url: ""', f'site_url: "{URL}"', 1)


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build(make_project(tmp_path_factory.mktemp("meeting") / "p", config_edit=_with_url))
    assert built.returncode == 0, built.log
    return built


def _reader(path: Path) -> pypdf.PdfReader:
    assert path.is_file(), path
    return pypdf.PdfReader(str(path))


def _text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _has(text: str, part: str) -> bool:
    """`part` in extracted `text`, whatever the line breaks (a long word may be broken where the PDF broke it)."""
    return re.sub(r"\s+", "", part) in re.sub(r"\s+", "", text)


def _outline(items: Any, depth: int = 0) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            found += _outline(item, depth + 1)
        else:
            found.append((depth, item.title))
    return found


def _structure(reader: pypdf.PdfReader) -> list[tuple[str, str | None]]:
    """Every structure element of the tag tree as (tag, alt text)."""
    found: list[tuple[str, str | None]] = []
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/S" in node:
                found.append((str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None))
            kids = node.get("/K")
            if kids is not None:
                todo += list(kids) if isinstance(kids, list) else [kids]
        elif isinstance(node, list):
            todo += list(node)
    return found


def _assert_tagged(reader: pypdf.PdfReader, language: str = "nl-NL") -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == language


def _elements_of(theme_id: str) -> list[Any]:
    return sorted(KB.referring("theme", theme_id, "element"), key=lambda e: e.title.casefold())


def test_each_theme_pdf_holds_its_elements_evidence_and_templates(site_with_url: Built) -> None:
    for theme in KB.themes.values():
        reader = _reader(site_with_url.site / "downloads" / "pdf" / f"thema-{theme.id}.pdf")
        _assert_tagged(reader)
        text = _text(reader)
        elements = _elements_of(theme.id)
        assert 1 <= len(reader.pages) <= 2 + len(elements)
        assert theme.title in text
        for element in elements:
            assert _has(text, element.title) and _has(text, plain(element.summary))
        others = [e for e in KB.elements.values() if e not in elements]
        assert not any(e.title in text for e in others), "only the theme's own elements"
        titles = [title for _, title in _outline(reader.outline)]
        assert titles[0] == theme.title and all(e.title in titles for e in elements)
    text = _text(_reader(site_with_url.site / "downloads" / "pdf" / "thema-gedeelde-ambitie.pdf"))
    # the evidence kinds as on the site, the in-text citation, the template and the APA reference list
    assert "Literatuur — Doelen blijvend monitoren helpt een netwerk zich te ontwikkelen. (Salem, 2002)" in text
    assert "Praktijkervaring" in text and "Kennismakingswerkvormen" in text and "Salem. (2002). [Titel onbekend]." in text
    # record text is data: the hostile record's markup is printed as the characters it is
    hostile = _text(_reader(site_with_url.site / "downloads" / "pdf" / "thema-heldere-organisatie.pdf"))
    assert _has(hostile, "Expertadvies (E) — <script>alert('note')</script> (Kallio & Lappalainen, 2015)")


def test_the_full_pdf_has_contents_bookmarks_page_numbers_and_tags(site_with_url: Built) -> None:
    reader = _reader(site_with_url.site / "downloads" / "pdf" / "kennisbank.pdf")
    _assert_tagged(reader)
    assert len(reader.pages) >= 1 + len(KB.themes)  # the cover and contents, then a part per theme
    outline = _outline(reader.outline)
    assert all((0, theme.title) in outline for theme in KB.themes.values())
    # every element is written out once (one bookmark, under its first theme); another theme points to that page
    assert all(outline.count((1, e.title)) == 1 for e in KB.elements.values())
    assert outline.index((1, "Deel het eigenaarschap vanaf de start")) < outline.index((0, "Heldere organisatie"))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Inhoud" in first and re.search(r"Gedeelde ambitie \d+", first)
    assert "(zie pagina " in _text(reader)
    for number, page in enumerate(reader.pages, start=1):  # every page carries its number in the footer
        assert page.extract_text().rstrip().endswith(str(number))
    tags = {tag for tag, _ in _structure(reader)}
    assert {"/H1", "/H2", "/H3", "/P"} <= tags


def test_one_card_per_element_with_title_advice_evidence_and_qr_code(site_with_url: Built) -> None:
    reader = _reader(site_with_url.site / "downloads" / "pdf" / "kaarten-werkzame-elementen.pdf")
    _assert_tagged(reader)
    assert len(reader.pages) == math.ceil(len(KB.elements) / 4)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4, four A6 cards per sheet
    text = " ".join(reader.pages[0].extract_text().split())
    element = KB.elements["duidelijk-doel"]
    assert _has(text, f"{element.title} {plain(element.summary)} Onderbouwing: Literatuur, Praktijkervaring")
    assert f"{URL}werkzame-elementen/duidelijk-doel/" in text
    figures = [alt for tag, alt in _structure(reader) if tag == "/Figure"]
    assert figures == [labels_for("nl")["doc.qr"]] * len(KB.elements)
    assert [title for _, title in _outline(reader.outline)] == sorted((e.title for e in KB.elements.values()),
                                                                      key=str.casefold)


def test_without_site_url_the_cards_have_no_qr_code_and_no_address(mini_site: Built) -> None:
    reader = _reader(mini_site.site / "downloads" / "pdf" / "kaarten-werkzame-elementen.pdf")
    assert not [tag for tag, _ in _structure(reader) if tag == "/Figure"]
    text = _text(reader)
    assert KB.elements["duidelijk-doel"].title in text and "werkzame-elementen/" not in text and "http" not in text


def test_theme_pages_and_the_overview_link_to_files_that_exist(site_with_url: Built) -> None:
    for theme in KB.themes.values():
        page = BeautifulSoup(site_with_url.page(f"themas/{theme.id}"), "html.parser")
        links = [a for a in page.select(".kb-downloads a") if "thema" in a.get_text()]
        assert len(links) == 1 and links[0].get_text().startswith("Download dit thema als PDF (")
        assert (site_with_url.site / "themas" / theme.id / links[0]["href"]).resolve().is_file()
    overview = BeautifulSoup(site_with_url.page("hulpmiddelen"), "html.parser")
    hrefs = {a.get_text().rsplit(" (", 1)[0]: a["href"] for a in overview.select(".kb-downloads a")}
    assert hrefs == {"Download de hele kennisbank als PDF": "../downloads/pdf/kennisbank.pdf",
                     "Download de kaartenset van de werkzame elementen (PDF, A6 op A4)":
                         "../downloads/pdf/kaarten-werkzame-elementen.pdf"}
    assert all((site_with_url.site / "hulpmiddelen" / href).resolve().is_file() for href in hrefs.values())


def test_an_unchanged_rebuild_makes_none_and_an_edit_remakes_only_what_shows_it(site_with_url: Built) -> None:
    made = MEETING_LINE.search(site_with_url.log)
    assert made and (int(made[1]), int(made[2])) == (len(KB.themes) + 2, 0)
    pdfs = site_with_url.root / ".cache" / "kennisbank" / "downloads"
    before = {p.name: p.stat().st_mtime_ns for p in pdfs.glob("meeting-*.pdf")}
    again = build(site_with_url.root)
    assert again.returncode == 0, again.log
    assert MEETING_LINE.search(again.log)[0].endswith(f"0 gemaakt, {len(KB.themes) + 2} hergebruikt")  # type: ignore[index]
    assert {p.name: p.stat().st_mtime_ns for p in pdfs.glob("meeting-*.pdf")} == before

    data = site_with_url.root / "data" / "elements" / "duidelijk-doel.yaml"  # in 'gedeelde-ambitie' only
    data.write_text(data.read_text(encoding="utf-8").replace("Een helder doel", "Een scherp doel"), encoding="utf-8")
    edited = build(site_with_url.root)
    assert edited.returncode == 0, edited.log
    assert MEETING_LINE.search(edited.log)[0].endswith(f"3 gemaakt, {len(KB.themes) - 1} hergebruikt")  # type: ignore[index]
    new = sorted(name.rsplit("-", 1)[0] for name in {p.name for p in pdfs.glob("meeting-*.pdf")} - set(before))
    assert new == ["meeting-cards", "meeting-full", "meeting-theme-gedeelde-ambitie"]
    assert "Een scherp doel" in _text(_reader(edited.site / "downloads" / "pdf" / "kaarten-werkzame-elementen.pdf"))


def test_with_pdf_false_there_are_none_and_no_links(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", config_edit=lambda c: _with_url(c).replace("  kennisbank:\n",
                                                                                      "  kennisbank:\n    pdf: false\n", 1))
    built = build(project)
    assert built.returncode == 0, built.log
    assert not (built.site / "downloads" / "pdf").exists()
    assert "bijeenkomst" not in built.log and built.log.count("Pdf-versies van de hulpmiddelen staan uit") == 1
    assert "downloads/pdf/" not in built.page("themas/gedeelde-ambitie") + built.page("hulpmiddelen")


def test_an_english_site_gets_english_file_names_labels_and_language(tmp_path: Path) -> None:
    site = Site(name="Knowledge base", url=URL, language="en", licence="CC BY 4.0")
    context = PageContext(KB, labels_for("en"), site, cache_dir=tmp_path / "cache")
    plan = plan_site(context, tmp_path / "downloads")
    planned = {f.path: f for f in plan.files}
    assert {"downloads/pdf/theme-gedeelde-ambitie.pdf", "downloads/pdf/knowledge-base.pdf",
            "downloads/pdf/working-element-cards.pdf"} <= set(planned)
    page = planned["themes/gedeelde-ambitie.md"].text()
    assert "[Download this theme as a PDF (" in page and "(../downloads/pdf/theme-gedeelde-ambitie.pdf)" in page
    cards = _reader(planned["downloads/pdf/working-element-cards.pdf"].source)  # type: ignore[arg-type]
    _assert_tagged(cards, "en-GB")
    assert "Evidence: " in _text(cards) and "Onderbouwing" not in _text(cards)
    full = _reader(planned["downloads/pdf/knowledge-base.pdf"].source)  # type: ignore[arg-type]
    _assert_tagged(full, "en-GB")
    assert "Contents" in full.pages[0].extract_text()


def test_a_large_knowledge_base_gets_theme_pdfs_but_no_full_pdf_or_card_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from kennisbank.core.outputs import meeting
    from kennisbank.core.render.meeting_links import citing

    context = PageContext(KB, labels_for("nl"), Site(url=URL))
    whole = meeting.meeting_documents(KB, context.site, context.labels, citing(context))
    assert [d.key for d in whole][-2:] == ["full", "cards"]
    monkeypatch.setattr(meeting, "WHOLE_UP_TO", len(KB.elements) - 1)
    large = meeting.meeting_documents(KB, context.site, context.labels, citing(context))
    assert [d.key for d in large] == [f"theme:{t.id}" for t in KB.sorted("theme")]


def test_a_theme_with_too_many_elements_gets_no_pdf_and_the_log_names_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from kennisbank.adapter.handover import report_downloads
    from kennisbank.core.outputs import meeting

    data = tmp_path / "data"
    shutil.copytree(MINI, data)  # one element more in one theme: the themes differ in size
    (data / "elements" / "tweede-doel.yaml").write_text((MINI / "elements" / "duidelijk-doel.yaml").read_text())
    kb = load([data]).kb
    assert kb is not None
    sizes = {t.id: len(kb.referring("theme", t.id, "element")) for t in kb.sorted("theme")}
    limit = min(sizes.values())
    assert max(sizes.values()) > limit, sizes
    monkeypatch.setattr(meeting, "WHOLE_UP_TO", limit)
    context = PageContext(kb, labels_for("nl"), Site(url=URL), cache_dir=tmp_path / "cache")
    plan = plan_site(context, tmp_path / "downloads")
    large = sorted(theme for theme, n in sizes.items() if n > limit)
    assert list(plan.downloads.themes_withheld) == large and plan.downloads.documents_withheld
    assert sorted(plan.downloads.documents) == sorted(f"theme:{t}" for t, n in sizes.items() if n <= limit)
    pages = {f.path: f for f in plan.files}
    for theme in sizes:
        page = pages[context.paths.record_page("theme", theme)].text()
        assert (context.paths.theme_pdf(theme).rsplit("/", 1)[-1] in page) == (theme not in large), theme
    with caplog.at_level("INFO", logger="mkdocs.plugins.kennisbank"):
        report_downloads(plan.downloads, "nl")
    assert f"meer dan {limit} werkzame elementen: {', '.join(large)}" in caplog.text


def test_serve_makes_the_pdfs_never_made_and_then_shows_the_versions_made_last(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from kennisbank.adapter.handover import report_downloads

    context = PageContext(KB, labels_for("nl"), Site(url=URL), cache_dir=tmp_path / "cache")
    # a fresh clone's first `mkdocs serve`: nothing made yet, so every theme page would lack its PDF button
    fresh = plan_site(context, tmp_path / "fresh", serving=True)
    assert fresh.downloads.documents_made == len(KB.themes) + 2 and fresh.downloads.documents_stale == 0
    pages = {f.path: f for f in fresh.files}
    for theme in KB.themes:
        assert context.paths.theme_pdf(theme) in pages
        assert context.paths.theme_pdf(theme).rsplit("/", 1)[-1] in pages[context.paths.record_page("theme", theme)].text()
    built = plan_site(context, tmp_path / "downloads")
    assert built.downloads.documents_made == len(KB.themes) + 2
    edited = PageContext(KB, labels_for("nl"), Site(url=URL, name="Een andere naam"), cache_dir=tmp_path / "cache")
    served = plan_site(edited, tmp_path / "downloads", serving=True)  # their HTML changed: no wait for new versions
    assert served.downloads.documents_made == 0 and served.downloads.documents_stale == len(KB.themes) + 2
    assert {k: d.cache_path for k, d in served.downloads.documents.items()} == \
        {k: d.cache_path for k, d in built.downloads.documents.items()}
    with caplog.at_level("INFO", logger="mkdocs.plugins.kennisbank"):
        report_downloads(served.downloads, "nl")
    assert f"{len(KB.themes) + 2} keer de laatst gemaakte versie" in caplog.text

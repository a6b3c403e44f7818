"""Downloads in a real build: every template in three formats, kits per phase and step, and the cache."""
from __future__ import annotations

import io
import zipfile

import docx
import pypdf
from bs4 import BeautifulSoup
from conftest import MINI, Built, build
from odfdo import Document

from kennisbank.core.reading.loader import load

ITEMS = ["Vorm tweetallen", "Vertel elkaar in drie minuten wie je bent", "Wat heb je over je gesprekspartner gehoord?",
         "Zorg voor een ruimte waar mensen kunnen rondlopen", "Naam van de begeleider", "Timer klaarzetten"]


def test_template_page_offers_three_formats_with_sizes(mini_site: Built):
    page = BeautifulSoup(mini_site.page("hulpmiddelen/kennismaken"), "html.parser")
    links = page.select(".kb-downloads a")
    assert [a["href"] for a in links] == ["../../downloads/kennismaken.pdf", "../../downloads/kennismaken.docx",
                                          "../../downloads/kennismaken.odt"]
    assert all(a.get_text().endswith("kB)") for a in links)


def test_every_download_link_shows_the_size_of_the_file_it_links_to(mini_site: Built):
    """The pages are converted while the downloads are still being made; their sizes are filled in afterwards."""
    from kennisbank.core.outputs.downloads import human_size

    checked, kinds = 0, set()
    for html in mini_site.site.rglob("*.html"):
        text = html.read_text("utf-8")
        assert "kb-size-" not in text, html
        for a in BeautifulSoup(text, "html.parser").select("a[download]"):
            target = (html.parent / a["href"]).resolve()
            assert a.get_text().endswith(f"({human_size(target.stat().st_size)})"), (html, a)
            checked += 1
            kinds.add("kit" if "/kits/" in a["href"] else "meeting" if "/pdf/" in a["href"] else target.suffix)
    assert checked >= 9 and kinds == {".pdf", ".docx", ".odt", "kit", "meeting"}, (checked, kinds)
    assert "kb-size-" not in (mini_site.site / "search" / "search_index.json").read_text("utf-8")


def test_every_output_contains_every_item(mini_site: Built):
    folder = mini_site.site / "downloads"
    text_docx = "\n".join(p.text for p in docx.Document(str(folder / "kennismaken.docx")).paragraphs)
    reader = pypdf.PdfReader(str(folder / "kennismaken.pdf"))
    text_pdf = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    text_odt = Document(str(folder / "kennismaken.odt")).get_formatted_text()
    for item in ITEMS:
        assert item in text_docx and item in text_odt and item in text_pdf, item
    assert "/StructTreeRoot" in reader.trailer["/Root"] and str(reader.trailer["/Root"]["/Lang"]).startswith("nl")


def test_kits_hold_what_their_phase_lists(mini_site: Built):
    kb = load([MINI]).kb
    for phase in kb.taxonomy.phases:
        members = sorted(t.id for t in kb.templates.values() if phase.id in t.phases)
        path = mini_site.site / "downloads" / "kits" / f"fase-{phase.id}.zip"
        if not members:
            assert not path.exists()
            continue
        names = sorted(zipfile.ZipFile(io.BytesIO(path.read_bytes())).namelist())
        assert names == sorted(f"{m}.{ext}" for m in members for ext in ("pdf", "docx", "odt"))


def test_unchanged_rebuild_regenerates_nothing(mini_site: Built):
    again = build(mini_site.root)
    assert again.returncode == 0, again.log
    assert "Hulpmiddelen om te downloaden: 0 gemaakt, 5 hergebruikt uit de cache." in again.log


def test_an_organisation_can_attach_its_own_file(tmp_path):
    from conftest import make_project

    project = make_project(tmp_path / "p")
    (project / "data" / "templates" / "bijlagen").mkdir()
    (project / "data" / "templates" / "bijlagen" / "eigen.pdf").write_bytes(b"%PDF-1.4 eigen versie\n")
    path = project / "data" / "templates" / "kennismaken.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "attachment: templates/bijlagen/eigen.pdf\n", encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.log
    links = BeautifulSoup(built.page("hulpmiddelen/kennismaken"), "html.parser").select(".kb-downloads a")
    assert links[-1]["href"] == "../../downloads/kennismaken-bijlage.pdf" and "eigen versie" in links[-1].get_text()
    assert (built.site / "downloads" / "kennismaken-bijlage.pdf").read_bytes() == b"%PDF-1.4 eigen versie\n"

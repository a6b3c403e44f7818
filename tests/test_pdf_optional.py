"""A host without Pango (Netlify, a bare server) builds the site without PDFs, with one warning that names the fix,
instead of failing deep inside WeasyPrint; `pdf: false` under extra.kennisbank leaves PDFs out on purpose.

Pango is not uninstalled: a sitecustomize.py on PYTHONPATH makes `import weasyprint` fail the way it does on such a
host (OSError "cannot load library 'libpango-1.0-0'"), in the build and in its worker processes.
"""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MINI, build, make_project

from kennisbank.core.outputs import downloads
from kennisbank.core.outputs.downloads import build_downloads, offered_formats
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.problems import CommandError
from kennisbank.core.settings import parse_options
from kennisbank.core.site import Site

NO_PANGO = """\
import sys


class _NoPango:
    \"\"\"`import weasyprint` fails as it does where Pango is not installed.\"\"\"

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
                          "No such file or directory")
        return None


sys.meta_path.insert(0, _NoPango())
"""
WARNING = "Geen pdf-versies van de hulpmiddelen"
FIX = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
SWITCHED_OFF = "Pdf-versies van de hulpmiddelen staan uit"


def _jsonld(page: str) -> dict:
    script = BeautifulSoup(page, "html.parser").find("script", type="application/ld+json")
    return json.loads(script.string)


def test_without_pango_the_site_has_every_download_but_the_pdfs_and_says_how_to_fix_it(tmp_path: Path) -> None:
    patch = tmp_path / "no-pango"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(NO_PANGO, encoding="utf-8")
    env = {"PYTHONPATH": str(patch)}
    project = make_project(tmp_path / "p")

    built = build(project, strict=False, env=env)
    assert built.returncode == 0, built.log
    warnings = [line for line in built.log.splitlines() if WARNING in line]
    assert len(warnings) == 1 and warnings[0].startswith("WARNING"), built.log
    assert "cannot load library 'libpango-1.0-0'" in warnings[0]
    assert FIX in built.log and "brew install pango" in built.log and "'pdf: false' onder extra.kennisbank" in built.log
    assert "Traceback" not in built.log

    folder = built.site / "downloads"
    assert (folder / "kennismaken.docx").is_file() and (folder / "kennismaken.odt").is_file()
    assert not list(built.site.rglob("*.pdf"))
    page = built.page("hulpmiddelen/kennismaken")
    links = [a["href"] for a in BeautifulSoup(page, "html.parser").select(".kb-downloads a")]
    assert links == ["../../downloads/kennismaken.docx", "../../downloads/kennismaken.odt"]
    media = _jsonld(page)["associatedMedia"]
    assert [m["encodingFormat"] for m in media] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.oasis.opendocument.text"]
    kits = sorted((folder / "kits").glob("*.zip"))
    assert kits
    for kit in kits:
        names = zipfile.ZipFile(io.BytesIO(kit.read_bytes())).namelist()
        assert names and not [n for n in names if n.endswith(".pdf")], (kit.name, names)

    # --strict: the warning stops the build, with the fix in the log
    strict = build(project, env=env)
    assert strict.returncode != 0 and FIX in strict.log and "strict" in strict.log.lower(), strict.log

    # An organisation that chose a site without PDFs: an info line, and --strict passes
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  kennisbank:\n") == 1
    config.write_text(text.replace("  kennisbank:\n", "  kennisbank:\n    pdf: false\n"), encoding="utf-8")
    chosen = build(project, env=env)
    assert chosen.returncode == 0, chosen.log
    assert SWITCHED_OFF in chosen.log and WARNING not in chosen.log and FIX not in chosen.log
    assert not list(chosen.site.rglob("*.pdf")) and (chosen.site / "downloads" / "kennismaken.docx").is_file()


def test_the_download_set_records_what_was_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the core, without MkDocs: the reason is kept, every other format and the kits are made."""
    kb = load([MINI], root=MINI).kb
    chosen = build_downloads(kb, Site(name="KB", pdf=False), tmp_path / "off")
    assert chosen.skipped["pdf"].chosen and chosen.generated > 0
    assert [d.format_label for d in chosen.by_template["kennismaken"]] == ["Word (DOCX)", "OpenDocument (ODT)"]

    monkeypatch.setattr(downloads, "pdf_unavailable", lambda: "cannot load library 'libpango-1.0-0'")
    missing = build_downloads(kb, Site(name="KB"), tmp_path / "missing")
    skipped = missing.skipped["pdf"]
    assert not skipped.chosen and skipped.reason == "cannot load library 'libpango-1.0-0'"
    assert not [d for d in missing.all() if d.site_path.endswith(".pdf")] and missing.kits
    # what pages and JSON-LD offer follows the site as the plan built it (core/site_plan.py switches pdf off)
    assert [f.key for f in offered_formats(Site(pdf=False))] == ["docx", "odt"]
    assert [f.key for f in offered_formats(Site())] == ["pdf", "docx", "odt"]
    notice = downloads.skipped_notice(skipped)
    assert "geen pdf-versies" in notice.lower() and FIX in notice and "brew install pango" in notice
    assert SWITCHED_OFF in downloads.skipped_notice(chosen.skipped["pdf"])


def test_the_pdf_setting_takes_a_yes_or_no() -> None:
    assert parse_options({}).pdf is True and parse_options({"pdf": None}).pdf is True  # `kennisbank check` reads !ENV as None
    assert parse_options({"pdf": False}).pdf is False and parse_options({"pdf": "false"}).pdf is False  # !ENV gives text
    with pytest.raises(CommandError) as caught:
        parse_options({"pdf": "nee"})
    assert "extra.kennisbank.pdf in mkdocs.yml heeft een ongeldige waarde 'nee': verwacht true of false." in caught.value.format()
    with pytest.raises(CommandError) as caught:
        parse_options({"pfd": False})
    assert "Bedoelde je 'pdf'?" in caught.value.format()


def test_pango_is_asked_only_when_a_pdf_has_to_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading WeasyPrint takes a second: with every PDF in the cache nobody asks, and the cached PDFs are offered."""
    kb = load([MINI], root=MINI).kb
    asked: list[bool] = []
    monkeypatch.setattr(downloads, "pdf_unavailable", lambda: asked.append(True))  # None: available
    first = build_downloads(kb, Site(name="KB"), tmp_path / "cache")
    assert asked == [True] and first.generated > 0
    again = build_downloads(kb, Site(name="KB"), tmp_path / "cache")
    assert asked == [True] and again.generated == 0 and not again.skipped
    assert [d for d in again.all() if d.site_path.endswith(".pdf")]


def test_the_plan_offers_no_pdf_it_could_not_make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kennisbank.core.labels import labels_for
    from kennisbank.core.render.pages import PageContext
    from kennisbank.core.site_plan import plan_site

    kb = load([MINI], root=MINI).kb
    monkeypatch.setattr(downloads, "pdf_unavailable", lambda: "no pango")
    plan = plan_site(PageContext(kb, labels_for("nl"), Site(name="KB")), tmp_path / "cache")
    assert plan.site.pdf is False and "pdf" in plan.downloads.skipped
    assert not [p for p in plan.paths if p.endswith(".pdf")]

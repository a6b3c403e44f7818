"""From a real-shaped Zotero export to the page a reader sees: the exact APA 7 reference, in Dutch, on every source page.

Each export in tests/fixtures/exports/ is imported into a fresh project as an editor would (`kennisbank import-bib`,
then the TODO summaries written), the site is built with --strict, and the reference and in-text citation of each
imported source are read from its page. The expected text follows APA 7 (Dutch terms: "Red.", "dr.", "Proefschrift"),
with en dashes in page ranges, lower-case names as their bearers write them, and a DOI as https://doi.org/ link.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, build, kennisbank, make_project

EXPORTS = FIXTURES / "exports"
FILES = {"bibtex": "zotero-bibtex.bib", "ris": "zotero-ris.ris", "csl-json": "zotero-csl.json"}

# id -> (reference, in-text citation), with <i> for italics and the DOI/URL as text.
REFERENCES = {
    "de-vries-2021": (
        "de Vries, J., Müller, R., & Østergaard, S. (2021). Samen leren in netwerken: een overzicht van <i>communities of "
        "practice</i> in de zorg. <i>Tijdschrift voor Gezondheidswetenschappen</i>, <i>99</i>(3), 112–120. "
        "https://doi.org/10.5555/tsg.2021.003", "(de Vries et al., 2021)"),
    "brown-2019": (
        "brown, a. m. (2019). <i>Leren zonder hiërarchie: netwerken die zichzelf organiseren</i> (2de dr.). "
        "Uitgeverij Voorbeeld.", "(brown, 2019)"),
    "brown-2019-b": (
        "Brown, L., & Bakker-Çelik, E. (2019). Vertrouwen als basis voor gezamenlijk leren in R&D-netwerken. "
        "<i>Tijdschrift voor Sociale Vraagstukken</i>, <i>18</i>(2), 23–31. https://doi.org/10.5555/tsv.2019.12",
        "(Brown & Bakker-Çelik, 2019)"),
    "van-der-berg-2022": (
        "van der Berg, J., & El Amrani, Y. (Red.). (2022). <i>Handboek lerende netwerken</i> (3de dr.). Boom Voorbeeld.",
        "(van der Berg & El Amrani, 2022)"),
    "bakker-2022": (
        "Bakker, S. (2022). Netwerkleren in de wijk. In J. van der Berg & Y. El Amrani (Red.), <i>Handboek lerende "
        "netwerken</i> (3de dr., pp. 45–67). Boom Voorbeeld. https://doi.org/10.5555/hln.2022.045", "(Bakker, 2022)"),
    "rathenau-instituut-2020": (  # the publisher is the author, so APA leaves it out
        "Rathenau Instituut. (2020). <i>Kennis in beweging: coöperatie tussen praktijk & onderzoek</i> (Rapport 2020-14). "
        "https://www.example.org/rathenau/kennis-in-beweging", "(Rathenau Instituut, 2020)"),
    "jansen-2018": (
        "Jansén, A. (2018). <i>Leren over de grenzen van organisaties heen</i> [Proefschrift, Universiteit Utrecht]. "
        "https://doi.org/10.5555/uu.2018.001", "(Jansén, 2018)"),
    "okafor-2023": (
        "Okafor, C., Gómez, L., & Lindqvist, M. (2023). Peer feedback in regional learning networks. In L. Hartmann & "
        "P. Novak (Red.), <i>Proceedings of the 12th European Conference on Networked Learning</i> (pp. 233–241). "
        "Networked Learning Press. https://doi.org/10.5555/ecnl.2023.233", "(Okafor et al., 2023)"),
    "nederlands-jeugdinstituut": (  # no date: APA 7 gives the date the page was consulted
        "Nederlands Jeugdinstituut. (z.d.). <i>Wat is een lerend netwerk?</i> Geraadpleegd 12 maart 2024, van "
        "https://www.example.org/nji/wat-is-een-lerend-netwerk", "(Nederlands Jeugdinstituut, z.d.)"),
    "chen-2024": (  # k is italic in the export's title, so roman inside the italic title
        "Chen, W., & García-López, M. (2024). <i>Measuring knowledge flow in inter-organisational learning networks "
        "with </i>k<i>-core decomposition</i> (arXiv:2403.01234). arXiv. https://doi.org/10.5555/arxiv.2403.01234",
        "(Chen & García-López, 2024)"),
    "ministerie-van-volksgezondheid-welzijn-en-2023": (
        "Ministerie van Volksgezondheid, Welzijn en Sport. (2023). <i>Samen leren, samen doen: beleidsnota lerende "
        "netwerken 2024–2027</i> (Beleidsnota VWS-2023-118). https://www.example.org/vws/beleidsnota-lerende-netwerken",
        "(Ministerie van Volksgezondheid, Welzijn en Sport, 2023)"),
    "wet-lerende-netwerken-sociaal-domein-2023": (
        "Wet lerende netwerken sociaal domein, Staatsblad 2023, 112 (2023). "
        "https://www.example.org/staatsblad/2023-112", "(Wet lerende netwerken sociaal domein, 2023)"),
    "smit-2017": (
        "Smit, A., & Haddou, K. (2017). Interprofessioneel leren in regionale netwerken van zorg en welzijn: een "
        "gemengde-methodenstudie naar de voorwaarden, werkzame elementen en opbrengsten van lerende netwerken voor "
        "professionals, cliënten en organisaties in vijf Nederlandse regio's tussen 2012 en 2016. <i>Journal of "
        "Interprofessional Learning</i>, <i>5</i>(1), 1–22. https://doi.org/10.5555/jil.2017.001", "(Smit & Haddou, 2017)"),
}

# Where an export says less or other than the others (see FORMAT_DIFFERENCES in test_import_realistic.py).
DIFFERENCES = {
    "bibtex": {  # Zotero's BibTeX has no law type: the law arrives as @misc with a URL, i.e. a web page
        "wet-lerende-netwerken-sociaal-domein-2023": (
            "<i>Wet lerende netwerken sociaal domein</i>. (2023). https://www.example.org/staatsblad/2023-112",
            "(<i>Wet lerende netwerken sociaal domein</i>, 2023)")},
    "ris": {  # Zotero's RIS has no tag for the arXiv number
        "chen-2024": (REFERENCES["chen-2024"][0].replace(" (arXiv:2403.01234)", ""), REFERENCES["chen-2024"][1])},
}


def _shown(fragment: str) -> str:
    """The reference as a reader sees it: links as their text, entities read, italics kept as <i>."""
    return html.unescape(re.sub(r"<a [^>]*>|</a>", "", fragment)).strip()


@pytest.fixture(scope="module", params=sorted(FILES))
def imported_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    fmt = request.param
    project = make_project(tmp_path_factory.mktemp(f"import-{fmt}"))
    done = kennisbank("import-bib", str(EXPORTS / FILES[fmt]), cwd=project)
    assert "13 van 15 items" in done.stdout and "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    for path in (project / "data" / "sources").glob("*.yaml"):  # what the editor writes next: why the source is cited
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"summary: '?TODO:[^\n]*", "summary: Aangehaald als voorbeeld van een import.", text),
                        encoding="utf-8")
    built = build(project)
    assert built.returncode == 0, built.log
    return fmt, project


def test_every_imported_source_page_shows_the_exact_apa_reference(imported_site: tuple[str, Path]):
    fmt, project = imported_site
    expected = {**REFERENCES, **DIFFERENCES.get(fmt, {})}
    found = {}
    for source_id in expected:
        page = (project / "site" / "bronnen" / source_id / "index.html").read_text(encoding="utf-8")
        reference = re.search(r'<p class="kb-reference">(.*?)</p>', page, re.S)
        cite = re.search(r'<p class="kb-cite__in-text">[^:]*: (.*?)</p>', page, re.S)
        found[source_id] = (_shown(reference.group(1)) if reference else None, _shown(cite.group(1)) if cite else None)
    assert found == expected


def test_no_reference_shows_markup_tex_or_a_hyphen_in_a_page_range(imported_site: tuple[str, Path]):
    _, project = imported_site
    for page in (project / "site" / "bronnen").glob("*/index.html"):
        reference = re.search(r'<p class="kb-reference">(.*?)</p>', page.read_text(encoding="utf-8"), re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", reference.group(1))) if reference else ""
        assert not re.search(r"\\[a-zA-Z]|\$|[{}]|&[a-z]+;|<|>", text), (page, text)
        assert not re.search(r"\d-\d+\.", text.replace("2020-14", "").replace("VWS-2023-118", "")), (page, text)
        assert ".." not in text.replace("...", ""), (page, text)

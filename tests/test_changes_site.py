"""A site built from a git repository with two commits: the history on a record page, 'Nieuw en gewijzigd' and its
Atom feed, as MkDocs writes them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Built, build, make_project
from git_history import FIRST, SECOND, commit, edit_summary, init
from test_history import check_atom

from kennisbank.core.outputs.changes_feed import ATOM

REPOSITORY = "https://github.com/org/kennisbank"


def history_project(tmp: Path) -> tuple[Path, list[str]]:
    """The mini knowledge base as a project in git: everything committed on FIRST, one summary changed on SECOND.
    Returns the project and the two commits."""
    project = make_project(tmp, config_edit=lambda c: c.replace('repository: ""', f'repository: "{REPOSITORY}"'))
    (project / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    init(project)
    first = commit(project, "Eerste versie", FIRST)
    edit_summary(project / "data" / "elements" / "duidelijk-doel.yaml", "Een helder doel houdt een netwerk bij elkaar.")
    second = commit(project, "Samenvatting aangescherpt", SECOND)
    return project, [second, first]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[str]]:
    project, shas = history_project(tmp_path_factory.mktemp("history") / "project")
    done = build(project, env={"GIT_CEILING_DIRECTORIES": str(project.parent)})
    assert done.returncode == 0, done.log
    return done, shas


def test_the_record_page_ends_with_its_history_linked_to_the_commits(built: tuple[Built, list[str]]) -> None:
    site, shas = built
    page = BeautifulSoup(site.page("werkzame-elementen/duidelijk-doel"), "html.parser")
    heading = page.find(id="geschiedenis")
    assert heading is not None and heading.get_text(strip=True).startswith("Geschiedenis")
    items = heading.find_next("ul").find_all("li")
    assert [(li.time["datetime"], li.a["href"], li.get_text(" ", strip=True)) for li in items] == [
        ("2024-02-03", f"{REPOSITORY}/commit/{shas[0]}", "3 februari 2024 : Gewijzigd"),
        ("2024-01-02", f"{REPOSITORY}/commit/{shas[1]}", "2 januari 2024 : Nieuw")]
    untouched = BeautifulSoup(site.page("werkzame-elementen/gedeeld-eigenaarschap"), "html.parser")
    assert [li.time["datetime"] for li in untouched.find(id="geschiedenis").find_next("ul").find_all("li")] == ["2024-01-02"]


def test_the_changes_page_lists_the_changes_by_day_and_links_its_feed(built: tuple[Built, list[str]]) -> None:
    site, _ = built
    html = site.page("nieuw-en-gewijzigd")
    page = BeautifulSoup(html, "html.parser")
    alternate = page.find("link", rel="alternate", type="application/atom+xml")
    assert alternate is not None and alternate["href"] == "../nieuw-en-gewijzigd.xml"
    content = page.find("article")
    assert [h.get_text(strip=True).rstrip("¶") for h in content.find_all("h2")] == ["3 februari 2024", "2 januari 2024"]
    newest = content.find("h2").find_next("ul").find_all("li")
    assert len(newest) == 1 and newest[0].get_text(" ", strip=True) == (
        "Formuleer een duidelijk doel · Werkzaam element · Gewijzigd: samenvatting")
    here = site.site / "nieuw-en-gewijzigd"
    for a in content.find_all("a", href=True):
        if not a["href"].startswith("#"):
            target = (here / a["href"]).resolve()
            assert (target / "index.html").is_file() or target.is_file(), a["href"]
    assert any(a["href"] == "../nieuw-en-gewijzigd.xml" for a in content.find_all("a", href=True))  # the visible link
    home = BeautifulSoup(site.page(""), "html.parser")
    assert home.select_one('nav.md-nav--primary a[href="nieuw-en-gewijzigd/"]') is not None  # in the navigation


def test_the_feed_is_atom_and_every_entry_links_to_a_built_page(built: tuple[Built, list[str]]) -> None:
    site, shas = built
    data = (site.site / "nieuw-en-gewijzigd.xml").read_bytes()
    feed = check_atom(data)
    entries = feed.findall(f"{{{ATOM}}}entry")
    assert entries and entries[0].findtext(f"{{{ATOM}}}updated") == SECOND
    records = {p.parent.name for folder in ("themas", "werkzame-elementen", "bronnen", "praktijkvoorbeelden", "hulpmiddelen")
               for p in (site.site / folder).glob("*/index.html")}
    assert len(entries) == len(records) + 1  # every record added on FIRST, one changed on SECOND
    for entry in entries:
        href = entry.find(f"{{{ATOM}}}link").get("href")
        assert not re.match(r"^[a-z]+:|^/", href) and (site.site / href / "index.html").is_file(), href


def test_an_unchanged_rebuild_reuses_every_page(built: tuple[Built, list[str]]) -> None:
    site, _ = built
    before = {p: p.read_bytes() for p in site.site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")}
    again = build(site.root, env={"GIT_CEILING_DIRECTORIES": str(site.root.parent)})
    assert again.returncode == 0, again.log
    match = re.search(r"Sjablooncache: (\d+) pagina's hergebruikt, (\d+) opgemaakt", again.log)
    assert match and int(match.group(1)) > 30 and match.group(2) == "0", again.log
    assert {p: p.read_bytes() for p in site.site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml")} == before

"""The long overview lists, converted item by item (kennisbank/adapter/overview_rows.py): each item shows what its
Markdown says, with its links resolved and its glossary terms explained as on any page; a broken link is reported
as MkDocs reports one."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bs4 import BeautifulSoup
from conftest import build, make_project
from mkdocs.config import load_config

from kennisbank.adapter.overview_rows import OverviewRows, _Links


def _summary(project: Path, element: str, summary: str) -> None:
    path = project / "data" / "elements" / f"{element}.yaml"
    path.write_text(re.sub(r"(?m)^summary: .*$", f"summary: '{summary}'", path.read_text("utf-8"), count=1), "utf-8")


def _item(site: Path, href: str) -> BeautifulSoup:
    page = BeautifulSoup((site / "werkzame-elementen" / "index.html").read_text("utf-8"), "html.parser")
    items = page.select("ul[data-kb-list] > li")
    assert items and all(li.has_attr("data-thema") for li in items)  # what the filters read
    return next(li for li in items if li.find("a", href=href))


def test_links_resolve_as_mkdocs_resolves_them_and_a_missing_target_is_reported(caplog: Any) -> None:
    """The data check refuses a record linking to a page that does not exist, so this is the resolver alone."""
    files = SimpleNamespace(src_uris={
        "werkzame-elementen/index.md": SimpleNamespace(url="werkzame-elementen/"),
        "bronnen/salem-2002.md": SimpleNamespace(url="bronnen/salem-2002/"),
        "downloads/lijst.pdf": SimpleNamespace(url="downloads/lijst.pdf")})
    links = _Links(files)
    links.start("werkzame-elementen/index.md")
    page = files.src_uris["werkzame-elementen/index.md"]
    assert links._resolve("../bronnen/salem-2002.md#jaar", page) == "../bronnen/salem-2002/#jaar"
    assert links._resolve("../downloads/lijst.pdf", page) == "../downloads/lijst.pdf"
    for untouched in ("https://example.org/x.md", "#boven", "mailto:a@b.nl", "/absoluut.md"):
        assert links._resolve(untouched, page) == untouched
    assert not links.failed
    assert links._resolve("../bronnen/weg.md", page) == "../bronnen/weg.md" and links.failed
    assert "contains a link '../bronnen/weg.md', but the target 'bronnen/weg.md' is not found" in caplog.text


def test_an_edited_item_shows_its_markdown_and_changes_only_itself(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    first = build(project)
    assert first.returncode == 0, first.log
    before = {li.find("a")["href"]: str(li) for li in
              BeautifulSoup((first.site / "werkzame-elementen" / "index.html").read_text("utf-8"), "html.parser")
              .select("ul[data-kb-list] > li")}
    _summary(project, "duidelijk-doel", "Een *helder* doel, met de kerngroep; zie [Salem](../bronnen/salem-2002.md).")
    after = build(project)
    assert after.returncode == 0, after.log
    item = _item(after.site, "duidelijk-doel/")
    assert item.find("em").get_text() == "helder"
    assert item.find("a", string="Salem")["href"] == "../bronnen/salem-2002/"
    assert (after.site / "bronnen" / "salem-2002" / "index.html").exists()
    explained = item.find("abbr")  # the first 'kerngroep' of the page is in this item
    assert explained is not None and explained.get_text() == "kerngroep" and "<script>" not in str(item)
    assert explained["title"].startswith("De kleine groep die het netwerk trekt")
    items = {li.find("a")["href"]: str(li) for li in
             BeautifulSoup((after.site / "werkzame-elementen" / "index.html").read_text("utf-8"), "html.parser")
             .select("ul[data-kb-list] > li")}
    assert items.keys() == before.keys()
    assert [href for href in items if items[href] != before[href]] == ["duidelijk-doel/"]
    fresh = project.parent / "zonder-cache"
    shutil.copytree(project, fresh, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    plain = build(fresh, env={"KENNISBANK_NO_CACHE": "1"})
    assert (plain.site / "werkzame-elementen" / "index.html").read_bytes() == \
        (after.site / "werkzame-elementen" / "index.html").read_bytes()


def test_two_lists_on_one_page_are_kept_together(tmp_path: Path, monkeypatch: Any) -> None:
    config = load_config(str(make_project(tmp_path / "p") / "mkdocs.yml"))
    files = SimpleNamespace(src_uris={"a/index.md": SimpleNamespace(url="a/")})
    pages = []
    for _ in range(2):  # the second time as a new process would: only what the store kept
        rows = OverviewRows()
        rows.begin(tmp_path / "rows", config, files, ())
        first = rows.list_html([('data-x="1"', "*een*")], "a/index.md")
        second = rows.list_html([('data-x="2"', "**twee**")], "a/index.md")
        pages.append(rows.substitute(f"<p>kop</p>\n{first}\n{second}"))
        monkeypatch.setattr(OverviewRows, "_convert", lambda *a: (_ for _ in ()).throw(AssertionError("omgezet")))
    assert pages[0] == pages[1]
    assert '<li data-x="1"><em>een</em></li>' in pages[0] and '<li data-x="2"><strong>twee</strong></li>' in pages[0]


def test_a_long_list_on_a_generated_page_is_written_item_by_item_and_equals_a_build_without_caches(tmp_path: Path) -> None:
    """A phase of the shipped data lists more elements than LONG_LIST: its list goes through the rows too (as a
    plain list of links). After a title edit the page shows every element of the phase, the new title included,
    and the site is byte for byte what a build without any cache makes."""
    from kennisbank.core.reading.loader import load
    from kennisbank.core.render.pages import LONG_LIST

    data = Path(__file__).resolve().parent.parent / "data"
    kb = load([data], root=data.parent).kb
    assert kb is not None
    phase, members = max(((p.id, kb.referring("phase", p.id, "element")) for p in kb.terms("phase")),
                         key=lambda found: len(found[1]))
    assert len(members) >= LONG_LIST, "the shipped data should have a phase with a long list"
    no_pdf = lambda config: config.replace("  kennisbank:\n", "  kennisbank:\n    pdf: false\n", 1)  # noqa: E731
    project = make_project(tmp_path / "p", data=data, config_edit=no_pdf)
    assert build(project).returncode == 0
    edited = project / "data" / "elements" / f"{members[0].id}.yaml"
    edited.write_text(re.sub(r"(?m)^title: .*$", "title: Een nieuwe titel voor de lijst", edited.read_text("utf-8"),
                             count=1), "utf-8")
    after = build(project)
    assert after.returncode == 0, after.log
    page = BeautifulSoup((after.site / "fasen" / phase / "index.html").read_text("utf-8"), "html.parser")
    heading = page.find(id="werkzame-elementen")
    assert heading is not None
    items = heading.find_next("ul").find_all("li", recursive=False)
    assert len(items) == len(members)
    assert "Een nieuwe titel voor de lijst" in {li.find("a").get_text() for li in items}
    here = after.site / "fasen" / phase
    assert all((here / li.find("a")["href"] / "index.html").resolve().is_file() for li in items)
    fresh = project.parent / "zonder-cache"
    shutil.copytree(project, fresh, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
    plain = build(fresh, env={"KENNISBANK_NO_CACHE": "1"})
    assert plain.returncode == 0, plain.log
    tree = lambda site: {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}  # noqa: E731
    assert tree(after.site) == tree(plain.site)

"""The history of records from git (core/reading/history.py, record_history.py) and what pages make of it."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import MINI
from git_history import FIRST, SECOND, commit, edit_summary, git, init

from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import ELEMENT
from kennisbank.core.outputs.changes_feed import ATOM, changes_feed
from kennisbank.core.reading import history as history_module
from kennisbank.core.reading.history import NO_GIT, NO_REPOSITORY, OK, SHALLOW, read_history
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.record_history import SiteHistory, site_history
from kennisbank.core.render.changes import changes_page, commit_url, summary
from kennisbank.core.render.pages import PageContext, render_record_page
from kennisbank.core.site import Site

NL = labels_for("nl")


@pytest.fixture(autouse=True)
def _no_repository_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git never looks above the test's folder (a checkout around the temporary folder would count)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini knowledge base committed on FIRST, then one element's summary changed on SECOND."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root / "data")
    init(root)
    commit(root, "Eerste versie", FIRST)
    edit_summary(root / "data" / "elements" / "duidelijk-doel.yaml", "Een helder doel houdt een netwerk bij elkaar.")
    commit(root, "Samenvatting aangescherpt", SECOND)
    return root


def _history(root: Path, cache: Path | None = None) -> tuple[object, SiteHistory]:
    kb = load([root / "data"], root=root).kb
    assert kb is not None
    return kb, site_history(kb, [root / "data"], cache)


def _page(kb, history: SiteHistory, record_id: str = "duidelijk-doel", repository: str | None = None) -> str:
    ctx = PageContext(kb, NL, Site(name="KB", repository=repository), history=history.records,
                      history_state=history.state)
    return render_record_page(ctx, ELEMENT, kb.of("element")[record_id])


def test_two_commits_give_both_dates_newest_first_and_what_changed(repo: Path) -> None:
    kb, history = _history(repo)
    assert history.state == OK
    changes = history.records[("element", "duidelijk-doel")]
    assert [(c.status, c.when) for c in changes] == [("M", SECOND), ("A", FIRST)]
    assert [c.status for c in history.records[("element", "gedeeld-eigenaarschap")]] == ["A"]  # untouched: added once
    newest = history.latest[0]
    assert (newest.kind, newest.record_id, newest.fields) == ("element", "duidelijk-doel", ("summary",))
    assert summary(newest, NL) == "Gewijzigd: samenvatting"
    assert summary(newest, labels_for("en")) == "Changed: summary"
    added = [e for e in history.latest if e.change.when == FIRST]
    assert added and {summary(e, NL) for e in added} == {"Nieuw"} and all(e.fields is None for e in added)
    # every record of the fixture is in the list: each was added on FIRST
    assert {(e.kind, e.record_id) for e in added} == {(k, i) for k in ("theme", "element", "source", "example", "template")
                                                      for i in kb.of(k)}


def test_the_record_page_lists_the_dates_with_links_to_the_commits(repo: Path) -> None:
    kb, history = _history(repo)
    shas = [c.sha for c in history.records[("element", "duidelijk-doel")]]
    page = _page(kb, history, repository="https://github.com/org/kb")
    section = page[page.index("## Geschiedenis {#geschiedenis}"):]
    assert re.findall(r'datetime="([\d-]+)">([^<]+)</time>\]\(<([^>]+)>\): (\w+)', section) == [
        ("2024-02-03", "3 februari 2024", f"https://github.com/org/kb/commit/{shas[0]}", "Gewijzigd"),
        ("2024-01-02", "2 januari 2024", f"https://github.com/org/kb/commit/{shas[1]}", "Nieuw")]
    gitlab = _page(kb, history, repository="https://gitlab.com/org/kb")
    assert f"https://gitlab.com/org/kb/-/commit/{shas[0]}" in gitlab
    without = _page(kb, history)  # no repository: the dates, without links
    assert "](<" not in without[without.index("## Geschiedenis"):] and "3 februari 2024</time>: Gewijzigd" in without


def test_a_renamed_file_keeps_its_history_and_a_file_added_again_starts_anew(tmp_path: Path) -> None:
    root = tmp_path / "r"
    (root / "data" / "elements").mkdir(parents=True)
    init(root)
    (root / "data" / "elements" / "oud.yaml").write_text("title: Oud\nsummary: Een.\n", encoding="utf-8")
    (root / "data" / "elements" / "weg.yaml").write_text("title: Weg\nsummary: Twee.\n", encoding="utf-8")
    first = commit(root, "een", FIRST)
    git(root, "mv", "data/elements/oud.yaml", "data/elements/nieuw.yaml")
    git(root, "rm", "-q", "data/elements/weg.yaml")
    second = commit(root, "twee", SECOND)
    (root / "data" / "elements" / "weg.yaml").write_text("title: Terug\nsummary: Drie.\n", encoding="utf-8")
    third = commit(root, "drie", "2024-03-04T08:00:00+01:00")
    history = read_history([root / "data"])
    assert [(c.sha, c.status, c.path, c.old_path) for c in history.files["data/elements/nieuw.yaml"]] == [
        (second, "R", "data/elements/nieuw.yaml", "data/elements/oud.yaml"),
        (first, "A", "data/elements/oud.yaml", None)]
    assert [(c.sha, c.status) for c in history.files["data/elements/weg.yaml"]] == [(third, "A")]
    assert set(history.files) == {"data/elements/nieuw.yaml", "data/elements/weg.yaml"}
    fields = history_module.changed_fields(history, history.files["data/elements/nieuw.yaml"])
    assert fields == {(second, "data/elements/nieuw.yaml"): ()}  # renamed, nothing in it changed


def test_a_shallow_clone_gives_no_dates_but_the_review_date_and_a_note(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert read_history([clone / "data"]).state == SHALLOW
    kb, history = _history(clone)
    assert history.state == SHALLOW and not history.records and not history.latest
    page = _page(kb, history)
    section = page[page.index("## Geschiedenis"):]
    assert "niet beschikbaar in deze versie van de site" in section and "shallow clone" in section
    assert 'Laatst inhoudelijk bekeken: <time datetime="2026-11-23">23 november 2026</time>' in section
    assert "2024" not in section  # the clone's one commit date is not the record's
    assert "shallow clone" in changes_page(PageContext(kb, NL, Site(name="KB")), history)


def test_without_git_or_without_a_repository_there_is_no_history(repo: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(MINI, plain / "data")
    assert read_history([plain / "data"]).state == NO_REPOSITORY
    kb, history = _history(plain)
    assert "de data staat niet in een git-repository" in _page(kb, history)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    assert read_history([repo / "data"]).state == NO_GIT
    kb, history = _history(repo)
    assert history.state == NO_GIT and "git ontbrak" in _page(kb, history)


def test_uncommitted_changes_are_not_in_the_history(repo: Path) -> None:
    edit_summary(repo / "data" / "elements" / "gedeeld-eigenaarschap.yaml", "Nog niet vastgelegd.")
    new = repo / "data" / "elements" / "nieuw-element.yaml"
    shutil.copy(repo / "data" / "elements" / "gedeeld-eigenaarschap.yaml", new)
    kb, history = _history(repo)
    assert [c.when for c in history.records[("element", "gedeeld-eigenaarschap")]] == [FIRST]
    assert history.records[("element", "nieuw-element")] == ()
    assert "nog niet vastgelegd in de versiegeschiedenis" in _page(kb, history, "nieuw-element")


def test_one_git_log_per_build_and_none_when_head_is_unchanged(repo: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = history_module._git

    def counting(where, *args, **kwargs):
        calls.append(next(a for a in args if a in ("log", "cat-file", "rev-parse")))
        return real(where, *args, **kwargs)

    monkeypatch.setattr(history_module, "_git", counting)
    cache = tmp_path / "cache"
    _, first = _history(repo, cache)
    assert calls.count("log") == 1 and calls.count("cat-file") == 1
    calls.clear()
    _, again = _history(repo, cache)
    assert "log" not in calls and "cat-file" not in calls  # parsed log and compared fields from the cache
    assert again == first


def test_commit_links_only_to_web_addresses() -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    assert commit_url("https://github.com/org/kb/", sha) == f"https://github.com/org/kb/commit/{sha}"
    assert commit_url("https://gitlab.example.org/groep/kb.git", sha) == f"https://gitlab.example.org/groep/kb/-/commit/{sha}"
    assert commit_url("javascript:alert(1)", sha) is None and commit_url("", sha) is None and commit_url(None, sha) is None


# --- the feed ---------------------------------------------------------------------------------------------------

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_ABSOLUTE_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")


def check_atom(data: bytes) -> ET.Element:
    """The requirements of RFC 4287 this feed must meet (its section numbers in the messages)."""
    feed = ET.fromstring(data)
    a = f"{{{ATOM}}}"
    assert feed.tag == a + "feed", "4.1.1: the root is atom:feed"

    def one(parent: ET.Element, name: str) -> str:
        found = parent.findall(a + name)
        assert len(found) == 1, f"exactly one atom:{name} in {parent.tag}"
        return found[0].text or ""

    for element in feed.iter():
        assert element.tag.startswith(a), f"only Atom elements: {element.tag}"
    assert _ABSOLUTE_IRI.match(one(feed, "id")), "4.2.6: atom:id is an absolute IRI"
    assert one(feed, "title").strip()
    assert _RFC3339.match(one(feed, "updated")), "3.3: a date is an RFC 3339 date-time"
    authors = feed.findall(a + "author")
    assert authors and all(one(author, "name").strip() for author in authors), "4.1.1: a feed author"
    assert [link.get("rel") for link in feed.findall(a + "link")].count("self") == 1
    ids = []
    for entry in feed.findall(a + "entry"):
        ids.append(one(entry, "id"))
        assert _ABSOLUTE_IRI.match(ids[-1])
        assert one(entry, "title").strip() and one(entry, "summary").strip()
        assert _RFC3339.match(one(entry, "updated"))
        alternates = [link for link in entry.findall(a + "link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href"), "4.1.1.1: an entry without content has an alternate link"
        assert dt.datetime.fromisoformat(one(entry, "updated")) <= dt.datetime.fromisoformat(one(feed, "updated"))
    assert len(ids) == len(set(ids)), "4.2.6: entry ids are unique"
    return feed


def test_the_feed_is_atom_with_stable_ids_and_links_to_the_record_pages(repo: Path) -> None:
    kb, history = _history(repo)
    without_url = Site(name="KB <&> \"test\"", owner="Redactie")
    data = changes_feed(kb, history, without_url, NL)
    feed = check_atom(data)
    a = f"{{{ATOM}}}"
    entries = feed.findall(a + "entry")
    assert len(entries) == len(history.latest)
    first = entries[0]
    assert first.findtext(a + "title") == "Formuleer een duidelijk doel"
    assert first.findtext(a + "summary") == "Gewijzigd: samenvatting"
    assert first.findtext(a + "updated") == SECOND == feed.findtext(a + "updated")
    assert first.find(a + "link").get("href") == "werkzame-elementen/duidelijk-doel/"  # relative to the feed, at the root
    assert feed.findtext(a + "title") == 'KB <&> "test": nieuw en gewijzigd'
    assert all(e.findtext(a + "id").startswith("urn:uuid:") for e in entries)
    assert changes_feed(kb, history, without_url, NL) == data  # reproducible

    with_url = changes_feed(kb, history, Site(name="KB", url="https://example.org/kb"), NL)
    feed = check_atom(with_url)
    first = feed.findall(a + "entry")[0]
    sha = history.latest[0].change.sha
    assert first.findtext(a + "id") == f"https://example.org/kb/werkzame-elementen/duidelijk-doel/#{sha}"
    assert first.find(a + "link").get("href") == "https://example.org/kb/werkzame-elementen/duidelijk-doel/"
    assert feed.findtext(a + "id") == "https://example.org/kb/nieuw-en-gewijzigd.xml"


def test_without_history_the_feed_is_empty_and_dated_by_the_review_dates(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "data")
    kb, history = _history(tmp_path)
    feed = check_atom(changes_feed(kb, history, Site(name="KB"), NL))
    assert feed.findall(f"{{{ATOM}}}entry") == []
    newest = max(r.reviewed for k in ("theme", "element", "source", "example", "template")
                 for r in kb.of(k).values() if r.reviewed)
    assert feed.findtext(f"{{{ATOM}}}updated") == f"{newest.isoformat()}T00:00:00Z"


def test_the_changes_page_groups_by_day_newest_first_and_links_the_feed(repo: Path) -> None:
    kb, history = _history(repo)
    page = changes_page(PageContext(kb, NL, Site(name="KB")), history)
    assert 'kb_feed: "nieuw-en-gewijzigd.xml"' in page and "render_macros: false" in page
    assert "(nieuw-en-gewijzigd.xml)" in page
    days = re.findall(r"^## (.+)$", page, re.M)
    assert days == ["3 februari 2024", "2 januari 2024"]
    newest = page[page.index("## 3 februari"):page.index("## 2 januari")]
    assert newest.strip().splitlines()[-1] == ("- [Formuleer een duidelijk doel](werkzame-elementen/duidelijk-doel.md)"
                                               " · Werkzaam element · Gewijzigd&#58; samenvatting")  # ':' escaped
    english = changes_page(PageContext(kb, labels_for("en"), Site(name="KB", language="en")), history)
    assert "# New and changed" in english and "(changes.xml)" in english and "Changed&#58; summary" in english

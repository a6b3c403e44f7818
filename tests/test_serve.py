"""`mkdocs serve` while an editor works: problems are shown on the site instead of stopping the server."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from conftest import MKDOCS, make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 90) -> str:
    """Poll a loopback URL until it answers (bounded in time)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_shows_problem_list_instead_of_crashing(tmp_path: Path):
    project = make_project(tmp_path / "p")
    (project / "data" / "themes" / "kapot.yaml").write_text("title: Kapot\nsumary: x\n", encoding="utf-8")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([MKDOCS, "serve", "--no-livereload", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=subprocess.STDOUT)
    try:
        problems = fetch(f"http://127.0.0.1:{port}/kennisbank-problemen/")
        assert "data/themes/kapot.yaml:2" in problems and "onbekend veld" in problems
        home = fetch(f"http://127.0.0.1:{port}/")
        assert "De data bevat 2 fouten." in home
        assert "Formuleer een duidelijk doel" in fetch(f"http://127.0.0.1:{port}/werkzame-elementen/duidelijk-doel/")
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        page = fetch(url)
        if text in page:
            return page
        assert time.monotonic() < deadline, f"'{text}' verscheen niet op {url}"
        time.sleep(0.1)


def _epoch(page: str) -> int:
    """The site version a page was served at (MkDocs' live-reload script polls for a newer one)."""
    found = re.search(r"livereload\((\d+), \d+\);", page)
    assert found, "no live-reload script in the page"
    return int(found[1])


def _next_epoch(base: str, epoch: int) -> int:
    """What the live-reload script of a page served at `epoch` hears next: the version it reloads to."""
    deadline = time.monotonic() + 60
    while (answer := int(fetch(f"{base}livereload/{epoch}/1"))) <= epoch and time.monotonic() < deadline:
        time.sleep(0.1)
    return answer


def _without_reload_script(page: str) -> str:
    return re.sub(r"livereload\(\d+, \d+\);", "", page)


def test_dirty_serve_rebuilds_only_affected_pages_after_an_edit(tmp_path: Path):
    """What `make serve` runs: an edited record shows up on its page, its backlinks, the overview and in search;
    unaffected record pages are reused, not rebuilt."""
    project = make_project(tmp_path / "p")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen([MKDOCS, "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=subprocess.STDOUT)
    try:
        edited = base + "werkzame-elementen/duidelijk-doel/"
        before = _epoch(_wait_for(edited, "Formuleer een duidelijk doel"))
        record = project / "data" / "elements" / "duidelijk-doel.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace("Formuleer een duidelijk doel", "Kies samen één doel"),
                          encoding="utf-8")
        # As a browser on the edited page: it reloads as soon as that page is written, before the pages that only
        # list or link to the record, and once more when the whole rebuild is written.
        first = _next_epoch(base, before)
        shown = fetch(edited)
        assert "Kies samen één doel" in shown and _epoch(shown) == first
        last = _next_epoch(base, first)
        assert last > first, "no second reload after the rebuild"
        assert _without_reload_script(fetch(edited)) == _without_reload_script(shown)  # written once, as MkDocs would
        assert "Kies samen één doel" in fetch(base + "themas/gedeelde-ambitie/")       # backlink target
        assert "Kies samen één doel" in fetch(base + "werkzame-elementen/")            # the overview
        assert "Kies samen één doel" in fetch(base + "bronnen/salem-2002/")            # cited source
        titles = {d["location"]: d["title"] for d in json.loads(fetch(base + "search/search_index.json"))["docs"]}
        assert titles["werkzame-elementen/duidelijk-doel/"] == "Kies samen één doel"
        assert "werkzame-elementen/gedeeld-eigenaarschap/" in titles                   # pages not rebuilt stay searchable
        assert "Formuleer een duidelijk doel" not in titles.values()
        rebuilt = [int(n) for n in re.findall(r"Snel herbouwd: (\d+) pagina", log_path.read_text(encoding="utf-8"))]
        pages = sum(1 for _ in (project / "docs").rglob("*.md")) + 20
        assert rebuilt and 0 < rebuilt[-1] < pages, rebuilt
        assert "A 'dirty' build" not in log_path.read_text(encoding="utf-8")  # MkDocs' stale-nav warning does not apply
        assert "Kies samen één doel" in fetch(base + "werkzame-elementen/gedeeld-eigenaarschap/")  # its 'Zie ook'
        unrelated = fetch(base + "werkzame-elementen/onveilige-invoer/")  # no theme or source in common
        assert "Kies samen één doel" not in unrelated and "</html>" in unrelated
        # the open data follows right after the pages (made once they are up), and says the same
        _wait_for(base + "open-data/kennisbank.json", "Kies samen één doel", timeout=20)
        assert "Formuleer een duidelijk doel" not in fetch(base + "open-data/kennisbank.json")
        assert "Open data: wordt na deze build bijgewerkt." in log_path.read_text(encoding="utf-8")
        # one save, one rebuild: the server does not go on rebuilding (and reloading the browser) by itself, as it
        # did when every build's own reading of mkdocs.yml and the record woke the native watcher
        builds = log_path.read_text(encoding="utf-8").count("Documentation built")
        time.sleep(3)
        assert log_path.read_text(encoding="utf-8").count("Documentation built") == builds == 2
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()

"""`kennisbank links`: internal links of a built site, for a web server, a subpath, or file://."""
from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import KENNISBANK

from kennisbank.core.outputs.site_links import check_links


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "style.css").write_text("", encoding="utf-8")
    (site / "a" / "index.html").write_text("<p>a</p>", encoding="utf-8")
    (site / "index.html").write_text(
        '<link href="style.css"><a href="a/">folder</a><a href="a/index.html#x">file</a><a href="#top">anchor</a>'
        '<a href="https://example.org/x">other site</a><a href="mailto:x@example.org">mail</a>'
        '<a href="b/">missing</a><img src="../up.png"><a href="/kennisbank/a/">absolute</a>', encoding="utf-8")
    return site


def test_broken_links_on_a_server_under_a_subpath(tmp_path: Path) -> None:
    found = [(b.page, b.target, b.reason) for b in check_links(_site(tmp_path), base_path="/kennisbank/")]
    assert found == [("index.html", "b/", "bestaat niet in de gebouwde site"),
                     ("index.html", "../up.png", "verwijst boven de map van de site uit")]


def test_root_paths_outside_the_subpath_and_folder_links_from_disk(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert ("index.html", "/kennisbank/a/") in [(b.page, b.target) for b in check_links(site, base_path="/")]
    offline = {b.target: b.reason for b in check_links(site, for_file_urls=True)}
    assert "file://" in offline["a/"] and "file://" in offline["/kennisbank/a/"] and "a/index.html#x" not in offline


def test_command_exits_1_and_names_each_broken_link(tmp_path: Path) -> None:
    site = _site(tmp_path)
    done = subprocess.run([KENNISBANK, "links", str(site), "--base-path", "/kennisbank/"], capture_output=True, text=True)
    assert done.returncode == 1
    assert "index.html: b/ — bestaat niet in de gebouwde site" in done.stdout and "2 kapotte links." in done.stdout
    (site / "index.html").write_text('<a href="a/">ok</a>', encoding="utf-8")
    done = subprocess.run([KENNISBANK, "links", str(site)], capture_output=True, text=True)
    assert done.returncode == 0 and "alle interne links werken" in done.stdout

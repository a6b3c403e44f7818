"""`mkdocs serve` while an editor works: problems are shown on the site instead of stopping the server."""
from __future__ import annotations

import os
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

"""Hosting an own copy: under a subpath, behind the shipped nginx configuration, with a strict CSP.

The site is built with a site_url that has a path, served by a real nginx from deploy/nginx/, and every page
kind is opened in headless Chromium: no Content-Security-Policy violation, no request to another host, search
works. The header lists in deploy/ and netlify.toml must equal kennisbank/core/outputs/security.py.
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_helpers import PAGES, search
from bs4 import BeautifulSoup
from conftest import ROOT, Built, build, make_project
from playwright.sync_api import Browser

from kennisbank.core.outputs.security import SECURITY_HEADERS, meta_policy
from kennisbank.core.outputs.site_links import check_links

SUBPATH = "/kennisbank/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nginx_headers(text: str) -> dict[str, str]:
    return {name: value for name, value in re.findall(r'^add_header\s+(\S+)\s+"(.*)"\s+always;', text, re.M)}


STARTER_COMMON = ROOT / "kennisbank" / "starter" / "common"


@pytest.mark.parametrize("project", [ROOT, STARTER_COMMON], ids=["this-site", "starter"])
def test_deploy_configurations_send_exactly_the_policy_the_site_is_built_for(project: Path) -> None:
    """This repository's deploy/ and netlify.toml, and the copies `kennisbank init` gives an organisation."""
    nginx = _nginx_headers((project / "deploy" / "nginx" / "security-headers.conf").read_text(encoding="utf-8"))
    admin = _nginx_headers((project / "deploy" / "nginx" / "security-headers-admin.conf").read_text(encoding="utf-8"))
    netlify = tomllib.loads((project / "netlify.toml").read_text(encoding="utf-8"))
    without_csp = {k: v for k, v in SECURITY_HEADERS.items() if k != "Content-Security-Policy"}
    assert nginx == SECURITY_HEADERS
    assert admin == without_csp  # admin/index.html carries its own, looser policy for Decap CMS
    # Netlify cannot leave one folder out of a header: the policy goes into the pages as a meta tag instead
    assert [h["for"] for h in netlify["headers"]] == ["/*"] and netlify["headers"][0]["values"] == without_csp
    assert netlify["build"]["environment"]["KENNISBANK_CSP_META"] == "true"
    assert "mkdocs build --strict" in netlify["build"]["command"] and netlify["build"]["publish"] == "site"
    assert "frame-ancestors" not in meta_policy() and "script-src 'self'" in meta_policy()


def test_this_sites_nginx_configuration_is_the_one_organisations_get() -> None:
    """Real files, not links into the starter kit (links break on Windows checkouts): kept equal by this test."""
    ours = sorted(p.relative_to(ROOT) for p in (ROOT / "deploy").rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(STARTER_COMMON) for p in (STARTER_COMMON / "deploy").rglob("*") if p.is_file())
    assert ours == theirs and not (ROOT / "deploy").is_symlink() and not (ROOT / "netlify.toml").is_symlink()
    for path in ours:
        assert (ROOT / path).read_bytes() == (STARTER_COMMON / path).read_bytes(), path


def test_pages_workflows_build_strict_and_publish_the_site() -> None:
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") for job in github["jobs"].values() for s in job.get("steps", [])]
    assert any("mkdocs build --strict" in run for run in steps)
    assert any("upload-pages-artifact" in s.get("uses", "") for job in github["jobs"].values() for s in job.get("steps", []))
    assert any(s.get("env", {}).get("KENNISBANK_CSP_META") == "true" for s in github["jobs"]["build"]["steps"])
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    script = [line for item in gitlab["pages"]["script"] for line in (item if isinstance(item, list) else [item])]
    assert any("mkdocs build --strict --site-dir public" in line for line in script)
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert gitlab["pages"]["variables"]["KENNISBANK_CSP_META"] == "true"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}{SUBPATH}"
    project = make_project(tmp_path_factory.mktemp("host") / "p", data=ROOT / "data",
                           config_edit=lambda c: c.replace('site_url: ""', f'site_url: "{base}"', 1))
    built = build(project)
    assert built.returncode == 0, built.log
    return built, base


def test_every_internal_link_resolves_under_the_subpath(subpath_site: tuple[Built, str]) -> None:
    built, base = subpath_site
    assert len(list(built.site.rglob("*.html"))) > 120
    assert [b.format() for b in check_links(built.site, base_path=SUBPATH)] == []
    sitemap = (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}werkzame-elementen/begin-met-een-kerngroep/</loc>" in sitemap


@pytest.fixture(scope="module")
def nginx(subpath_site: tuple[Built, str], tmp_path_factory: pytest.TempPathFactory):
    """The shipped deploy/nginx/kennisbank.conf, with only the port, the folder and the include path filled in."""
    built, base = subpath_site
    port = urlsplit(base).port
    run = tmp_path_factory.mktemp("nginx")
    server = (ROOT / "deploy" / "nginx" / "kennisbank.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("alias /var/www/kennisbank/;", f"alias {built.site}/;")
    server = server.replace("alias /var/www/kennisbank/admin/;", f"alias {built.site}/admin/;")
    for snippet in ("security-headers.conf", "security-headers-admin.conf"):
        server = server.replace(f"/etc/nginx/snippets/kennisbank-{snippet}", str(ROOT / "deploy" / "nginx" / snippet))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest folder
    (run / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {run}/nginx.pid;\nerror_log {run}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n access_log off;\n"
        f" client_body_temp_path {run}/tmp; proxy_temp_path {run}/tmp; fastcgi_temp_path {run}/tmp;"
        f" uwsgi_temp_path {run}/tmp; scgi_temp_path {run}/tmp;\n{server}\n}}\n", encoding="utf-8")
    (run / "tmp").mkdir()
    assert Path(NGINX).exists(), "nginx ontbreekt: installeer het Debian-pakket 'nginx' (make test doet dat)"
    checked = subprocess.run([NGINX, "-t", "-p", str(run), "-c", str(run / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-p", str(run), "-c", str(run / "nginx.conf"), "-g", "daemon off;"])
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_nginx_sends_the_headers_and_the_404_page(nginx: str) -> None:
    with urllib.request.urlopen(nginx) as response:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, name
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(nginx + "bestaat-niet/")
    assert missing.value.code == 404
    assert SECURITY_HEADERS["Content-Security-Policy"] == missing.value.headers["Content-Security-Policy"]
    assert "md-content" in missing.value.read().decode("utf-8")  # the site's own 404 page, styled
    redirect = urllib.request.Request(nginx.rstrip("/"), method="HEAD")
    with urllib.request.urlopen(redirect) as response:  # /kennisbank -> /kennisbank/
        assert response.url == nginx


# Every CSP violation and every console error is recorded before any script of the page runs.
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


@pytest.mark.parametrize("path", PAGES)
def test_every_page_kind_satisfies_the_csp_under_the_subpath(browser: Browser, nginx: str, path: str) -> None:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.add_init_script(_RECORD_VIOLATIONS)
    errors, hosts = [], set()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    response = page.goto(nginx + path)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert errors == []
    assert hosts == {urlsplit(nginx).netloc}
    context.close()


def test_the_editors_form_runs_under_nginx_with_its_own_policy(browser: Browser, nginx: str) -> None:
    with urllib.request.urlopen(nginx + "admin/") as response:
        assert "Content-Security-Policy" not in response.headers  # its policy is the meta tag in the page
        assert response.headers["X-Frame-Options"] == SECURITY_HEADERS["X-Frame-Options"]
    context = browser.new_context(locale="nl-NL")
    context.route(re.compile(r".*/api/v1$"), lambda route: route.abort())  # no local decap-server here
    page = context.new_page()
    page.add_init_script(_RECORD_VIOLATIONS)
    page.goto(nginx + "admin/")
    page.get_by_role("button").first.wait_for(timeout=60_000)  # Decap started: its login screen
    assert page.evaluate("window.__violations") == []
    context.close()


def test_search_and_filters_work_under_the_csp(browser: Browser, nginx: str) -> None:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.add_init_script(_RECORD_VIOLATIONS)
    assert search(page, nginx, "mandaat")[0] == "Regel mandaat van de leidinggevende"
    page.goto(nginx + "werkzame-elementen/?onderbouwing=literature")
    page.wait_for_selector("[data-kb-shown]")
    shown = int(page.locator("[data-kb-shown]").first.inner_text())
    assert 0 < shown < len(page.locator("[data-kb-list] > li").all())
    assert page.evaluate("window.__violations") == []
    context.close()


def test_csp_meta_tag_for_hosts_without_headers(tmp_path: Path, mini_site: Built) -> None:
    built = build(make_project(tmp_path / "p"), env={"KENNISBANK_CSP_META": "true"})  # as the Pages workflows set it
    assert built.returncode == 0, built.log
    html = built.page("werkzame-elementen/duidelijk-doel")
    meta = BeautifulSoup(html, "html.parser").head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta["content"] == meta_policy()
    assert html.index("Content-Security-Policy") < html.index("<script")  # in force before any script
    default = BeautifulSoup(mini_site.page("werkzame-elementen/duidelijk-doel"), "html.parser").head  # on by default (auto)
    assert default.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == meta_policy()

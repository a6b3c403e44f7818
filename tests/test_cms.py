"""The editors' form (admin/, Decap CMS): its config follows the schema, and it really writes valid records.

The browser test runs decap-server (npm) in git mode as the local backend of a throw-away git repository,
creates a working element through the form in Chromium and publishes it. With publish_mode
editorial_workflow, decap-server first commits the entry on a branch `cms/elements/<slug>` (the local
stand-in for a pull request) and only "Publiceer nu" merges it into main; the test checks both steps.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.util
import io
import json
import os
import re
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from browser_helpers import serve
from conftest import MINI, ROOT, Built, build, make_project
from playwright.sync_api import Browser, Page, expect

from kennisbank.core.authoring.cms_config import (
    OMITTED_FIELDS,
    CmsConfigError,
    CmsOptions,
    admin_policy,
    cms_config,
    connect_origins,
    field_label,
    options_from,
)
from kennisbank.core.labels import EN, NL
from kennisbank.core.model.kinds import BY_NAME, KINDS
from kennisbank.core.model.knowledge_base import TERM_LISTS
from kennisbank.core.model.records import ITEM_TYPES, SOURCE_TYPES, TEMPLATE_KINDS, Taxonomy
from kennisbank.core.outputs.site_links import check_links, links_of
from kennisbank.core.reading.loader import load
from kennisbank.core.reading.references import REFERENCES
from kennisbank.core.reading.yamlsafe import parse

KENNISBANK = str(Path(sys.executable).with_name("kennisbank"))
DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    result = load([MINI], root=MINI.parent)
    assert result.kb is not None
    return result.kb.taxonomy


def config_for(taxonomy: Taxonomy, **options: Any) -> dict[str, Any]:
    return cms_config(taxonomy, CmsOptions(**options), NL)


def fields_at(fields: list[dict[str, Any]], path: tuple[str, ...]) -> dict[str, Any]:
    """The form field for a model path such as ('evidence', '*', 'kind')."""
    head, *rest = [p for p in path if p != "*"]
    field = next(f for f in fields if f["name"] == head)
    return fields_at(field.get("fields") or field["item_fields"], tuple(rest)) if rest else field


# --- the generated config -----------------------------------------------------------------------------

def test_one_collection_per_kind_with_every_field_of_the_model(taxonomy: Taxonomy):
    config = config_for(taxonomy, repository="https://github.com/voorbeeld/kennisbank")
    collections = {c["name"]: c for c in config["collections"]}
    assert set(collections) == {k.folder for k in KINDS}
    for kind in KINDS:
        collection = collections[kind.folder]
        assert collection["folder"] == f"data/{kind.folder}"
        assert (collection["extension"], collection["format"]) == ("yaml", "yaml")
        assert collection["label_singular"] == NL[f"kind.{kind.name}"]
        names = [f["name"] for f in collection["fields"]]
        assert names == [n for n in kind.model.model_fields if n not in OMITTED_FIELDS]
        assert "id" not in names  # the id is the file name; the loader refuses an id line
        for name, info in kind.model.model_fields.items():
            if name in OMITTED_FIELDS:
                continue
            field = next(f for f in collection["fields"] if f["name"] == name)
            if info.is_required() and field.get("default") != [] and name != "year":
                assert field.get("required", True) is True, (kind.name, name)
            if not info.is_required():
                assert field["required"] is False, (kind.name, name)


def test_every_field_has_a_label_in_both_languages():
    models = {m for k in KINDS for m in _models(k.model)}
    for model in models:
        for name in model.model_fields:
            if name in OMITTED_FIELDS:
                continue
            for table in (NL, EN):
                assert field_label(table, model.__name__, name) != name, f"label ontbreekt: cms.field.{name} ({model.__name__})"


def _models(model: type) -> Iterator[type]:
    yield model
    for info in model.model_fields.values():
        for arg in _type_args(info.annotation):
            if isinstance(arg, type) and hasattr(arg, "model_fields"):
                yield from _models(arg)


def _type_args(hint: Any) -> Iterator[Any]:
    yield hint
    for arg in getattr(hint, "__args__", ()) or ():
        yield from _type_args(arg)
    origin = getattr(hint, "__origin__", None)
    if origin is not None and hasattr(hint, "__metadata__"):
        yield from _type_args(origin)


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: f"{r.kind}.{'.'.join(r.path)}")
def test_references_pick_from_existing_collections_or_the_taxonomy(taxonomy: Taxonomy, ref):
    config = config_for(taxonomy)
    collections = {c["name"]: c for c in config["collections"]}
    field = fields_at(collections[BY_NAME[ref.kind].folder]["fields"], ref.path)
    assert field.get("multiple", False) == (ref.path[-1] == "*")
    if ref.target in TERM_LISTS:
        assert field["widget"] == "select"
        assert [o["value"] for o in field["options"]] == [t.id for t in getattr(taxonomy, TERM_LISTS[ref.target])]
    else:
        assert field["widget"] == "relation"
        assert field["collection"] == BY_NAME[ref.target].folder and field["collection"] in collections
        assert field["value_field"] == "{{slug}}" and field["search_fields"] == ["title"]


def test_enums_offer_exactly_the_allowed_values_with_dutch_labels(taxonomy: Taxonomy):
    collections = {c["name"]: c for c in config_for(taxonomy)["collections"]}
    source_type = fields_at(collections["sources"]["fields"], ("type",))
    template_kind = fields_at(collections["templates"]["fields"], ("kind",))
    item_type = fields_at(collections["templates"]["fields"], ("sections", "*", "items", "*", "type"))
    assert [o["value"] for o in source_type["options"]] == list(SOURCE_TYPES)
    assert [o["value"] for o in template_kind["options"]] == list(TEMPLATE_KINDS)
    assert [o["value"] for o in item_type["options"]] == list(ITEM_TYPES)
    assert {"label": "Proefschrift", "value": "thesis"} in source_type["options"]
    assert {"label": "Gespreksleidraad", "value": "interview-guide"} in template_kind["options"]


def test_widgets_follow_the_field_types(taxonomy: Taxonomy):
    collections = {c["name"]: c for c in config_for(taxonomy)["collections"]}
    element, source, template = (collections[n]["fields"] for n in ("elements", "sources", "templates"))
    assert fields_at(element, ("title",))["widget"] == "string"
    assert fields_at(element, ("summary",))["widget"] == "text"
    body = fields_at(element, ("body",))
    assert body["widget"] == "markdown" and body["sanitize_preview"] is True and body["required"] is False
    assert fields_at(element, ("reviewed",))["format"] == "YYYY-MM-DD"
    evidence = fields_at(element, ("evidence",))
    assert evidence["widget"] == "list" and evidence["min"] == 1
    assert [f["name"] for f in evidence["fields"]] == ["kind", "sources", "via", "note"]
    assert fields_at(element, ("themes",))["min"] == 1
    assert fields_at(source, ("authors",))["default"] == []  # must be written, may be empty
    assert [f["name"] for f in fields_at(source, ("authors",))["fields"]] == ["family", "given", "literal"]
    assert fields_at(source, ("year",))["value_type"] == "int"
    assert fields_at(source, ("verified",))["default"] is False
    assert re.match(fields_at(source, ("url",))["pattern"][0], "https://www.nji.nl")
    assert not re.match(fields_at(source, ("url",))["pattern"][0], "javascript:alert(1)")
    minutes = fields_at(template, ("sections", "*", "items", "*", "minutes"))
    assert (minutes["min"], minutes["max"]) == (0, 1440)
    assert fields_at(template, ("attachment",))["widget"] == "file"
    assert fields_at(element, ("themes",))["hint"].startswith("Thema's")  # hints are the schema's descriptions


def test_backend_follows_the_repository(taxonomy: Taxonomy):
    github = config_for(taxonomy, repository="https://github.com/voorbeeld/kennisbank.git", branch="productie")
    assert github["backend"]["name"] == "github" and github["backend"]["repo"] == "voorbeeld/kennisbank"
    assert github["backend"]["branch"] == "productie" and github["publish_mode"] == "editorial_workflow"
    assert github["local_backend"] is True and github["locale"] == "nl"
    assert github["backend"]["commit_messages"]["create"] == "{{collection}} toegevoegd: {{slug}}"
    gitlab = config_for(taxonomy, repository="https://gitlab.example.org/team/kennisbank",
                        backend={"app_id": "abc", "auth_type": "pkce"})
    assert gitlab["backend"].items() >= {"name": "gitlab", "repo": "team/kennisbank", "app_id": "abc", "auth_type": "pkce",
                                         "api_root": "https://gitlab.example.org/api/v4"}.items()
    local_only = config_for(taxonomy, repository="")
    assert local_only["backend"]["name"] == "proxy"
    with pytest.raises(CmsConfigError, match="GitHub of GitLab"):
        config_for(taxonomy, repository="https://example.org/kennisbank")


def test_options_are_checked_and_name_the_fix():
    with pytest.raises(CmsConfigError, match="'lokaal'"):
        options_from({"cms": {"lokaal": True}}, repo_url=None, site_url=None, language="nl", data_dirs=["data"])
    with pytest.raises(CmsConfigError, match="'client_id'"):
        options_from({"cms": {"backend": {"client_id": "x"}}}, repo_url=None, site_url=None, language="nl", data_dirs=["data"])
    assert options_from({"cms": False}, repo_url=None, site_url=None, language="nl", data_dirs=["data"]).enabled is False
    own = options_from({"repository": "https://github.com/a/b"}, repo_url=None, site_url="https://x.nl/",
                       language="nl", data_dirs=["data", "eigen-data"])
    assert own.data_dir == "eigen-data" and own.repository == "https://github.com/a/b"  # an organisation's own folder


def test_policy_allows_only_the_backend_and_the_local_server(taxonomy: Taxonomy):
    config = config_for(taxonomy, repository="https://github.com/voorbeeld/kennisbank")
    assert connect_origins(config) == ("https://api.github.com", "http://localhost:8081")
    policy = admin_policy(config)
    assert "connect-src 'self' https://api.github.com http://localhost:8081;" in policy
    assert "img-src 'self' data: blob:;" in policy  # no avatars from other hosts
    hosts = {urlsplit(u).hostname for u in re.findall(r"https?://[^\s;]+", policy)}
    assert hosts == {"api.github.com", "localhost"}
    without_local = config_for(taxonomy, repository="https://github.com/voorbeeld/kennisbank", local_backend=False)
    assert connect_origins(without_local) == ("https://api.github.com",) and "local_backend" not in without_local


# --- the built site -----------------------------------------------------------------------------------

def test_built_site_has_the_admin_outside_nav_and_search(mini_site: Built):
    page = (mini_site.site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'src="../assets/vendor/decap-cms/decap-cms.js"' in page and "Content-Security-Policy" in page
    assert [b.format() for b in check_links(mini_site.site) if b.page.startswith("admin/")] == []
    # all on this host; the favicon is the site's own (theme.favicon, from overrides/)
    assert set(links_of(page)) == {"config.yml", "../assets/favicon.svg", "../assets/vendor/decap-cms/decap-cms.js",
                                   "kennisbank-cms.js"}
    config = yaml.safe_load((mini_site.site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert [c["name"] for c in config["collections"]] == [k.folder for k in KINDS]
    assert (mini_site.site / "assets" / "vendor" / "decap-cms" / "decap-cms.js").is_file()
    assert "admin/" not in (mini_site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "admin/" not in (mini_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in mini_site.page("")
    assert "WARNING" not in mini_site.log


def test_the_form_can_be_switched_off(tmp_path: Path):
    project = make_project(tmp_path / "p", config_edit=lambda c: re.sub(r"^(  kennisbank:\n)", r"\1    cms: false\n", c,
                                                                        count=1, flags=re.M))
    built = build(project)
    assert built.returncode == 0, built.log
    assert not (built.site / "admin").exists()
    assert not (built.site / "assets" / "vendor" / "decap-cms").exists()


def test_a_mistake_in_the_cms_settings_stops_the_build_and_says_what_is_allowed(tmp_path: Path):
    project = make_project(tmp_path / "p", config_edit=lambda c: re.sub(
        r"^(  kennisbank:\n)", r"\1    cms: {backend: {clientid: x}}\n", c, count=1, flags=re.M))
    built = build(project)
    assert built.returncode == 1
    assert "Beheerformulier (admin/): extra.kennisbank.cms.backend in mkdocs.yml kent 'clientid' niet." in built.log


def test_built_site_serves_the_pinned_decap_with_its_licence_and_no_cdn_urls(mini_site: Built):
    copy = mini_site.site / "assets" / "vendor" / "decap-cms"
    bundle = copy / "decap-cms.js"
    assert (copy / "LICENSE").read_text(encoding="utf-8").count("MIT License") == 1
    assert (copy / "decap-cms.js.LICENSE.txt").is_file()
    version = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["decap-cms"]
    dist = ROOT / "node_modules" / "decap-cms"
    assert json.loads((dist / "package.json").read_text(encoding="utf-8"))["version"] == version  # make test runs npm ci
    # The site's copy is the pinned npm package's bundle, byte for byte, with all its chunks and no source maps.
    assert bundle.read_bytes() == (dist / "dist" / "decap-cms.js").read_bytes()
    chunks = sorted(p.name for p in (dist / "dist").iterdir() if p.name.endswith((".decap-cms.js", ".wasm")))
    assert chunks and chunks == sorted(p.name for p in copy.iterdir() if p.name.endswith((".decap-cms.js", ".wasm")))
    assert not list(copy.glob("*.map"))
    text = bundle.read_text(encoding="utf-8")
    for cdn in ("unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com", "fonts.gstatic.com"):
        assert cdn not in text, cdn


def _vendor_script() -> Any:
    spec = importlib.util.spec_from_file_location("vendor_decap", ROOT / "scripts" / "vendor-decap.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_decap_comes_from_the_package_as_its_manifest_lists(tmp_path: Path):
    """The build needs no node_modules: the package carries the files, each with its hash in MANIFEST.json."""
    from kennisbank.adapter import cms_files
    manifest = json.loads((cms_files.DECAP_VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["version"] == json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["decap-cms"]
    files = cms_files.decap_files()
    assert list(files) == list(manifest["files"])
    assert {"decap-cms.js", "decap-cms.js.LICENSE.txt", "LICENSE"} <= set(files)
    assert any(name.endswith(".wasm") for name in files) and not any(name.endswith(".map") for name in files)
    for name, path in files.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == manifest["files"][name], f"{name} is niet wat MANIFEST.json zegt"
    assert sorted(p.name for p in cms_files.DECAP_VENDOR.iterdir()) == sorted([*files, "MANIFEST.json"])
    assert sum(path.stat().st_size for path in files.values()) < 8_000_000  # what every site and the wheel carry
    assert cms_files.decap_files(tmp_path) == {}  # a broken install: no admin, and the build says so


def test_vendored_decap_is_the_pinned_npm_package_byte_for_byte():
    """kennisbank/vendor/decap-cms/ is what scripts/vendor-decap.py copies from node_modules (npm ci checked that
    against package-lock.json): same files, same bytes, same manifest. Never edited by hand."""
    from kennisbank.adapter import cms_files
    vendor = _vendor_script()
    node_modules = ROOT / "node_modules"
    assert (node_modules / "decap-cms" / "package.json").is_file(), "decap-cms ontbreekt: draai 'npm ci' (make test doet dat)"
    expected = vendor.bundle_files(node_modules)
    assert sorted(p.name for p in cms_files.DECAP_VENDOR.iterdir()) == sorted([*expected, "MANIFEST.json"]), (
        "draai 'make vendor-decap'")
    for name, source in expected.items():
        assert (cms_files.DECAP_VENDOR / name).read_bytes() == source.read_bytes(), f"{name}: draai 'make vendor-decap'"
    written = json.loads((cms_files.DECAP_VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    assert written == vendor.manifest(node_modules), "MANIFEST.json: draai 'make vendor-decap'"


def _npm_tarball(files: dict[str, bytes]) -> tuple[bytes, str]:
    """A .tgz as npm packs it (everything under package/), and its integrity string."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    return data, "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def test_the_bundle_is_fetched_and_checked_against_its_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Not in git: scripts/vendor-decap.py fetches the pinned npm tarballs (here from a stand-in registry), refuses
    one whose integrity differs, writes only files with the manifest's sha256, and does nothing when all are there."""
    vendor = _vendor_script()
    monkeypatch.setattr(vendor, "_from_node_modules", lambda listed: {})
    bundle, bundle_integrity = _npm_tarball({"dist/decap-cms.js": b"bundel", "dist/1.decap-cms.js": b"stuk"})
    licence, licence_integrity = _npm_tarball({"LICENSE": b"MIT"})
    tarballs = {"decap-cms-3.16.3.tgz": bundle, "decap-cms-lib-auth-3.3.2.tgz": licence}
    served: list[str] = []

    def registry(url: str, timeout: float) -> Any:
        served.append(url)
        return io.BytesIO(tarballs[url.rsplit("/", 1)[-1]])

    folder = tmp_path / "decap-cms"
    folder.mkdir()
    files = {"decap-cms.js": b"bundel", "1.decap-cms.js": b"stuk", "LICENSE": b"MIT"}
    manifest = {"package": "decap-cms", "version": "3.16.3", "integrity": bundle_integrity,
                "licence": {"package": "decap-cms-lib-auth", "version": "3.3.2", "integrity": licence_integrity,
                            "file": "LICENSE"},
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
    (folder / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert vendor.ensure(folder, registry) == 3
    assert {name: (folder / name).read_bytes() for name in files} == files
    assert served == ["https://registry.npmjs.org/decap-cms/-/decap-cms-3.16.3.tgz",
                      "https://registry.npmjs.org/decap-cms-lib-auth/-/decap-cms-lib-auth-3.3.2.tgz"]
    assert vendor.ensure(folder, registry) == 0 and len(served) == 2  # all there: nothing fetched
    (folder / "LICENSE").write_bytes(b"met de hand veranderd")
    tarballs["decap-cms-3.16.3.tgz"] = _npm_tarball({"dist/decap-cms.js": b"anders", "dist/1.decap-cms.js": b"stuk"})[0]
    with pytest.raises(SystemExit, match="integrity differs"):
        vendor.ensure(folder, registry)
    assert (folder / "LICENSE").read_bytes() == b"met de hand veranderd"  # nothing written from a wrong tarball


# --- the form in a real browser -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, timeout=60).stdout


def wait_for_decap_server(url: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    """Until decap-server answers its 'info' action (it prints nothing we could wait for reliably)."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if json.load(response).get("type") == "local_git":
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError(f"decap-server antwoordde niet op {url}")


@pytest.fixture(scope="module")
def cms_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A project in its own git repository, served over HTTP, with decap-server (git mode) as local backend."""
    assert DECAP_SERVER.is_file(), "decap-server ontbreekt: draai 'npm ci' (make test doet dat)"
    port = free_port()
    local = f"http://127.0.0.1:{port}/api/v1"

    def configure(text: str) -> str:
        text = re.sub(r"^(\s+)repository: .*$", r'\1repository: "https://github.com/voorbeeld/kennisbank"', text, count=1,
                      flags=re.M)
        return re.sub(r"^(  kennisbank:\n)", rf"\1    cms: {{local_backend: '{local}'}}\n", text, count=1, flags=re.M)

    project = make_project(tmp_path_factory.mktemp("cms") / "repo", config_edit=configure)
    (project / ".gitignore").write_text("site/\n.cache/\n", encoding="utf-8")
    git(project, "init", "--quiet", "--initial-branch=main")
    for key, value in (("user.name", "Test"), ("user.email", "test@example.org"), ("commit.gpgsign", "false")):
        git(project, "config", key, value)
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "Begin")
    built = build(project)
    assert built.returncode == 0, built.log
    env = {**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(project),
           "LOG_LEVEL": "warn"}
    log = project.parent / "decap-server.log"
    with log.open("wb") as output, subprocess.Popen(["node", str(DECAP_SERVER)], cwd=project, env=env, stdout=output,
                                                     stderr=subprocess.STDOUT) as server:
        try:
            wait_for_decap_server(local, server, log)
            with serve(built.site) as site_url:
                yield project, site_url
        finally:
            server.terminate()


def choose(page: Page, field_label: str, option: str) -> None:
    """Pick an option in one of Decap's react-select widgets (select and relation), found by its label."""
    control = page.get_by_label(field_label, exact=True)
    control.click()
    control.press_sequentially(option[:6], delay=20)
    page.get_by_role("option", name=option).click()


@contextlib.contextmanager
def admin(browser: Browser, site_url: str, project: Path) -> Iterator[Page]:
    """A logged-in admin tab that records every host it contacts and fails on any CSP violation."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    hosts: set[str | None] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("dialog", lambda dialog: dialog.accept())  # Decap may ask "Weet u zeker …?"
    try:
        page.goto(site_url + "admin/")
        page.get_by_role("button", name="Inloggen").click(timeout=60_000)
        yield page
    except Exception:
        page.screenshot(path=str(project / "cms-failure.png"), full_page=True)
        (project / "cms-failure.html").write_text(page.content(), encoding="utf-8")
        raise
    finally:
        context.close()
    assert hosts <= {"127.0.0.1"}, hosts  # the vendored script, the config and the local backend: nothing else
    assert violations == []


def read_record(text: str) -> dict[str, Any]:
    """A record as the loader reads it (the project's YAML reader, not PyYAML's own quirks)."""
    parsed = parse(text, "record.yaml")
    assert not parsed.problems, [p.format() for p in parsed.problems]
    return parsed.data


def save_and_publish(page: Page, project: Path, collection: str, slug: str) -> dict[str, Any]:
    """Save, check that the entry waits on its own branch, publish it; return the record as merged into main."""
    path = project / "data" / collection / f"{slug}.yaml"
    on_main = path.read_text(encoding="utf-8") if path.exists() else None
    page.get_by_role("button", name="Opslaan", exact=True).click()
    status = page.get_by_role("button", name=re.compile("^Status"))  # shown once the draft is saved
    expect(status).to_be_visible(timeout=60_000)
    assert page.url.endswith(f"#/collections/{collection}/entries/{slug}")
    branch = f"cms/{collection}/{slug}"  # editorial workflow: main stays untouched until publishing
    assert branch in git(project, "branch", "--list", branch)
    on_branch = read_record(git(project, "show", f"{branch}:data/{collection}/{slug}.yaml"))
    assert (path.read_text(encoding="utf-8") if path.exists() else None) == on_main
    status.click()
    page.get_by_role("menuitem", name="Klaar").click()
    expect(status).to_have_text(re.compile("Status: Klaar"), timeout=60_000)  # Decap refuses to publish before this
    page.get_by_role("button", name=re.compile("^Publiceer$")).click()
    page.get_by_role("menuitem", name="Publiceer nu").click()
    expect(page.get_by_text("Item gepubliceerd")).to_be_visible(timeout=60_000)
    published = read_record(path.read_text(encoding="utf-8"))
    assert published == on_branch
    assert branch not in git(project, "branch", "--list", branch)
    return published


def check(project: Path) -> str:
    """`kennisbank check` on the repository's data; returns its report (warnings are allowed, errors are not)."""
    done = subprocess.run([KENNISBANK, "check", "--data", "data"], cwd=project, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and ": fout:" not in done.stdout, done.stdout
    return done.stdout


def test_an_editor_creates_a_working_element_through_the_form(browser: Browser, cms_repo: tuple[Path, str]):
    project, site_url = cms_repo
    slug = "vier-samen-de-eerste-resultaten"
    with admin(browser, site_url, project) as page:
        page.goto(site_url + "admin/#/collections/elements/new")
        page.get_by_label("Titel", exact=True).fill("Vier samen de eerste resultaten")
        page.get_by_label("Samenvatting", exact=True).fill("Een klein succes vieren houdt deelnemers betrokken.")
        choose(page, "Thema's", "Gedeelde ambitie")
        page.get_by_role("button", name=re.compile("Voeg Onderbouwing toe", re.I)).click()
        choose(page, "Soort onderbouwing", "Literatuur")
        choose(page, "Bronnen (optioneel)", "Salem (2002)")  # a literature entry names its source
        page.get_by_label("Toelichting (optioneel)", exact=True).fill("Doelen blijven volgen helpt het netwerk.")
        record = save_and_publish(page, project, "elements", slug)
    assert record == {"title": "Vier samen de eerste resultaten",
                      "summary": "Een klein succes vieren houdt deelnemers betrokken.",
                      "themes": ["gedeelde-ambitie"],
                      "evidence": [{"kind": "literature", "sources": ["salem-2002"],
                                    "note": "Doelen blijven volgen helpt het netwerk."}]}
    assert git(project, "log", "-1", "--format=%s", "main").strip() == f"Werkzaam element toegevoegd: {slug}"
    assert f"data/elements/{slug}.yaml" not in check(project)  # not even a warning


def test_emptied_fields_are_left_out_and_an_unknown_year_is_written_as_null(browser: Browser,
                                                                            cms_repo: tuple[Path, str]):
    project, site_url = cms_repo
    with admin(browser, site_url, project) as page:
        page.goto(site_url + "admin/#/collections/sources/new")
        page.get_by_label("Titel", exact=True).fill("Netwerken in het sociaal domein")
        page.get_by_label("Samenvatting", exact=True).fill("Een verkenning.")
        choose(page, "Soort publicatie", "Rapport")
        publisher = page.get_by_label("Uitgever (optioneel)", exact=True)
        publisher.fill("Wordt nog uitgezocht")
        publisher.fill("")  # Decap would write publisher: '' (refused by the check); kennisbank-cms.js drops it
        record = save_and_publish(page, project, "sources", "netwerken-in-het-sociaal-domein")
    assert record == {"title": "Netwerken in het sociaal domein", "summary": "Een verkenning.", "type": "report",
                      "authors": [], "year": None, "title_known": True, "verified": False}
    assert "0 fouten" in check(project)  # a new source that no element cites yet is only a warning


def test_an_existing_template_with_plain_text_items_is_edited_without_losing_them(browser: Browser,
                                                                                   cms_repo: tuple[Path, str]):
    """A template item may be plain text (`- Zorg voor een ruimte`); Decap's own list widget would drop it."""
    project, site_url = cms_repo
    before = read_record((project / "data" / "templates" / "kennismaken.yaml").read_text(encoding="utf-8"))
    with admin(browser, site_url, project) as page:
        page.goto(site_url + "admin/#/collections/templates/entries/kennismaken")
        page.get_by_label("Duur (optioneel)", exact=True).fill("25 minuten")
        # Open the section (lists start collapsed; the first button of an item's top bar toggles it): the
        # plain-text item shows like the others, where Decap's own list widget would leave it out.
        page.get_by_text("Voorbereiding", exact=True).locator("xpath=preceding-sibling::div[1]//button[1]").click()
        expect(page.get_by_text("Zorg voor een ruimte waar mensen kunnen rondlopen", exact=True).first).to_be_visible()
        record = save_and_publish(page, project, "templates", "kennismaken")
    assert record.pop("duration") == "25 minuten" and before.pop("duration") == "20 minuten"
    assert record == before  # everything else as it was, the plain-text item included
    check(project)


def test_without_a_local_server_the_admin_offers_the_github_login_and_stays_on_this_host(
        browser: Browser, cms_repo: tuple[Path, str]):
    """What a visitor of the published site gets: Decap's login, and no request to GitHub before logging in."""
    _, site_url = cms_repo
    context = browser.new_context(locale="nl-NL")
    context.route(re.compile(r".*/api/v1$"), lambda route: route.abort())  # as if no decap-server runs
    page = context.new_page()
    hosts: set[str | None] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.goto(site_url + "admin/")
    expect(page.get_by_role("button", name="Inloggen met GitHub")).to_be_visible(timeout=60_000)
    assert page.title() == "Beheer · Kennisbank Lerende Netwerken"
    context.close()
    assert hosts == {"127.0.0.1"}, hosts

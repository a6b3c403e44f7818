"""The generator as an organisation gets it: the wheel, installed from the lock into a fresh virtual environment,
builds a complete site (every page kind, downloads, the editors' form) on a machine without Node.js."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

LOCK = ROOT / "requirements.lock"
# The files of the lock, downloaded once per lock: pip's own cache does not hold downloads on every machine, and a
# fresh venv would otherwise fetch 160 MB each run. Outside the work tree, so that a CI clone finds it again.
WHEELHOUSE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kennisbank" / "wheelhouse"
NODE_TOOLS = ("node", "nodejs", "npm", "npx")


def run(args: list[str | Path], timeout: float = 300, **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(out: Path, tmp: Path) -> Path:
    """The wheel, built from a copy of the sources (the work tree stays clean) with the locked setuptools."""
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "kennisbank", src / "kennisbank", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", out, src])
    (wheel,) = out.glob("*.whl")
    return wheel


def wheelhouse() -> Path:
    """A folder with every file the lock pins (pip checks their hashes when it installs from it)."""
    marker = WHEELHOUSE / f"{hashlib.sha256(LOCK.read_bytes()).hexdigest()}.complete"
    if not marker.exists():
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes", "-r", LOCK,
             "-d", WHEELHOUSE], timeout=900)
        marker.touch()
    return WHEELHOUSE


def path_without_node(path: str) -> str:
    """PATH without any folder that holds Node.js or npm."""
    return os.pathsep.join(d for d in path.split(os.pathsep)
                           if d and not any((Path(d) / tool).exists() for tool in NODE_TOOLS))


def test_the_wheel_builds_a_full_site_without_node(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist", tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("macros/")], "the wheel must not carry this site's macros module"
    for needed in ("kennisbank/vendor/decap-cms/decap-cms.js", "kennisbank/vendor/decap-cms/MANIFEST.json",
                   "kennisbank/theme/main.html", "kennisbank/theme/assets/vendor/iframe-worker/shim.js",
                   "kennisbank/starter/nl/mkdocs.yml", "kennisbank/starter/common/deploy/nginx/kennisbank.conf"):
        assert needed in names, needed
    assert not [n for n in names if n.endswith(".map")]

    # A fresh venv: every dependency from the lock (hash-checked, no index), then the wheel without dependencies.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv])
    bin_ = venv / "bin"
    pip = [bin_ / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index"]
    run([*pip, "--find-links", wheelhouse(), "--require-hashes", "-r", LOCK])
    run([*pip, "--no-deps", wheel])

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PATH": os.pathsep.join([str(bin_), path_without_node(os.environ["PATH"])]), "VIRTUAL_ENV": str(venv),
            "NO_MKDOCS_2_WARNING": "1"}
    assert not [tool for tool in NODE_TOOLS if shutil.which(tool, path=env["PATH"])]
    where = run([bin_ / "python", "-c", "import kennisbank; print(kennisbank.__file__)"], env=env, cwd=tmp_path).stdout
    assert where.startswith(str(venv)), where  # the installed wheel, not this checkout

    # What an organisation types.
    project = tmp_path / "mijn-kennisbank"
    init = subprocess.run([bin_ / "kennisbank", "init", project, "--name", "Gemeente Voorbeeld"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stdout + init.stderr
    assert (project / ".gitignore").is_file() and (project / "requirements.txt").is_file()  # packed without the dot
    built = subprocess.run([bin_ / "mkdocs", "build", "--strict"], env=env, cwd=project, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr

    site = project / "site"
    for kind in ("themes", "elements", "sources", "examples", "templates"):  # one example record of each kind
        for record in (project / "data" / kind).glob("*.yaml"):
            assert list(site.glob(f"*/{record.stem}/index.html")), f"no page for {kind}/{record.name}"
    downloads = [p.suffix for p in (site / "downloads").rglob("*") if p.is_file()]
    assert {".pdf", ".docx", ".odt"} <= set(downloads), downloads
    assert (site / "admin" / "index.html").is_file() and (site / "admin" / "config.yml").is_file()
    bundle = site / "assets" / "vendor" / "decap-cms" / "decap-cms.js"
    assert bundle.read_bytes() == (ROOT / "kennisbank" / "vendor" / "decap-cms" / "decap-cms.js").read_bytes()

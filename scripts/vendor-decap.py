#!/usr/bin/env python3
"""Puts the Decap CMS bundle into the package (kennisbank/vendor/decap-cms/), checked against MANIFEST.json.

The editors' form (/admin/) of every site serves these files, so a site builds with its form on a machine without
Node.js. The bundle (6.4 MB) is not in git: MANIFEST.json is. It records the npm packages, their version and
integrity (as package-lock.json pins them) and the sha256 of every file. This script, run by `make` and by the
package build (setup.py), fetches the two npm tarballs from the registry (or copies node_modules when `npm ci`
installed the same versions), refuses a tarball whose integrity differs, and writes each file only if its sha256 is
the manifest's. With every file in place it does nothing.

To move to another Decap version: change decap-cms in package.json, `npm install` (updates package-lock.json),
then `make vendor-decap` (this script with --update: a new MANIFEST.json from node_modules) and `make test`.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "kennisbank" / "vendor" / "decap-cms"
MANIFEST = "MANIFEST.json"
PACKAGE = "decap-cms"
# The npm package decap-cms ships no LICENSE file; its sub-packages carry Decap's MIT text, the same in each.
LICENCE_PACKAGE = "decap-cms-lib-auth"


def bundle_files(node_modules: Path = NODE_MODULES) -> dict[str, Path]:
    """Name in the package -> file in node_modules: the bundle, its licence comments, the chunks and wasm files it
    loads lazily, and the MIT licence. Not the source maps (60 MB) and not the second build (cms.js)."""
    dist = node_modules / PACKAGE / "dist"
    files = [dist / "decap-cms.js", dist / "decap-cms.js.LICENSE.txt", *sorted(dist.glob("*.decap-cms.js")),
             *sorted(dist.glob("*.wasm"))]
    return {f.name: f for f in files} | {"LICENSE": node_modules / LICENCE_PACKAGE / "LICENSE"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _npm_package(node_modules: Path, name: str) -> dict[str, str]:
    """Version and integrity of an installed npm package, as package-lock.json pins it (and as installed)."""
    lock = json.loads((node_modules.parent / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"][f"node_modules/{name}"]
    installed = json.loads((node_modules / name / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != locked["version"]:
        raise SystemExit(f"node_modules/{name} is {installed}, package-lock.json says {locked['version']}: run `npm ci`.")
    return {"package": name, "version": locked["version"], "integrity": locked["integrity"]}


def manifest(node_modules: Path = NODE_MODULES) -> dict[str, Any]:
    """What MANIFEST.json must say for the Decap in `node_modules` (which must be the version package.json pins)."""
    pinned = json.loads((node_modules.parent / "package.json").read_text(encoding="utf-8"))["devDependencies"][PACKAGE]
    decap = _npm_package(node_modules, PACKAGE)
    if decap["version"] != pinned:
        raise SystemExit(f"package.json pins {PACKAGE} {pinned}, package-lock.json has {decap['version']}: "
                         "run `npm install`, then this script.")
    return {
        **decap,
        "source": f"node_modules/{PACKAGE}/dist (written by scripts/vendor-decap.py; do not edit by hand)",
        "licence": {**_npm_package(node_modules, LICENCE_PACKAGE), "file": "LICENSE", "spdx": "MIT"},
        "files": {name: sha256(path) for name, path in bundle_files(node_modules).items()},
    }


REGISTRY = "https://registry.npmjs.org"


def _tarball(package: str, version: str, integrity: str, opener: Any = urllib.request.urlopen) -> tarfile.TarFile:
    """The npm tarball of package@version, refused unless its sha512 is the integrity package-lock.json pins."""
    url = f"{REGISTRY}/{package}/-/{package.rsplit('/', 1)[-1]}-{version}.tgz"
    with opener(url, timeout=120) as response:
        data = response.read()
    algorithm, _, expected = integrity.partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        raise SystemExit(f"{url}: integrity differs from MANIFEST.json ({integrity}); nothing written.")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")


def _from_node_modules(listed: dict[str, Any]) -> dict[str, bytes]:
    files = bundle_files()
    if not all(path.is_file() for path in files.values()):
        return {}
    try:
        same = manifest()["files"] == listed["files"]
    except (SystemExit, OSError, KeyError, ValueError):
        return {}
    return {name: files[name].read_bytes() for name in listed["files"]} if same else {}


def _from_registry(listed: dict[str, Any], opener: Any = urllib.request.urlopen) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    with _tarball(PACKAGE, listed["version"], listed["integrity"], opener) as bundle:
        for name in listed["files"]:
            if name != listed["licence"]["file"]:
                member = bundle.extractfile(f"package/dist/{name}")
                assert member is not None, name
                found[name] = member.read()
    licence = listed["licence"]
    with _tarball(licence["package"], licence["version"], licence["integrity"], opener) as package:
        member = package.extractfile("package/LICENSE")
        assert member is not None
        found[licence["file"]] = member.read()
    return found


def ensure(vendor: Path = VENDOR, opener: Any = urllib.request.urlopen) -> int:
    """Make `vendor` hold exactly the files MANIFEST.json lists; returns how many were written."""
    listed = json.loads((vendor / MANIFEST).read_text(encoding="utf-8"))
    wanted = listed["files"]
    missing = [name for name, digest in wanted.items()
               if not (vendor / name).is_file() or sha256(vendor / name) != digest]
    if not missing:
        return 0
    found = _from_node_modules(listed) or _from_registry(listed, opener)
    wrong = [name for name in missing if hashlib.sha256(found[name]).hexdigest() != wanted[name]]
    if wrong:
        raise SystemExit(f"{PACKAGE} {listed['version']}: {', '.join(wrong)} differ from MANIFEST.json; nothing written.")
    for name in missing:
        tmp = vendor / f".{name}.tmp"
        tmp.write_bytes(found[name])
        tmp.replace(vendor / name)
    return len(missing)


def update() -> None:
    """A new MANIFEST.json (and files) from node_modules, after `npm install` of another Decap version."""
    files = bundle_files()
    missing = [str(path.relative_to(ROOT)) for path in files.values() if not path.is_file()]
    if missing:
        sys.exit(f"Missing in node_modules (run `npm ci` first): {', '.join(missing)}")
    listed = manifest()
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    for name, source in files.items():
        shutil.copyfile(source, VENDOR / name)
    (VENDOR / MANIFEST).write_text(json.dumps(listed, indent=2) + "\n", encoding="utf-8")
    size = sum(path.stat().st_size for path in VENDOR.iterdir())
    print(f"{PACKAGE} {listed['version']}: {len(files)} files, {size / 1e6:.1f} MB in {VENDOR.relative_to(ROOT)}/")


def main() -> None:
    if "--update" in sys.argv[1:]:
        update()
    elif written := ensure():
        print(f"{PACKAGE}: {written} files written to {VENDOR.relative_to(ROOT)}/ (checked against {MANIFEST})")


if __name__ == "__main__":
    main()

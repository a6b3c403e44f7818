#!/usr/bin/env python3
"""Copies the Decap CMS bundle from node_modules into the package: kennisbank/vendor/decap-cms/.

The editors' form (/admin/) of every site serves these files, so a site builds with its form on a machine without
Node.js. The source is node_modules/decap-cms, installed by `npm ci`, which checked the package against the
integrity hash in package-lock.json. MANIFEST.json records the npm package, its version and integrity, and the
sha256 of every copied file. Never edit the copy by hand: tests/test_cms.py compares it byte for byte with
node_modules and with the manifest.

To move to another Decap version: change decap-cms in package.json, `npm install` (updates package-lock.json),
then `make vendor-decap` (this script) and `make test`.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
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


def main() -> None:
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


if __name__ == "__main__":
    main()

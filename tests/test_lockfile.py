"""requirements.lock, what make and CI install from: every package with its hashes, and the pins of pyproject.toml.

After changing a pin in pyproject.toml, `make lock` writes the lock again (README: "Afhankelijkheden bijwerken").
"""
from __future__ import annotations

import re
import tomllib

from conftest import ROOT

LOCK = ROOT / "requirements.lock"
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
_HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}\b")


def normalise(name: str) -> str:
    """A package name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_entries() -> dict[str, tuple[str, int]]:
    """Package -> (version, number of hashes), read from the lock's `name==version \\` and `--hash=` lines."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if entry := _ENTRY.match(line):
            current = normalise(entry.group(1))
            assert current not in entries, f"requirements.lock:{number}: {current} staat er twee keer in"
            entries[current] = (entry.group(2), 0)
        elif _HASH.match(line) and current is not None:
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
        else:
            raise AssertionError(f"requirements.lock:{number}: onverwachte regel {line!r} (alleen pins met hashes)")
    return entries


def pyproject_pins() -> dict[str, str]:
    """Every direct dependency (the project's and its test extra's), each pinned exactly."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        name, sep, version = requirement.partition("==")
        assert sep and re.fullmatch(r"[\w.+!-]+", version), f"pyproject.toml: '{requirement}' is niet exact vastgepind"
        pins[normalise(name)] = version
    return pins


def test_every_package_in_the_lock_has_a_hash():
    entries = lock_entries()
    assert len(entries) > len(pyproject_pins())  # the transitive packages are there too
    assert [name for name, (_, hashes) in entries.items() if hashes == 0] == []


def test_every_direct_dependency_is_in_the_lock_with_its_pinned_version():
    entries = lock_entries()
    for name, version in pyproject_pins().items():
        assert name in entries, f"{name} ontbreekt in requirements.lock: draai 'make lock'"
        assert entries[name][0] == version, (
            f"{name}: pyproject.toml pint {version}, requirements.lock heeft {entries[name][0]}: draai 'make lock'")

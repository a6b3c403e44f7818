"""`kennisbank check` keeps what it read in .cache/kennisbank/check/: the next check reads only changed files, and says
exactly what a check without the cache says -- every problem again, with its file and line."""
from __future__ import annotations

import os
import pickle
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import MINI
from test_golden_cases import CASES, build_case

from kennisbank.cli import main
from kennisbank.core.reading import filecache, loader
from kennisbank.core.reading.filecache import STORE, FileCache, check_cache
from kennisbank.core.reading.loader import load

DANGLING = "title: Los\nsummary: Noemt een thema dat niet bestaat.\nthemes: [bestaat-niet]\nevidence:\n" \
           "  - kind: literature\n    sources: [salem-2002]\n"
BROKEN = "title: [Kapot\n"
FILES = 14  # the mini knowledge base's 11 and these three
TODO = "title: Nog te doen\nsummary: TODO schrijf de samenvatting.\nthemes: [gedeelde-ambitie]\nevidence:\n" \
       "  - kind: expert\n    sources: [salem-2002]\n"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data files read from disk (not served from the cache), in order. The racy-file guard is off: the files of
    a test are seconds old at most (test_a_file_changed_just_now_is_not_kept covers it)."""
    monkeypatch.setattr(filecache, "RACY_NS", 0)
    found: list[str] = []
    real = loader.read_checked

    def counting(checked):  # type: ignore[no-untyped-def]
        found.append(Path(checked.real).name)
        return real(checked)

    monkeypatch.setattr(loader, "read_checked", counting)
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini knowledge base with an error in one file, a dangling reference and a TODO; no mkdocs.yml."""
    shutil.copytree(MINI, tmp_path / "data")
    (tmp_path / "data" / "elements" / "los.yaml").write_text(DANGLING, encoding="utf-8")
    (tmp_path / "data" / "elements" / "kapot.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "data" / "elements" / "nog-te-doen.yaml").write_text(TODO, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Exit code and output of `kennisbank check`, without the seconds it took."""
    code = main(["check", *args])
    out, err = capsys.readouterr()
    assert err == ""
    return code, re.sub(r" in \d+\.\d\d s\.", " in … s.", out)


def test_second_check_says_the_same_without_reading_a_file(project: Path, reads: list[str], capsys):
    first = check(capsys)
    assert first[0] == 1 and len(reads) == FILES
    assert "data/elements/kapot.yaml:2: fout: YAML-syntaxfout" in first[1]
    assert "data/elements/los.yaml:3: fout: element 'los': themes[0] noemt een onbekend thema 'bestaat-niet'." in first[1]
    assert "data/elements/nog-te-doen.yaml:2: waarschuwing: element 'nog-te-doen': 'summary' bevat nog 'TODO'" in first[1]
    assert (project / STORE).is_file()
    reads.clear()
    assert check(capsys) == first
    assert reads == []  # every file, the problems of the broken one too, came from the cache
    for args in (["--strict"], ["--format", "github"], ["--format", "github", "--strict"]):
        assert check(capsys, *args) == check(capsys, *args, "--no-cache")
    assert os.listdir(project / STORE.parent) == [STORE.name]  # no temporary files left


def test_output_equals_a_check_without_cache(tmp_path: Path, reads: list[str], capsys, monkeypatch):
    shutil.copytree(MINI, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    without = check(capsys, "--no-cache")
    assert not (tmp_path / ".cache").exists()
    assert check(capsys) == without  # writes the cache
    reads.clear()
    assert check(capsys) == without  # reads it
    assert reads == []
    assert without[1].endswith("9 records gelezen uit data in … s. 0 fouten, 12 waarschuwingen.\n")


def test_a_changed_file_is_read_again(project: Path, reads: list[str], capsys):
    check(capsys)
    theme = project / "data" / "themes" / "gedeelde-ambitie.yaml"
    los = project / "data" / "elements" / "los.yaml"
    stamp = los.stat().st_mtime_ns

    # the same size, a new time: the dangling reference is fixed (same length as 'bestaat-niet')
    los.write_text(DANGLING.replace("bestaat-niet", "gedeelde-amb"), encoding="utf-8")
    os.utime(los, ns=(stamp, stamp - 5_000_000_000))
    reads.clear()
    code, out = check(capsys)
    assert reads == ["los.yaml"]
    assert "noemt een onbekend thema 'gedeelde-amb'" in out and "bestaat-niet" not in out

    # the same time, another size
    los.write_text(DANGLING.replace("bestaat-niet", "heldere-organisatie"), encoding="utf-8")
    os.utime(los, ns=(stamp, stamp - 5_000_000_000))
    reads.clear()
    code, out = check(capsys)
    assert reads == ["los.yaml"] and "gedeelde-amb" not in out and "los.yaml" not in out

    # the same size and time, other bytes (a tool that restores the time): the change time gives it away
    before = theme.stat()
    theme.write_text(theme.read_text(encoding="utf-8").replace("title: ", "titel: ", 1), encoding="utf-8")
    os.utime(theme, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert theme.stat().st_size == before.st_size and theme.stat().st_mtime_ns == before.st_mtime_ns
    reads.clear()
    code, out = check(capsys)
    assert reads == ["gedeelde-ambitie.yaml"]
    assert "data/themes/gedeelde-ambitie.yaml:1: fout: thema 'gedeelde-ambitie': onbekend veld 'titel'" in out
    assert check(capsys) == check(capsys, "--no-cache")


def test_added_and_deleted_files_are_seen(project: Path, reads: list[str], capsys):
    check(capsys)
    (project / "data" / "elements" / "kapot.yaml").unlink()
    (project / "data" / "sources" / "salem-2002.yaml").unlink()  # cited by several elements
    (project / "data" / "themes" / "nieuw.yaml").write_text("title: Nieuw\nsummary: Een nieuw thema.\n", encoding="utf-8")
    reads.clear()
    code, out = check(capsys)
    assert reads == ["nieuw.yaml"]
    assert "kapot.yaml" not in out and "noemt een onbekende bron 'salem-2002'" in out
    assert check(capsys, "--no-cache") == (code, out)
    reads.clear()
    assert check(capsys) == (code, out) and reads == []
    stored = _stored(project)
    assert not any(name.endswith(("kapot.yaml", "salem-2002.yaml")) for name in stored)
    assert any(name.endswith("nieuw.yaml") for name in stored)


def test_an_attachment_is_checked_on_every_run(project: Path, reads: list[str], capsys):
    template = project / "data" / "templates" / "kennismaken.yaml"
    text = template.read_text(encoding="utf-8") + "attachment: templates/bijlagen/agenda.docx\n"
    template.write_text(text, encoding="utf-8")
    (project / "data" / "templates" / "bijlagen").mkdir()
    (project / "data" / "templates" / "bijlagen" / "agenda.docx").write_bytes(b"docx")
    code, out = check(capsys)
    assert "bijlage" not in out
    (project / "data" / "templates" / "bijlagen" / "agenda.docx").unlink()  # the template itself is unchanged
    reads.clear()
    code, out = check(capsys)
    assert reads == []
    assert f"kennismaken.yaml:{text.count(chr(10))}: fout: hulpmiddel 'kennismaken': de bijlage " \
           "'templates/bijlagen/agenda.docx' bestaat niet." in out
    assert check(capsys, "--no-cache") == (code, out)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "foreign-class"])
def test_a_damaged_cache_is_ignored(project: Path, reads: list[str], capsys, damage: str):
    first = check(capsys)
    store = project / STORE
    data = store.read_bytes()
    if damage == "garbage":
        store.write_bytes(b"\x80\x05 dit is geen cache" * 100)
    elif damage == "truncated":
        store.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":  # inside a pickled model or line table: the checksum catches it
        store.write_bytes(data[:-200] + bytes([data[-200] ^ 0xFF]) + data[-199:])
    elif damage == "empty":
        store.write_bytes(b"")
    else:  # a valid header and checksum around a pickle that would run code
        _write_store(store, filecache.cache_key(project), _Exploit())
    reads.clear()
    assert check(capsys) == first  # no traceback: check() asserts that stderr is empty
    assert len(reads) == FILES
    assert not (project / "pwned").exists()
    reads.clear()
    assert check(capsys) == first and reads == []  # and it was written anew


class _Exploit:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, ("touch pwned",))


def _write_store(store: Path, key: tuple, entries: object) -> None:
    body = pickle.dumps(entries, protocol=5)
    import zlib

    header = pickle.dumps((filecache.FORMAT, key, len(body), zlib.adler32(body)), protocol=5)
    store.write_bytes(filecache._MAGIC + len(header).to_bytes(4, "big") + header + body)


def test_a_cache_of_another_version_is_ignored(project: Path, reads: list[str], capsys, monkeypatch):
    first = check(capsys)
    monkeypatch.setattr(filecache, "_code_stamp", lambda: (("kennisbank/core/reading/loader.py", 1, 2),))
    reads.clear()
    assert check(capsys) == first and len(reads) == FILES
    monkeypatch.setattr(filecache, "FORMAT", filecache.FORMAT + 1)
    reads.clear()
    assert check(capsys) == first and len(reads) == FILES
    reads.clear()
    assert check(capsys) == first and reads == []


def test_the_code_stamp_covers_the_checks():
    files = {name for name, _, _ in filecache._code_stamp()}
    for module in ("core/reading/loader.py", "core/reading/yamlsafe.py", "core/reading/html_in_text.py",
                   "core/render/sanitize.py", "core/model/records.py"):
        assert os.path.join(*module.split("/")) in files


def test_a_file_changed_just_now_is_not_kept(project: Path, capsys, monkeypatch):
    main(["check"])  # the files of the fixture were written just now
    capsys.readouterr()
    assert _stored(project) == {}
    monkeypatch.setattr(filecache, "RACY_NS", 0)
    main(["check"])
    capsys.readouterr()
    assert len(_stored(project)) == FILES


def test_a_knowledge_base_from_the_cache_equals_a_fresh_one(project: Path, reads: list[str]):
    """The cache keeps no record models: a record is validated again from its file when first looked up (a check
    only counts them). The taxonomy and glossary come pickled from the cache."""
    fresh = load(["data"], root=project)
    cold = check_cache(project)
    load(["data"], root=project, cache=cold)
    cold.save()
    reads.clear()
    warm = load(["data"], root=project, cache=check_cache(project))
    assert reads == [] and warm.problems == fresh.problems
    assert warm.kb is not None and fresh.kb is not None and warm.kb.count == fresh.kb.count
    assert warm.kb.taxonomy == fresh.kb.taxonomy and warm.kb.glossary == fresh.kb.glossary
    assert dict(warm.kb.referrers) == dict(fresh.kb.referrers) and warm.kb.evidence_counts == fresh.kb.evidence_counts
    assert reads == []
    for kind, records in fresh.kb.records.items():
        assert list(warm.kb.records[kind]) == list(records)
        for record_id, record in records.items():
            cached = warm.kb.records[kind][record_id]
            assert type(cached) is type(record) and cached == record
            assert cached.model_dump() == record.model_dump() and cached.model_fields_set == record.model_fields_set
            assert dict(warm.kb.origins[(kind, record_id)].lines) == dict(fresh.kb.origins[(kind, record_id)].lines)
    assert sorted(reads) == sorted(p.name for p in (project / "data").glob("*/*.yaml") if p.stem not in ("kapot",))
    reads.clear()
    assert warm.kb.get("element", "los") == fresh.kb.get("element", "los") and reads == []  # once

    later = load(["data"], root=project, cache=check_cache(project))
    (project / "data" / "elements" / "los.yaml").write_text(DANGLING + "keywords: [x]\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="los.yaml changed after it was checked"):
        later.kb.get("element", "los")  # type: ignore[union-attr]


def test_the_in_memory_cache_of_mkdocs_serve_sees_changes(project: Path, reads: list[str]):
    cache = FileCache()
    first = load(["data"], root=project, cache=cache)
    reads.clear()
    assert load(["data"], root=project, cache=cache).problems == first.problems and reads == []
    los = project / "data" / "elements" / "los.yaml"
    los.write_text(DANGLING.replace("bestaat-niet", "gedeelde-amb"), encoding="utf-8")
    assert "gedeelde-amb" in str(load(["data"], root=project, cache=cache).problems) and reads == ["los.yaml"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_golden_case_reads_the_same_from_the_cache(path: Path, tmp_path: Path, reads: list[str]):
    """What tests/cases/ expect, once more: a check from the cache reports exactly what a fresh one does."""
    build_case(yaml.safe_load(path.read_text(encoding="utf-8")), tmp_path)
    fresh = load(["data"], root=tmp_path)
    cold = check_cache(tmp_path)
    assert load(["data"], root=tmp_path, cache=cold).problems == fresh.problems
    cold.save()
    warm = load(["data"], root=tmp_path, cache=check_cache(tmp_path))
    assert warm.problems == fresh.problems
    assert (warm.kb.count if warm.kb else None) == (fresh.kb.count if fresh.kb else None)


def _stored(root: Path) -> dict:
    return filecache._read(root / STORE, filecache.cache_key(root))

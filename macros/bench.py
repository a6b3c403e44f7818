"""Benchmark: a synthetic knowledge base of N records, `kennisbank check`, full `mkdocs build`s and a plain floor.

    python -m macros.bench [--sizes 500,1000,5000] [--keep DIR] [--seed 7] [--edit-loop]

The plain floor is the Markdown our build made (captured by an extra hook in an untimed build), written as
ordinary .md files and built by mkdocs-material with the same theme settings and the same section-level nav,
but without our hooks and macros: what MkDocs costs anyway.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from macros.core.kinds import KINDS
from macros.core.textutil import slugify

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SHARE = {"theme": 0.05, "element": 0.60, "source": 0.15, "example": 0.10, "template": 0.10}
FOLDERS = {k.name: k.folder for k in KINDS}
NOUNS = ("netwerk deelnemer organisatie vraagstuk bijeenkomst ervaring praktijk begeleider doel ambitie vertrouwen kennis "
         "samenwerking gemeente zorgaanbieder jeugdhulp wijkteam cliënt professional leidinggevende regio afspraak rol "
         "verantwoordelijkheid eigenaarschap evaluatie opbrengst werkvorm casus reflectie dialoog beleid financiering tijd "
         "ruimte sfeer motivatie gelijkwaardigheid diversiteit openheid leervraag verbetering uitkomst onderzoek verslag "
         "planning agenda kerngroep partner initiatief borging").split()
ADJ = "gezamenlijke open veilige concrete praktische duidelijke regionale lokale nieuwe vaste kleine brede heldere".split()
WORDS = NOUNS + ADJ + ("bespreken delen leren onderzoeken verbinden ondersteunen organiseren verkennen afstemmen vastleggen "
                       "toepassen bouwen kiezen evalueren waarderen plannen uitnodigen").split()
GLUE = "de het een en van in met voor op bij door om dat zodat omdat samen vaak ook elke".split()
VERBS = "Zorg voor|Bespreek|Deel|Organiseer|Kies|Maak werk van|Leg vast|Verken|Ondersteun|Waardeer|Plan|Evalueer".split("|")
FAMILIES = "de Vries|Jansen|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Dijk|Dekker".split("|")

# Written into a generated project (never into the repository): records every page's final Markdown and every
# generated or static file of one untimed build into plain/docs/. Priority -100: after our hooks and the macros.
CAPTURE = '''from pathlib import Path
import yaml
from mkdocs.plugins import event_priority
OUT = Path(__file__).resolve().parent / "plain" / "docs"

def _out(uri):
    (OUT / uri).parent.mkdir(parents=True, exist_ok=True)
    return OUT / uri

@event_priority(-100)
def on_files(files, config):
    docs = Path(config.docs_dir).resolve()
    for f in files:
        if not f.is_documentation_page() and (f.generated_by or Path(f.abs_src_path).resolve().is_relative_to(docs)):
            _out(f.src_uri).write_bytes(f.content_bytes)
    return files

@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    meta = ("---\\n" + yaml.safe_dump(dict(page.meta), allow_unicode=True) + "---\\n\\n") if page.meta else ""
    _out(page.file.src_uri).write_text(meta + markdown, encoding="utf-8")
    return markdown
'''


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # our reader refuses anchors and aliases
        return True


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


class Text:
    """Dutch-looking text from a fixed word list; deterministic for a given random.Random."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def sentence(self, lo: int = 8, hi: int = 16) -> str:
        words = [self.r.choice(WORDS) if self.r.random() < 0.6 else self.r.choice(GLUE) for _ in range(self.r.randint(lo, hi))]
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:  # about 60 words
        out: list[str] = []
        while sum(len(s.split()) for s in out) < 60:
            out.append(self.sentence())
        return " ".join(out)

    def body(self) -> str:
        paragraphs = [self.paragraph() for _ in range(self.r.randint(3, 6))]
        return "\n\n".join(["**Waarom?** " + paragraphs[0], "**Hoe?** " + paragraphs[1], *paragraphs[2:]]) + "\n"

    def title(self, kind: str) -> str:
        first, second, third = self.r.sample(NOUNS, 3)
        adj = self.r.choice(ADJ)
        if kind == "element":
            return f"{self.r.choice(VERBS)} een {adj} {first}"
        return f"{adj.capitalize()} {first}" if kind == "theme" else f"{first.capitalize()} en {second} in de {third}"


def counts_for(n: int) -> dict[str, int]:
    counts = {kind: max(1, round(n * share)) for kind, share in SHARE.items()}
    return {**counts, "theme": max(3, counts["theme"])}


def generate(folder: Path, n: int, seed: int) -> dict[str, int]:
    """Write a valid synthetic knowledge base of about `n` records to folder/data/; returns records per kind."""
    rng, counts = random.Random(seed), counts_for(n)
    tx = Text(rng)
    data = Path(folder) / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "taxonomy.yaml", data / "taxonomy.yaml")
    if (ROOT / "data" / "glossary.yaml").is_file():  # the glossary adds explanations to every page: part of the cost
        shutil.copy(ROOT / "data" / "glossary.yaml", data / "glossary.yaml")
    taxonomy = yaml.safe_load((data / "taxonomy.yaml").read_text(encoding="utf-8"))
    phases, steps = [p["id"] for p in taxonomy["phases"]], [s["id"] for s in taxonomy.get("steps") or []]
    sectors = [s["id"] for s in taxonomy.get("sectors") or []]
    titles = {kind: [tx.title(kind) for _ in range(c)] for kind, c in counts.items()}
    ids = {kind: [f"{slugify(t)}-{i + 1}" for i, t in enumerate(ts)] for kind, ts in titles.items()}

    def some(pool: list[str], lo: int, hi: int) -> list[str]:
        return rng.sample(pool, min(len(pool), rng.randint(lo, hi)))

    def item() -> Any:
        kind = rng.choice([None, "check", "question", "field", "step"])
        return tx.sentence(4, 10) if kind is None else {"text": tx.sentence(4, 10), "type": kind}

    def record(kind: str, i: int) -> dict[str, Any]:
        old = rng.random() < 0.05  # a few records are due for review, as in a real knowledge base
        reviewed = dt.date(2022 if old else 2025, 1, 1) + dt.timedelta(days=rng.randint(0, 600))
        rec: dict[str, Any] = {"title": titles[kind][i], "summary": " ".join(tx.sentence() for _ in range(rng.randint(1, 2))),
                               "body": tx.body(), "keywords": [rng.choice(NOUNS) for _ in range(rng.randint(0, 4))],
                               "reviewed": reviewed.isoformat()}
        if kind == "theme":
            rec.update(phases=some(phases, 1, 2), steps=some(steps, 0, 2), order=(i + 1) * 10)
        elif kind == "element":
            cited = [ids["source"][i]] if i < counts["source"] else []  # so every source is cited at least once
            k = max(len(cited), rng.randint(0, 3))
            cited += [s for s in some(ids["source"], k, k) if s not in cited][:k - len(cited)]
            evidence: list[dict[str, Any]] = [{"kind": "literature", "sources": cited, "note": tx.sentence()}] if cited else []
            evidence.append({"kind": "expert", "note": tx.sentence()})
            rec.update(themes=some(ids["theme"], 1, 3), phases=some(phases, 0, 2), steps=some(steps, 0, 2), evidence=evidence)
        elif kind == "source":
            del rec["body"]
            authors = [{"family": rng.choice(FAMILIES), "given": f"{rng.choice('ABCDEHJKLMPRSTW')}."} for _ in range(rng.randint(1, 3))]
            rec.update(type=rng.choice(["article", "book", "report", "webpage"]), authors=authors, year=rng.randint(1995, 2024),
                       container=f"Tijdschrift voor {rng.choice(NOUNS)}", publisher=rng.choice(["Movisie", "NJi", "Vilans", "ZonMw"]),
                       url=f"https://example.org/bron/{ids[kind][i]}")
        elif kind == "example":
            rec.update(organisation=f"Netwerk {rng.choice(NOUNS)} {rng.choice(['Noord', 'Oost', 'Zuid', 'West'])}",
                       **({"sector": rng.choice(sectors)} if sectors else {}), elements=some(ids["element"], 2, 5),
                       themes=some(ids["theme"], 1, 2), templates=some(ids["template"], 0, 1), phases=some(phases, 1, 2),
                       links=[{"title": "Verslag", "url": f"https://example.org/voorbeeld/{ids[kind][i]}"}])
        else:
            rec.update(kind=rng.choice(["checklist", "agenda", "method", "evaluation"]), phases=some(phases, 1, 2),
                       steps=some(steps, 0, 2), elements=some(ids["element"], 1, 4), duration=f"{rng.choice([30, 60, 90])} minuten",
                       group_size=f"{rng.randint(4, 8)} tot {rng.randint(10, 20)}",
                       sections=[{"title": tx.title("theme"), "intro": tx.sentence(), "items": [item() for _ in range(rng.randint(4, 8))]}
                                 for _ in range(3)])
        return rec

    for kind, count in counts.items():
        (data / FOLDERS[kind]).mkdir(exist_ok=True)
        for i in range(count):
            text = yaml.dump(record(kind, i), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
            (data / FOLDERS[kind] / f"{ids[kind][i]}.yaml").write_text(
                f"# yaml-language-server: $schema=../../schema/{kind}.json\n{text}", encoding="utf-8")
    return counts


def make_project(project: Path, n: int, seed: int) -> dict[str, int]:
    """As tests/conftest.py: copied docs with a stub intro page, symlinked macros and overrides, our mkdocs.yml."""
    counts = generate(project, n, seed)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("lerend-netwerk"))
    (project / "docs" / "lerend-netwerk").mkdir()
    (project / "docs" / "lerend-netwerk" / "index.md").write_text("# Wat is een lerend netwerk?\n", encoding="utf-8")
    for shared in ("macros", "overrides"):
        os.symlink(ROOT / shared, project / shared)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return counts


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return [page for item in items for page in _nav_pages(item)]


def make_plain(project: Path) -> Path:
    """project/plain: the captured Markdown and files, with our config minus hooks, macros and watch."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "bench_capture.py").write_text(CAPTURE, encoding="utf-8")
    capture = {"INHERIT": "mkdocs.yml", "hooks": [*config.get("hooks", []), "bench_capture.py"]}
    (project / "mkdocs-capture.yml").write_text(yaml.safe_dump(capture), encoding="utf-8")
    run([str(BIN / "mkdocs"), "build", "-f", "mkdocs-capture.yml", "-d", str(project / "plain" / "capture-site")], project)
    shutil.rmtree(project / "plain" / "capture-site")
    os.symlink(ROOT / "overrides", project / "plain" / "overrides")
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["plugins"] = [p for p in config["plugins"] if p != "macros" and not (isinstance(p, dict) and "macros" in p)]
    (config.get("extra") or {}).pop("kennisbank", None)
    config["not_in_nav"] = "\n".join(["*.md", *(f"!/{page}" for page in _nav_pages(config.get("nav")))])  # as our hooks do
    (project / "plain" / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project / "plain"


def run(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (largest single process of the child's tree, via wait4) and the log."""
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=log, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} faalde ({proc.returncode}):\n{text[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, text


def measure(project: Path, n: int, seed: int) -> dict[str, Any]:
    records = sum(make_project(project, n, seed).values())
    check_s, _, log = run([str(BIN / "kennisbank"), "check", "--data", "data"], project)
    if "Geen problemen gevonden." not in log:
        raise SystemExit(f"kennisbank check is niet schoon:\n{log[-3000:]}")
    internal = re.search(r" in ([0-9.]+) s\.", log)
    build = [str(BIN / "mkdocs"), "build", "--clean"]
    cold_s, peak, _ = run(build, project)   # empty download cache, as on a fresh checkout
    warm_s, warm_peak, _ = run(build, project)  # the same build again: documents come from .cache/
    site = project / "site"
    pages = [p.stat().st_size / 1e3 for p in (site / "werkzame-elementen").glob("*/index.html")]
    plain_s, _, _ = run(build, make_plain(project))
    return {"n": n, "records": records, "check": check_s, "load": float(internal.group(1)) if internal else float("nan"),
            "cold": cold_s, "warm": warm_s, "per": warm_s / records, "peak": peak, "warm_peak": warm_peak,
            "site": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, "page": statistics.median(pages),
            "search": (site / "search" / "search_index.json").stat().st_size / 1e6, "plain": plain_s}


def edit_loop(project: Path, limit: float = 120.0) -> float:
    """Seconds from saving a changed element title until `mkdocs serve` shows it (loopback only, bounded)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    element = sorted((project / "data" / "elements").glob("*.yaml"))[0]
    url = f"http://127.0.0.1:{port}/werkzame-elementen/{element.stem}/"

    def wait_for(text: str, seconds: float) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < seconds and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if text in response.read().decode("utf-8"):
                        return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"'{text}' verscheen niet binnen {seconds:.0f} s op {url} (server: {server.poll()})")

    try:
        wait_for("</html>", 600.0)  # the first build
        new = f"Nieuwe titel {int(time.time())}"
        source = element.read_text(encoding="utf-8")
        element.write_text(re.sub(r"(?m)^title: .*$", f"title: {new}", source, count=1), encoding="utf-8")
        return wait_for(new, limit)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def report(rows: list[dict[str, Any]]) -> None:
    head = "records|check s|(intern)|build koud s|build warm s|ms/record (warm)|peak MB koud/warm|site MB|page KB|search MB|plain s|koud/plain|warm/plain"
    print("| " + " | ".join(head.split("|")) + " |\n|" + "---|" * len(head.split("|")))
    for r in rows:
        print(f"| {r['records']} | {r['check']:.2f} | {r['load']:.2f} | {r['cold']:.1f} | {r['warm']:.1f} | {r['per'] * 1000:.1f} "
              f"| {r['peak']:.0f}/{r['warm_peak']:.0f} | {r['site']:.1f} | {r['page']:.1f} | {r['search']:.2f} | {r['plain']:.1f} "
              f"| {r['cold'] / r['plain']:.2f} | {r['warm'] / r['plain']:.2f} |")

    def target(text: str, value: float, limit: float, unit: str = "×") -> None:
        print(f"{'PASS' if value <= limit else 'MISS'}  {text} ≤ {limit:g}{unit}: {value:.2f}{unit}")

    print()
    big = [r for r in rows if r["n"] >= 5000]
    if not big:
        print("(de doelen voor build- en checktijd gelden voor 5000 records: niet gemeten)")
    for r in big:
        target(f"build koud (lege downloadcache), {r['records']} records", r["cold"], 60, " s")
        target(f"build warm (downloads uit cache), {r['records']} records", r["warm"], 60, " s")
        target(f"kennisbank check (wall, intern {r['load']:.2f} s), {r['records']} records", r["check"], 2, " s")
    small, large = rows[0], rows[-1]
    target(f"s/record (warm) bij {large['records']} / bij {small['records']}", large["per"] / small["per"], 1.25)
    target(f"s/record (koud) bij {large['records']} / bij {small['records']}",
           (large["cold"] / large["records"]) / (small["cold"] / small["records"]), 1.25)
    target(f"mediane recordpagina bij {large['records']} / bij {small['records']}", large["page"] / small["page"], 1.1)
    for r in rows:
        target(f"build warm / kale MkDocs bij {r['records']} records", r["warm"] / r["plain"], 1.2)
        target(f"build koud / kale MkDocs bij {r['records']} records", r["cold"] / r["plain"], 1.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.bench", description="Meet check en build voor N synthetische records.")
    parser.add_argument("--sizes", default="500,1000,5000", help="aantallen records, komma-gescheiden")
    parser.add_argument("--keep", help="bewaar de gegenereerde projecten in deze map")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edit-loop", action="store_true", help="meet ook opslaan → zichtbaar in mkdocs serve (N=1000)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kb-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        rows = []
        for n in sizes:
            print(f"N={n}: genereren, check, build koud en warm, kale build …", file=sys.stderr, flush=True)
            rows.append(measure(base / f"n{n}", n, args.seed))
        report(rows)
        if args.edit_loop:
            project = base / "n1000"
            if not project.is_dir():
                make_project(project, 1000, args.seed)
            print(f"\nedit-loop (N=1000, mkdocs serve): {edit_loop(project):.1f} s van opslaan tot zichtbaar", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

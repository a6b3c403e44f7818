"""Benchmark: `python -m kennisbank.bench [--sizes 500,1000,5000] [--keep DIR] [--seed 7] [--edit-loop] [--no-glossary]`.

Per N: a synthetic knowledge base, `kennisbank check`, `mkdocs build` with an empty and a filled download cache, and
the plain floor: the Markdown our build made, as ordinary files, built by mkdocs-material with the same theme and nav
but without our hooks and macros (what MkDocs costs anyway)."""
from __future__ import annotations

import argparse
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
from mkdocs.utils.yaml import yaml_load

from kennisbank.adapter.plugin import SCRIPTS, STYLES, THEME_DIR
from kennisbank.core.model.kinds import BY_NAME
from kennisbank.core.model.source_types import SOURCE_TYPES
from kennisbank.core.textutil import slugify

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SHARE = {"theme": 0.05, "element": 0.60, "source": 0.15, "example": 0.10, "template": 0.10}
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
NAMES = "de Vries|Jansen|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Dijk|Dekker".split("|")

# A hook for an untimed build of a generated project: every page's final Markdown and every file into plain/docs/.
CAPTURE = '''from pathlib import Path; import yaml; from mkdocs.plugins import event_priority
OUT = Path(__file__).resolve().parent / "plain" / "docs"
_out = lambda uri: (OUT / uri).parent.mkdir(parents=True, exist_ok=True) or OUT / uri
@event_priority(-100)
def on_files(files, config):
    for f in files:  # generated files, and static files of docs/ (the theme's own come with the theme)
        if not f.is_documentation_page() and (f.generated_by or Path(f.abs_src_path).is_relative_to(config.docs_dir)):
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


def generate(folder: Path, n: int, seed: int, glossary: bool = False, themes: int | None = None) -> dict[str, int]:
    """Write a valid synthetic knowledge base of about `n` records to folder/data/; returns records per kind.

    `themes`: that many themes instead of 5 % of the records (a real knowledge base has a handful, each with
    hundreds of elements at this size: what grows with a theme's size shows there)."""
    rng = random.Random(seed)
    counts = {kind: max(3 if kind == "theme" else 1, round(n * share)) for kind, share in SHARE.items()}
    if themes is not None:
        counts["theme"] = max(1, themes)

    def sentence(lo: int = 8, hi: int = 16) -> str:  # Dutch-looking, from the word lists
        return " ".join(rng.choice(WORDS if rng.random() < 0.6 else GLUE) for _ in range(rng.randint(lo, hi))).capitalize() + "."

    def title(kind: str) -> str:
        (first, second, third), adj = rng.sample(NOUNS, 3), rng.choice(ADJ)
        if kind == "element":
            return f"{rng.choice(VERBS)} een {adj} {first}"
        return f"{adj.capitalize()} {first}" if kind == "theme" else f"{first.capitalize()} en {second} in de {third}"

    (data := Path(folder) / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "taxonomy.yaml", data / "taxonomy.yaml")
    if glossary and (ROOT / "data" / "glossary.yaml").is_file():  # explanations on every page: part of the cost
        shutil.copy(ROOT / "data" / "glossary.yaml", data / "glossary.yaml")
    taxonomy = yaml.safe_load((data / "taxonomy.yaml").read_text(encoding="utf-8"))
    phases, steps = [p["id"] for p in taxonomy["phases"]], [s["id"] for s in taxonomy.get("steps") or []]
    sectors = [s["id"] for s in taxonomy.get("sectors") or []]
    titles = {kind: [title(kind) for _ in range(c)] for kind, c in counts.items()}
    ids = {kind: [f"{slugify(t)}-{i + 1}" for i, t in enumerate(ts)] for kind, ts in titles.items()}

    def some(pool: list[str], lo: int, hi: int) -> list[str]:
        return rng.sample(pool, min(len(pool), rng.randint(lo, hi)))

    def item() -> Any:
        kind = rng.choice([None, "check", "question", "field", "step"])
        return sentence(4, 10) if kind is None else {"text": sentence(4, 10), "type": kind}

    def record(kind: str, i: int) -> dict[str, Any]:
        year = 2022 if rng.random() < 0.05 else 2025  # a few records are due for review, as in a real knowledge base
        labels = ["**Waarom?** ", "**Hoe?** ", *[""] * rng.randint(1, 4)]  # 3 to 6 paragraphs of about 60 words
        summary = " ".join(sentence(6, 12) for _ in range(rng.randint(1, 2)))
        summary = summary if len(summary) <= 250 else summary[:250].rsplit(" ", 1)[0] + "."  # DOCX allows 255 characters
        rec: dict[str, Any] = {"title": titles[kind][i], "summary": summary,
                               "body": "\n\n".join(label + " ".join(sentence() for _ in range(5)) for label in labels) + "\n",
                               "keywords": [rng.choice(NOUNS) for _ in range(rng.randint(0, 4))],
                               "reviewed": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
        if kind == "theme":
            rec.update(phases=some(phases, 1, 2), steps=some(steps, 0, 2), order=(i + 1) * 10)
        elif kind == "element":
            cited = [ids["source"][i]] if i < counts["source"] else []  # so every source is cited at least once
            k = max(len(cited), rng.randint(0, 3))
            cited += [s for s in some(ids["source"], k, k) if s not in cited][:k - len(cited)]
            evidence: list[dict[str, Any]] = [{"kind": "literature", "sources": cited, "note": sentence()}] if cited else []
            # every entry names its document; the expert advice cites one without drawing on rng, so that the
            # generated records stay the same as in earlier benchmark runs
            evidence.append({"kind": "expert", "sources": [ids["source"][i % len(ids["source"])]], "note": sentence()})
            rec.update(themes=some(ids["theme"], 1, 3), phases=some(phases, 0, 2), steps=some(steps, 0, 2), evidence=evidence)
        elif kind == "source":
            del rec["body"]
            authors = [{"family": rng.choice(NAMES), "given": rng.choice("ABDEHJKLMPST") + "."} for _ in range(rng.randint(1, 3))]
            rec.update(type=rng.choice(["article", "book", "report", "webpage"]), authors=authors, year=rng.randint(1995, 2024),
                       container=f"Tijdschrift voor {rng.choice(NOUNS)}", publisher=rng.choice(["Movisie", "NJi", "Vilans"]),
                       url=f"https://example.org/bron/{ids[kind][i]}")
            for name in ("container", "publisher"):  # drawn for every type, so the random sequence stays the same
                if not SOURCE_TYPES[rec["type"]].shows(name):
                    del rec[name]
        elif kind == "example":
            rec.update(organisation=f"Netwerk {rng.choice(NOUNS)} {rng.choice(['Noord', 'Oost', 'Zuid', 'West'])}",
                       **({"sector": rng.choice(sectors)} if sectors else {}), elements=some(ids["element"], 2, 5),
                       themes=some(ids["theme"], 1, 2), templates=some(ids["template"], 0, 1), phases=some(phases, 1, 2),
                       links=[{"title": "Verslag", "url": f"https://example.org/voorbeeld/{ids[kind][i]}"}])
        else:
            rec.update(kind=rng.choice(["checklist", "agenda", "method", "evaluation"]), phases=some(phases, 1, 2),
                       steps=some(steps, 0, 2), elements=some(ids["element"], 1, 4), duration=f"{30 * rng.randint(1, 3)} minuten",
                       group_size=f"{rng.randint(4, 8)} tot {rng.randint(10, 20)}", sections=[
                           {"title": title("theme"), "intro": sentence(), "items": [item() for _ in range(rng.randint(4, 8))]}
                           for _ in range(3)])
        return rec

    for kind, count in counts.items():
        (data / BY_NAME[kind].folder).mkdir(exist_ok=True)
        for i in range(count):
            text = yaml.dump(record(kind, i), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
            (data / BY_NAME[kind].folder / f"{ids[kind][i]}.yaml").write_text(
                f"# yaml-language-server: $schema=../../schema/{kind}.json\n{text}", encoding="utf-8")
    return counts


def make_project(project: Path, n: int, seed: int, glossary: bool, themes: int | None = None) -> dict[str, int]:
    """As tests/conftest.py, but with all of docs/ (links to records of the shipped data only give warnings)."""
    counts = generate(project, n, seed, glossary, themes)
    shutil.copytree(ROOT / "docs", project / "docs")
    for shared in ("macros", "kennisbank", "overrides"):  # the site's macros and theme overrides; the generator
        os.symlink(ROOT / shared, project / shared)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return counts


def _nav_pages(nav: Any) -> list[str]:
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else []
    return [nav] if isinstance(nav, str) else [page for item in items for page in _nav_pages(item)]


def make_plain(project: Path) -> Path:
    """project/plain: the captured Markdown and files, with our config minus hooks, macros and watch."""
    config = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "bench_capture.py").write_text(CAPTURE, encoding="utf-8")
    capture = {"INHERIT": "mkdocs.yml", "hooks": ["bench_capture.py"]}  # runs after our plugin
    (project / "mkdocs-capture.yml").write_text(yaml.safe_dump(capture), encoding="utf-8")
    # same site as before, now also captured: every page's full Markdown, so not from the page cache (which hands
    # MkDocs an empty page to convert when it has the HTML already)
    run([str(BIN / "mkdocs"), "build", "-f", "mkdocs-capture.yml"], project, {"KENNISBANK_NO_CACHE": "1"})
    # the same templates, styles and scripts as ours, with the site's own overrides (logo, favicon) on top
    shutil.copytree(THEME_DIR, project / "plain" / "theme")
    shutil.copytree(project / "overrides", project / "plain" / "theme", dirs_exist_ok=True)
    config = {key: value for key, value in config.items() if key not in ("hooks", "watch")}
    config["theme"] = {**config["theme"], "custom_dir": "theme"}
    config["extra_css"] = [*STYLES, *config.get("extra_css", [])]
    config["extra_javascript"] = [*SCRIPTS, *config.get("extra_javascript", [])]
    config["plugins"] = [p for p in config["plugins"]
                         if not (p in ("macros", "kennisbank") or isinstance(p, dict) and ({"macros", "kennisbank"} & set(p)))]
    (config.get("extra") or {}).pop("kennisbank", None)
    config["not_in_nav"] = "\n".join(["*.md", *(f"!/{page}" for page in _nav_pages(config.get("nav")))])  # as our hooks do
    (project / "plain" / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project / "plain"


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS in MB (largest process) of the child and its children (wait4), and the log."""
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env={**ENV, **(env or {})}, stdout=log, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds, proc.returncode = time.perf_counter() - started, os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} faalde ({proc.returncode}):\n{text[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def measure(project: Path, n: int, seed: int, glossary: bool, themes: int | None = None) -> dict[str, Any]:
    print(f"N={n}: genereren, check, build koud en warm, kale build …", file=sys.stderr, flush=True)
    records = sum(make_project(project, n, seed, glossary, themes).values())
    check_s, _, _, log = run([str(BIN / "kennisbank"), "check", "--data", "data"], project)
    if "Geen problemen gevonden." not in log:
        raise SystemExit(f"kennisbank check is niet schoon:\n{log[-3000:]}")
    # -- check again, as an editor does after the first: unchanged files come from .cache/kennisbank/check/ --
    time.sleep(2.1)  # files written less than 2 s before a check are not kept (filecache.RACY_NS)
    run([str(BIN / "kennisbank"), "check", "--data", "data"], project)  # keeps the last files generated, too
    check_warm, _, _, _ = run([str(BIN / "kennisbank"), "check", "--data", "data"], project)
    build = [str(BIN / "mkdocs"), "build", "--clean"]
    cold, _, peak, _ = run(build, project)   # empty download cache, as on a fresh checkout
    warm, warm_cpu, warm_peak, _ = run(build, project)  # the same build again: documents and pages from .cache/
    element = min((project / "data" / "elements").glob("*.yaml"))  # one record edited, as an editor's pull request
    element.write_text(re.sub(r"(?m)^title: .*$", "title: Een gewijzigde titel", element.read_text("utf-8"), count=1),
                       "utf-8")
    edited, _, _, _ = run(build, project)
    site = project / "site"
    pages = [p.stat().st_size / 1e3 for p in (site / "werkzame-elementen").glob("*/index.html")]
    plain, plain_cpu, _, _ = run(build, make_plain(project))
    found = re.search(r" in ([0-9.]+) s\.", log)  # the time `kennisbank check` reports itself
    return {"n": n, "records": records, "check": check_s, "load": float(found[1]) if found else float("nan"),
            "check_warm": check_warm,  # the second check: unchanged files from the cache
            "cold": cold, "warm": warm, "edited": edited, "warm_cpu": warm_cpu, "peak": peak, "warm_peak": warm_peak,
            "loadavg": os.getloadavg()[0],
            "site": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, "page": statistics.median(pages),
            "search": (site / "search" / "search_index.json").stat().st_size / 1e6, "plain": plain, "plain_cpu": plain_cpu}


def edit_loop(project: Path, limit: float = 120.0, saves: int = 5) -> list[float]:
    """Seconds from saving a changed element title until `mkdocs serve` shows it, for each of `saves` saves a few
    seconds apart (loopback only, bounded)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    element = min((project / "data" / "elements").glob("*.yaml"))
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
            time.sleep(0.05)
        raise SystemExit(f"'{text}' verscheen niet binnen {seconds:.0f} s op {url} (server: {server.poll()})")

    try:
        wait_for("</html>", 600.0)  # the first build
        seconds = []
        for save in range(saves):
            time.sleep(3)  # the rebuild before is over, and so is writing its open data
            new = f"Nieuwe titel {int(time.time())}-{save}"
            element.write_text(re.sub(r"(?m)^title: .*$", f"title: {new}", element.read_text("utf-8"), count=1), "utf-8")
            seconds.append(wait_for(new, limit))
        return seconds
    finally:
        server.kill()  # the dev server holds no state worth a graceful stop
        server.wait()


COLUMNS = ("records", "check s", "(intern)", "check opnieuw s", "build koud s", "build warm s", "na 1 wijziging s",
           "ms/record warm", "CPU warm s", "peak MB koud/warm",
           "site MB", "page KB", "search MB", "plain s", "CPU plain s", "koud/plain", "warm/plain", "CPU warm/plain", "load")
ROW = ("| {records} | {check:.2f} | {load:.2f} | {check_warm:.2f} | {cold:.1f} | {warm:.1f} | {edited:.1f} | {ms:.1f} "
       "| {warm_cpu:.1f} "
       "| {peak:.0f}/{warm_peak:.0f} | {site:.1f} | {page:.1f} | {search:.2f} | {plain:.1f} | {plain_cpu:.1f} "
       "| {cold_ratio:.2f} | {warm_ratio:.2f} | {cpu_ratio:.2f} | {loadavg:.1f} |")


def report(rows: list[dict[str, Any]]) -> None:
    print("| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS))
    for r in rows:
        print(ROW.format(**r, ms=r["warm"] / r["records"] * 1000, cold_ratio=r["cold"] / r["plain"],
                         warm_ratio=r["warm"] / r["plain"], cpu_ratio=r["warm_cpu"] / r["plain_cpu"]))

    def target(text: str, value: float, limit: float, unit: str = "×") -> None:
        print(f"{'PASS' if value <= limit else 'MISS'}  {text} ≤ {limit:g}{unit}: {value:.2f}{unit}")

    big = [r for r in rows if r["n"] >= 5000]
    print("\n" + ("" if big else "(de doelen voor build- en checktijd gelden voor 5000 records: niet gemeten)"))
    for r in big:
        target(f"build koud (lege downloadcache), {r['records']} records", r["cold"], 60, " s")
        target(f"build warm, ongewijzigd (downloads en pagina's uit de cache), {r['records']} records", r["warm"], 20, " s")
        target(f"build na het wijzigen van één record, {r['records']} records", r["edited"], 20, " s")
        target(f"kennisbank check (wall, intern {r['load']:.2f} s), {r['records']} records", r["check"], 2, " s")
        target(f"kennisbank check opnieuw (wall, ongewijzigde bestanden uit de cache), {r['records']} records",
               r["check_warm"], 1, " s")
    small, large = rows[0], rows[-1]
    kinds = (("warm", "warm", "plain"), ("koud", "cold", "plain"), ("CPU warm", "warm_cpu", "plain_cpu"))
    for label, key, _ in kinds:
        target(f"s/record ({label}) bij {large['records']} / bij {small['records']}",
               large[key] / large["records"] / (small[key] / small["records"]), 1.25)
    target(f"mediane recordpagina bij {large['records']} / bij {small['records']}", large["page"] / small["page"], 1.1)
    for r in rows:
        for label, key, floor in kinds:
            target(f"build {label} / kale MkDocs bij {r['records']} records", r[key] / r[floor], 1.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kennisbank.bench", description="Meet check en build van de kennisbank.")
    parser.add_argument("--sizes", default="500,1000,5000", help="aantallen records, komma-gescheiden")
    parser.add_argument("--keep", help="bewaar de gegenereerde projecten in deze map")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--edit-loop", action="store_true", help="meet ook opslaan → zichtbaar in mkdocs serve (N=1000)")
    parser.add_argument("--no-glossary", action="store_true", help="zonder data/glossary.yaml van de repository")
    parser.add_argument("--themes", type=int, help="zoveel thema's in plaats van 5%% van de records (bijvoorbeeld 7)")
    args = parser.parse_args(argv)
    (base := Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kb-bench-"))).mkdir(parents=True, exist_ok=True)
    try:
        report([measure(base / f"n{n}", n, args.seed, not args.no_glossary, args.themes)
                for n in sorted(map(int, args.sizes.split(",")))])
        if args.edit_loop:
            project = base / "n1000"
            if not project.is_dir():
                make_project(project, 1000, args.seed, not args.no_glossary, args.themes)
            seconds = edit_loop(project)
            median = statistics.median(seconds)
            print(f"\nedit-loop (N=1000, mkdocs serve): {median:.2f} s van opslaan tot zichtbaar (mediaan van "
                  f"{len(seconds)} keer opslaan; {min(seconds):.2f}–{max(seconds):.2f} s)", flush=True)
            print(f"{'PASS' if median <= 1 else 'MISS'}  edit-loop ≤ 1 s: {median:.2f} s", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

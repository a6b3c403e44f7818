"""`kennisbank` command line: check the data, write the JSON Schema, start records, import literature.

One small function per subcommand; the work happens in kennisbank/core. Each imports what it needs itself, so that
`kennisbank check` starts without the renderer, the document writers and the importers."""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kennisbank.core.reading.problems import CommandError, summary_line
from kennisbank.core.settings import read_settings


def _check(args: argparse.Namespace) -> int:
    from kennisbank.core.reading.filecache import FileCache, check_cache
    from kennisbank.core.reading.loader import load

    started = time.perf_counter()
    settings = read_settings(Path(args.config))
    data_dirs = args.data or settings.data_dirs
    cache = FileCache() if args.no_cache else check_cache(settings.root)  # .cache/kennisbank/check/
    result = load(data_dirs, root=settings.root, cache=cache)
    problems = [p.strict() for p in result.problems] if args.strict else list(result.problems)
    for problem in problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    if args.format == "text":
        count = result.kb.count if result.kb else 0
        print(f"{count} records gelezen uit {', '.join(map(str, data_dirs))} in {time.perf_counter() - started:.2f} s. "
              f"{summary_line(problems)}")
    sys.stdout.flush()
    cache.save()
    return 1 if any(p.is_error for p in problems) else 0


def _schema(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.editor_schema import all_schemas, dump

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in all_schemas().items():
        (out / name).write_text(dump(schema), encoding="utf-8")
    print(f"JSON Schema geschreven naar {out}/")
    return 0


def _data_dirs(args: argparse.Namespace) -> tuple[Path, list[Path]]:
    """The project root and its data folders (--data, else mkdocs.yml); the first one is written to."""
    settings = read_settings(Path(args.config))
    return settings.root, [settings.root / d for d in (args.data or settings.data_dirs)]


def _new(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.scaffold import create_record, shown

    root, data_dirs = _data_dirs(args)
    path = create_record(args.kind, args.id, data_dirs, root)
    print(f"Geschreven: {shown(path, Path.cwd())}")
    print("Vul de velden met TODO in en controleer met 'kennisbank check'.")
    return 0


def _import_bib(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.bibimport import plan_import, write_planned
    from kennisbank.core.authoring.scaffold import shown

    root, data_dirs = _data_dirs(args)
    report = plan_import(Path(args.file), data_dirs, root, shown_name=args.file)
    if not args.dry_run:
        write_planned(report)
    for item in report.planned:
        verb = "zou schrijven" if args.dry_run else "geschreven"
        print(f"{verb}: {shown(item.path, Path.cwd())} ({item.entry.subject}, regel {item.entry.line})")
    for problem in report.problems:
        print(problem.format())
    done = "te importeren" if args.dry_run else "geïmporteerd"
    print(f"{len(report.planned)} van {report.items} items uit {args.file} ({report.format}) {done}, "
          f"{report.skipped} overgeslagen. {summary_line(report.problems)}")
    if args.dry_run:
        print("Proefdraai: er is niets geschreven.")
    elif report.planned:
        print("Volgende stap: vul bij elke nieuwe bron 'summary' in, noem haar bij de onderbouwing (evidence[].sources) "
              "van een element en controleer met 'kennisbank check'.")
    return 0 if report.ok else 1


def _links(args: argparse.Namespace) -> int:
    from kennisbank.core.outputs.site_links import check_links

    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"{site}/index.html bestaat niet. Bouw eerst de site: mkdocs build", file=sys.stderr)
        return 1
    broken = check_links(site, base_path=args.base_path, for_file_urls=args.file_urls)
    for link in broken:
        print(link.format())
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{pages} pagina's gecontroleerd: " + (f"{len(broken)} kapotte links." if broken else "alle interne links werken."))
    return 1 if broken else 0


def _init(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.project_init import init_project
    from kennisbank.core.textutil import os_reason

    target = Path(args.dir)
    try:
        written = init_project(target, language=args.language, organisation=args.name)
    except OSError as err:  # a folder one may not write in, a full disk: a message, not a traceback
        raise CommandError(f"de map {target} kan niet worden gemaakt of gevuld ({os_reason(err)}).",
                           fix="Kies een map waarin je mag schrijven.") from err
    print(f"Nieuwe kennisbank in {target}/ ({len(written)} bestanden). Verder:\n"
          f"  cd {target}\n  mkdocs serve --dirty     # bekijk de site op http://127.0.0.1:8000\n"
          f"  kennisbank new element <id>   # een eigen record\nZie {target}/README.md.")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from kennisbank.adapter.standalone import generate  # MkDocs is only imported for this command

    made = generate(Path(args.config), Path(args.dir))
    for notice in made.notices:
        print(notice)
    for field in made.replaced:
        print(f"waarschuwing: {field} -- als platte tekst overgenomen; zie 'kennisbank check'.")
    for page in made.sanitised:
        print(f"waarschuwing: {page} -- opgeschoond overgenomen (zonder inhoudsopgave); zie 'kennisbank check'.")
    print(f"Zelfstandig project in {args.dir}/: {made.pages} pagina's, {made.files} bestanden. Bouwen zonder de "
          f"kennisbank-plugin:\n  cd {args.dir}\n  mkdocs build --strict")
    return 0


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml met extra.kennisbank.data (standaard: mkdocs.yml)")
    parser.add_argument("--data", action="append", help="datamap (meerdere keren mogelijk); de eerste krijgt het nieuwe bestand")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kennisbank", description="Kennisbank Lerende Netwerken: data controleren en bouwen.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="controleer alle records en meld elk probleem met bestand en regel")
    check.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml met extra.kennisbank.data (standaard: mkdocs.yml)")
    check.add_argument("--data", action="append", help="datamap (meerdere keren mogelijk); overschrijft mkdocs.yml")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="'github' geeft annotaties voor GitHub Actions")
    check.add_argument("--strict", action="store_true",
                       help="tekst die nog geschreven moet worden (TODO) telt als fout, zoals bij het publiceren")
    check.add_argument("--no-cache", action="store_true",
                       help="lees elk bestand opnieuw; standaard worden ongewijzigde bestanden overgeslagen "
                            "(bijgehouden in .cache/kennisbank/check/)")
    check.set_defaults(func=_check)
    schema = sub.add_parser("schema", help="schrijf de JSON Schema-bestanden voor editors")
    schema.add_argument("--out", default="schema")
    schema.set_defaults(func=_schema)
    new = sub.add_parser("new", help="maak een nieuw record met uitleg bij elk veld")
    new.add_argument("kind", help="thema, element, bron, praktijkvoorbeeld of hulpmiddel (ook Engels: theme, source, …)")
    new.add_argument("id", help="de id en bestandsnaam: kleine letters, cijfers en koppeltekens")
    _data_options(new)
    new.set_defaults(func=_new)
    bib = sub.add_parser("import-bib", help="maak bronnen van een export uit Zotero (BibTeX, RIS of CSL JSON)")
    bib.add_argument("file", help="het exportbestand (.bib, .ris of .json)")
    bib.add_argument("--dry-run", action="store_true", help="laat zien wat er zou gebeuren, zonder iets te schrijven")
    _data_options(bib)
    bib.set_defaults(func=_import_bib)
    links = sub.add_parser("links", help="controleer de interne links van een gebouwde site")
    links.add_argument("site", nargs="?", default="site", help="de gebouwde map (standaard: site)")
    links.add_argument("--base-path", default="/", help="het subpad waaronder de site komt te staan, bijv. /kennisbank/")
    links.add_argument("--file-urls", action="store_true", help="voor een offline build die vanaf schijf (file://) wordt geopend")
    links.set_defaults(func=_links)
    init = sub.add_parser("init", help="maak een nieuwe, eigen kennisbank die meteen bouwt")
    init.add_argument("dir", help="de nieuwe (of lege) map")
    init.add_argument("--name", default="Mijn organisatie",
                      help="de naam van je organisatie (in titel, voettekst en licentie); elk teken mag, op één regel")
    init.add_argument("--language", choices=("nl", "en"), default="nl", help="taal van de site en de voorbeeldinhoud")
    init.set_defaults(func=_init)
    generate = sub.add_parser("generate", help="schrijf de hele site als zelfstandig MkDocs-project (zonder plugin)")
    generate.add_argument("dir", help="de nieuwe (of lege) map voor het project")
    generate.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml van de kennisbank (standaard: mkdocs.yml)")
    generate.set_defaults(func=_generate)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CommandError as err:
        print(err.format(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""`kennisbank` command line: check the data, write the JSON Schema, start records, import literature.

One small function per subcommand; the work happens in kennisbank/core. Each imports what it needs itself, so that
`kennisbank check` starts without the renderer, the document writers and the importers."""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kennisbank.core.i18n import both, say
from kennisbank.core.reading.problems import CommandError, summary_line
from kennisbank.core.settings import read_language, read_settings


def _say(language: str, nl: str, en: str, **values: object) -> str:
    """A line of output in the site's language (`say` templates)."""
    return say(nl, en, **values).text(language)


def _check(args: argparse.Namespace) -> int:
    from kennisbank.core.reading.filecache import FileCache, check_cache
    from kennisbank.core.reading.loader import load

    started = time.perf_counter()
    settings = read_settings(Path(args.config))
    data_dirs = args.data or settings.data_dirs
    cache = FileCache() if args.no_cache else check_cache(settings.root)  # .cache/kennisbank/check/
    result = load(data_dirs, root=settings.root, cache=cache)
    problems = [p.strict() for p in result.problems] if args.strict else list(result.problems)
    language = settings.language
    for problem in problems:
        print(problem.format_github(language) if args.format == "github" else problem.format(language))
    if args.format == "text":
        print(_say(language, "{count} records gelezen uit {dirs} in {seconds:.2f} s. {summary}",
                   "{count} records read from {dirs} in {seconds:.2f} s. {summary}",
                   count=result.kb.count if result.kb else 0, dirs=", ".join(map(str, data_dirs)),
                   seconds=time.perf_counter() - started, summary=summary_line(problems, language)))
    sys.stdout.flush()
    cache.save()
    return 1 if any(p.is_error for p in problems) else 0


def _schema(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.editor_schema import all_schemas, dump

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    language = read_language(Path("mkdocs.yml"))  # descriptions in the project's language
    for name, schema in all_schemas(language).items():
        (out / name).write_text(dump(schema), encoding="utf-8")
    print(_say(language, "JSON Schema geschreven naar {out}/", "JSON Schema written to {out}/",
               out=out))
    return 0


def _data_dirs(args: argparse.Namespace) -> tuple[Path, list[Path], str]:
    """The project root, its data folders (--data, else mkdocs.yml; the first one is written to) and its language."""
    settings = read_settings(Path(args.config))
    return settings.root, [settings.root / d for d in (args.data or settings.data_dirs)], settings.language


def _new(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.scaffold import create_record, shown

    root, data_dirs, language = _data_dirs(args)
    path = create_record(args.kind, args.id, data_dirs, root, language)
    print(_say(language, "Geschreven: {path}", "Written: {path}", path=shown(path, Path.cwd())))
    print(_say(language, "Vul de velden met TODO in en controleer met 'kennisbank check'.",
               "Fill in the fields that say TODO and check with 'kennisbank check'."))
    return 0


def _import_bib(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.bibimport import plan_import, write_planned
    from kennisbank.core.authoring.scaffold import shown

    root, data_dirs, language = _data_dirs(args)
    report = plan_import(Path(args.file), data_dirs, root, shown_name=args.file, language=language)
    if not args.dry_run:
        write_planned(report)
    for item in report.planned:
        verb = both("zou schrijven", "would write") if args.dry_run else both("geschreven", "written")
        print(_say(language, "{verb}: {path} ({subject}, regel {line})", "{verb}: {path} ({subject}, line {line})",
                   verb=verb, path=shown(item.path, Path.cwd()), subject=item.entry.subject, line=item.entry.line))
    for problem in report.problems:
        print(problem.format(language))
    done = both("te importeren", "to import") if args.dry_run else both("geïmporteerd", "imported")
    print(_say(language, "{planned} van {items} items uit {file} ({format}) {done}, {skipped} overgeslagen. {summary}",
               "{planned} of {items} items from {file} ({format}) {done}, {skipped} skipped. {summary}",
               planned=len(report.planned), items=report.items, file=args.file, format=report.format, done=done,
               skipped=report.skipped, summary=summary_line(report.problems, language)))
    if args.dry_run:
        print(_say(language, "Proefdraai: er is niets geschreven.", "Dry run: nothing was written."))
    elif report.planned:
        print(_say(language, "Volgende stap: vul bij elke nieuwe bron 'summary' in, noem haar bij de onderbouwing "
                             "(evidence[].sources) van een element en controleer met 'kennisbank check'.",
                   "Next step: fill in 'summary' for each new source, name it in the evidence (evidence[].sources) "
                   "of an element and check with 'kennisbank check'."))
    return 0 if report.ok else 1


def _links(args: argparse.Namespace) -> int:
    from kennisbank.core.outputs.site_links import check_links

    site = Path(args.site)
    language = _site_language(site)
    if not (site / "index.html").is_file():
        print(_say(language, "{site}/index.html bestaat niet. Bouw eerst de site: mkdocs build",
                   "{site}/index.html does not exist. Build the site first: mkdocs build", site=site), file=sys.stderr)
        return 1
    broken = check_links(site, base_path=args.base_path, for_file_urls=args.file_urls)
    for link in broken:
        print(link.format(language))
    pages = sum(1 for _ in site.rglob("*.html"))
    found = say("{count} kapotte links.", "{count} broken links.", count=len(broken)) if broken else \
        both("alle interne links werken.", "all internal links work.")
    print(_say(language, "{pages} pagina's gecontroleerd: {found}", "{pages} pages checked: {found}", pages=pages, found=found))
    return 1 if broken else 0


def _init(args: argparse.Namespace) -> int:
    from kennisbank.core.authoring.project_init import init_project
    from kennisbank.core.textutil import os_reason

    target = Path(args.dir)
    try:
        written = init_project(target, language=args.language, organisation=args.name)
    except OSError as err:  # a folder one may not write in, a full disk: a message, not a traceback
        raise CommandError(say("de map {target} kan niet worden gemaakt of gevuld ({reason}).",
                               "the folder {target} cannot be created or filled ({reason}).", target=target,
                               reason=os_reason(err)),
                           fix=both("Kies een map waarin je mag schrijven.", "Choose a folder you may write in.")) from err
    print(_say(args.language, "Nieuwe kennisbank in {target}/ ({count} bestanden). Verder:\n"
                              "  cd {target}\n  mkdocs serve --dirty     # bekijk de site op http://127.0.0.1:8000\n"
                              "  kennisbank new element <id>   # een eigen record\nZie {target}/README.md.",
               "New knowledge base in {target}/ ({count} files). Next:\n"
               "  cd {target}\n  mkdocs serve --dirty     # view the site at http://127.0.0.1:8000\n"
               "  kennisbank new element <id>   # a record of your own\nSee {target}/README.md.",
               target=target, count=len(written)))
    return 0


def _generate(args: argparse.Namespace) -> int:
    from kennisbank.adapter.standalone import generate  # MkDocs is only imported for this command

    made = generate(Path(args.config), Path(args.dir))
    language = made.language
    for notice in made.notices:
        print(notice)
    for field in made.replaced:
        print(_say(language, "waarschuwing: {field} -- als platte tekst overgenomen; zie 'kennisbank check'.",
                   "warning: {field} -- taken over as plain text; see 'kennisbank check'.", field=field))
    for page in made.sanitised:
        print(_say(language, "waarschuwing: {page} -- opgeschoond overgenomen (zonder inhoudsopgave); zie 'kennisbank check'.",
                   "warning: {page} -- taken over cleaned up (without a table of contents); see 'kennisbank check'.",
                   page=page))
    print(_say(language, "Zelfstandig project in {dir}/: {pages} pagina's, {files} bestanden. Bouwen zonder de "
                         "kennisbank-plugin:\n  cd {dir}\n  mkdocs build --strict",
               "Self-contained project in {dir}/: {pages} pages, {files} files. To build it without the "
               "kennisbank plugin:\n  cd {dir}\n  mkdocs build --strict", dir=args.dir, pages=made.pages, files=made.files))
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
        print(err.format(_language(args)), file=sys.stderr)
        return 1


def _language(args: argparse.Namespace) -> str:
    """The language to refuse a command in: `init`'s --language, else theme.language of the project's mkdocs.yml as
    far as it can be read (Dutch when it cannot)."""
    if args.command == "init":
        return str(args.language)
    return read_language(Path(getattr(args, "config", None) or "mkdocs.yml"))


def _site_language(site: Path) -> str:
    """The language of a built site (`<html lang>` of its index.html), else that of mkdocs.yml here."""
    try:
        with (site / "index.html").open(encoding="utf-8", errors="replace") as page:
            found = re.search(r"<html[^>]*\slang=[\"']?([A-Za-z-]+)", page.read(4096))
    except OSError:
        found = None
    return found.group(1) if found else read_language(Path("mkdocs.yml"))


if __name__ == "__main__":
    sys.exit(main())

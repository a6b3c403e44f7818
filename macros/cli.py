"""`kennisbank` command line: check the data, write the JSON Schema."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Sequence

from macros.core.jsonschema_export import all_schemas, dump
from macros.core.loader import load
from macros.core.problems import summary_line
from macros.core.settings import read_settings


def _check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    settings = read_settings(Path(args.config))
    data_dirs = args.data or settings.data_dirs
    result = load(data_dirs, root=settings.root)
    for problem in result.problems:
        print(problem.format_github() if args.format == "github" else problem.format())
    if args.format == "text":
        count = result.kb.count if result.kb else 0
        print(f"{count} records gelezen uit {', '.join(map(str, data_dirs))} in {time.perf_counter() - started:.2f} s. "
              f"{summary_line(result.problems)}")
    return 0 if result.ok else 1


def _schema(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in all_schemas().items():
        (out / name).write_text(dump(schema), encoding="utf-8")
    print(f"JSON Schema geschreven naar {out}/")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kennisbank", description="Kennisbank Lerende Netwerken: data controleren en bouwen.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="controleer alle records en meld elk probleem met bestand en regel")
    check.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml met extra.kennisbank.data (standaard: mkdocs.yml)")
    check.add_argument("--data", action="append", help="datamap (meerdere keren mogelijk); overschrijft mkdocs.yml")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="'github' geeft annotaties voor GitHub Actions")
    check.set_defaults(func=_check)
    schema = sub.add_parser("schema", help="schrijf de JSON Schema-bestanden voor editors")
    schema.add_argument("--out", default="schema")
    schema.set_defaults(func=_schema)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Try the site on Zensical (docs/onderhoud/sitegenerator.md): `kennisbank generate` writes a project without the
# plugin, MkDocs builds it as the reference, and Zensical -- the version the package registry serves today, in its
# own virtual environment -- builds the same project. Prints both page counts and the pages only one of them has.
# Run after the project is installed (kennisbank and mkdocs on the PATH). CI runs it as a job that may fail.
set -euo pipefail
work="${1:-$(mktemp -d)}"
kennisbank generate "$work/project"
(cd "$work/project" && mkdocs build --strict --site-dir "$work/mkdocs-site")
python3 -m venv "$work/zensical-venv"
"$work/zensical-venv/bin/pip" install --quiet --disable-pip-version-check zensical
echo "Zensical $("$work/zensical-venv/bin/pip" show zensical | sed -n 's/^Version: //p')"
(cd "$work/project" && "$work/zensical-venv/bin/zensical" build)
pages() { (cd "$1" && find . -name '*.html' | sort); }
echo "MkDocs: $(pages "$work/mkdocs-site" | wc -l) pagina's; Zensical: $(pages "$work/project/site" | wc -l) pagina's"
if ! diff <(pages "$work/mkdocs-site") <(pages "$work/project/site"); then
  echo "Zensical maakt andere pagina's dan MkDocs (hierboven: < alleen MkDocs, > alleen Zensical)."
  exit 1
fi
echo "Zensical maakt dezelfde pagina's als MkDocs."

#!/usr/bin/env bash
# Refresh the vendored Decap CMS (the editors' form at admin/) from node_modules.
#
#   1. change the version of "decap-cms" in package.json (exact, no ^ or ~)
#   2. npm install            (updates package-lock.json and node_modules)
#   3. scripts/vendor-decap.sh
#   4. make test              (tests/test_cms.py creates a record through the form in Chromium)
#
# The site build never runs npm: it serves these copied files from the site itself, so the admin
# loads nothing from a CDN. Only the minified bundle, its lazily loaded chunks and wasm files and the
# licences are copied; source maps are left out.
set -euo pipefail
cd "$(dirname "$0")/.."

src=node_modules/decap-cms/dist
dest=macros/theme/assets/vendor/decap-cms
[ -f "$src/decap-cms.js" ] || { echo "Niet gevonden: $src/decap-cms.js. Draai eerst 'npm ci'." >&2; exit 1; }
version=$(node -p 'require("./node_modules/decap-cms/package.json").version')

rm -rf "$dest"
mkdir -p "$dest"
# decap-cms.js loads its chunks (NNN.decap-cms.js, *.wasm) from its own folder at run time.
cp "$src"/decap-cms.js "$src"/*.decap-cms.js "$src"/*.wasm "$src"/decap-cms.js.LICENSE.txt "$dest"/
# The npm package ships no LICENSE file of its own; Decap's is MIT, the same text as its sub-packages.
cp node_modules/decap-cms-lib-auth/LICENSE "$dest"/LICENSE
cat > "$dest"/README.md <<EOF
# Decap CMS ${version} (gevendord)

Gekopieerd uit het npm-pakket \`decap-cms@${version}\` (\`node_modules/decap-cms/dist/\`) door
\`scripts/vendor-decap.sh\`; niet met de hand wijzigen. Licentie: MIT (\`LICENSE\`); licenties van de
meegebundelde pakketten: \`decap-cms.js.LICENSE.txt\`. Bron: https://github.com/decaporg/decap-cms

De site laadt deze bestanden vanaf de eigen host (\`admin/index.html\`), nooit van een CDN. Dit
README-bestand komt niet in de gebouwde site (MkDocs slaat readme-bestanden van het thema over).
EOF
echo "Decap CMS ${version} gekopieerd naar ${dest}/ ($(ls "$dest" | wc -l) bestanden, $(du -sh "$dest" | cut -f1))."

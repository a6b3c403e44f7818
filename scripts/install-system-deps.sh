#!/usr/bin/env bash
# System packages the build needs (pango and fonts for the PDF downloads), and with `test` also what the tests
# need (Chromium for the browser tests, nginx to test the shipped deploy/nginx configuration, hunspell with the Dutch
# dictionary for the spelling test tests/test_spelling.py).
# Installs them with apt-get on Debian/Ubuntu when missing; elsewhere, says what to install.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
[ "${1:-}" = "test" ] && packages+=(chromium nginx hunspell hunspell-nl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Installeer met je pakketbeheerder: Pango en een lettertype (bijv. DejaVu); voor de tests ook Chromium, nginx en hunspell met het Nederlandse woordenboek (nl_NL). Ontbreekt: ${missing[*]}" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Systeempakketten installeren: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

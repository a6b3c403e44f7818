#!/usr/bin/env bash
# System packages the build and the tests need: Chromium (browser tests), pango and fonts (PDF downloads).
# Installs them with apt-get on Debian/Ubuntu when missing; elsewhere, says what to install.
set -euo pipefail
packages=(chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Installeer met je pakketbeheerder: Chromium, Pango en een lettertype (bijv. DejaVu). Ontbreekt: ${missing[*]}" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Systeempakketten installeren: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

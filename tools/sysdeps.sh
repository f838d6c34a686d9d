#!/usr/bin/env bash
# Installs the system packages dxoffice needs on a Debian or Ubuntu machine, and nothing else:
# Python venv support, Node.js and npm (front-end packages), gettext (translations), Chromium and the
# Noto fonts (browser tests, Vietnamese glyphs), Pango (PDF documents). As root or with password-less
# sudo it runs apt-get; otherwise it stops at once and prints the exact command to run.
# `make run`, `make test` and .ci/run all call it through `make sysdeps`.
set -euo pipefail

missing=()
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
for pkg in fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "dxoffice needs these system packages: ${missing[*]}" >&2
  echo "Install them, then run make again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
echo "== installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

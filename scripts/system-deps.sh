#!/usr/bin/env bash
# Install the Debian packages the test suite, `make serve`, `make bench` and
# `make lighthouse` need, when they are missing: PostgreSQL 15 (throwaway test cluster),
# redis-server (cache tests), nginx (`make serve`'s proxy), wrk (load), chromium (browser
# tests, Lighthouse) and a Chinese font (fonts-wqy-microhei: the phone-layout tests measure
# real Chinese text; fonts-noto-cjk: screenshots as readers see them).
set -euo pipefail

missing=()
[ -x "${PGBIN:-/usr/lib/postgresql/15/bin}/initdb" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the packaged services; the project starts its own throwaway ones instead.
if [ "$(id -u)" = 0 ] && command -v service >/dev/null 2>&1; then
  service postgresql stop >/dev/null 2>&1 || true
  service redis-server stop >/dev/null 2>&1 || true
  service nginx stop >/dev/null 2>&1 || true
fi

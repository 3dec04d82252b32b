#!/usr/bin/env bash
# Prints the path of a promtool (for the metrics test's `promtool check metrics`): the one on PATH,
# else one taken from Debian's prometheus package into a cache outside the work tree. The package
# is downloaded and unpacked, never installed: no Prometheus server is set up or started.
# Idempotent: a cache hit costs nothing.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then command -v promtool; exit 0; fi
CACHE=${WEFT_PROMTOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/weft/promtool}
if [[ -x $CACHE/promtool ]]; then echo "$CACHE/promtool"; exit 0; fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || { echo "promtool.sh: apt-get and dpkg-deb are needed to fetch promtool (Debian's prometheus package)" >&2; exit 1; }
mkdir -p "$CACHE"
tmp=$(mktemp -d "$CACHE/.fetch.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
# _apt cannot write to a private temporary directory: let it
chmod 755 "$tmp"
(cd "$tmp" && apt-get download -qq prometheus 2>/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && apt-get download -qq prometheus; })
dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb | tar -x -C "$tmp" ./usr/bin/promtool
mv "$tmp/usr/bin/promtool" "$CACHE/promtool"
echo "promtool.sh: $("$CACHE/promtool" --version 2>&1 | head -1)" >&2
echo "$CACHE/promtool"

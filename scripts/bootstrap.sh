#!/usr/bin/env bash
# Installs what the product needs on a fresh machine, and nothing when it is all there:
# system packages (Java, Maven, PostgreSQL, optionally Chromium), pnpm, the
# workspace dependencies and the Kafka jars.
#   scripts/bootstrap.sh [--browser]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PNPM_VERSION="12.4.2"
say() { echo "[bootstrap] $*" >&2; }

APT_UPDATED=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "missing $* and no apt-get here: install it by hand"; exit 1
  fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ "$APT_UPDATED" = 0 ]; then $sudo apt-get update -qq >&2; APT_UPDATED=1; fi
  say "installing $* (apt)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

command -v java >/dev/null || apt_install openjdk-17-jre-headless
command -v mvn >/dev/null || apt_install maven
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
command -v flock >/dev/null || apt_install util-linux
# TimescaleDB: no registry carries it for this machine's PostgreSQL 15; a build kept beside the repo
# (../shared/timescaledb, or UB_TIMESCALEDB_DIR) is installed when present, so the TimescaleDB mode
# is tested on a real server. Without it the product runs in the plain mode (README "Database modes").
TIMESCALEDB_DIR="${UB_TIMESCALEDB_DIR:-$ROOT/../shared/timescaledb}"
if [ -x "$TIMESCALEDB_DIR/install.sh" ] && ! bash "$TIMESCALEDB_DIR/install.sh" --check >/dev/null 2>&1; then
  say "installing TimescaleDB from $TIMESCALEDB_DIR"
  if [ "$(id -u)" -ne 0 ]; then sudo bash "$TIMESCALEDB_DIR/install.sh" >&2; else bash "$TIMESCALEDB_DIR/install.sh" >&2; fi
elif [ -x "$TIMESCALEDB_DIR/install.sh" ]; then
  say "TimescaleDB from $TIMESCALEDB_DIR is installed"
fi
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
fi
# No system Chinese font: the web app bundles Noto Sans SC (web/src/styles/fonts.ts), and
# e2e/cjk-font.test.ts runs Chromium with no CJK font to keep it that way.

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >&2
fi

cd "$ROOT"
# Fast when node_modules already matches the lockfile.
pnpm install --frozen-lockfile --reporter=silent >&2
bash "$ROOT/scripts/stack/kafka.sh" install

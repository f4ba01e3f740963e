#!/usr/bin/env bash
# Starts (or reuses) the broker and database that integration tests run against,
# on their own data dir and ports so they never touch the `npm start` stack.
#   scripts/stack/dev-infra.sh up|down|env
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export UB_DATA_DIR="${UB_TEST_DATA_DIR:-$ROOT/.data/test}"
export KAFKA_PORT="${UB_TEST_KAFKA_PORT:-29092}"
export KAFKA_CONTROLLER_PORT="${UB_TEST_KAFKA_CONTROLLER_PORT:-29093}"
export PG_PORT="${UB_TEST_PG_PORT:-55433}"
mkdir -p "$UB_DATA_DIR"

print_env() {
  echo "export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  echo "export DATABASE_URL=$(bash "$ROOT/scripts/stack/postgres.sh" url)"
}

case "${1:-up}" in
  up)
    # One starter at a time: several test runs may ask at once.
    exec 9>"$UB_DATA_DIR/.infra.lock"
    flock 9
    bash "$ROOT/scripts/stack/postgres.sh" start >&2
    bash "$ROOT/scripts/stack/kafka.sh" start >&2
    if [ ! -f "$ROOT/services/common/dist/database/migrate.cli.js" ]; then
      (cd "$ROOT" && pnpm exec tsc -b services/common) >&2
    fi
    DATABASE_URL="$(bash "$ROOT/scripts/stack/postgres.sh" url)" node "$ROOT/services/common/dist/database/migrate.cli.js" >&2
    print_env
    ;;
  down)
    bash "$ROOT/scripts/stack/kafka.sh" stop >&2 || true
    bash "$ROOT/scripts/stack/postgres.sh" stop >&2 || true
    ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac

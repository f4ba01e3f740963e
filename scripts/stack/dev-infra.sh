#!/usr/bin/env bash
# Starts (or reuses) the broker and database server that integration tests run against,
# on their own data dir and ports so they never touch the `npm start` stack.
#   scripts/stack/dev-infra.sh up|down|env
#
# One PostgreSQL server (TimescaleDB preloaded when the machine has it), two databases:
#   urban_brain        DB_MODE=${UB_TEST_DB_MODE:-auto}: the TimescaleDB mode where the extension is
#                      installed (as `npm start` would choose), plain otherwise -> DATABASE_URL
#   urban_brain_plain  DB_MODE=plain on the same server: the extension installed but not used
#                      -> PLAIN_DATABASE_URL
# and TIMESCALEDB_DATABASE_URL (= DATABASE_URL) only when urban_brain is in the TimescaleDB mode.
# The servers the suite runs on are written to $UB_DATA_DIR/database-servers.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export UB_DATA_DIR="${UB_TEST_DATA_DIR:-$ROOT/.data/test}"
export KAFKA_PORT="${UB_TEST_KAFKA_PORT:-29092}"
export KAFKA_CONTROLLER_PORT="${UB_TEST_KAFKA_CONTROLLER_PORT:-29093}"
export PG_PORT="${UB_TEST_PG_PORT:-55433}"
export PG_EXTRA_DATABASES="urban_brain_plain"
mkdir -p "$UB_DATA_DIR"
SERVERS="$UB_DATA_DIR/database-servers.txt"
# The ports `up` chose when the defaults were held by someone else; `env` and `down` read them back.
PORTS_FILE="$UB_DATA_DIR/ports.env"
EXPLICIT_PORTS="${UB_TEST_KAFKA_PORT:-}${UB_TEST_KAFKA_CONTROLLER_PORT:-}${UB_TEST_PG_PORT:-}"
# shellcheck source=/dev/null
if [ -z "$EXPLICIT_PORTS" ] && [ -f "$PORTS_FILE" ]; then . "$PORTS_FILE"; fi

url() { bash "$ROOT/scripts/stack/postgres.sh" url "$@"; }

print_env() {
  echo "export KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"
  echo "export DATABASE_URL=$(url)"
  echo "export PLAIN_DATABASE_URL=$(url urban_brain_plain)"
  if grep -q '^urban_brain: timescaledb' "$SERVERS" 2>/dev/null; then
    echo "export TIMESCALEDB_DATABASE_URL=$(url)"
  else
    echo "unset TIMESCALEDB_DATABASE_URL"
  fi
}

# Migrates one database and records the mode line it printed ("Database mode: ...").
migrate() {
  local db=$1 mode=$2 line
  line=$(DATABASE_URL="$(url "$db")" DB_MODE="$mode" LOG_LEVEL=warn node "$ROOT/services/common/dist/database/migrate.cli.js" | sed -n 's/^Database mode: //p')
  echo "$db: $line" >>"$SERVERS.tmp"
}

case "${1:-up}" in
  up)
    # One starter at a time: several test runs may ask at once.
    exec 9>"$UB_DATA_DIR/.infra.lock"
    flock 9
    # Neither server of ours is up and a default port is held by another process (a server left over
    # from an earlier run, a developer's own): move all three ports together rather than fail the suite.
    if [ -z "$EXPLICIT_PORTS" ] \
      && ! bash "$ROOT/scripts/stack/postgres.sh" status >/dev/null 2>&1 \
      && ! bash "$ROOT/scripts/stack/kafka.sh" status >/dev/null 2>&1; then
      # shellcheck source=ports.sh
      . "$ROOT/scripts/stack/ports.sh"
      offset="$(free_port_offset "integration infrastructure" 300 10 29092 29093 55433)"
      export KAFKA_PORT=$((29092 + offset)) KAFKA_CONTROLLER_PORT=$((29093 + offset)) PG_PORT=$((55433 + offset))
      if [ "$offset" = 0 ]; then
        rm -f "$PORTS_FILE"
      else
        printf 'export KAFKA_PORT=%s KAFKA_CONTROLLER_PORT=%s PG_PORT=%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$PG_PORT" >"$PORTS_FILE"
      fi
    fi
    bash "$ROOT/scripts/stack/postgres.sh" start >&2
    bash "$ROOT/scripts/stack/kafka.sh" start >&2
    if [ ! -f "$ROOT/services/common/dist/database/migrate.cli.js" ]; then
      (cd "$ROOT" && pnpm exec tsc -b services/common) >&2
    fi
    rm -f "$SERVERS.tmp"
    migrate urban_brain "${UB_TEST_DB_MODE:-auto}"
    migrate urban_brain_plain plain
    mv "$SERVERS.tmp" "$SERVERS"
    sed 's/^/integration database /' "$SERVERS" >&2
    print_env
    ;;
  down)
    bash "$ROOT/scripts/stack/kafka.sh" stop >&2 || true
    bash "$ROOT/scripts/stack/postgres.sh" stop >&2 || true
    ;;
  env) print_env ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac

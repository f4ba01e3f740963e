#!/usr/bin/env bash
# Local PostgreSQL cluster for machines without Docker, run with the machine's PostgreSQL binaries
# (Debian: /usr/lib/postgresql/<major>/bin). TimescaleDB is preloaded when its library is installed;
# whether a database uses it is the migrations' DB_MODE decision (README "Database modes").
#
#   scripts/stack/postgres.sh start | stop | status | url [database]
#
# Environment:
#   UB_DATA_DIR        data folder (default <repo>/.data); the cluster lives in $UB_DATA_DIR/pg
#   PG_PORT            port on 127.0.0.1 (default 55432)
#   PG_BIN             optional folder holding initdb/pg_ctl/psql (default: newest Debian install)
#   PG_OS_USER         system user that runs the server when this script runs as root (default postgres)
#   PG_START_TIMEOUT   seconds pg_ctl waits for the server, crash recovery included (default 300)
#   PG_EXTRA_DATABASES space-separated databases to create beside urban_brain, owned by urban (tests)
#
# Layout: $UB_DATA_DIR/pg/data (cluster), pg/postgres.log (server log), pg/.s.PGSQL.<port> (socket).
# Auth is trust on 127.0.0.1 and the private socket only; the role urban/urban owns urban_brain.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
# shellcheck source=ports.sh
source "$SCRIPT_DIR/ports.sh"

PG_PORT=${PG_PORT:-55432}
PG_OS_USER=${PG_OS_USER:-postgres}
PG_START_TIMEOUT=${PG_START_TIMEOUT:-300}
PG_STOP_TIMEOUT=120
DB_NAME=urban_brain
DB_USER=urban
DB_PASSWORD=urban

log() { printf '%s\n' "$*" >&2; }
die() { log "postgres: error: $*"; exit 1; }

[[ $PG_PORT =~ ^[0-9]+$ ]] || die "PG_PORT must be a number, got '$PG_PORT'"
[[ $PG_START_TIMEOUT =~ ^[0-9]+$ ]] || die "PG_START_TIMEOUT must be a number, got '$PG_START_TIMEOUT'"

resolve_data_dir() {
  local dir=${UB_DATA_DIR:-$REPO_ROOT/.data}
  mkdir -p "$dir"
  DATA_DIR=$(cd "$dir" && pwd)
  PG_ROOT=$DATA_DIR/pg
  PGDATA_DIR=$PG_ROOT/data
  PG_LOG=$PG_ROOT/postgres.log
  mkdir -p "$PG_ROOT"
}

# Runs "$@" with every inherited descriptor above 2 closed, so the server never holds this
# script's lock or a caller's pipe (a caller reading our output would otherwise wait forever).
without_inherited_fds() {
  bash -c 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-"; done
    exec "$@"' ub-postgres "$@"
}

# PostgreSQL refuses to run as root: as root, every server-side command goes through PG_OS_USER,
# from / so an unreadable working directory does not matter.
if [[ $(id -u) == 0 ]]; then
  AS_ROOT=1
  as_pg() { (cd / && without_inherited_fds runuser -u "$PG_OS_USER" -- "$@"); }
else
  AS_ROOT=0
  as_pg() { without_inherited_fds "$@"; }
fi

check_os_user() {
  [[ $AS_ROOT == 1 ]] || return 0
  command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux) to start PostgreSQL as '$PG_OS_USER'"
  id "$PG_OS_USER" >/dev/null 2>&1 \
    || die "running as root needs the system user '$PG_OS_USER' (PostgreSQL refuses to run as root); create it or set PG_OS_USER"
}

# Picks the binaries: PG_BIN, else the version the cluster was created with, else the newest
# Debian install, else whatever is on PATH.
find_pg_bin() {
  local cluster_major="" candidate
  [[ -f $PGDATA_DIR/PG_VERSION ]] && cluster_major=$(<"$PGDATA_DIR/PG_VERSION")
  if [[ -z ${PG_BIN:-} ]]; then
    if [[ -n $cluster_major && -x /usr/lib/postgresql/$cluster_major/bin/pg_ctl ]]; then
      PG_BIN=/usr/lib/postgresql/$cluster_major/bin
    else
      candidate=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/pg_ctl' 2>/dev/null | sort -V | tail -n1)
      if [[ -n $candidate ]]; then
        PG_BIN=$(dirname "$candidate")
      elif command -v pg_ctl >/dev/null 2>&1; then
        PG_BIN=$(dirname "$(command -v pg_ctl)")
      else
        die "PostgreSQL binaries not found (apt-get install postgresql-15, or set PG_BIN)"
      fi
    fi
  fi
  [[ -x $PG_BIN/pg_ctl && -x $PG_BIN/initdb && -x $PG_BIN/psql ]] || die "PG_BIN=$PG_BIN lacks pg_ctl, initdb or psql"
  PG_MAJOR=$("$PG_BIN/pg_ctl" --version | sed -n 's/.*PostgreSQL) \([0-9]*\).*/\1/p')
  if [[ -n $cluster_major && $cluster_major != "$PG_MAJOR" ]]; then
    die "the cluster in $PGDATA_DIR was created by PostgreSQL $cluster_major but $PG_BIN is PostgreSQL $PG_MAJOR"
  fi
}

# As root the server user must be able to reach the data folder. A clone under /root (mode 700)
# is the usual snag: grant search-only permission (o+x, no listing) on the blocking folders.
ensure_pg_access() {
  [[ $AS_ROOT == 1 ]] || return 0
  chown "$PG_OS_USER": "$PG_ROOT"
  chmod 700 "$PG_ROOT"
  as_pg test -w "$PG_ROOT" -a -x "$PG_ROOT" && return 0
  local dir="" part parts
  IFS=/ read -r -a parts <<<"${DATA_DIR#/}"
  for part in "${parts[@]}"; do # from / downwards: a folder is only reachable once its parents are
    dir=$dir/$part
    if ! as_pg test -x "$dir"; then
      log "postgres: letting '$PG_OS_USER' pass through $(stat -c %A "$dir") $dir (chmod o+x) to reach $PG_ROOT"
      chmod o+x "$dir"
    fi
  done
  as_pg test -w "$PG_ROOT" -a -x "$PG_ROOT" \
    || die "the '$PG_OS_USER' user cannot write to $PG_ROOT; set UB_DATA_DIR to a folder it can reach"
}

take_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$PG_ROOT/postgres.sh.lock"
    flock 9
  fi
}

# True when $1 is the postmaster of this cluster (its command line names our data folder; the
# server's child processes rewrite theirs, so they never match).
is_our_postmaster() {
  [[ $1 =~ ^[0-9]+$ && -r /proc/$1/cmdline ]] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -qF -- " -D $PGDATA_DIR "
}

# Prints the postmaster's pid when this cluster's server is running: from postmaster.pid, else
# from a scan of /proc (the data folder was deleted or the pid file lost under a live server).
# With --clean-stale, a postmaster.pid whose pid is not this cluster's postmaster (a crash or a
# reboot left it, and the pid now belongs to another process) is removed so the server can start.
postmaster_pid() {
  local pidfile=$PGDATA_DIR/postmaster.pid pid file
  if [[ -f $pidfile ]]; then
    pid=$(head -n1 "$pidfile")
    if is_our_postmaster "$pid"; then
      echo "$pid"
      return 0
    fi
  fi
  while read -r file; do
    pid=${file#/proc/}
    pid=${pid%/cmdline}
    if is_our_postmaster "$pid"; then
      echo "$pid"
      return 0
    fi
  done < <(grep -lsaF -- "$PGDATA_DIR" /proc/[0-9]*/cmdline 2>/dev/null)
  if [[ -f $pidfile && ${1:-} == --clean-stale ]]; then
    pid=$(head -n1 "$pidfile")
    # A dead pid (a crashed or killed server) is left for PostgreSQL to judge: it starts over such
    # a file, but not while the dead server's backends still hold its shared memory (they exit
    # soon after the postmaster dies; the supervisor retries). Only a pid that another program now
    # holds (after a reboot) would block the start for good.
    [[ $pid =~ ^[0-9]+$ && ! -e /proc/$pid ]] && return 1
    log "postgres: removing stale $pidfile (pid $pid is not this cluster's server)"
    rm -f "$pidfile" "$PG_ROOT"/.s.PGSQL.*
  fi
  return 1
}

running_port() { sed -n '4p' "$PGDATA_DIR/postmaster.pid" 2>/dev/null; }

show_log_tail() {
  local file
  for file in "$@"; do
    [[ -s $file ]] || continue
    log "---- last lines of $file ----"
    tail -n 30 "$file" >&2
  done
  log "----"
}

init_cluster() {
  [[ -f $PGDATA_DIR/PG_VERSION ]] && return 0
  local tmp=$PG_ROOT/data.init
  log "postgres: initialising a PostgreSQL $PG_MAJOR cluster in $PGDATA_DIR"
  rm -rf "$tmp"
  if ! as_pg "$PG_BIN/initdb" -D "$tmp" --username=postgres --auth=trust --encoding=UTF8 --no-locale \
    --no-instructions >"$PG_ROOT/initdb.log" 2>&1; then
    show_log_tail "$PG_ROOT/initdb.log"
    rm -rf "$tmp"
    die "initdb failed"
  fi
  cat >"$tmp/pg_hba.conf" <<'EOF'
# Local stack only: the server listens on 127.0.0.1 and a socket inside its data folder.
# TYPE  DATABASE     USER  ADDRESS        METHOD
local   all          all                  trust
host    all          all   127.0.0.1/32   trust
local   replication  all                  trust
host    replication  all   127.0.0.1/32   trust
EOF
  printf "\n# Local-stack settings, rewritten on every start by scripts/stack/postgres.sh.\ninclude = 'urban_brain.conf'\n" \
    >>"$tmp/postgresql.conf"
  [[ $AS_ROOT == 1 ]] && chown "$PG_OS_USER": "$tmp/pg_hba.conf"
  mv "$tmp" "$PGDATA_DIR" # only a complete cluster ever sits at data/
}

sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

write_settings() {
  local socket_dir=$PG_ROOT wal_compression=on preload="" pkglibdir conf=$PGDATA_DIR/urban_brain.conf
  # Unix socket paths are limited to 107 bytes; past that, TCP only (pg_ctl does not need it).
  if (( ${#socket_dir} + 20 > 107 )); then
    log "postgres: data folder path too long for a unix socket; TCP on 127.0.0.1 only"
    socket_dir=""
  fi
  if [[ -x $PG_BIN/pg_config ]]; then
    "$PG_BIN/pg_config" --configure 2>/dev/null | grep -q -- '--with-lz4' && wal_compression=lz4
    pkglibdir=$("$PG_BIN/pg_config" --pkglibdir 2>/dev/null || true)
    [[ -n $pkglibdir && -f $pkglibdir/timescaledb.so ]] && preload=timescaledb
  fi
  cat >"$conf.tmp" <<EOF
# Written by scripts/stack/postgres.sh on every start: edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = $(sql_quote "$socket_dir")
max_connections = 200

# Memory for a 2-core, 24 GiB machine that may run a second (test) stack beside this one.
shared_buffers = 1GB
effective_cache_size = 8GB
work_mem = 32MB
maintenance_work_mem = 512MB

# Bulk COPY ingest: big WAL buffers, few checkpoints, compressed full-page images.
wal_buffers = 64MB
wal_compression = $wal_compression
max_wal_size = 4GB
min_wal_size = 1GB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9

# Durability stays on: a committed batch (and its Kafka offset) must survive a crash.
fsync = on
synchronous_commit = on
full_page_writes = on

# Planner and workers for local SSDs and 2 cores; JIT costs more than it saves on short queries.
random_page_cost = 1.1
effective_io_concurrency = 200
max_worker_processes = 16
max_parallel_workers_per_gather = 1
max_parallel_maintenance_workers = 1
jit = off

timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_checkpoints = on
log_min_duration_statement = -1
EOF
  if [[ -n $preload ]]; then
    printf "\n# TimescaleDB is installed on this machine.\nshared_preload_libraries = 'timescaledb'\ntimescaledb.telemetry_level = off\n" >>"$conf.tmp"
  fi
  mv "$conf.tmp" "$conf"
  [[ $AS_ROOT == 1 ]] && chown "$PG_OS_USER": "$conf"
  return 0
}

psql_admin() { # SQL on stdin
  PGSSLMODE=disable PGOPTIONS='' PGCONNECT_TIMEOUT=10 \
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres
}

ensure_role_and_database() {
  psql_admin >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SELECT format('CREATE DATABASE %I OWNER $DB_USER', d) FROM unnest(string_to_array('$DB_NAME ${PG_EXTRA_DATABASES:-}', ' ')) AS d
WHERE d <> '' AND NOT EXISTS (SELECT FROM pg_database WHERE datname = d)\gexec
SQL
}

cmd_start() {
  local started=$SECONDS pid port
  check_os_user
  resolve_data_dir
  find_pg_bin
  ensure_pg_access
  take_lock

  if pid=$(postmaster_pid --clean-stale); then
    [[ -f $PGDATA_DIR/postmaster.pid ]] \
      || die "a server for $PGDATA_DIR is still running (pid $pid) but its data folder or pid file is gone; run: $0 stop"
    port=$(running_port)
    [[ $port == "$PG_PORT" ]] \
      || die "the cluster in $PGDATA_DIR is already running (pid $pid) on port $port, not PG_PORT=$PG_PORT; stop it first"
    ensure_role_and_database || die "server (pid $pid) is running but creating role/database failed"
    log "postgres: already running (pid $pid) on 127.0.0.1:$PG_PORT"
    return 0
  fi

  if port_in_use "$PG_PORT"; then
    port_owner "$PG_PORT"
    die "port $PG_PORT (PG_PORT) is already in use by another process; stop it or set PG_PORT to a free port"
  fi

  init_cluster
  write_settings
  rm -f "$PG_ROOT"/.s.PGSQL.* # the socket folder is private to this cluster; nothing can own these now
  log "postgres: starting PostgreSQL $PG_MAJOR on 127.0.0.1:$PG_PORT (data $PGDATA_DIR)"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" start >"$PG_ROOT/pg_ctl.out" 2>&1; then
    show_log_tail "$PG_ROOT/pg_ctl.out" "$PG_LOG"
    die "the server did not start (log: $PG_LOG)"
  fi
  ensure_role_and_database || { show_log_tail "$PG_LOG"; die "creating role $DB_USER / database $DB_NAME failed"; }
  log "postgres: ready at $(cmd_url) ($((SECONDS - started)) s)"
}

cmd_stop() {
  local pid
  check_os_user
  resolve_data_dir
  take_lock
  if ! pid=$(postmaster_pid); then
    log "postgres: not running ($PGDATA_DIR)"
    return 0
  fi
  if [[ ! -f $PGDATA_DIR/postmaster.pid ]]; then
    # pg_ctl needs the pid file; signal the orphaned server directly (SIGINT = fast shutdown).
    log "postgres: stopping server pid $pid whose data folder or pid file is gone"
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq $((PG_STOP_TIMEOUT * 10))); do
      is_our_postmaster "$pid" || break
      sleep 0.1
    done
    if is_our_postmaster "$pid"; then
      kill -QUIT "$pid" 2>/dev/null || true # immediate shutdown
      sleep 1
    fi
    is_our_postmaster "$pid" && die "could not stop server pid $pid"
    log "postgres: stopped"
    return 0
  fi
  find_pg_bin
  log "postgres: stopping (fast)"
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t "$PG_STOP_TIMEOUT" stop >"$PG_ROOT/pg_ctl.out" 2>&1; then
    # Immediate is still crash-safe: WAL replay at the next start recovers every committed change.
    log "postgres: fast shutdown did not finish within $PG_STOP_TIMEOUT s; shutting down immediately"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 60 stop >>"$PG_ROOT/pg_ctl.out" 2>&1 \
      || { show_log_tail "$PG_ROOT/pg_ctl.out" "$PG_LOG"; die "could not stop the server"; }
  fi
  log "postgres: stopped"
}

cmd_status() {
  local pid
  resolve_data_dir
  if pid=$(postmaster_pid); then
    log "postgres: running (pid $pid) on 127.0.0.1:$(running_port || true), data $PGDATA_DIR"
    [[ -f $PGDATA_DIR/postmaster.pid ]] || log "postgres: warning: its data folder or pid file is gone; run: $0 stop"
    return 0
  fi
  log "postgres: not running ($PGDATA_DIR)"
  return 3
}

cmd_url() { echo "postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/${1:-$DB_NAME}"; }

usage() {
  log "usage: $0 start | stop | status | url [database]"
  exit 2
}

[[ $# -eq 1 || ($# -eq 2 && $1 == url) ]] || usage
case $1 in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url "${2:-}" ;;
  *) usage ;;
esac

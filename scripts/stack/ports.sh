# Port helpers shared by the stack scripts (sourced, not run).

# True when something accepts TCP connections on 127.0.0.1:$1.
port_in_use() {
  if command -v timeout >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # $1 belongs to the inner shell
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# Names the process listening on port $1, when ss can tell.
port_owner() {
  command -v ss >/dev/null 2>&1 && ss -Hltnp "sport = :$1" 2>/dev/null | head -n1 | sed 's/^/  held by: /' >&2
  return 0
}

# Prints the first offset among 0, $2, 2×$2, … (at most $3 tries) at which none of the base ports
# given after the first three arguments ($1 is a label for messages) is in use, and names what held
# the ports it stepped over on stderr. Fails when every offset tried has a port in use.
#   free_port_offset "e2e stack" 300 10 39092 39093 55434
free_port_offset() {
  local label=$1 step=$2 tries=$3
  shift 3
  local offset=0 try port busy
  for ((try = 0; try < tries; try++)); do
    busy=""
    for port in "$@"; do
      if port_in_use $((port + offset)); then busy=$((port + offset)); break; fi
    done
    if [ -z "$busy" ]; then
      echo "$offset"
      return 0
    fi
    echo "$label: port $busy is in use by another process, trying ports shifted by $((offset + step))" >&2
    port_owner "$busy"
    offset=$((offset + step))
  done
  echo "$label: no free set of ports found ($tries offsets of $step tried)" >&2
  return 1
}

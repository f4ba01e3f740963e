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

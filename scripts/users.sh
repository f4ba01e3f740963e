#!/usr/bin/env bash
# Accounts from the shell (docs/users-and-roles.md), against DATABASE_URL (default: the local stack's).
#   scripts/users.sh create-admin <username> [--display-name "<name>"]
# Production has no demo logins: this makes the first admin, whose generated password is printed once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$ROOT/services/api/dist/users/users.cli.js" ] || bash "$ROOT/scripts/build.sh" >&2
# The local stack's database (run-stack.mjs) unless DATABASE_URL says otherwise.
DATABASE_URL="${DATABASE_URL:-postgres://urban:urban@127.0.0.1:${PG_PORT:-55432}/urban_brain}"
DATABASE_URL="$DATABASE_URL" exec node "$ROOT/services/api/dist/users/users.cli.js" "$@"

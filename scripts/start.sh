#!/usr/bin/env bash
# `npm start`: install what is missing, build, then run the whole product in the
# foreground (Kafka, PostgreSQL, migrations, services, simulator, web). Ctrl-C stops it all.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/bootstrap.sh"
bash "$ROOT/scripts/build.sh"
exec node "$ROOT/scripts/run-stack.mjs"

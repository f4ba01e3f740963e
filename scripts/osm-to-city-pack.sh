#!/usr/bin/env bash
# Converts an OpenStreetMap XML extract into a city pack folder:
#   bash scripts/osm-to-city-pack.sh extract.osm city-packs/<id> [--id <id>] [--name <name>] [--name-zh <name>]
# Builds the city-pack package if needed, then runs its CLI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/services/city-pack/dist/osm/osm-to-city-pack.cli.js"
if [[ ! -f "$CLI" ]]; then
  (cd "$ROOT" && pnpm exec tsc -b services/city-pack)
fi
exec node "$CLI" "$@"

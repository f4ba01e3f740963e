#!/usr/bin/env bash
# Imports a GBFS vehicle_status (v3) or free_bike_status (v2) feed into the bike stream.
#   scripts/gbfs-import.sh <file-or-url> --operator <name> [--brokers host:port,...] [--topic name] [--dry-run]
# --brokers defaults to $KAFKA_BROKERS, then the local stack's 127.0.0.1:19092.
# Builds services/ingest first when its compiled CLI is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="$ROOT/services/ingest/dist/gbfs/gbfs-import.cli.js"
if [ ! -f "$CLI" ]; then
  (cd "$ROOT" && pnpm exec tsc -b services/ingest) >&2
fi
exec node "$CLI" "$@"

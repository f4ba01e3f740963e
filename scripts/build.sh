#!/usr/bin/env bash
# Compiles the services (incremental) and the web app (only when its sources changed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
echo "[build] services" >&2
pnpm exec tsc -b services/tsconfig.json
stamp="web/dist/index.html"
if [ ! -f "$stamp" ] || [ -n "$(find web/src web/index.html web/vite.config.ts proto/src -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "[build] web" >&2
  pnpm --filter @urban-brain/web build >&2
fi

#!/usr/bin/env bash
# `npm test`: every check and test, starting and stopping the servers they need.
#   1. install what is missing (incl. Chromium), build
#   2. static checks: eslint, type checks (build, tests, vue-tsc), buf lint, buf breaking
#   3. unit tests (vitest project "unit")
#   4. integration tests against a real Kafka broker and PostgreSQL (own data dir and ports)
#   5. end-to-end: `npm start`'s stack + Chromium (vitest project "e2e")
# Ends with one summary line "N passed, N failed" counting test cases and checks.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ARTIFACTS="$ROOT/artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/vitest-*.json

checks_passed=0
checks_failed=0
failed_names=()
step() {
  local name="$1"; shift
  echo "::: $name" >&2
  if "$@"; then
    checks_passed=$((checks_passed + 1))
  else
    checks_failed=$((checks_failed + 1))
    failed_names+=("$name")
  fi
}

cleanup() {
  bash "$ROOT/scripts/stack/dev-infra.sh" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

if ! bash scripts/bootstrap.sh --browser; then
  echo "bootstrap failed: cannot install the toolchain" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if ! bash scripts/build.sh; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

step "eslint" pnpm exec eslint .
step "typecheck specs, tests and benchmarks" pnpm exec tsc -p tsconfig.check.json
step "typecheck web (vue-tsc)" pnpm --filter @urban-brain/web typecheck
step "buf lint" bash -c 'cd proto && pnpm exec buf lint'
# Wire compatibility: the contracts against the baseline commit in proto/BREAKING_BASE (what producers and
# consumers in the field speak). A change buf calls breaking needs a new topic (".v2"), then a new baseline.
step "buf breaking (against proto/BREAKING_BASE)" bash -c 'cd proto && base=$(cat BREAKING_BASE) && { git cat-file -e "$base^{commit}" 2>/dev/null || { echo "buf breaking: baseline $base is not in this clone (a shallow clone?); fetch it or clone fully" >&2; exit 1; }; } && pnpm exec buf breaking --against "../.git#ref=$base,subdir=proto"'
step "generated protobuf code is current" bash -c 'cd proto && pnpm exec buf generate && git diff --exit-code -- src/gen'

# A vitest run is counted by its test cases; a run that fails without a failed
# case (a file that does not load, no report) counts as one failure.
runs_failed=0
vitest() {
  local project="$1"; shift
  echo "::: $project tests" >&2
  if ! pnpm exec vitest run --project "$project" --reporter=default --reporter=json --outputFile="$ARTIFACTS/vitest-$project.json" "$@"; then
    if ! node -e 'const r=require(process.argv[1]); process.exit(r.numFailedTests > 0 ? 0 : 1)' "$ARTIFACTS/vitest-$project.json" 2>/dev/null; then
      runs_failed=$((runs_failed + 1))
      failed_names+=("$project run")
    fi
  fi
}

vitest unit

# Where the TimescaleDB build is kept beside the repo (CI: ../shared/timescaledb), bootstrap has installed
# it and the TimescaleDB mode must be tested on the real server: DB_MODE=timescaledb refuses to go on
# without it rather than quietly testing less.
if [ -x "${UB_TIMESCALEDB_DIR:-$ROOT/../shared/timescaledb}/install.sh" ]; then export UB_TEST_DB_MODE=timescaledb; fi
infra_env="$(bash scripts/stack/dev-infra.sh up)"
if [ -n "$infra_env" ]; then
  eval "$infra_env"
  vitest integration
  unset KAFKA_BROKERS DATABASE_URL PLAIN_DATABASE_URL TIMESCALEDB_DATABASE_URL
else
  step "integration infrastructure (Kafka + PostgreSQL) started" false
fi
# Free the cores before the end-to-end run starts its own full stack.
bash scripts/stack/dev-infra.sh down >/dev/null 2>&1 || true

# The end-to-end stack's ports (e2e/started-stack.ts) shifted together when something else already
# holds one of them (a developer's stack, a server left over from an earlier run), instead of six test
# files failing on a port they cannot have.
if [ -z "${UB_E2E_PORT_OFFSET:-}" ]; then
  # shellcheck source=stack/ports.sh
  . "$ROOT/scripts/stack/ports.sh"
  if offset="$(free_port_offset "e2e stack" 300 10 39092 39093 55434 3100 3101 3102 3103 3104 5180)"; then
    export UB_E2E_PORT_OFFSET="$offset"
  fi
fi
vitest e2e

# Count test cases from vitest's JSON reports, plus the static checks.
read -r tests_passed tests_failed < <(node -e '
  const fs = require("fs"); let p = 0, f = 0;
  for (const file of fs.readdirSync(process.argv[1]).filter((n) => /^vitest-.*\.json$/.test(n))) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + file, "utf8"));
    p += r.numPassedTests; f += r.numFailedTests;
  }
  console.log(p, f);' "$ARTIFACTS")
echo
# Which database servers the integration tests ran on (scripts/stack/dev-infra.sh), PGlite besides.
servers_file="${UB_TEST_DATA_DIR:-$ROOT/.data/test}/database-servers.txt"
if [ -f "$servers_file" ]; then
  sed 's/^/database: /' "$servers_file"
  grep -q ': timescaledb' "$servers_file" || echo "database: no TimescaleDB server on this machine: the timescaledb mode ran on PGlite only"
  echo "database: PGlite + TimescaleDB (WebAssembly), in the storage and history tests"
fi
echo "checks: ${checks_passed} passed, ${checks_failed} failed"
echo "tests: ${tests_passed:-0} passed, ${tests_failed:-0} failed"
[ ${#failed_names[@]} -gt 0 ] && echo "failed runs and checks: ${failed_names[*]}"
total_failed=$(( ${tests_failed:-0} + checks_failed + runs_failed ))
echo "summary: $(( ${tests_passed:-0} + checks_passed )) passed, ${total_failed} failed"
[ "$total_failed" -eq 0 ]

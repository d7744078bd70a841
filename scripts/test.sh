#!/bin/sh
# The one test command (README): install, build, typecheck, lint, then every vitest project, then a summary line.
set -eu
cd "$(dirname "$0")/.."
PNPM="npx --yes pnpm@10.34.9"
export TURBO_TELEMETRY_DISABLED=1 CI=true
$PNPM install --frozen-lockfile
$PNPM turbo run build typecheck lint --output-logs=errors-only
mkdir -p .ci/out
set +e
$PNPM exec vitest run --reporter=default --reporter=json --outputFile.json=.ci/out/vitest.json
status=$?
set -e
node scripts/test-summary.mjs .ci/out/vitest.json
exit $status

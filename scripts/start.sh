#!/bin/sh
# The one start command (README): install, build the server and what it needs, then serve.
set -eu
cd "$(dirname "$0")/.."
PNPM="npx --yes pnpm@10.34.9"
export TURBO_TELEMETRY_DISABLED=1
$PNPM install --frozen-lockfile
$PNPM turbo run build --filter=@kroma/server... --output-logs=errors-only
# A smaller young generation keeps the resident size well under 150 MB under load at no measurable speed cost
# (docs/performance.md).
exec node --max-semi-space-size=8 apps/server/dist/main.js

#!/bin/sh
# The one start command (README): install, build the server and what it needs, then serve.
set -eu
cd "$(dirname "$0")/.."
PNPM="npx --yes pnpm@10.34.9"
export TURBO_TELEMETRY_DISABLED=1
$PNPM install --frozen-lockfile
$PNPM turbo run build --filter=@kroma/server... --output-logs=errors-only
exec node apps/server/dist/main.js

#!/usr/bin/env bash
# Runs dnsplane on embedded defaults (a demo fleet, SQLite, the embedded DNS server on
# 127.0.0.1:5353, the HTTP API on 127.0.0.1:8053), installing and building what it needs first.
# Extra arguments go to `dnsplane up` (for example --config examples/regional.yaml).
# It builds only when a source is newer than the last build (dist/.build-stamp): a start with
# nothing changed goes straight to `dnsplane up`.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=dist/.build-stamp
sources_changed() {
  [ ! -f "$stamp" ] && return 0
  [ -n "$(find src bench bin tsconfig.json tsconfig.build.json package.json -newer "$stamp" -print -quit 2>/dev/null)" ]
}
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ./scripts/ensure-deps.sh   # npm install, which builds (the prepare script)
  touch "$stamp"
elif sources_changed; then
  npm run -s build
  touch "$stamp"
fi
exec node bin/dnsplane.js up "$@"

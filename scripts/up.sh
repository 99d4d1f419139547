#!/usr/bin/env bash
# Runs dnsplane on embedded defaults (a demo fleet, SQLite, the embedded DNS server on
# 127.0.0.1:5353, the HTTP API on 127.0.0.1:8053), installing and building what it needs first.
# Extra arguments go to `dnsplane up` (for example --config examples/regional.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-deps.sh
exec node bin/dnsplane.js up "$@"

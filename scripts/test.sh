#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs (npm packages and the Debian
# packages of the real servers the tests drive), builds, lints, type-checks and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-deps.sh --system
npm run -s lint
npm run -s typecheck
results=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# One plain closing line that any CI reader understands.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results" || true
rm -f "$results"
exit $status

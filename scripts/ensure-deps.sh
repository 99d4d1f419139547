#!/usr/bin/env bash
# Installs what dnsplane needs on a fresh machine: npm packages (and the build), and, with
# --system, the Debian packages the tests use (real BIND 9, Knot DNS, PowerDNS, etcd, dig,
# nsupdate, dnsperf, Chromium). Idempotent: does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(bind9 knot pdns-server pdns-backend-sqlite3 dnsutils knot-dnsutils dnsperf etcd-server etcd-client sqlite3 chromium python3-dnspython)
# A binary each package provides: if all are present there is nothing to install.
PROBE_BINARIES=(named knotd pdns_server dig nsupdate kdig dnsperf etcd etcdctl sqlite3 chromium)

install_system_packages() {
  local missing=()
  for binary in "${PROBE_BINARIES[@]}"; do
    command -v "$binary" >/dev/null 2>&1 || [ -x "/usr/sbin/$binary" ] || missing+=("$binary")
  done
  # dnspython (the flood and transfer clients of the DNS server tests) is a module, not a binary.
  /usr/bin/python3 -c 'import dns.query' >/dev/null 2>&1 || missing+=(python3-dnspython)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "ensure-deps: missing ${missing[*]}; installing Debian packages" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "ensure-deps: need root to apt-get install ${DEBIAN_PACKAGES[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${DEBIAN_PACKAGES[@]}" >/dev/null
  # Debian's packaged services are not ours: tests run their own instances on high ports.
  for service in named bind9 knot pdns etcd; do
    command -v systemctl >/dev/null 2>&1 && systemctl stop "$service" >/dev/null 2>&1 || true
  done
}

install_node_packages() {
  # `npm install` with the committed lock file installs exactly the locked versions and builds
  # (the prepare script). Not `npm ci`: npm 11 here writes lock files without the other platforms'
  # optional packages (rollup's, esbuild's), and `npm ci` then refuses the lock as out of sync.
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm install --no-audit --no-fund
  else
    npm run -s build
  fi
}

if [ "${1:-}" = "--system" ]; then install_system_packages; fi
install_node_packages

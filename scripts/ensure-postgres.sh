#!/usr/bin/env bash
# Makes sure Postgres's server programs exist for the queue-mode tests (n8n's scaled-out
# deployments keep everything in Postgres). Installs Debian's package when missing; the tests make
# their own throw-away cluster with initdb on a free port. Prints the folder of initdb/postgres/psql.
set -euo pipefail
find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && [ -x "$dir/psql" ]; then
    echo "$dir"
    return 0
  fi
  return 1
}
if find_bin; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq postgresql >&2
# The package may start a system cluster on 5432; the tests do not use it.
($SUDO service postgresql stop >/dev/null 2>&1 || true)
find_bin

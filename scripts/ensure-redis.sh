#!/usr/bin/env bash
# Makes sure a redis-server binary exists for the queue-mode tests (n8n's scale-out mode needs
# Redis). Installs Debian's package when missing; the tests start their own server on a free port.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  command -v redis-server
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq redis-server >&2
# The package starts a system service on 6379; the tests do not use it.
($SUDO service redis-server stop >/dev/null 2>&1 || true)
command -v redis-server

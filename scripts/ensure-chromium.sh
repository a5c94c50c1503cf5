#!/usr/bin/env bash
# Makes sure Debian's Chromium exists for the browser suite (test/compat/editor.test.js) and the nodes panel check (test/e2e/http-request-node.test.js). Installs
# Debian's package when missing; nothing downloads a browser build. Prints the binary's path.
set -euo pipefail
BIN=/usr/bin/chromium
if [ ! -x "$BIN" ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq chromium >&2
fi
# A binary that is present but cannot start (missing libraries) fails here, not in the tests.
"$BIN" --headless --no-sandbox --disable-gpu --version >&2
echo "$BIN"

#!/usr/bin/env bash
# Installs, before any end-to-end test starts, everything the real-n8n suites need that a fresh
# machine lacks: Node 24 and n8n 2.40.7, n8n 1.123 (the 1.x suite, on the machine's Node 20),
# Redis and Postgres (queue mode) and Debian's Chromium (the editor suite). Each step is skipped when already
# in place. Done here rather than inside a test's setup so a first install never counts against a
# test's time limit, and its progress shows plainly.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[prepare-e2e] %s\n' "$*" >&2; }
log "n8n ${N8N_VERSION:-2.40.7} on Node 24"
bash scripts/ensure-runtime.sh >/dev/null
log "n8n ${N8N_V1_VERSION:-1.123.81} (runs on the machine's Node)"
N8N_VERSION="${N8N_V1_VERSION:-1.123.81}" bash scripts/ensure-runtime.sh >/dev/null
log "Redis"
bash scripts/ensure-redis.sh >/dev/null
log "Postgres"; bash scripts/ensure-postgres.sh >/dev/null
if [ -f scripts/ensure-chromium.sh ]; then
  log "Chromium"
  bash scripts/ensure-chromium.sh >/dev/null
fi
log "ready"

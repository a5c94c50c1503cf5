#!/usr/bin/env bash
# Installs, before any end-to-end test starts, everything the real-n8n suites need that a fresh
# machine lacks: Node 24 and n8n (the versions in test/n8n-versions.json: the default on Node 24, the
# 1.x one for the 1.x suite, on the machine's Node 20),
# Redis and Postgres (queue mode) and Debian's Chromium (the editor suite). Each step is skipped when already
# in place. Done here rather than inside a test's setup so a first install never counts against a
# test's time limit, and its progress shows plainly.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[prepare-e2e] %s\n' "$*" >&2; }
VERSIONS=test/n8n-versions.json
N8N_DEFAULT="${N8N_VERSION:-$(node -p "require('./$VERSIONS').default")}"
N8N_V1="${N8N_V1_VERSION:-$(node -p "require('./$VERSIONS').v1")}"
log "n8n $N8N_DEFAULT on Node 24"
N8N_VERSION="$N8N_DEFAULT" bash scripts/ensure-runtime.sh >/dev/null
log "n8n $N8N_V1 (runs on the machine's Node)"
N8N_VERSION="$N8N_V1" bash scripts/ensure-runtime.sh >/dev/null
log "Redis"
bash scripts/ensure-redis.sh >/dev/null
log "Postgres"; bash scripts/ensure-postgres.sh >/dev/null
if [ -f scripts/ensure-chromium.sh ]; then
  log "Chromium"
  bash scripts/ensure-chromium.sh >/dev/null
fi
log "ready"

#!/usr/bin/env bash
# Installs, before any real-n8n test starts, what the suites need that a fresh machine lacks.
#   prepare-e2e.sh         (npm test's real-n8n layer, test/e2e): Node 24 and the default n8n of
#                          test/n8n-versions.json, and Debian's Chromium (the nodes panel check);
#   prepare-e2e.sh compat  (test/compat, `npm run test:compat`): also the 1.x n8n (on the machine's
#                          Node), Redis and Postgres (queue mode).
# Each step is skipped when already in place. Done here rather than inside a test's setup so a
# first install never counts against a test's time limit, and its progress shows plainly.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[prepare-e2e] %s\n' "$*" >&2; }
VERSIONS=test/n8n-versions.json
N8N_DEFAULT="${N8N_VERSION:-$(node -p "require('./$VERSIONS').default")}"
log "n8n $N8N_DEFAULT on Node 24"
N8N_VERSION="$N8N_DEFAULT" bash scripts/ensure-runtime.sh >/dev/null
log "Chromium"
bash scripts/ensure-chromium.sh >/dev/null
if [ "${1:-}" = compat ]; then
  N8N_V1="${N8N_V1_VERSION:-$(node -p "require('./$VERSIONS').v1")}"
  log "n8n $N8N_V1 (runs on the machine's Node)"
  N8N_VERSION="$N8N_V1" bash scripts/ensure-runtime.sh >/dev/null
  log "Redis"
  bash scripts/ensure-redis.sh >/dev/null
  log "Postgres"
  bash scripts/ensure-postgres.sh >/dev/null
fi
log "ready"

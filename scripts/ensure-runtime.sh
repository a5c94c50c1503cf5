#!/usr/bin/env bash
# Installs, once, what the real-n8n tests and the sandbox need: Node 24 (n8n 2.x requires it) and
# n8n itself, both from the npm registry, cached outside the repository because n8n is ~2 GB.
# Prints the cache folder. Safe to run concurrently: a lock serialises installers.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE="${TRINT_PACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-trint-trustnxt}"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

log() { printf '[ensure-runtime] %s\n' "$*" >&2; }

node_dir="$CACHE/node$NODE_MAJOR"
if [ ! -x "$node_dir/node_modules/node/bin/node" ]; then
  log "installing Node $NODE_MAJOR into $node_dir"
  rm -rf "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2
fi

n8n_dir="$CACHE/n8n-$N8N_VERSION"
if [ ! -f "$n8n_dir/.complete" ]; then
  log "installing n8n $N8N_VERSION into $n8n_dir (a few minutes, once)"
  rm -rf "$n8n_dir"
  # Install scripts are skipped: one optional native dependency downloads from the internet.
  # SQLite's addon is the one n8n needs; it is rebuilt from source below.
  mkdir -p "$n8n_dir"
  # n8n 1.x pins xlsx to a tarball on a CDN that is not the npm registry; the registry's own xlsx
  # release stands in for it (an override applies only to this private install).
  cat > "$n8n_dir/package.json" <<JSON
{ "name": "n8n-runtime", "private": true, "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" } }
JSON
  (cd "$n8n_dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  (cd "$n8n_dir/node_modules/sqlite3" && npm run rebuild >&2)
  touch "$n8n_dir/.complete"
fi

echo "$CACHE"

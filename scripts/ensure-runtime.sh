#!/usr/bin/env bash
# Installs, once, what the real-n8n tests and the sandbox need: Node 24 (n8n 2.x requires it) and
# n8n itself, both from the npm registry, cached outside the repository because n8n is ~2 GB.
# Prints the cache folder. Safe to run concurrently: a lock serialises installers.
#
# Every install runs from inside the cache folder with the user's own npm settings, never the
# repository's: the repository's .npmrc turns install scripts off, and the `node` package puts its
# binary in place with an install script. Each install is checked before it is marked complete.
set -euo pipefail

VERSIONS_FILE="$(cd "$(dirname "$0")/.." && pwd)/test/n8n-versions.json"
N8N_VERSION="${N8N_VERSION:-$(node -p "require('$VERSIONS_FILE').default")}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE="${TRINT_PACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-trint-trustnxt}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
exec 9>"$CACHE/.lock"
flock 9

log() { printf '[ensure-runtime] %s\n' "$*" >&2; }
fail() {
  log "ERROR: $*"
  log "Nothing half-installed is kept. Check that the npm registry is reachable (npm ping) and that"
  log "$CACHE has a few GB free, then run the command again. TRINT_PACK_CACHE=<folder> puts the cache elsewhere."
  exit 1
}

# npm reads a project's .npmrc from the folder it runs in (and its parents up to a package.json):
# run it from the target folder, and name the setting that matters explicitly as well.
npm_outside() {
  local dir="$1"; shift
  (cd "$dir" && npm_config_ignore_scripts=false npm "$@" --no-audit --no-fund --loglevel=error >&2)
}

node_dir="$CACHE/node$NODE_MAJOR"
node_bin="$node_dir/node_modules/node/bin/node"
if [ ! -f "$node_dir/.complete" ] || ! "$node_bin" --version >/dev/null 2>&1; then
  log "installing Node $NODE_MAJOR into $node_dir"
  rm -rf "$node_dir"
  mkdir -p "$node_dir"
  printf '{ "name": "node-runtime", "private": true }\n' > "$node_dir/package.json"
  npm_outside "$node_dir" install --ignore-scripts=false "node@$NODE_MAJOR" || fail "npm could not install node@$NODE_MAJOR"
  version="$("$node_bin" --version 2>/dev/null || true)"
  case "$version" in
    "v$NODE_MAJOR".*) log "Node $version ready" ;;
    *) rm -rf "$node_dir"; fail "node@$NODE_MAJOR installed but $node_bin does not run (got '${version:-nothing}'): the package's install script did not put the binary in place" ;;
  esac
  touch "$node_dir/.complete"
fi

n8n_dir="$CACHE/n8n-$N8N_VERSION"
if [ ! -f "$n8n_dir/.complete" ]; then
  log "installing n8n $N8N_VERSION into $n8n_dir (a few minutes, once)"
  rm -rf "$n8n_dir"
  mkdir -p "$n8n_dir"
  # n8n 1.x pins xlsx to a tarball on a CDN that is not the npm registry; the registry's own xlsx
  # release stands in for it (an override applies only to this private install).
  cat > "$n8n_dir/package.json" <<JSON
{ "name": "n8n-runtime", "private": true, "dependencies": { "n8n": "$N8N_VERSION" },
  "overrides": { "xlsx": "0.18.5" } }
JSON
  # Install scripts are skipped here on purpose: one optional native dependency downloads from the
  # internet. SQLite's addon is the one n8n needs; it is rebuilt from source below.
  npm_outside "$n8n_dir" install --ignore-scripts || { rm -rf "$n8n_dir"; fail "npm could not install n8n@$N8N_VERSION"; }
  (cd "$n8n_dir/node_modules/sqlite3" && npm_config_ignore_scripts=false npm run rebuild >&2) \
    || { rm -rf "$n8n_dir"; fail "building n8n's SQLite addon failed (needs python3, make and g++)"; }
  [ -x "$n8n_dir/node_modules/n8n/bin/n8n" ] || { rm -rf "$n8n_dir"; fail "n8n@$N8N_VERSION installed without bin/n8n"; }
  ls "$n8n_dir"/node_modules/sqlite3/build/Release/*.node >/dev/null 2>&1 \
    || { rm -rf "$n8n_dir"; fail "n8n's SQLite addon was not built"; }
  touch "$n8n_dir/.complete"
fi

echo "$CACHE"

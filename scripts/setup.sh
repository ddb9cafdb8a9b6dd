#!/usr/bin/env bash
# Shared set-up for scripts/start.sh and scripts/test.sh: Node check, pnpm, dependencies, build.
# Sourced, not run. Everything it prints goes to stderr: stdout belongs to the MCP server.
set -euo pipefail

PNPM_VERSION=12.4.2
export TURBO_TELEMETRY_DISABLED=1
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

say() { printf 'redis-mcp setup: %s\n' "$*" >&2; }

require_node() {
  if ! command -v node >/dev/null 2>&1; then
    say "Node.js is not installed. Install Node.js 20.19 or newer (https://nodejs.org), then run this again."
    exit 1
  fi
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    say "Node.js $(node -v) is too old: redis-mcp needs 20.19 or newer."
    exit 1
  fi
}

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1; then return; fi
  say "installing pnpm $PNPM_VERSION"
  if ! npm install -g "pnpm@$PNPM_VERSION" >&2 2>&1; then
    # No permission for a global install: put it in a private prefix instead.
    local prefix="${XDG_DATA_HOME:-$HOME/.local/share}/redis-mcp/pnpm"
    npm install --prefix "$prefix" "pnpm@$PNPM_VERSION" >&2
    export PATH="$prefix/node_modules/.bin:$PATH"
  fi
}

install_and_build() {
  say "installing dependencies"
  pnpm install --frozen-lockfile >&2
  say "building"
  pnpm run build --output-logs=errors-only >&2
}

require_node
ensure_pnpm
install_and_build

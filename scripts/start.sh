#!/usr/bin/env bash
# Runs the MCP server on a fresh machine: installs pnpm if missing, installs, builds, starts.
# Arguments go to redis-mcp-server (try --help). Set REDIS_URL to use your own Redis.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
exec node "$repo_root/apps/mcp-server/dist/redis-mcp-server.js" "$@"

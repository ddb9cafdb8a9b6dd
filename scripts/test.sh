#!/usr/bin/env bash
# Runs every test on a fresh machine: gets redis-server (and promtool, chromium, tmux) if none is installed,
# installs pnpm if missing, installs, builds, then `pnpm test` (unit, integration and end-to-end,
# every package).
set -euo pipefail

say() { printf 'redis-mcp test: %s\n' "$*" >&2; }

ensure_redis_server() {
  if [ -n "${REDIS_SERVER_BIN:-}" ] || command -v redis-server >/dev/null 2>&1; then return; fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  if command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; }; then
    say "installing redis-server from Debian/Ubuntu packages"
    $sudo apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >&2
  elif command -v brew >/dev/null 2>&1; then
    say "installing redis with Homebrew"
    brew install redis >&2
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    say "no redis-server binary: the tests will run redis:7.2 containers through testcontainers"
  else
    say "redis-server is not installed and cannot be installed from here. Install it, then run this again:"
    say "  Debian/Ubuntu: sudo apt-get install -y redis-server    macOS: brew install redis"
    say "  or set REDIS_SERVER_BIN=/path/to/redis-server, or start a Docker engine."
    exit 1
  fi
}

# Installs Debian/Ubuntu package $1 with apt-get when this user may (root, or sudo without a
# password); returns 1 when it cannot. Tests that need a missing tool fail and say what to install.
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  command -v apt-get >/dev/null 2>&1 && { [ -z "$sudo" ] || sudo -n true 2>/dev/null; } || return 1
  say "installing $1 (Debian/Ubuntu package)"
  $sudo apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >&2
}

# The metrics tests validate their Prometheus export with promtool (package prometheus).
ensure_promtool() {
  command -v promtool >/dev/null 2>&1 && return
  apt_install prometheus && return
  if command -v brew >/dev/null 2>&1; then
    say "installing promtool with Homebrew (prometheus)"
    brew install prometheus >&2
  fi
}

# The dashboard tests drive Debian's Chromium through playwright-core (no browser download).
ensure_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && return
  apt_install chromium || say "chromium is not installed: the dashboard tests need it (apt-get install -y chromium, or set CHROMIUM_PATH)"
}

# The CLI's `metrics watch` test drives a real terminal through tmux.
ensure_tmux() {
  command -v tmux >/dev/null 2>&1 && return
  apt_install tmux || say "tmux is not installed: the CLI's metrics watch test needs it (apt-get install -y tmux, brew install tmux)"
}

ensure_redis_server
ensure_promtool
ensure_chromium
ensure_tmux
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
pnpm test "$@"

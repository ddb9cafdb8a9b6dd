#!/usr/bin/env bash
# Checks what npm users would install: each published package is packed with `pnpm pack` (which
# applies publishConfig, so the workspace-only "@redis-mcp/source" export condition and the
# workspace: ranges are gone, as on npm), then publint and attw (ESM only) read the tarball.
# Needs a build first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
packs=$(mktemp -d)
trap 'rm -rf "$packs"' EXIT
status=0
for manifest in packages/*/package.json apps/*/package.json; do
  dir=$(dirname "$manifest")
  if node -e "process.exit(require('./$manifest').private ? 0 : 1)"; then continue; fi
  echo "== $dir" >&2
  destination="$packs/$(basename "$dir")"
  mkdir -p "$destination"
  (cd "$dir" && pnpm pack --pack-destination "$destination" >/dev/null) || { status=1; continue; }
  tarball=$(ls "$destination"/*.tgz)
  if tar -xzOf "$tarball" package/package.json | grep -q '@redis-mcp/source'; then
    echo "$dir: the packed package.json still has the @redis-mcp/source condition (publishConfig.exports missing?)" >&2
    status=1
  fi
  pnpm exec publint run "$tarball" --strict || status=1
  pnpm exec attw "$tarball" --profile esm-only --format table-flipped || status=1
done
exit $status

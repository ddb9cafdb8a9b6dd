#!/usr/bin/env bash
# Checks what npm users would install: publint on every published package, and attw on the
# packed tarball (ESM only). Needs a build first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0
for manifest in packages/*/package.json apps/*/package.json; do
  dir=$(dirname "$manifest")
  if node -e "process.exit(require('./$manifest').private ? 0 : 1)"; then continue; fi
  echo "== $dir" >&2
  (cd "$dir" && pnpm exec publint --strict && pnpm exec attw --pack . --profile esm-only --format table-flipped) || status=1
done
exit $status

#!/usr/bin/env bash
# Rewrites package-lock.json from package.json in a scratch directory without node_modules, so
# the lock lists every platform's optional binaries (npm drops the others' when node_modules
# exists, npm/cli#4828) and `npm ci` works on any machine; then installs exactly it here.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp package.json package-lock.json "$scratch"/
(cd "$scratch" && npm install --package-lock-only --no-audit --no-fund --ignore-scripts >/dev/null)
cp "$scratch"/package-lock.json package-lock.json
npm ci --no-audit --no-fund >/dev/null
echo "package-lock.json rewritten and installed"

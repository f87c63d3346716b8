#!/usr/bin/env bash
# The whole suite on embedded SQLite; then, when TEST_DATABASE_URL is set, every test that
# touches a database again on PostgreSQL (each run in schemas of its own, dropped afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
npx jest "$@"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo
  echo "Again on PostgreSQL ($TEST_DATABASE_URL)"
  TEST_DB=postgresql npx jest "$@"
fi

#!/usr/bin/env bash
# The backend benchmark in development and production mode, side by side: builds the backend
# (`yarn build:backend`), unpacks the bundle with its production dependencies (as
# scripts/production-check.sh does), starts a throw-away PostgreSQL for it, and runs
# `yarn workspace @ocm-fl/backstage-plugin-ocm-fl-backend bench --production <bundle>` with the
# arguments given (clusters, jobs, --skip-development, --profile <folder>). Stops what it started.
#   scripts/backend-bench.sh [--app <folder>] [bench arguments]
#     --app <folder>   keep the unpacked bundle in this folder, and reuse it when it holds one
#                      (rebuild after changing the code: remove the folder)
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/backend-bundle.sh"
install_dependencies
cd "$ROOT"

work="$(mktemp -d "${TMPDIR:-/tmp}/ocm-fl-backend-bench.XXXXXX")"
app="$work/app"
if [ "${1:-}" = --app ]; then
  [ -n "${2:-}" ] || { echo "--app: give a folder" >&2; exit 2; }
  app="$(realpath -m "$2")"
  shift 2
fi
cleanup() {
  set +e
  stop_test_postgres
  rm -rf "$work"
}
trap cleanup EXIT

if [ -f "$app/packages/backend/package.json" ]; then
  echo "==> The bundle already unpacked in $app"
else
  echo "==> yarn build:backend, and the bundle with its production dependencies in $app"
  build_backend_bundle "$work/build.log"
  unpack_backend_bundle "$app" "$work/install.log"
fi
start_test_postgres
node plugins/ocm-fl-backend/bin/bench-api --production "$app" "$@"

#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server (scripts/lib/postgres.sh) and its
# connection string for the tests, then stops the server, e.g.:
#   scripts/with-postgres.sh yarn backstage-cli repo test plugins/ocm-fl-backend
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/postgres.sh"
trap stop_test_postgres EXIT
start_test_postgres
"$@"

#!/usr/bin/env bash
# The fault suite: 50-cluster launches against the hub simulator while it answers errors or
# loses answers, a command line killed mid-launch, and the backend (packages/backend, run from
# its sources) killed in the middle of a scaffolder task and restarted at each phase of a job,
# on SQLite and on a throw-away PostgreSQL. Prints a table; exits 1 on any orphaned or
# duplicate object, any disagreement between the API and the lineage, or any outcome other
# than the one expected (docs/operating/faults.md). FAULT_SUITE_LAUNCHES sets the launches
# per fault scenario (4); FAULT_SUITE_PART=launches or backend runs one part alone.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/postgres.sh"
install_dependencies
cd "$ROOT"
trap stop_test_postgres EXIT
if [ "${FAULT_SUITE_PART:-}" != launches ]; then
  start_test_postgres
fi
yarn workspace @ocm-fl/fault-suite faults

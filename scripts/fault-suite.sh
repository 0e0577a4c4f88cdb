#!/usr/bin/env bash
# The fault suite: 50-cluster launches against the hub simulator while it answers errors or
# loses answers, and a command line killed mid-launch. Prints a table; exits 1 on any
# orphaned or duplicate object, or any outcome other than the one expected
# (docs/operating/faults.md). FAULT_SUITE_LAUNCHES sets the launches per scenario (4).
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
install_dependencies
cd "$ROOT"
yarn workspace @ocm-fl/fault-suite faults

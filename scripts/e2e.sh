#!/usr/bin/env bash
# Browser end-to-end tests: installs Debian's Chromium if missing, starts the portal
# (scripts/start.sh), runs the Playwright tests in packages/e2e against it, and stops
# every process it started. Screenshots land in e2e-artifacts/.
#
# `scripts/e2e.sh --perf` instead starts the portal with a simulated hub of 5,000 clusters
# and runs the measurements in packages/e2e/perf (1,000 jobs, Clusters and Jobs tabs).
set -euo pipefail
suite=e2e
if [ "${1:-}" = "--perf" ]; then
  suite=perf
  export OCM_HUB_SIM_SCENARIO=scale:5000
fi
source "$(dirname "$0")/lib/env.sh"
install_dependencies
cd "$ROOT"

install_debian_package chromium chromium

for port in 3000 7007; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use: stop the running portal first." >&2
    exit 1
  fi
done

rm -rf e2e-artifacts && mkdir -p e2e-artifacts/screenshots
log="$ROOT/e2e-artifacts/portal.log"
# A session of its own, so that the whole process tree can be stopped at the end.
setsid bash scripts/start.sh >"$log" 2>&1 &
portal_pid=$!
stop_portal() { kill -TERM -- "-$portal_pid" 2>/dev/null || true; wait "$portal_pid" 2>/dev/null || true; }
trap stop_portal EXIT

echo "==> Waiting for the portal (log: e2e-artifacts/portal.log)"
started=$(date +%s)
until curl -sf -o /dev/null http://localhost:3000 &&
  curl -sf -o /dev/null http://localhost:7007/api/auth/guest/refresh; do
  if ! kill -0 "$portal_pid" 2>/dev/null; then
    echo "The portal exited; last lines of its log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  if [ $(($(date +%s) - started)) -gt 600 ]; then
    echo "The portal did not answer within 600 s" >&2
    exit 1
  fi
  sleep 2
done
echo "==> Portal up after $(($(date +%s) - started)) s"

echo "==> Playwright ($suite)"
if [ "$suite" = perf ]; then
  (cd packages/e2e && yarn perf)
else
  (cd packages/e2e && yarn playwright test)
fi

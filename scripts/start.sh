#!/usr/bin/env bash
# Starts the portal on its development defaults: frontend on http://localhost:3000,
# backend on http://localhost:7007, SQLite in memory (app-config.yaml), and the development
# services app-config.yaml points at, stopped with the portal: the OCM hub simulator on
# https://127.0.0.1:6443 and an S3 server (s3rver) on http://127.0.0.1:4569 with the bucket
# `models` in .s3-data/. OCM_HUB_SIM_SCENARIO picks the simulator's scenario (demo, empty or
# scale:N; demo by default). Installs what it needs first; safe to run on a fresh clone.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
install_dependencies
cd "$ROOT"

hub_pid="" s3_pid=""
stop_services() {
  [ -z "$hub_pid" ] || kill -TERM "$hub_pid" 2>/dev/null || true
  [ -z "$s3_pid" ] || kill -TERM "$s3_pid" 2>/dev/null || true
}
trap stop_services EXIT

kubeconfig="$ROOT/.hub-simulator/kubeconfig"
mkdir -p "$(dirname "$kubeconfig")" .s3-data
# The simulator makes a new CA at each start and writes the kubeconfig once it listens.
rm -f "$kubeconfig"
node packages/hub-simulator/bin/ocm-hub-sim --port 6443 --token dev-hub-token \
  --scenario "${OCM_HUB_SIM_SCENARIO:-demo}" --kubeconfig "$kubeconfig" &
hub_pid=$!
node node_modules/s3rver/bin/s3rver.js --address 127.0.0.1 --port 4569 \
  --directory .s3-data --configure-bucket models --silent &
s3_pid=$!
until [ -s "$kubeconfig" ]; do
  kill -0 "$hub_pid" 2>/dev/null || { echo "The hub simulator did not start" >&2; exit 1; }
  sleep 0.2
done

echo "==> Starting the portal: http://localhost:3000 (backend http://localhost:7007)"
echo "    kubectl looks at its hub simulator with: export KUBECONFIG=$kubeconfig"
echo "    the ocm-fl command line: scripts/ocm-fl --help"
yarn backstage-cli repo start app backend "$@"

#!/usr/bin/env bash
# Starts the portal on its development defaults: frontend on http://localhost:3000,
# backend on http://localhost:7007, with the hub simulator, an embedded S3 and SQLite in
# memory (app-config.yaml). Installs what it needs first; safe to run on a fresh clone.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
install_dependencies
cd "$ROOT"
echo "==> Starting the portal: http://localhost:3000 (backend http://localhost:7007)"
echo "    kubectl looks at its hub simulator with: export KUBECONFIG=$ROOT/.hub-simulator/kubeconfig"
echo "    the ocm-fl command line: scripts/ocm-fl --help"
exec yarn backstage-cli repo start app backend "$@"

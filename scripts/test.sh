#!/usr/bin/env bash
# Type-check, lint, configuration check and every unit and integration test, in one pass.
# Exits non-zero on the first failure. Installs what it needs first.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/postgres.sh"
install_dependencies
cd "$ROOT"
export CI=true
# The backend's database tests run on PostgreSQL too: a throw-away server for this run.
trap stop_test_postgres EXIT
start_test_postgres
# The docs check and the kubectl check drive these tools; CI fails rather than skip them.
install_debian_package kubectl kubernetes-client
install_debian_package docker docker.io
# The OpenFL plan-merge test runs the rendered init container's script: Python with PyYAML.
install_debian_package PyYAML python3-yaml python3 -c 'import yaml'

echo "==> Workspace dependencies: no cycle, the hub simulator a leaf for tests and development"
node scripts/lib/dependency-graph.js

echo "==> Type-check"
yarn tsc

echo "==> Lint"
yarn backstage-cli repo lint

echo "==> Configuration against the plugins' schemas"
yarn backstage-cli config:check --lax --config app-config.yaml
yarn backstage-cli config:check --lax --config app-config.yaml --config app-config.production.yaml

# With CI=true this includes exporting the plugins as Red Hat Developer Hub dynamic plugins
# (packages/docs-check/src/rhdh), whose builds use the declarations yarn tsc wrote above.
echo "==> Unit and integration tests"
yarn backstage-cli repo test

echo "==> kubectl against the hub simulator"
bash packages/hub-simulator/scripts/kubectl-check.sh

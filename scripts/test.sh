#!/usr/bin/env bash
# Type-check, lint, configuration check and every unit and integration test, in one pass.
# Exits non-zero on the first failure. Installs what it needs first.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
install_dependencies
cd "$ROOT"
export CI=true

echo "==> Type-check"
yarn tsc

echo "==> Lint"
yarn backstage-cli repo lint

echo "==> Configuration against the plugins' schemas"
yarn backstage-cli config:check --lax --config app-config.yaml
yarn backstage-cli config:check --lax --config app-config.yaml --config app-config.production.yaml

echo "==> Unit and integration tests"
yarn backstage-cli repo test

echo "==> kubectl against the hub simulator"
if command -v kubectl >/dev/null; then
  bash packages/hub-simulator/scripts/kubectl-check.sh "$ROOT/../shared/ocm-crds"
else
  echo "kubectl is not installed: the kubectl compatibility check did not run" >&2
fi

#!/usr/bin/env bash
# The production build, run as a deployment runs it: `yarn build:backend`, the bundle unpacked
# into a fresh folder with its production dependencies only (as the Backstage Dockerfile
# does), then `node packages/backend` with app-config.production.yaml against a throw-away
# PostgreSQL, an S3 server (s3rver) and a hub (the simulator), each on a free port. Passes
# when /api/ocm-fl/health and /api/ocm-fl/clusters answer; stops everything it started.
# Prints how long each step took.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/until-answers.sh"
source "$(dirname "$0")/lib/postgres.sh"
source "$(dirname "$0")/lib/backend-bundle.sh"
install_dependencies
cd "$ROOT"

work="$(mktemp -d "${TMPDIR:-/tmp}/ocm-fl-production.XXXXXX")"
backend_pid="" hub_pid="" s3_pid=""
# Stops a process as Kubernetes stops a pod: TERM, and KILL after a grace period of 30 s.
stop_process() {
  local stopping
  stopping=$(date +%s)
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    if ! kill -0 "$1" 2>/dev/null; then
      wait "$1" 2>/dev/null
      echo "    ($2 stopped $(($(date +%s) - stopping)) s after TERM)"
      return 0
    fi
    sleep 0.5
  done
  echo "    ($2 did not stop within 30 s of TERM: killed)"
  kill -KILL "$1" 2>/dev/null
  wait "$1" 2>/dev/null
}
cleanup() {
  # Everything is stopped, whatever each stop answers (a process killed by TERM exits 143).
  set +e
  # The backend first: it uses the others until it stops.
  [ -z "$backend_pid" ] || stop_process "$backend_pid" backend
  [ -z "$hub_pid" ] || stop_process "$hub_pid" "hub simulator"
  [ -z "$s3_pid" ] || stop_process "$s3_pid" s3rver
  stop_test_postgres
  rm -rf "$work"
}
trap cleanup EXIT

step_started=$(date +%s)
step_done() { echo "    ($1: $(($(date +%s) - step_started)) s)"; step_started=$(date +%s); }
checked_started=$step_started

echo "==> yarn build:backend"
build_backend_bundle "$work/build.log"
step_done build

echo "==> Production dependencies of the bundle, in $work/app"
unpack_backend_bundle "$work/app" "$work/install.log"
step_done install

start_test_postgres
hub_port="$(free_port)"
s3_port="$(free_port)"
backend_port="$(free_port)"
hub_token="$(node -p 'require("crypto").randomBytes(16).toString("hex")')"
access_token="$(node -p 'require("crypto").randomBytes(16).toString("hex")')"

echo "==> Hub simulator on 127.0.0.1:$hub_port, s3rver on 127.0.0.1:$s3_port"
node packages/hub-simulator/bin/ocm-hub-sim --port "$hub_port" --token "$hub_token" \
  --kubeconfig "$work/hub.kubeconfig" >"$work/hub.log" 2>&1 &
hub_pid=$!
mkdir -p "$work/s3"
node node_modules/s3rver/bin/s3rver.js --address 127.0.0.1 --port "$s3_port" \
  --directory "$work/s3" --configure-bucket models >"$work/s3.log" 2>&1 &
s3_pid=$!
until [ -s "$work/hub.kubeconfig" ]; do sleep 0.2; done
hub_ca="$(sed -n 's/^ *certificate-authority-data: *//p' "$work/hub.kubeconfig")"

# What app-config.production.yaml leaves to the deployment: where it listens, who may call it
# (a static token for this check, as production sign-in is the organisation's), and the
# stand-ins for S3 that AWS's defaults would otherwise be.
cat >"$work/app/app-config.check.yaml" <<YAML
backend:
  # A string, as app-config.production.yaml's: configuration files cannot mix the two forms.
  listen: '127.0.0.1:$backend_port'
  auth:
    externalAccess:
      - type: static
        options: { token: $access_token, subject: production-check }
ocmFl:
  storage:
    s3:
      endpoint: http://127.0.0.1:$s3_port
      forcePathStyle: true
      credentials: { accessKeyId: S3RVER, secretAccessKey: S3RVER }
YAML

echo "==> node packages/backend (production configuration) on 127.0.0.1:$backend_port"
(
  cd "$work/app"
  export NODE_ENV=production
  export APP_BASE_URL="http://127.0.0.1:$backend_port" BACKEND_BASE_URL="http://127.0.0.1:$backend_port"
  export POSTGRES_HOST="$TEST_POSTGRES_HOST" POSTGRES_PORT="$TEST_POSTGRES_PORT"
  export POSTGRES_USER="$TEST_POSTGRES_USER" POSTGRES_PASSWORD="$TEST_POSTGRES_PASSWORD"
  export OCM_HUB_URL="https://127.0.0.1:$hub_port" OCM_HUB_TOKEN="$hub_token" OCM_HUB_CA_DATA="$hub_ca"
  export OCM_FL_S3_BUCKET=models OCM_FL_S3_REGION=us-east-1
  export OCM_FL_UPLOADER_ROLE_ARN=arn:aws:iam::123456789012:role/ocm-fl-uploader
  exec node packages/backend --config app-config.yaml --config app-config.production.yaml \
    --config app-config.check.yaml
) >"$work/backend.log" 2>&1 &
backend_pid=$!

api="http://127.0.0.1:$backend_port/api/ocm-fl"

until_answers 180 "$api/health" 'body.hubs.length > 0'
step_done "start until /api/ocm-fl/health answers"
until_answers 60 "$api/health" 'body.status === "ok"'
until_answers 60 "$api/clusters" 'body.total > 0 && Object.values(body.hubs).every(hub => hub.synced)'
node -e 'const body = require(process.argv[1]); console.log(`    ${body.total} clusters listed`)' "$work/answer.json"
step_done "hub healthy and its clusters listed"
echo "==> Production check passed in $(($(date +%s) - checked_started)) s"

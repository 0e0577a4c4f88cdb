#!/usr/bin/env bash
# The plugins installed as a user installs them: each plugin package built and packed
# (`backstage-cli package build`, `yarn pack`), a fresh Backstage app made by
# @backstage/create-app of release 1.55.0 (backstage.json), the tarballs added and wired as
# the plugin READMEs say (new frontend system; `backend.add` in packages/backend), plus the
# README's legacy App.tsx in the legacy template's app. Then the app is type-checked and
# built, started against a hub simulator and s3rver on free ports, and checked: no missing
# peer dependency of our packages, the templates registered as the scaffolder module's README
# says, our scaffolder actions, /api/ocm-fl/health and /clusters, and in Chromium the
# Federated Learning page and the templates' forms. The first run installs from the npm
# registry and keeps the fresh app's yarn.lock beside the Yarn cache; later runs start from
# it and install with Yarn's network turned off. Prints how long each step took and the
# tarballs' sizes. KEEP_INSTALL_CHECK=1 keeps the fresh app's folder.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/until-answers.sh"
source "$(dirname "$0")/lib/postgres.sh" # free_port
install_dependencies
cd "$ROOT"
install_debian_package chromium chromium

# Packed in dependency order; the folder under plugins/ of each.
plugins=(ocm-fl-common ocm-fl-node ocm-fl-backend catalog-backend-module-ocm-fl
  permission-backend-module-ocm-fl scaffolder-backend-module-ocm-fl ocm-fl)
backend_plugins=(ocm-fl-backend catalog-backend-module-ocm-fl permission-backend-module-ocm-fl
  scaffolder-backend-module-ocm-fl)
check="$ROOT/packages/install-check"
work="$(mktemp -d "${TMPDIR:-/tmp}/ocm-fl-install-check.XXXXXX")"
app="$work/app"
backend_pid="" hub_pid="" s3_pid=""
cleanup() {
  set +e
  for pid in $backend_pid $hub_pid $s3_pid; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ -n "${KEEP_INSTALL_CHECK:-}" ]; then echo "(kept $work)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step_started=$(date +%s)
checked_started=$step_started
step_done() { echo "    ($1: $(($(date +%s) - step_started)) s)"; step_started=$(date +%s); }
# quietly LOG COMMAND...: runs COMMAND with its output in $work/LOG, shown when it fails.
quietly() {
  local log="$work/$1.log"
  shift
  "$@" >"$log" 2>&1 || { tail -n 60 "$log" >&2; echo "Failed: $* (log: $log)" >&2; exit 1; }
}
package_name() { node -p "require('$ROOT/plugins/$1/package.json').name"; }

echo "==> Build and pack the plugins"
quietly tsc yarn tsc
mkdir -p "$app/packs"
for plugin in "${plugins[@]}"; do
  quietly "build-$plugin" bash -c "cd plugins/$plugin && yarn backstage-cli package build"
  quietly "pack-$plugin" bash -c "cd plugins/$plugin && yarn pack --out '$app/packs/$plugin.tgz'"
  printf '    %-36s %6s KiB, %4s files\n' "$plugin.tgz" \
    "$(($(stat -c %s "$app/packs/$plugin.tgz") / 1024))" "$(tar tzf "$app/packs/$plugin.tgz" | wc -l)"
done
step_done "build and pack"

echo "==> Fresh app from @backstage/create-app $(node -p "require('@backstage/create-app/package.json').version") (Backstage $(node -p "require('./backstage.json').version"))"
create_app() {
  BACKSTAGE_APP_NAME=fresh-app node --require "$check/lib/no-network-fetch.cjs" \
    node_modules/@backstage/create-app/bin/backstage-create-app --skip-install "$@"
}
quietly create-app create_app --path "$app"
quietly create-legacy-app create_app --legacy --path "$work/legacy"
# The legacy template's frontend, as a second app package of the same fresh app.
cp -r "$work/legacy/packages/app" "$app/packages/app-legacy"
node -e 'const fs = require("fs"), file = process.argv[1], pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  pkg.name = "app-legacy"; fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' \
  "$app/packages/app-legacy/package.json"
# The app at release 1.55.0: create-app's template asks for ^versions, and without the seed
# lockfile it would fetch from GitHub it gets today's newest packages, which do not fit
# together (a newer signals backend calls what backend-defaults 0.18 lacks). So every package
# of create-app's version table, and every @backstage package this repository pins, resolves
# to the release's version. The tarballs stand in for the npm registry: each package name
# resolves to its tarball.
node -e 'const fs = require("fs"), [file, ...pairs] = process.argv.slice(1), pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  const release = Object.fromEntries(Object.entries(require("@backstage/create-app/dist/lib/versions.cjs.js").packageVersions).filter(([name]) => name.startsWith("@backstage/")));
  const pinned = Object.entries(require("./package.json").resolutions).filter(([name]) => name.startsWith("@backstage/"));
  pkg.resolutions = { ...pkg.resolutions, ...release, ...Object.fromEntries(pinned) };
  for (const pair of pairs) { const [name, tarball] = pair.split("="); pkg.resolutions[name] = `file:./packs/${tarball}.tgz`; }
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' "$app/package.json" \
  $(for plugin in "${plugins[@]}"; do echo "$(package_name "$plugin")=$plugin"; done)
step_done "create app"

# The seed: the fresh app's yarn.lock of the last run whose install passed, kept beside
# Yarn's global cache, which holds the archives it names. Yarn resolves nothing that the
# seed has resolved: without it, Yarn's offline mode resolves ranges from its cached
# metadata and fails when one names a version the cache lacks.
seed_lock="$(dirname "$(cd "$app" && yarn config get cacheFolder)")/ocm-fl-install-check/yarn.lock"
installed_offline=true

# yarn_in_app LOG DIR ARGS...: Yarn in a folder of the fresh app, from the seed with the
# network off, else from the npm registry. The seed goes in before each step: a step drops
# from yarn.lock what the app does not yet depend on (the backend's packages, while only the
# frontend has ours). Packages that install with prebuild-install (better-sqlite3, keytar)
# would download binaries from GitHub: its buildFromSource setting (read by `rc` from the
# environment) compiles them instead. Packages with node-gyp-build use the binaries inside
# their npm tarball.
yarn_in_app() {
  local log=$1 dir=$2
  shift 2
  [ ! -f "$seed_lock" ] || cp "$seed_lock" "$app/yarn.lock"
  if (cd "$app/$dir" && YARN_ENABLE_NETWORK=0 YARN_ENABLE_OFFLINE_MODE=1 \
    env prebuild-install_buildFromSource=true yarn "$@") >"$work/$log-offline.log" 2>&1; then
    echo "    ($log: offline)"
  else
    installed_offline=false
    echo "    ($log: from the npm registry; offline: $(grep -m1 -E 'YN0001|YN0080|YN0082' \
      "$work/$log-offline.log" | sed 's/^.*YN0[0-9]*: [^ ]* //'))"
    quietly "$log" bash -c "cd '$app/$dir' && env prebuild-install_buildFromSource=true yarn $*"
  fi
}
tarball() { echo "$(package_name "$1")@file:$app/packs/$1.tgz"; }

echo "==> Install the plugins as their READMEs say"
yarn_in_app add-frontend packages/app add "$(tarball ocm-fl)"
yarn_in_app add-backend packages/backend add \
  $(for plugin in "${backend_plugins[@]}"; do tarball "$plugin"; done)
# The legacy App.tsx of the README also imports the scaffolder's field extensions.
yarn_in_app add-legacy packages/app-legacy add "$(tarball ocm-fl)" \
  "@backstage/plugin-scaffolder-react@^$(node -p "require('@backstage/plugin-scaffolder-react/package.json').version")"
node "$check/lib/wire-backend.js" "$app" \
  $(for plugin in "${backend_plugins[@]}"; do echo "plugins/$plugin/README.md"; done)
node "$check/lib/wire-legacy-app.js" "$app/packages/app-legacy"
node "$check/lib/register-templates.js" "$app" plugins/scaffolder-backend-module-ocm-fl/README.md
step_done "install (offline: $installed_offline)"

# Yarn prints one line for all the peer requirements that dependencies leave unmet; a
# missing peer that names one of our packages, as provider or requester, is ours to declare.
quietly peer-requirements bash -c "cd '$app' && YARN_ENABLE_COLORS=0 yarn explain peer-requirements"
if grep '✘' "$work/peer-requirements.log" | grep "doesn't provide" | grep '@ocm-fl/'; then
  echo "Missing peer dependencies of our packages (above; all in $work/peer-requirements.log)" >&2
  exit 1
fi
echo "    no missing peer dependency of our packages"
mkdir -p "$(dirname "$seed_lock")"
cp "$app/yarn.lock" "$seed_lock"

echo "==> Type-check the fresh app and build both frontends"
quietly app-tsc bash -c "cd '$app' && yarn tsc"
step_done "yarn tsc"
quietly app-build bash -c "cd '$app/packages/app' && yarn build"
step_done "build packages/app"
quietly app-legacy-build bash -c "cd '$app/packages/app-legacy' && yarn build"
step_done "build packages/app-legacy (legacy App.tsx)"

hub_port="$(free_port)"
s3_port="$(free_port)"
backend_port="$(free_port)"
hub_token="$(node -p 'require("crypto").randomBytes(16).toString("hex")')"
access_token="$(node -p 'require("crypto").randomBytes(16).toString("hex")')"
echo "==> Hub simulator on 127.0.0.1:$hub_port, s3rver on 127.0.0.1:$s3_port"
setsid node packages/hub-simulator/bin/ocm-hub-sim --port "$hub_port" --token "$hub_token" \
  --kubeconfig "$work/hub.kubeconfig" >"$work/hub.log" 2>&1 &
hub_pid=$!
mkdir -p "$work/s3"
setsid node node_modules/s3rver/bin/s3rver.js --address 127.0.0.1 --port "$s3_port" \
  --directory "$work/s3" --configure-bucket models >"$work/s3.log" 2>&1 &
s3_pid=$!
until [ -s "$work/hub.kubeconfig" ]; do sleep 0.2; done
hub_ca="$(sed -n 's/^ *certificate-authority-data: *//p' "$work/hub.kubeconfig")"

base="http://127.0.0.1:$backend_port"
cat >"$app/app-config.install-check.yaml" <<YAML
app:
  baseUrl: $base
backend:
  baseUrl: $base
  listen: { port: $backend_port, host: 127.0.0.1 }
  cors: { origin: $base }
  auth:
    externalAccess:
      - type: static
        options: { token: $access_token, subject: install-check }
permission:
  enabled: true
  ocmFl:
    roles:
      admins: [user:development/guest]
ocmFl:
  hubs:
    - name: install-check
      url: https://127.0.0.1:$hub_port
      serviceAccountToken: $hub_token
      caData: $hub_ca
  namespace: federated-learning
  storage:
    s3:
      region: us-east-1
      endpoint: http://127.0.0.1:$s3_port
      forcePathStyle: true
      credentials: { accessKeyId: S3RVER, secretAccessKey: S3RVER }
    locations:
      - name: models
        bucket: models
        prefix: federated-learning
        region: us-east-1
        endpoint: http://127.0.0.1:$s3_port
        forcePathStyle: true
        credentialsSecret: fl-s3-credentials
YAML

echo "==> The fresh backend (serving the built app) on $base"
(cd "$app/packages/backend" && exec setsid yarn start --config "$app/app-config.yaml" \
  --config "$app/app-config.install-check.yaml") >"$work/backend.log" 2>&1 &
backend_pid=$!

until_answers 300 "$base/api/ocm-fl/health" 'body.hubs.length > 0'
step_done "start until /api/ocm-fl/health answers"
until_answers 60 "$base/api/ocm-fl/health" 'body.status === "ok"'
until_answers 60 "$base/api/ocm-fl/clusters" 'body.total > 0 && Object.values(body.hubs).every(hub => hub.synced)'
node -e 'console.log(`    /api/ocm-fl/clusters: ${require(process.argv[1]).total} clusters`)' "$work/answer.json"
until_answers 60 "$base/api/scaffolder/v2/actions" \
  '["ocm-fl:job:launch", "ocm-fl:placement:preview"].every(id => body.some(action => action.id === id))'
echo "    /api/scaffolder/v2/actions lists ocm-fl:job:launch and ocm-fl:placement:preview"
templates="$(node "$check/lib/template-names.js" "$app/node_modules/$(package_name scaffolder-backend-module-ocm-fl)")"
until_answers 120 "$base/api/catalog/entities?filter=kind=template" \
  "$templates.every(name => body.some(entity => entity.metadata.name === name))"
echo "    /api/catalog/entities lists the templates $templates"
first_template="$(node -p 'JSON.parse(process.argv[1])[0]' "$templates")"
until_answers 30 "$base/api/scaffolder/v2/templates/default/template/$first_template/parameter-schema" \
  'body.steps.some(step => JSON.stringify(step.schema).includes("OcmClusterSelector"))'
echo "    the scaffolder gives the parameters of $first_template, with the OcmClusterSelector field"
# Read whole before grep: `grep -q` stops at the first match, and curl, still writing into the
# closed pipe, fails the pipeline (pipefail).
curl -sf "$base/federated-learning" >"$work/page.html" && grep -q 'id="root"' "$work/page.html" ||
  { echo "$base/federated-learning does not serve the app" >&2; exit 1; }
step_done "API checks"

echo "==> The Federated Learning page and the templates' forms in Chromium"
(cd packages/e2e && PORTAL_URL="$base" INSTALL_CHECK_ARTIFACTS="$work/playwright" \
  yarn playwright test --config playwright.fresh-app.config.ts) ||
  { tail -n 60 "$work/backend.log" >&2; exit 1; }
step_done "page check"
echo "==> Install check passed in $(($(date +%s) - checked_started)) s"

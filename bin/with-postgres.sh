#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL for the PostgreSQL suites: `bash bin/with-postgres.sh npm run test:all`.
# - PARALELO_TEST_DATABASE_URL already set: the command runs against that database, nothing is started.
# - PostgreSQL's binaries installed (Debian's `postgresql` package: /usr/lib/postgresql/*/bin): a cluster is made in a
#   temporary folder (initdb, then pg_ctl on a free port of 127.0.0.1 in 5500-5599, fsync off), as the `postgres`
#   user when run as root (PostgreSQL refuses root); the command runs with PARALELO_TEST_DATABASE_URL naming it; the
#   cluster is stopped and removed when the command ends, however it ends.
# - Neither: the command runs without it, and the PostgreSQL suites say they are skipped.
# The command's exit status is this script's.
set -euo pipefail

if [ -n "${PARALELO_TEST_DATABASE_URL:-}" ]; then exec "$@"; fi

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "[paralelo:test] PostgreSQL is not installed (apt-get install postgresql): its suites will be skipped." >&2
  exec "$@"
fi

pg_dir=$(mktemp -d /tmp/paralelo-test-pg.XXXXXX)
pg_as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$pg_dir"
  pg_as=(runuser -u postgres --)
fi
pg_port=""
for port in $(seq 5500 5599); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then pg_port=$port; break; fi
done
[ -n "$pg_port" ] || { echo "[paralelo:test] no free port in 5500-5599 for the test PostgreSQL" >&2; exit 1; }
stop_pg() {
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
"${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust -U postgres -E UTF8 --locale=C >"$pg_dir/initdb.log"
"${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
"${pg_as[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres paralelo_test
export PARALELO_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/paralelo_test"
echo "[paralelo:test] PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') for the PostgreSQL suites on 127.0.0.1:$pg_port" >&2
status=0
"$@" || status=$?
exit "$status"

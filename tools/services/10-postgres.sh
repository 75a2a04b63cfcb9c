#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the storage and service tests.
# Prints `export RECEPTION_TEST_PG_URL=...` on stdout; everything else goes to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "postgres: no server binaries found" >&2; exit 1; }
port=${RECEPTION_TEST_PG_PORT:-55432}
base=/tmp/reception-pg-$port
if [ "$(id -u)" = 0 ]; then RUN=(runuser -u postgres --); OWNER=postgres; else RUN=(); OWNER=$(id -un); fi
if ! "${RUN[@]}" "$bindir/pg_ctl" -D "$base/data" status >/dev/null 2>&1; then
  rm -rf "$base"; mkdir -p "$base/sock"; chown -R "$OWNER" "$base"
  "${RUN[@]}" "$bindir/initdb" -D "$base/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${RUN[@]}" "$bindir/pg_ctl" -D "$base/data" -w -l "$base/log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base/sock -c fsync=off -c synchronous_commit=off -c max_connections=200" start >&2
fi
echo "export RECEPTION_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "export RECEPTION_PG_BINDIR=$bindir"

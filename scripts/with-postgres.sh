#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1 (stopped and removed afterwards).
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
export PGHOST=127.0.0.1 PGPORT=${PGPORT:-54329} PGUSER=postgres
PGTMP=$(mktemp -d /tmp/alsnav-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PGTMP"
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"; }
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
psql -qc "CREATE DATABASE alsnav" postgres
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/alsnav"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on $PGHOST:$PGPORT" >&2
"$@"

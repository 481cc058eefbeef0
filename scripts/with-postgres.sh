#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster on a loopback port, then remove it.
#
#   scripts/with-postgres.sh .venv/bin/python -m pytest
#
# The cluster lives in a temporary directory (initdb, trust auth on 127.0.0.1 only, no
# fsync: it is thrown away). As root the server runs as the `postgres` user (runuser), as
# anyone else it runs as you. The command sees DATABASE_URL pointing at database `yibao`.
set -euo pipefail

PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL 15 not found in $PGBIN: run scripts/system-deps.sh" >&2; exit 1; }
PGPORT="${PGPORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi

dir="$(mktemp -d /tmp/yibao-pg.XXXXXX)"
[ ${#as_pg[@]} -eq 0 ] || chown postgres: "$dir"

stop() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

pgopts="-p $PGPORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
"${as_pg[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$pgopts" >/dev/null
"${as_pg[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres yibao

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/yibao"
# For scripts that stop and start the server themselves (scripts/faults.py).
export YIBAO_PG_DATA="$dir/data" YIBAO_PG_LOG="$dir/server.log" YIBAO_PG_OPTIONS="$pgopts"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (throwaway)"
"$@"

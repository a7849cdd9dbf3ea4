#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster (trust auth, loopback only, fsync off),
# with DATABASE_URL pointing at it; the cluster is stopped and removed afterwards.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "PostgreSQL not installed (apt-get install postgresql)" >&2; exit 2; }
port=${IKONE_PG_PORT:-54329}
pgdata=$(mktemp -d /tmp/ikone-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$pgdata"
  chmod 700 "$pgdata"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdata"
}
trap cleanup EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --no-sync >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
  -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
  start >/dev/null
"${as_pg[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres ikone
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/ikone"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $port" >&2
"$@"

#!/usr/bin/env bash
# Installs Debian's PostgreSQL 15 if it is missing and starts a throwaway cluster for the tests and the benchmarks:
# initdb into $PG_LAB (default /tmp/pg-lab) as the unprivileged user postgres, listening on 127.0.0.1:$PG_LAB_PORT
# (default 55432) only, with the superuser sessionstore / sessionstore. Does nothing that is already done. Run as root.
set -euo pipefail
. "$(dirname "$0")/env.sh"
if [ ! -x "$PG_BIN/pg_ctl" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi
if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_LAB_PORT"; then
  echo "PostgreSQL is already up on 127.0.0.1:$PG_LAB_PORT"
  exit 0
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir "$PG_LAB" --shell /usr/sbin/nologin postgres
mkdir -p "$PG_LAB"
chown postgres: "$PG_LAB"
chmod 700 "$PG_LAB"
if [ ! -f "$PG_LAB/data/PG_VERSION" ]; then
  rm -rf "$PG_LAB/data"
  echo sessionstore > "$PG_LAB/pwfile"
  chown postgres: "$PG_LAB/pwfile"
  # C.UTF-8 sorts text by code point, as SQLite does, so the two providers answer alike.
  runuser -u postgres -- "$PG_BIN/initdb" --pgdata="$PG_LAB/data" --username=sessionstore --pwfile="$PG_LAB/pwfile" \
      --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 >"$PG_LAB/initdb.log"
  rm -f "$PG_LAB/pwfile"
fi
# Loopback only; the socket stays in the lab folder. Every test fixture opens a few pools, hence the connections.
runuser -u postgres -- "$PG_BIN/pg_ctl" --pgdata="$PG_LAB/data" --log="$PG_LAB/postgres.log" --wait --timeout=60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_LAB_PORT -c unix_socket_directories=$PG_LAB -c max_connections=300" start >/dev/null ||
  { echo "PostgreSQL did not come up; the end of $PG_LAB/postgres.log:" >&2; tail -20 "$PG_LAB/postgres.log" >&2; exit 1; }
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') up on 127.0.0.1:$PG_LAB_PORT (data in $PG_LAB/data)"

#!/usr/bin/env bash
# Stops the lab's PostgreSQL cluster; its data stays in $PG_LAB for the next up.sh. Run as root.
set -euo pipefail
. "$(dirname "$0")/env.sh"
[ -f "$PG_LAB/data/postmaster.pid" ] || exit 0
runuser -u postgres -- "$PG_BIN/pg_ctl" --pgdata="$PG_LAB/data" --mode=fast --wait stop

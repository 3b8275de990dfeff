#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on a free loopback port for the tests, and stops it.
# Sourced by scripts/test. Sets WARROOM_TEST_POSTGRES to a connection description:
#   host=127.0.0.1 port=N user=warroom password=P dbname=warroom
set -euo pipefail

warroom_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

warroom_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

warroom_start_postgres() {
    local bin; bin="$(warroom_pg_bin)" || { echo "warroom: PostgreSQL binaries not found" >&2; return 1; }
    WARROOM_PG_DIR="$(mktemp -d /tmp/warroom-pg.XXXXXX)"
    local port; port="$(warroom_free_port)"
    local password="warroom-test-$RANDOM$RANDOM"
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root: hand the folder to the postgres user.
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        chown postgres "$WARROOM_PG_DIR"
        run=(runuser -u postgres --)
    fi
    echo "$password" > "$WARROOM_PG_DIR/pw"
    chmod 644 "$WARROOM_PG_DIR/pw"
    "${run[@]}" "$bin/initdb" -D "$WARROOM_PG_DIR/data" -U warroom --pwfile="$WARROOM_PG_DIR/pw" -A scram-sha-256 >/dev/null
    "${run[@]}" "$bin/pg_ctl" -D "$WARROOM_PG_DIR/data" -l "$WARROOM_PG_DIR/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $WARROOM_PG_DIR -c fsync=off" start >/dev/null
    PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U warroom -d postgres -qc "CREATE DATABASE warroom" >/dev/null
    WARROOM_PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$WARROOM_PG_DIR/data" -m immediate stop)
    export WARROOM_TEST_POSTGRES="host=127.0.0.1 port=$port user=warroom password=$password dbname=warroom"
    echo "warroom: test PostgreSQL on 127.0.0.1:$port" >&2
}

warroom_stop_postgres() {
    if [ -n "${WARROOM_PG_DIR:-}" ]; then
        "${WARROOM_PG_STOP[@]}" >/dev/null 2>&1 || true
        rm -rf "$WARROOM_PG_DIR"
    fi
}

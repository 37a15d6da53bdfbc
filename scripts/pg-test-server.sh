#!/usr/bin/env bash
# Run a command with DYAD_TEST_POSTGRES pointing at a throwaway PostgreSQL server.
#
#   scripts/pg-test-server.sh .venv/bin/pytest -q
#
# `make test` runs the unit tests through this script so that the store tests
# run on PostgreSQL as well as SQLite wherever PostgreSQL is installed:
#   - DYAD_TEST_POSTGRES already set (CI sets it): run the command as it is;
#   - PostgreSQL's server binaries found: initdb a cluster in a temporary folder
#     (as the `postgres` user when run as root: the server refuses to run as
#     root), start it on a free port of 127.0.0.1 only, run the command with the
#     URL exported, then stop the server and delete the folder;
#   - no binaries: run the command anyway; the PostgreSQL tests skip and say
#     how to enable them.
# The cluster trades durability for speed (fsync off): it lives for one test run.
set -euo pipefail

if [[ -n "${DYAD_TEST_POSTGRES:-}" ]]; then
    exec "$@"
fi

find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir)
        [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [[ -x "$dir/initdb" ]] && { echo "$dir"; return; }
    done
    return 0
}

bindir=$(find_bindir)
if [[ -z "$bindir" ]]; then
    echo "pg-test-server: no PostgreSQL server binaries found; the PostgreSQL tests will skip." >&2
    exec "$@"
fi

workdir=$(mktemp -d /tmp/dyad-pg-XXXXXX)
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$workdir"
fi

stop() {
    as_owner "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$workdir"
}
trap stop EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$bindir/initdb" -D "$workdir/data" -U dyad --auth=trust -E UTF8 --locale=C.UTF-8 >"$workdir/initdb.log" 2>&1 \
    || { cat "$workdir/initdb.log" >&2; exit 1; }
as_owner "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -t 30 start -o \
    "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { cat "$workdir/server.log" >&2; exit 1; }

export DYAD_TEST_POSTGRES="postgresql://dyad@127.0.0.1:$port/postgres"
echo "pg-test-server: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for this run." >&2
"$@"

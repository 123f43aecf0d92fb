#!/usr/bin/env bash
# Runs every test of OrleansTicks: starts the throwaway servers the tests need (PostgreSQL now; RabbitMQ and
# others get a start_X function of their own later), exports where they are, runs `dotnet test` on the
# solution, and always stops the servers and removes their files, also when the tests fail or are interrupted.
# The exit code is the tests' exit code.
#
#   scripts/test.sh                                  # everything
#   scripts/test.sh --filter 'FullyQualifiedName~Storage'   # extra arguments go to dotnet test
#
# Environment:
#   ORLEANSTICKS_TEST_TARGET  what to test (default OrleansTicks.sln, relative to the repository root)
#   ORLEANSTICKS_CHROMIUM     the browser the dashboard tests drive (default /usr/bin/chromium, installed if missing)
#   PG_BIN                    PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
readonly TEST_TARGET="${ORLEANSTICKS_TEST_TARGET:-OrleansTicks.sln}"

WORK_DIR=""
PG_DIR=""
APT_UPDATED=0
CLEANUP_STEPS=()   # run last-registered-first on exit; every start_X registers its stop_X right away

on_exit() { CLEANUP_STEPS=("$1" "${CLEANUP_STEPS[@]}"); }

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Installs Debian packages, once `apt-get update` per run; only called for what is missing.
apt_install() {
    is_root || die "need root to install $*; install them yourself (apt-get install $*) or rerun as root"
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        apt-get update -q >&2
        APT_UPDATED=1
    fi
    log "installing $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

# Prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local port attempt
    for attempt in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "found no free port on 127.0.0.1"
}

# Runs a PostgreSQL binary as the owner of the data directory: initdb and pg_ctl refuse to run as root.
as_postgres() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    [ -x "$PG_BIN/initdb" ] || apt_install postgresql-15
    [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL 15 at $PG_BIN after installing postgresql-15"

    PG_DIR="$WORK_DIR/postgres"
    mkdir -p "$PG_DIR"
    if is_root; then
        chown postgres:postgres "$PG_DIR"
    fi

    local port
    port="$(free_port)"
    on_exit stop_postgres
    log "starting PostgreSQL 15 on 127.0.0.1:$port (data in $PG_DIR)"
    # UTF8 with the C locale: every key is stored as given and compared byte-wise, whatever the machine's locale.
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    # fsync=off: a throwaway server need not survive a power cut, and the tests commit thousands of tiny
    # transactions. Socket in PG_DIR, TCP on loopback only: nothing clashes with another server on the machine.
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
        || { cat "$PG_DIR/log" >&2; die "PostgreSQL did not start"; }

    local attempt
    for attempt in $(seq 1 60); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
            export ORLEANSTICKS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
            log "PostgreSQL is ready: ORLEANSTICKS_TEST_POSTGRES=$ORLEANSTICKS_TEST_POSTGRES"
            return 0
        fi
        sleep 0.5
    done
    cat "$PG_DIR/log" >&2
    die "PostgreSQL does not accept connections on 127.0.0.1:$port"
}

stop_postgres() {
    if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        log "stopping PostgreSQL"
        # immediate: its data is thrown away next, nothing needs a clean checkpoint.
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 \
            || log "warning: pg_ctl stop failed; see $PG_DIR/log"
    fi
}

# The hub tests drive the JavaScript client @microsoft/signalr (tests/js); install it from the lock file once.
install_js_test_clients() {
    local js_dir="$REPO_ROOT/tests/js"
    [ -d "$js_dir/node_modules/@microsoft/signalr" ] && return 0
    command -v node >/dev/null || die "node is not on PATH: the hub tests need Node 20 (apt-get install nodejs npm)"
    command -v npm >/dev/null || die "npm is not on PATH: the hub tests need it to install tests/js (apt-get install npm)"
    log "npm ci in tests/js"
    (cd "$js_dir" && npm ci --no-audit --no-fund >&2) || die "npm ci in tests/js failed"
}

# The dashboard tests drive Debian's Chromium with Playwright (never a downloaded browser); install it once.
# (The dashboard's own npm packages, api/Dashboard, are installed by the build: api/Dashboard/Dashboard.targets.)
install_browser() {
    local chromium="${ORLEANSTICKS_CHROMIUM:-/usr/bin/chromium}"
    [ -x "$chromium" ] && return 0
    [ -n "${ORLEANSTICKS_CHROMIUM:-}" ] && die "ORLEANSTICKS_CHROMIUM=$chromium is not an executable"
    apt_install chromium
    [ -x "$chromium" ] || die "no Chromium at $chromium after installing the chromium package"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local step
    for step in "${CLEANUP_STEPS[@]}"; do
        "$step" || log "warning: $step failed"
    done
    if [ -n "$WORK_DIR" ] && [ -d "$WORK_DIR" ]; then
        rm -rf "$WORK_DIR" || log "warning: could not remove $WORK_DIR"
    fi
    exit "$rc"
}

run_tests() {
    cd "$REPO_ROOT"
    [ -e "$TEST_TARGET" ] || die "$REPO_ROOT/$TEST_TARGET does not exist"
    log "dotnet test $TEST_TARGET -c Release $*"
    local rc=0 output="$WORK_DIR/dotnet-test.log"
    set +e
    dotnet test "$TEST_TARGET" -c Release "$@" 2>&1 | tee "$output"
    rc=${PIPESTATUS[0]}
    set -e
    summarize "$output"
    if compgen -G "$REPO_ROOT/artifacts/dashboard/*.png" >/dev/null; then
        log "dashboard screenshots: $REPO_ROOT/artifacts/dashboard/"
    fi
    if [ "$rc" -eq 0 ]; then
        log "tests passed"
    else
        log "tests FAILED (exit code $rc)"
    fi
    return "$rc"
}

# One closing line for all test assemblies, in the plain form CI reads: "tests: N passed, N failed, N skipped".
summarize() {
    local passed failed skipped
    passed=$(grep -oE 'Passed: +[0-9]+' "$1" | awk '{ s += $2 } END { print s + 0 }')
    failed=$(grep -oE 'Failed: +[0-9]+' "$1" | awk '{ s += $2 } END { print s + 0 }')
    skipped=$(grep -oE 'Skipped: +[0-9]+' "$1" | awk '{ s += $2 } END { print s + 0 }')
    echo "tests: $passed passed, $failed failed, $skipped skipped"
    if [ "$failed" -gt 0 ]; then
        # The failures again, together at the end, where a CI log is read first.
        echo "failed tests:"
        grep -E '^\s+Failed [A-Za-z]' "$1" | sed 's/^ */  /' || true
    fi
}

main() {
    command -v dotnet >/dev/null || die "dotnet is not on PATH"
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/orleansticks-test.XXXXXX")"
    chmod 755 "$WORK_DIR"

    install_js_test_clients
    install_browser
    start_postgres
    # Later: start_rabbitmq, ... (each registering its stop function with on_exit).
    run_tests "$@"
}

main "$@"

#!/usr/bin/env bash
# Runs every test of OrleansTicks: starts the throwaway servers the tests need (PostgreSQL and RabbitMQ, each
# installed from Debian when missing; others get a start_X function of their own later), exports where they are, runs `dotnet test` on the
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
#   RABBITMQ_START_TIMEOUT    seconds to wait for RabbitMQ to accept connections (default 90)
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly TEST_TARGET="${ORLEANSTICKS_TEST_TARGET:-OrleansTicks.sln}"

# The throwaway servers: start_postgres, start_rabbitmq, on_exit, log, die, ... (WORK_DIR is set by main).
# shellcheck source=scripts/services.sh
source "$REPO_ROOT/scripts/services.sh"

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

# The render tests (tests/OrleansTicks.Deploy.Tests) run `kubectl kustomize`, which needs kubectl 1.27+ (kustomize v5).
# Debian's own feed has only kubernetes-client 1.20 (kustomize v2, too old); install a kubectl package when an apt
# source offers one, otherwise say so here: those tests then fail naming what to install (they never skip).
install_kubectl() {
    command -v kubectl >/dev/null && return 0
    if is_root && apt-cache policy kubectl 2>/dev/null | grep -qE 'Candidate: [0-9]'; then
        apt_install kubectl
        return 0
    fi
    log "warning: kubectl is not on PATH and no apt source offers it: the k8s render tests will fail (install kubectl 1.27 or later)"
}

# The hub load client in C (bench/load/hubload.c) is built and checked against a live hub by the API tests.
install_compiler() {
    command -v gcc >/dev/null && [ -e /usr/include/stdio.h ] && return 0
    apt_install gcc libc6-dev
    command -v gcc >/dev/null || die "no gcc on PATH after installing the gcc package"
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
    # A queue that crashed fails the run too: tests can pass around a queue that crashed and restarted.
    local crashes
    crashes="$(rabbitmq_crash_reports | head -n 40 || true)" # head may end the pipe early: not a failure
    if [ -n "$crashes" ]; then
        log "RabbitMQ logged crashed queues during the tests (its log: $RABBIT_DIR/log):"
        printf '%s\n' "$crashes" >&2
        [ "$rc" -ne 0 ] || rc=70
    fi
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
    begin_services orleansticks-test

    install_js_test_clients
    install_browser
    install_kubectl
    install_compiler
    start_postgres
    start_rabbitmq
    # Later: start_X, ... (each registering its stop function with on_exit).
    run_tests "$@"
}

main "$@"

#!/usr/bin/env bash
# Cluster benchmarks (issue 7): builds the silo and the api in Release, starts a throwaway PostgreSQL 15 and RabbitMQ on
# loopback (scripts/services.sh, as the tests do), runs cluster-bench.mjs, and always stops the servers at the end.
# Needs root (RabbitMQ's data must belong to its user) and Node 20.
#
#   bench/cluster/run.sh                         # throughput, latency and handover (about 4 minutes)
#   bench/cluster/run.sh throughput              # only ingestion
#   BATCH_SIZES=256,1024,4096 bench/cluster/run.sh throughput
#
# Settings (environment): SILOS (3), APIS (1), WARMUP (10) and DURATION (15) seconds per throughput measurement,
# LATENCY_WARMUP (30) and LATENCY_DURATION (30) seconds per latency measurement, BATCH_SIZES simulator batch sizes for
# the unpaced throughput runs (1024), LATENCY_RUNS rate/batch pairs (5000/1: 5,000 trades/s, one trade per simulator
# batch; e.g. 1000/1,5000/1,5000/16), each run in cluster mode and then in one process, HUB_CONNECTIONS (20) x
# HUB_PER_CONNECTION (5) of 100 symbols for the SignalR client, HANDOVER_RATE trades/s during the handover steps (2000).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# Every node opens a pool of connections per PostgreSQL client it has (grain state, bars, membership, leadership), up
# to Npgsql's default of 100 each: three silos activating 503 symbol grains at once went past the 200 that the tests'
# server allows ("53300: sorry, too many clients already": activations failed and their trades were dropped).
export PG_MAX_CONNECTIONS="${PG_MAX_CONNECTIONS:-1000}"
# shellcheck source=scripts/services.sh
source "$ROOT/scripts/services.sh"

main() {
    command -v dotnet >/dev/null || die "dotnet is not on PATH"
    command -v node >/dev/null || die "node is not on PATH (Node 20: apt-get install nodejs npm)"
    begin_services orleansticks-cbench

    log "build silo and api (Release)"
    dotnet build "$ROOT/silo" -c Release -nologo -v q >"$WORK_DIR/build.log" 2>&1 || { tail -30 "$WORK_DIR/build.log" >&2; die "build failed"; }
    dotnet build "$ROOT/api" -c Release -nologo -v q >>"$WORK_DIR/build.log" 2>&1 || { tail -30 "$WORK_DIR/build.log" >&2; die "build failed"; }
    if [ ! -d "$ROOT/bench/load/node_modules/@microsoft/signalr" ]; then
        log "npm ci in bench/load (the SignalR client)"
        (cd "$ROOT/bench/load" && npm ci --no-audit --no-fund >&2) || die "npm ci in bench/load failed"
    fi

    start_postgres
    start_rabbitmq
    export PG_BIN BENCH_POSTGRES_PID_FILE="$PG_DIR/data/postmaster.pid" BENCH_RABBITMQ_PID_FILE="$RABBIT_DIR/rabbitmq.pid"

    printf 'machine: %s cores (%s), load average %s; RabbitMQ %s, PostgreSQL %s\n' "$(nproc)" \
        "$(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')" "$(cut -d' ' -f1-3 /proc/loadavg)" \
        "$(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null)" "$("$PG_BIN/postgres" --version | awk '{ print $3 }')"
    node "$ROOT/bench/cluster/cluster-bench.mjs" "$@"
    printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

main "$@"

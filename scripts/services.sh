# shellcheck shell=bash
# Throwaway PostgreSQL 15 and RabbitMQ on loopback, for scripts that source this file (scripts/test.sh, the cluster
# benchmark bench/cluster/run.sh); each is installed from Debian when missing. The sourcing script calls
# `begin_services NAME` (the traps, and WORK_DIR: a directory of its own, mode 755, where the servers keep their data),
# then start_postgres / start_rabbitmq (they export ORLEANSTICKS_TEST_POSTGRES and ORLEANSTICKS_TEST_RABBITMQ). Every
# start_X registers its stop_X (on_exit) before it starts anything, and `cleanup`, the EXIT trap, runs them.
#
# Environment: PG_BIN (default /usr/lib/postgresql/15/bin), PG_MAX_CONNECTIONS (200), RABBITMQ_START_TIMEOUT seconds
# (default 90).

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_MAX_CONNECTIONS="${PG_MAX_CONNECTIONS:-200}"
WORK_DIR=""
PG_DIR=""
RABBIT_DIR=""
RABBIT_NODE=""
RABBIT_EPMD_PORT=""
RC_POLICY_ADDED=0   # 1 while this script's own /usr/sbin/policy-rc.d is in place
APT_UPDATED=0
CLEANUP_STEPS=()   # run last-registered-first on exit; every start_X registers its stop_X right away

on_exit() { CLEANUP_STEPS=("$1" "${CLEANUP_STEPS[@]}"); }

log() { printf '==> %s\n' "$*" >&2; }
die() { printf '%s: error: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

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

# Prints a TCP port on 127.0.0.1 that nothing listens on, below the kernel's ephemeral range: a port in that range can
# be taken by any outgoing connection between this probe and the server's bind (RabbitMQ then fails with eaddrinuse).
free_port() {
    local port attempt span=40000 ephemeral_low
    ephemeral_low="$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true)"
    if [[ "$ephemeral_low" =~ ^[0-9]+$ ]] && [ "$ephemeral_low" -gt 21000 ]; then
        span=$(( ephemeral_low - 20000 ))
    fi
    for attempt in $(seq 1 50); do
        port=$(( 20000 + RANDOM % span ))
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
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=$PG_MAX_CONNECTIONS" start >/dev/null \
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

install_rabbitmq() {
    # A Debian package starts its service after installing it unless policy-rc.d forbids it (Docker images ship
    # one that does); a system-wide server on 5672 would outlive this script, so forbid it for the install.
    if is_root && [ ! -e /usr/sbin/policy-rc.d ]; then
        on_exit remove_rc_policy   # also if the install fails
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        RC_POLICY_ADDED=1
    fi
    apt_install rabbitmq-server
    remove_rc_policy
}

remove_rc_policy() {
    if [ "$RC_POLICY_ADDED" -eq 1 ]; then
        rm -f /usr/sbin/policy-rc.d
        RC_POLICY_ADDED=0
    fi
}

start_rabbitmq() {
    command -v rabbitmq-server >/dev/null && command -v rabbitmqctl >/dev/null || install_rabbitmq
    command -v rabbitmq-server >/dev/null || die "no rabbitmq-server on PATH after installing rabbitmq-server"
    is_root || die "starting the test RabbitMQ needs root (its data must belong to the rabbitmq user); run as root"

    RABBIT_DIR="$WORK_DIR/rabbitmq"
    mkdir -p "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
    chown -R rabbitmq:rabbitmq "$RABBIT_DIR"

    local port dist_port timeout="${RABBITMQ_START_TIMEOUT:-90}"
    port="$(free_port)"
    dist_port="$(free_port)"
    # Our own epmd on a port of its own: it cannot clash with another Erlang node's epmd on 4369, and the
    # one listening there at the end is ours to end.
    RABBIT_EPMD_PORT="$(free_port)"
    # A unique node name: two runs on one machine (or a leftover node) never answer for each other.
    RABBIT_NODE="orleansticks-test-$$-$RANDOM@localhost"
    on_exit stop_rabbitmq
    log "starting RabbitMQ on 127.0.0.1:$port (node $RABBIT_NODE, data in $RABBIT_DIR)"
    env HOME=/var/lib/rabbitmq \
        ERL_EPMD_PORT="$RABBIT_EPMD_PORT" \
        RABBITMQ_NODENAME="$RABBIT_NODE" \
        RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        RABBITMQ_NODE_PORT="$port" \
        RABBITMQ_DIST_PORT="$dist_port" \
        RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia" \
        RABBITMQ_LOG_BASE="$RABBIT_DIR/log" \
        RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins" \
        RABBITMQ_PID_FILE="$RABBIT_DIR/rabbitmq.pid" \
        rabbitmq-server -detached >"$RABBIT_DIR/start.log" 2>&1 \
        || { cat "$RABBIT_DIR/start.log" >&2; die "rabbitmq-server -detached failed"; }

    local deadline=$(( SECONDS + timeout ))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            export ORLEANSTICKS_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$port/"
            log "RabbitMQ is ready: ORLEANSTICKS_TEST_RABBITMQ=$ORLEANSTICKS_TEST_RABBITMQ"
            return 0
        fi
        sleep 0.5
    done
    log "RabbitMQ's log (tail):"
    cat "$RABBIT_DIR/start.log" >&2 || true
    tail -n 50 "$RABBIT_DIR"/log/*.log >&2 || true
    die "RabbitMQ does not accept connections on 127.0.0.1:$port after ${timeout}s"
}

# The PID of the process listening on a TCP port of 127.0.0.1 or any address, empty when none.
listener_pid() {
    ss -Htlnp "sport = :$1" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -n 1 | cut -d= -f2
}

# Whether a process runs: it exists and is not a zombie (state Z: dead, waiting for init to reap it).
is_running() {
    [ -r "/proc/$1/stat" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" != "Z" ]
}

# Prints what RabbitMQ logged of queues that crashed (a queue process's "Reason for termination" and the lines after
# it, and "Restarting crashed queue"), nothing when none did. A crashed queue restarts and nacks the publishes it
# had, which tests see only as odd symptoms; this names the cause (docs/RABBITMQ.md). Other processes' crash reports
# are left out: a channel of a connection that drops can die with noproc as it closes, which loses nothing.
rabbitmq_crash_reports() {
    [ -n "$RABBIT_DIR" ] || return 0
    local file
    for file in "$RABBIT_DIR"/log/*.log; do
        [ -f "$file" ] || continue
        awk '
            match($0, /\[error\] <[0-9.]+>/) { pid = substr($0, RSTART, RLENGTH) }
            /When Server state == \{q,/ { queue[pid] = 1 }
            /Reason for termination/ && queue[pid] { left = 3 }
            left > 0 { print; left-- }
            /Restarting crashed queue/ { print }
        ' "$file"
    done
}

stop_rabbitmq() {
    [ -n "$RABBIT_NODE" ] || return 0
    log "stopping RabbitMQ"
    local pid="" attempt
    [ -f "$RABBIT_DIR/rabbitmq.pid" ] && pid="$(cat "$RABBIT_DIR/rabbitmq.pid" 2>/dev/null || true)"
    # rabbitmqctl finds the node's Erlang cookie in $HOME (the package's /var/lib/rabbitmq) and the node through
    # our own epmd port; it returns once the node has stopped.
    if ! HOME=/var/lib/rabbitmq ERL_EPMD_PORT="$RABBIT_EPMD_PORT" timeout 120 rabbitmqctl -n "$RABBIT_NODE" stop \
        >"$RABBIT_DIR/stop.log" 2>&1; then
        log "warning: rabbitmqctl stop failed ($(tail -n 1 "$RABBIT_DIR/stop.log" 2>/dev/null)); ending the node by its PID"
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    fi
    if [ -n "$pid" ]; then
        for attempt in $(seq 1 40); do
            is_running "$pid" || break
            sleep 0.25
        done
        is_running "$pid" && kill -9 "$pid" 2>/dev/null
    fi
    # The node started an epmd daemon of its own (on RABBIT_EPMD_PORT) that outlives it: end it by its PID.
    local epmd_pid=""
    if command -v ss >/dev/null; then
        epmd_pid="$(listener_pid "$RABBIT_EPMD_PORT")"
    else
        # No ss (iproute2) to find its PID: ask it to end itself (it does once no node is registered).
        ERL_EPMD_PORT="$RABBIT_EPMD_PORT" epmd -kill >/dev/null 2>&1 || log "warning: could not end epmd on port $RABBIT_EPMD_PORT"
    fi
    if [ -n "$epmd_pid" ]; then
        kill "$epmd_pid" 2>/dev/null || log "warning: could not end epmd (PID $epmd_pid)"
        for attempt in $(seq 1 20); do
            is_running "$epmd_pid" || break
            sleep 0.25
        done
    fi
    return 0
}

# The EXIT trap of a script that sources this file: runs every stop_X registered, removes WORK_DIR, and exits with the
# script's exit code.
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

# Sets the traps (cleanup at exit, also after Ctrl-C or SIGTERM) and makes WORK_DIR: ${TMPDIR:-/tmp}/NAME.XXXXXX.
begin_services() {
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    chmod 755 "$WORK_DIR"
}

# shellcheck shell=bash
# Throwaway PostgreSQL server for tests. Source this file; do not execute it.
#
#   pg_ensure_installed   find initdb/pg_ctl/postgres (apt-get install postgresql
#                         if missing); sets and exports PG_BIN.
#   pg_start_throwaway    initdb into a fresh `mktemp -d`, start a server on
#                         127.0.0.1:<free port> tuned for speed (no durability),
#                         create database brug_test, export
#                         BRUG_TEST_POSTGRES_URL=postgres://<user>@127.0.0.1:<port>/brug_test
#   pg_stop_throwaway     stop it (-m immediate) and delete the temp dir.
#                         Safe to call more than once, or when nothing was started.
#
# When run as root the server runs as the unprivileged system user
# $BRUG_PG_OS_USER (default: brugtest; created if missing), because initdb and
# postgres refuse to run as root.
#
# A small watchdog process stops the server and removes the temp dir if the
# shell that started it dies without calling pg_stop_throwaway (e.g. SIGKILL).
#
# Tunables (environment): BRUG_PG_OS_USER, BRUG_PG_START_TIMEOUT (seconds, default 60),
# BRUG_PG_TMP_PARENT (parent directory for the temp dir, default $TMPDIR or /tmp).

: "${BRUG_PG_OS_USER:=brugtest}"
: "${BRUG_PG_START_TIMEOUT:=60}"

_pg_log() { printf '[postgres] %s\n' "$*" >&2; }

# Quiet, idempotent apt-get install, shared with scripts/lib/browser.sh.
# `apt-get update` runs at most once per shell. Output is only shown on failure.
if ! declare -F brug_apt_install >/dev/null; then
  brug_apt_install() {
    local log rc=0
    if ! command -v apt-get >/dev/null 2>&1; then
      printf 'apt-get not found; please install manually: %s\n' "$*" >&2
      return 1
    fi
    log="$(mktemp)"
    local sudo=()
    if [[ $EUID -ne 0 ]]; then sudo=(sudo -n); fi
    if [[ "${BRUG_APT_UPDATED:-0}" != 1 ]]; then
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -q -o DPkg::Lock::Timeout=300 update >"$log" 2>&1 || rc=$?
      if [[ $rc -ne 0 ]]; then
        cat "$log" >&2; rm -f "$log"
        printf 'apt-get update failed (exit %s)\n' "$rc" >&2
        return "$rc"
      fi
      BRUG_APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends "$@" \
      >"$log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
      cat "$log" >&2
      printf 'apt-get install %s failed (exit %s)\n' "$*" "$rc" >&2
    fi
    rm -f "$log"
    return "$rc"
  }
fi

# Echo a directory containing initdb, pg_ctl and postgres, or fail.
# Prefers Debian's /usr/lib/postgresql/<highest version>/bin, then PATH.
_pg_find_bin() {
  local d c
  if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" && -x "$PG_BIN/postgres" ]]; then
    echo "$PG_BIN"; return 0
  fi
  # shellcheck disable=SC2012
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -V -r); do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
      echo "$d"; return 0
    fi
  done
  if c="$(command -v initdb 2>/dev/null)"; then
    d="$(dirname "$(readlink -f "$c")")"
    if [[ -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
      echo "$d"; return 0
    fi
  fi
  return 1
}

pg_ensure_installed() {
  local bin
  if ! bin="$(_pg_find_bin)"; then
    _pg_log "PostgreSQL server binaries not found; installing via apt-get (postgresql)..."
    brug_apt_install postgresql || return 1
    if ! bin="$(_pg_find_bin)"; then
      _pg_log "postgresql installed but initdb/pg_ctl/postgres still not found"
      return 1
    fi
  fi
  PG_BIN="$bin"
  export PG_BIN
}

# Path of a client tool (psql, pg_isready, ...): from PG_BIN if present, else PATH.
_pg_tool() {
  if [[ -x "$PG_BIN/$1" ]]; then echo "$PG_BIN/$1"; else command -v "$1"; fi
}

# Run a command as the server's OS user, with cwd inside the temp dir (the
# caller's cwd may not be readable by that user).
_pg_as_server_user() {
  if [[ $EUID -ne 0 ]]; then
    (cd "$BRUG_PG_TMPDIR" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$BRUG_PG_TMPDIR" && runuser -u "$BRUG_PG_OS_USER" -- "$@")
  else
    local q; q="$(printf '%q ' "$@")"
    (cd "$BRUG_PG_TMPDIR" && su -s /bin/sh "$BRUG_PG_OS_USER" -c "$q")
  fi
}

_pg_ensure_os_user() {
  id -u "$BRUG_PG_OS_USER" >/dev/null 2>&1 && return 0
  _pg_log "creating system user $BRUG_PG_OS_USER"
  if command -v useradd >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$BRUG_PG_OS_USER"
  else
    adduser --system --group --no-create-home --home /nonexistent \
      --shell /usr/sbin/nologin "$BRUG_PG_OS_USER" >/dev/null
  fi
}

# Echo a TCP port that is currently free on 127.0.0.1.
_pg_free_port() {
  local p i
  if command -v python3 >/dev/null 2>&1 &&
    p="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null)" && [[ "$p" =~ ^[0-9]+$ ]]; then
    echo "$p"; return 0
  fi
  # Fallback: random ports nobody answers on.
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  _pg_log "could not find a free TCP port"
  return 1
}

_pg_log_tail() {
  if [[ -n "${BRUG_PG_LOG:-}" && -f "$BRUG_PG_LOG" ]]; then
    _pg_log "---- last lines of $BRUG_PG_LOG ----"
    tail -n 40 "$BRUG_PG_LOG" >&2 || true
    _pg_log "-------------------------------------"
  fi
}

# Watchdog: once the process $1 (the shell that started the server) is gone,
# stop the server and delete the temp dir. Detached from the terminal's process
# group (so Ctrl-C does not hit it) and from our stdout/stderr (so it never
# holds a pipe open).
_pg_start_watchdog() {
  local owner=$1 q
  q="$(printf 'owner=%q; tmp=%q; data=%q; pgctl=%q; user=%q; root=%q' \
    "$owner" "$BRUG_PG_TMPDIR" "$BRUG_PG_DATA" "$PG_BIN/pg_ctl" "$BRUG_PG_OS_USER" \
    "$([[ $EUID -eq 0 ]] && echo 1 || echo 0)")"
  # shellcheck disable=SC2016
  setsid bash -c "$q"'
    trap "" INT HUP
    while kill -0 "$owner" 2>/dev/null; do sleep 1; done
    if [[ -f "$data/postmaster.pid" ]]; then
      cd "$tmp" || exit 0
      if [[ $root == 1 ]]; then
        runuser -u "$user" -- "$pgctl" -D "$data" -m immediate -w -t 30 stop
      else
        "$pgctl" -D "$data" -m immediate -w -t 30 stop
      fi
      cd /
    fi
    rm -rf "$tmp"' </dev/null >/dev/null 2>&1 &
  BRUG_PG_WATCHDOG_PID=$!
}

pg_start_throwaway() {
  local started rc attempt port parent psql pg_isready ready=0 elapsed deadline
  started=$(date +%s%N)

  if [[ -n "${BRUG_PG_TMPDIR:-}" && -d "${BRUG_PG_TMPDIR:-}" ]]; then
    _pg_log "a throwaway server is already running (BRUG_PG_TMPDIR=$BRUG_PG_TMPDIR)"
    return 1
  fi
  pg_ensure_installed || return 1

  if [[ $EUID -eq 0 ]]; then
    _pg_ensure_os_user || return 1
    # The server user must be able to reach the temp dir: /tmp always works,
    # a private $TMPDIR (e.g. under /root) would not.
    parent="${BRUG_PG_TMP_PARENT:-/tmp}"
  else
    BRUG_PG_OS_USER="$(id -un)"
    parent="${BRUG_PG_TMP_PARENT:-${TMPDIR:-/tmp}}"
  fi

  BRUG_PG_TMPDIR="$(mktemp -d "$parent/brug-pg.XXXXXXXX")" || return 1
  BRUG_PG_DATA="$BRUG_PG_TMPDIR/data"
  BRUG_PG_SOCKET_DIR="$BRUG_PG_TMPDIR/sock"
  BRUG_PG_LOG="$BRUG_PG_TMPDIR/server.log"
  mkdir -p "$BRUG_PG_SOCKET_DIR"
  if [[ $EUID -eq 0 ]]; then
    chown -R "$BRUG_PG_OS_USER:" "$BRUG_PG_TMPDIR"
  fi
  export BRUG_PG_TMPDIR BRUG_PG_DATA BRUG_PG_SOCKET_DIR BRUG_PG_LOG

  if ! _pg_as_server_user "$PG_BIN/initdb" -D "$BRUG_PG_DATA" -U "$BRUG_PG_OS_USER" \
    --auth=trust --encoding=UTF8 --locale=C --no-sync \
    >"$BRUG_PG_TMPDIR/initdb.log" 2>&1; then
    _pg_log "initdb failed:"
    cat "$BRUG_PG_TMPDIR/initdb.log" >&2
    pg_stop_throwaway
    return 1
  fi

  # Start the watchdog before the server can exist, so there is no window in
  # which the server would outlive a killed shell.
  _pg_start_watchdog "$$"

  # The port is chosen free, but something could grab it before the server
  # binds; retry a few times with a new port in that case.
  for attempt in 1 2 3; do
    port="$(_pg_free_port)" || { pg_stop_throwaway; return 1; }
    # postgresql.auto.conf overrides postgresql.conf; rewrite it per attempt.
    cat >"$BRUG_PG_DATA/postgresql.auto.conf" <<EOF
# Written by scripts/lib/postgres.sh: throwaway test server, speed over safety.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$BRUG_PG_SOCKET_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 256MB
max_wal_size = 1GB
checkpoint_timeout = 30min
logging_collector = off
EOF
    if [[ $EUID -eq 0 ]]; then chown "$BRUG_PG_OS_USER:" "$BRUG_PG_DATA/postgresql.auto.conf"; fi

    rc=0
    _pg_as_server_user "$PG_BIN/pg_ctl" -D "$BRUG_PG_DATA" -l "$BRUG_PG_LOG" \
      -w -t "$BRUG_PG_START_TIMEOUT" start >/dev/null 2>&1 || rc=$?
    if [[ $rc -eq 0 ]]; then
      break
    fi
    if grep -qiE 'could not bind|could not create any TCP/IP sockets|address already in use' \
      "$BRUG_PG_LOG" 2>/dev/null && [[ $attempt -lt 3 ]]; then
      _pg_log "port $port was taken, retrying with another port"
      _pg_as_server_user "$PG_BIN/pg_ctl" -D "$BRUG_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
      mv -f "$BRUG_PG_LOG" "$BRUG_PG_LOG.attempt$attempt"
      continue
    fi
    _pg_log "PostgreSQL failed to start (pg_ctl exit $rc; timeout ${BRUG_PG_START_TIMEOUT}s)"
    _pg_log_tail
    pg_stop_throwaway
    return 1
  done

  BRUG_PG_PORT="$port"
  export BRUG_PG_PORT

  # pg_ctl -w already waited for the server; double-check over TCP.
  pg_isready="$(_pg_tool pg_isready || true)"
  deadline=$((SECONDS + BRUG_PG_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if [[ -n "$pg_isready" ]]; then
      if "$pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres; then ready=1; break; fi
    elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      ready=1; break
    fi
    sleep 0.1
  done
  if [[ $ready -ne 1 ]]; then
    _pg_log "PostgreSQL is not accepting connections on 127.0.0.1:$port"
    _pg_log_tail
    pg_stop_throwaway
    return 1
  fi

  psql="$(_pg_tool psql)" || { _pg_log "psql not found"; pg_stop_throwaway; return 1; }
  if ! "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$BRUG_PG_OS_USER" \
    -d postgres -c 'CREATE DATABASE brug_test' >/dev/null; then
    _pg_log "could not create database brug_test"
    _pg_log_tail
    pg_stop_throwaway
    return 1
  fi

  BRUG_TEST_POSTGRES_URL="postgres://${BRUG_PG_OS_USER}@127.0.0.1:${port}/brug_test"
  export BRUG_TEST_POSTGRES_URL
  elapsed=$((($(date +%s%N) - started) / 1000000))
  BRUG_PG_START_MS="$elapsed"
  export BRUG_PG_START_MS
  _pg_log "ready in ${elapsed}ms: $BRUG_TEST_POSTGRES_URL (data: $BRUG_PG_DATA)"
}

pg_stop_throwaway() {
  local pid i
  if [[ -z "${BRUG_PG_TMPDIR:-}" ]]; then
    return 0
  fi
  if [[ -f "${BRUG_PG_DATA:-/nonexistent}/postmaster.pid" ]]; then
    pid="$(head -n 1 "$BRUG_PG_DATA/postmaster.pid" 2>/dev/null || true)"
    if ! _pg_as_server_user "$PG_BIN/pg_ctl" -D "$BRUG_PG_DATA" -m immediate -w -t 30 stop \
      >/dev/null 2>&1; then
      # pg_ctl failed (or the data dir is broken): kill the postmaster directly.
      if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  if [[ -n "${BRUG_PG_WATCHDOG_PID:-}" ]]; then
    kill "$BRUG_PG_WATCHDOG_PID" 2>/dev/null || true
    wait "$BRUG_PG_WATCHDOG_PID" 2>/dev/null || true
  fi
  rm -rf "$BRUG_PG_TMPDIR"
  unset BRUG_PG_TMPDIR BRUG_PG_DATA BRUG_PG_SOCKET_DIR BRUG_PG_LOG BRUG_PG_PORT \
    BRUG_PG_WATCHDOG_PID BRUG_TEST_POSTGRES_URL
}

#!/usr/bin/env bash
# Private PostgreSQL 15 cluster for Tessera's storage tests (no containers on our machines).
#   eval "$(scripts/pg-cluster.sh start)"   # starts it and exports TESSERA_TEST_PG
#   scripts/pg-cluster.sh stop              # stops it and deletes its data
# Listens on 127.0.0.1 only, on a free port, with trust auth: for local test use, never for real data.
# start prints only shell `export` lines on stdout; progress goes to stderr.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
STATE_FILE=${TESSERA_PG_STATE:-/tmp/tessera-pg-cluster.state}
DB_NAME=tessera_test

log() { echo "pg-cluster: $*" >&2; }

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

ensure_installed() {
  if [ -x "$PG_BIN/initdb" ]; then return; fi
  log "installing PostgreSQL 15 (missing $PG_BIN)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  if [ ! -x "$PG_BIN/initdb" ]; then
    log "postgresql installed but $PG_BIN/initdb is missing (the distribution ships another major version?)"
    exit 1
  fi
}

free_port() {
  # Ask the kernel for an unused port; the tiny window until postgres binds it is acceptable for tests.
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  log "no free port found"; exit 1
}

print_exports() {
  # shellcheck disable=SC1090
  . "$STATE_FILE"
  echo "export TESSERA_TEST_PG='Host=127.0.0.1;Port=$PORT;Username=postgres;Database=$DB_NAME'"
}

start() {
  if [ -f "$STATE_FILE" ]; then
    # shellcheck disable=SC1090
    . "$STATE_FILE"
    if as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
      log "already running on port $PORT"
      print_exports
      return
    fi
    log "stale state file, starting a new cluster"
    rm -rf "${BASE_DIR:?}"
  fi

  ensure_installed
  id postgres >/dev/null 2>&1 || { log "user 'postgres' is missing (the postgresql package creates it)"; exit 1; }

  # initdb refuses to run as root, so the cluster lives in a temp dir owned by postgres.
  local base port
  base=$(mktemp -d /tmp/tessera-pg.XXXXXX)
  chmod 700 "$base"
  chown postgres:postgres "$base"
  port=$(free_port)
  as_postgres "$PG_BIN/initdb" -D "$base/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
    || as_postgres "$PG_BIN/initdb" -D "$base/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >&2
  as_postgres "$PG_BIN/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c full_page_writes=off -c max_connections=200" start >&2 \
    || { log "server failed to start; log follows"; cat "$base/server.log" >&2; exit 1; }
  as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"

  printf 'BASE_DIR=%q\nDATA_DIR=%q\nPORT=%q\n' "$base" "$base/data" "$port" > "$STATE_FILE"
  log "PostgreSQL 15 running on 127.0.0.1:$port (data in $base)"
  print_exports
}

stop() {
  if [ ! -f "$STATE_FILE" ]; then log "no cluster recorded in $STATE_FILE"; return; fi
  # shellcheck disable=SC1090
  . "$STATE_FILE"
  as_postgres "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2 || log "server was not running"
  rm -rf "${BASE_DIR:?}" "$STATE_FILE"
  log "stopped and removed $BASE_DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_exports ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac

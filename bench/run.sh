#!/usr/bin/env bash
# make bench: the site as production runs it (gunicorn, DEBUG off, PostgreSQL,
# Redis when REDIS_URL is set, collected static files) against a generated
# corpus, measured with wrk on loopback; then in-process timings and plans.
#
# Environment (all optional):
#   BENCH_ARTICLES      corpus size (default 100000; `make bench-quick`: 10000)
#   BENCH_DATABASE_URL  PostgreSQL database for the corpus
#                       (default postgres://postgres@127.0.0.1:5432/newsroom_bench)
#   REDIS_URL           shared cache of the cached server (else per-worker memory)
#   BENCH_WORKERS       gunicorn workers per server (default: one per core)
#   BENCH_DURATION      seconds of load per measured line (default 8)
#   BENCH_CONNECTIONS   concurrent wrk connections (default 4)
#   BENCH_PORT          first of two loopback ports (default 8201)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing wrk from Debian's packages..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "make bench needs wrk (the HTTP load generator): sudo apt-get install wrk" >&2
    exit 1
  fi
fi

export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom_bench}"
export BENCH_ARTICLES="${BENCH_ARTICLES:-100000}"
export DJANGO_DEBUG=0
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver"
export DATABASE_CONN_MAX_AGE=600
export CACHE_KEY_PREFIX=newsroom-bench
export DJANGO_LOG_LEVEL=ERROR
WORKERS="${BENCH_WORKERS:-$(nproc)}"
PORT="${BENCH_PORT:-8201}"
WORK="$(mktemp -d)"
PIDS=()

stop_servers() {
  for pidfile in "$WORK"/*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap stop_servers EXIT

echo "== Corpus, migrations, static files ($DATABASE_URL, $BENCH_ARTICLES articles)"
$BIN/python bench/prepare.py
echo "== Pages"
$BIN/python bench/pages.py "$WORK/pages"

start_server() {  # name port [VAR=value...]
  local name=$1 port=$2
  shift 2
  env "$@" WEB_CONCURRENCY="$WORKERS" $BIN/gunicorn newsroom.wsgi:application \
    -c gunicorn.conf.py --bind "127.0.0.1:$port" --pid "$WORK/$name.pid" \
    --error-logfile "$WORK/$name.log" &
  PIDS+=($!)
  for _ in $(seq 100); do
    $BIN/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" \
      2>/dev/null && [ -f "$WORK/$name.pid" ] && return 0
    sleep 0.2
  done
  echo "gunicorn ($name) did not start:" >&2
  cat "$WORK/$name.log" >&2
  exit 1
}

if [ -n "${REDIS_URL:-}" ]; then CACHE="Redis $REDIS_URL"; else CACHE="per-worker memory (set REDIS_URL for Redis)"; fi
echo "== Load: gunicorn, $WORKERS sync workers per server, DEBUG off, cache: $CACHE"
start_server uncached "$PORT" NEWSROOM_PAGE_CACHE_SECONDS=0
start_server cached "$((PORT + 1))" NEWSROOM_PAGE_CACHE_SECONDS=600
$BIN/python bench/load.py "$WORK/pages" "http://127.0.0.1:$PORT" "http://127.0.0.1:$((PORT + 1))" \
  "$WORK/uncached.pid" "$WORK/cached.pid"
stop_servers
trap - EXIT
echo "== Wire ingest (1,000 agency items; the target is 1,000 in a minute)"
$BIN/python manage.py wire_bench --items 1000

echo "== In-process"
$BIN/python bench/inprocess.py

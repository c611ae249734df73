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
#   BENCH_PORT          first of five loopback ports (default 8201): two app servers,
#                       Varnish and its admin port, nginx
#   BENCH_MIXED_SECONDS length of each mixed run, through Varnish and without (default 30)
#   BENCH_MIXED_ONLY    set: skip the reader-only lines (and the in-process timings)
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
if [ -z "${BENCH_MIXED_ONLY:-}" ]; then
  echo "== Pages"
  $BIN/python bench/pages.py "$WORK/pages"
fi

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
if [ -z "${BENCH_MIXED_ONLY:-}" ]; then
  start_server uncached "$PORT" NEWSROOM_PAGE_CACHE_SECONDS=0
  start_server cached "$((PORT + 1))" NEWSROOM_PAGE_CACHE_SECONDS=600
  $BIN/python bench/load.py "$WORK/pages" "http://127.0.0.1:$PORT" "http://127.0.0.1:$((PORT + 1))" \
    "$WORK/uncached.pid" "$WORK/cached.pid"
fi
stop_servers

# The mixed scenario: a cached server with Varnish in front (purged by the saves),
# and nginx serving one article page as a static file (the ceiling of a cache in front).
WORK="$(mktemp -d)"
PIDS=()
VARNISH_PORT=$((PORT + 2))
NGINX_PORT=$((PORT + 4))
for tool in varnishd nginx; do
  if ! command -v $tool >/dev/null && [ ! -x /usr/sbin/$tool ]; then
    echo "make bench needs $tool for the mixed scenario: apt-get install varnish varnish-modules nginx-light" >&2
    exit 1
  fi
done
sed "s/\.port = \"8000\";/.port = \"$((PORT + 1))\";/" deploy/varnish/newsroom.vcl > "$WORK/newsroom.vcl"
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/secret"
/usr/sbin/varnishd -F -j none -n "$WORK/varnish" -a "127.0.0.1:$VARNISH_PORT" \
  -T "127.0.0.1:$((PORT + 3))" -S "$WORK/secret" -f "$WORK/newsroom.vcl" -s malloc,256m \
  >"$WORK/varnish.log" 2>&1 &
echo $! > "$WORK/varnish.pid"
PIDS+=($!)
mkdir -p "$WORK/static"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx.log;
events { worker_connections 256; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/static;
    default_type text/html;
  }
}
NGINX
/usr/sbin/nginx -c "$WORK/nginx.conf" -p "$WORK" &
PIDS+=($!)
export NEWSROOM_VARNISH_URL="http://127.0.0.1:$VARNISH_PORT"
start_server cached "$((PORT + 1))" NEWSROOM_PAGE_CACHE_SECONDS=3600
echo "== Mixed: readers (Zipf over articles; home, section, tag pages), an editor, a translator"
$BIN/python bench/mixed.py "$WORK/pages" "http://127.0.0.1:$((PORT + 1))" \
  "http://127.0.0.1:$VARNISH_PORT" "http://127.0.0.1:$NGINX_PORT" "$WORK/static"
stop_servers
trap - EXIT
echo "== Wire ingest (1,000 agency items; the target is 1,000 in a minute)"
$BIN/python manage.py wire_bench --items 1000

if [ -z "${BENCH_MIXED_ONLY:-}" ]; then
  echo "== In-process"
  $BIN/python bench/inprocess.py
fi

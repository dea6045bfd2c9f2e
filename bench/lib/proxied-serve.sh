# shellcheck shell=bash
# Shared by the scripts that measure one or more `backline serve` edges each in front of its own
# nginx origin (edge-ab.sh, edge-alloc.sh). Source it after lib/driver.sh and find_java. It defines:
#   bench_work NAME          log and die (prefixed NAME), WORK (a fresh directory), PIDS, and the
#                            EXIT trap that stops every PID in PIDS and removes WORK
#   start_proxied_serve DIR PATH [CACHE]
#                            an nginx origin serving /1k and /100k (random bytes) and a `backline serve`
#                            (JAR, BACKLINE_JAVA_OPTS) under DIR, with one service for 127.0.0.1
#                            configured through the API: without CACHE the default TTL is 0 and every
#                            request goes to the origin; with it (a --cache-size) nginx's files take
#                            the default TTL of an hour and every measured request after the first
#                            is a hit. Returns once the edge is warmed up and PATH answers 200:
#                            SERVE_PID, EDGE_PORT, ORIGIN_WORKER (nginx's worker, whose CPU is the origin's)

bench_work() {  # NAME
  BENCH_NAME=$1
  log() { printf '[%(%H:%M:%S)T] %s: %s\n' -1 "$BENCH_NAME" "$*" >&2; }
  die() { log "$*"; exit 1; }
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$BENCH_NAME.XXXXXX")
  PIDS=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}

start_proxied_serve() {  # DIR PATH [CACHE]
  local dir=$1 path=$2 cache=${3:-}
  mkdir -p "$dir/www"; chmod 755 "$WORK" "$dir"
  head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$dir/www/1k"
  head -c 102400 /dev/urandom > "$dir/www/100k"
  chmod -R a+rX "$dir/www"
  local op ap
  op=$(free_port)
  cat > "$dir/origin.conf" <<CONF
worker_processes 1; pid $dir/origin.pid; error_log $dir/origin.err; daemon off;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp; uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server { listen 127.0.0.1:$op; root $dir/www; } }
CONF
  nginx -c "$dir/origin.conf" & PIDS+=($!)
  ap=$(free_port); EDGE_PORT=$(free_port)
  start_serve "$dir/data" "$ap" "$EDGE_PORT" "$dir/serve.log" ${cache:+--cache-size "$cache"}; PIDS+=("$SERVE_PID")
  local sid
  sid=$(json "$(api POST /service name=bench)" id)
  api POST "/service/$sid/version/1/domain" name=127.0.0.1 > /dev/null
  api POST "/service/$sid/version/1/backend" name=origin address=127.0.0.1 port="$op" > /dev/null
  [[ -n $cache ]] || api PUT "/service/$sid/version/1/settings" general.default_ttl=0 > /dev/null
  api PUT "/service/$sid/version/1/activate" > /dev/null
  local _
  for _ in $(seq 600); do grep -qs 'edge warmed up' "$dir/serve.log" && break; sleep 0.1; done
  for _ in $(seq 100); do [[ -s $dir/origin.pid ]] && break; sleep 0.1; done
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$EDGE_PORT$path") == 200 ]] \
    || die "$path did not answer 200 through the edge of $dir (log: $dir/serve.log)"
  ORIGIN_WORKER=$(pgrep -P "$(cat "$dir/origin.pid")" | head -1)
}

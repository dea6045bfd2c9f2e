#!/usr/bin/env bash
# cache-bench.sh - the Backline edge's HTTP cache beside Varnish and nginx, caching, in one run
# (issue 17, "How it is shown"). The three candidates stand in front of one origin, each with a cache
# of the same size (--cache-size, default a quarter of the Zipf working set):
#
#   backline      one long-running `backline serve --cache-size SIZE`, configured through its API as
#                 users do: a service with the domains 127.0.0.1 and localhost and a backend at the
#                 origin, version 1 activated. Its API node is also the one the purge part's edge
#                 nodes follow.
#   varnish       varnishd -s malloc,SIZE with the built-in VCL's caching, plus X-Cache: HIT|MISS
#                 from obj.hits in vcl_deliver (so all three say what they did the same way).
#   nginx-cache   nginx proxy_cache: keys_zone (metadata, 8,000 keys a MiB) and max_size=SIZE, on
#                 tmpfs when /dev/shm is one, proxy_cache_lock on (collapsing, as the other two),
#                 X-Cache from $upstream_cache_status.
#   origin        nginx: /1k and /100k, /z/N (N < --zipf-objects, --zipf-size KiB each) and /p/N,
#                 all with Cache-Control: max-age=3600; /p/N also with Surrogate-Key: cbench-purge pN.
#                 Its access log (one line per request it served) is how origin requests are counted.
#
# Parts (--parts, default "hit zipf purge"):
#   hit    hit throughput: per path (-p, default /1k /100k), a warm-up of --warmup seconds per
#          candidate fills the cache (and the JIT), a GET then reads the X-Cache header (a candidate
#          that never says HIT is measured as what it is: a plain proxy, and the summary says so),
#          then wrk -t THREADS -c CONNS (-c, default 64) for -d seconds, the candidates' order
#          rotated per round (-r). req/s, p50, p99, the CPU of the candidate's processes per
#          request and the origin requests during the run. Targets: Backline >= 1.0x Varnish and
#          >= 1.0x nginx in req/s, p99 <= 1.2x the better (lower) of the two.
#   zipf   hit ratio with a cache smaller than the working set: --zipf-objects objects (10,000) of
#          --zipf-size KiB (10) requested with Zipf exponent --zipf-s (1.0) by wrk with
#          lib/cache-bench.lua, which replays a table drawn once per run (seeded: the same for every
#          candidate). Per candidate a warm-up of --zipf-warmup seconds (one half of the table),
#          then -d seconds measured (the other half) with --zipf-conns connections. Hit ratio =
#          1 - (origin requests during the measured run, from the origin's access log) / (requests
#          wrk completed), the same count for all three. Between warm-up and measurement the script
#          waits (up to 30 s) until the candidate's cache holds at most its size: nginx's cache
#          manager trims to max_size in the background, seconds behind the fill. What each cache
#          holds after the run is reported beside its hit ratio. Target: Backline >= Varnish.
#   purge  purge-to-effect across two `backline edge` nodes following the backline API node:
#          lib/cache-purge-probe.py caches /p/R on both, purges the key pR through the API
#          (POST /service/{id}/purge/pR with Fastly-Key), and times until both edges answer
#          X-Cache: MISS (one poller per edge in a tight loop), --purge-rounds rounds (100).
#          p50/p99/max; target p99 < 150 ms. With no cache in the edge (X-Cache never HIT) the part
#          prints "not measurable: no cache" and the run goes on.
#
# Results under --out (default ${BENCH_RUNDIR:-/tmp/proxy-bench}/results-cache-<time>): hit.csv,
# zipf.csv, purge.csv or purge.txt, x-cache.txt, wrk.log, the candidates' logs and configs, and
# summary.md (bench/cache-targets.py: the tables with ratios against Varnish and nginx, in the
# shape of docs/cache.md's benchmark section).
#
#   bench/cache-bench.sh                                  # the full run (see --dry-run for its time)
#   bench/cache-bench.sh -d 3 --warmup 3 --zipf-warmup 3 --purge-rounds 20   # a short run
#   bench/cache-bench.sh --parts zipf --zipf-s 0.8        # one part, another skew
#   bench/cache-bench.sh --dry-run
#
# Environment: JAVA (a Java 25 or newer, found as lib/driver.sh finds it), BACKLINE_JAR (another
# build, with its lib/ beside it), BACKLINE_JAVA_OPTS (extra JVM flags), BENCH_RUNDIR.
# Every process this script starts is stopped by its PID at the end (also on errors and ^C).
# All traffic stays on 127.0.0.1. Needs wrk, nginx, varnishd, python3, curl, ss.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=${BACKLINE_JAR:-$ROOT/app/target/backline.jar}

DURATION=10 ROUNDS=3 CONNS=64 THREADS=2 PATHS="/1k /100k" WARMUP=20
PARTS="hit zipf purge"
ZIPF_OBJECTS=10000 ZIPF_KIB=10 ZIPF_S=1.0 ZIPF_CONNS=32 ZIPF_WARMUP=20 ZIPF_TABLE=1000000
CACHE_KIB=""
PURGE_ROUNDS=100
PORT_BASE=18180
OUT="" DRY=0 KEEP=0 PIN=0

usage() {
  cat <<EOF
usage: $0 [options]
  --parts "hit zipf purge"  which parts to run (default "$PARTS")
  -d SECONDS            measured seconds per wrk run (default $DURATION)
  -r ROUNDS             hit part: rounds, order rotated per round (default $ROUNDS)
  -c CONNS              hit part: wrk connections (default $CONNS)
  -t THREADS            wrk threads (default $THREADS)
  -p "/1k /100k"        hit part: paths (default "$PATHS")
  --warmup S            hit part: warm-up seconds per candidate and path (default $WARMUP)
  --cache-size KIB      every candidate's cache in KiB (default: a quarter of the Zipf working set)
  --zipf-objects N      Zipf working set: objects (default $ZIPF_OBJECTS)
  --zipf-size KIB       Zipf object size (default $ZIPF_KIB)
  --zipf-s S            Zipf exponent (default $ZIPF_S)
  --zipf-conns N        Zipf connections (default $ZIPF_CONNS)
  --zipf-warmup S       Zipf warm-up seconds per candidate (default $ZIPF_WARMUP)
  --purge-rounds N      purge rounds (default $PURGE_ROUNDS)
  --port-base N         origin N, varnish N+1, nginx-cache N+2, backline N+3, edge nodes N+4 and N+5,
                        backline's API N+6 (default $PORT_BASE)
  --out DIR             results directory
  --pin                 the candidates on CPU 0 (one worker, one event loop each), wrk and the origin on
                        CPU 1 (wrk -t1), as ../shared/bench/proxy-bench.sh --pin does: the load generator
                        no longer competes with the server for a core, so latency measures the server
                        rather than how the scheduler interleaves the two
  --keep                keep the work directory (data dirs, logs) after the run
  --dry-run             print the plan and the time estimate, start nothing
  -h                    this help
EOF
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --parts) PARTS=$2; shift 2 ;;
    -d) DURATION=$2; shift 2 ;;
    -r) ROUNDS=$2; shift 2 ;;
    -c) CONNS=$2; shift 2 ;;
    -t) THREADS=$2; shift 2 ;;
    -p) PATHS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --cache-size) CACHE_KIB=$2; shift 2 ;;
    --zipf-objects) ZIPF_OBJECTS=$2; shift 2 ;;
    --zipf-size) ZIPF_KIB=$2; shift 2 ;;
    --zipf-s) ZIPF_S=$2; shift 2 ;;
    --zipf-conns) ZIPF_CONNS=$2; shift 2 ;;
    --zipf-warmup) ZIPF_WARMUP=$2; shift 2 ;;
    --purge-rounds) PURGE_ROUNDS=$2; shift 2 ;;
    --port-base) PORT_BASE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --pin) PIN=1; shift ;;
    --dry-run) DRY=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

log() { printf '[%(%H:%M:%S)T] cache-bench: %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for p in $PARTS; do [[ $p == hit || $p == zipf || $p == purge ]] || die "unknown part '$p' (expected: hit, zipf or purge)"; done
for n in DURATION ROUNDS CONNS THREADS WARMUP ZIPF_OBJECTS ZIPF_KIB ZIPF_CONNS ZIPF_WARMUP PURGE_ROUNDS PORT_BASE; do
  [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "${n,,}: ${!n} (expected: a whole number above 0)"
done
[[ $ZIPF_S =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "zipf-s: $ZIPF_S (expected: a number such as 1.0)"
CACHE_KIB=${CACHE_KIB:-$(( ZIPF_OBJECTS * ZIPF_KIB / 4 ))}
[[ $CACHE_KIB =~ ^[0-9]+$ && $CACHE_KIB -gt 0 ]] || die "cache-size: $CACHE_KIB (expected: KiB above 0)"
has() { [[ " $PARTS " == *" $1 "* ]]; }
WRAP_PROXY=() WRAP_LOAD=()
if [[ $PIN == 1 ]]; then
  [[ $(nproc) -ge 2 ]] || die "--pin needs 2 CPUs"
  THREADS=1
  WRAP_PROXY=(taskset -c 0) WRAP_LOAD=(taskset -c 1)
fi

ORIGIN_PORT=$PORT_BASE VARNISH_PORT=$(( PORT_BASE + 1 )) NGINX_PORT=$(( PORT_BASE + 2 ))
BACKLINE_PORT=$(( PORT_BASE + 3 )) EDGE1_PORT=$(( PORT_BASE + 4 )) EDGE2_PORT=$(( PORT_BASE + 5 ))
API_PORT=$(( PORT_BASE + 6 ))   # below the ephemeral range: a free port from there was taken once between check and bind
CANDIDATES=(backline varnish nginx-cache)
declare -A PORT=([backline]=$BACKLINE_PORT [varnish]=$VARNISH_PORT [nginx-cache]=$NGINX_PORT)

# ---- plan ----------------------------------------------------------------------------------------
n_paths=$(wc -w <<<"$PATHS")
est=40  # start-up: origin, peers, the serve JVM and its warm-up
has hit && est=$(( est + 3 * n_paths * WARMUP + ROUNDS * n_paths * 3 * (DURATION + 2) ))
has zipf && est=$(( est + 10 + 3 * (ZIPF_WARMUP + DURATION + 3) ))
has purge && est=$(( est + 30 + PURGE_ROUNDS / 5 ))
log "parts: $PARTS | candidates: ${CANDIDATES[*]} | cache ${CACHE_KIB} KiB each"
has hit && log "hit: paths $PATHS, wrk -t$THREADS -c$CONNS -d${DURATION}s x $ROUNDS round(s), warm-up ${WARMUP}s per candidate and path"
has zipf && log "zipf: $ZIPF_OBJECTS objects x $ZIPF_KIB KiB ($(( ZIPF_OBJECTS * ZIPF_KIB / 1024 )) MiB, cache = $(awk -v c="$CACHE_KIB" -v w=$(( ZIPF_OBJECTS * ZIPF_KIB )) 'BEGIN{printf "%.2f", c/w}') of it), s=$ZIPF_S, -c$ZIPF_CONNS, warm-up ${ZIPF_WARMUP}s + ${DURATION}s per candidate"
has purge && log "purge: 2 backline edge nodes on $EDGE1_PORT and $EDGE2_PORT, $PURGE_ROUNDS rounds"
log "ports: origin $ORIGIN_PORT, varnish $VARNISH_PORT, nginx-cache $NGINX_PORT, backline $BACKLINE_PORT (API $API_PORT); estimated wall time ~$((est / 60))m$((est % 60))s"
[[ $DRY == 1 ]] && exit 0

# ---- set-up --------------------------------------------------------------------------------------
for bin in wrk nginx varnishd python3 curl ss; do
  command -v "$bin" >/dev/null || die "missing $bin (apt-get install wrk nginx varnish python3 curl iproute2)"
done
# shellcheck source=lib/driver.sh source-path=SCRIPTDIR
source "$ROOT/bench/lib/driver.sh"
find_java
# jvm_opts, free_port, port_busy, start_serve, api, json
# shellcheck source=lib/backline.sh source-path=SCRIPTDIR
source "$ROOT/bench/lib/backline.sh"

needs_build() {
  [[ -f $JAR ]] || return 0
  [[ -z ${BACKLINE_JAR:-} && -n $(find "$ROOT" -path "$ROOT/.git" -prune -o -path "$ROOT/benchmarks" -prune -o \
            \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -type f -print -quit) ]]
}
if needs_build; then
  log "building (mvn -B -q -DskipTests -pl app -am package)"
  (cd "$ROOT" && mvn -B -q -DskipTests -pl app -am package) >&2
fi
[[ -f $JAR ]] || die "$JAR is missing"

read -r EPH_LO EPH_HI < /proc/sys/net/ipv4/ip_local_port_range
for p in "$ORIGIN_PORT" "$VARNISH_PORT" "$NGINX_PORT" "$BACKLINE_PORT" "$EDGE1_PORT" "$EDGE2_PORT" "$API_PORT"; do
  (( p < EPH_LO || p > EPH_HI )) || die "port $p is in the ephemeral range $EPH_LO-$EPH_HI (try --port-base)"
  port_busy "$p" && die "port $p is already in use (try --port-base)"
done

OUT=${OUT:-${BENCH_RUNDIR:-${TMPDIR:-/tmp}/proxy-bench}/results-cache-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cachebench.XXXXXX")
chmod 755 "$WORK"   # nginx workers (www-data when run as root) read the bodies and write the cache
SHM=""
if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs ]]; then
  SHM=$(mktemp -d /dev/shm/cachebench.XXXXXX)   # Varnish's shared-memory log and nginx's cache files
else
  SHM=$WORK/shm; mkdir -p "$SHM"
fi
chmod 755 "$SHM"
declare -A ROOTPID=()   # candidate or role -> the PID this script started
STARTED=()

cleanup() {  # every process this script started, by its PID: TERM, up to 15 s, then KILL
  local rc=$? p alive
  trap - EXIT INT TERM
  set +e
  for p in "${STARTED[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for _ in $(seq 150); do
    alive=0
    for p in "${STARTED[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for p in "${STARTED[@]}"; do kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
  cp "$WORK"/*.log "$WORK"/*.conf "$WORK"/*.vcl "$OUT/" 2>/dev/null
  rm -rf "$SHM"
  if [[ $KEEP == 1 || $rc != 0 ]]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_listen() {  # PORT PID WHAT
  local _
  for _ in $(seq 600); do
    port_busy "$1" && return 0
    kill -0 "$2" 2>/dev/null || die "$3 exited (log in $WORK)"
    sleep 0.1
  done
  die "$3 did not listen on $1 within 60 s"
}

# The bodies: one file per size; /z/N and /p/N are served from them (the key is the URL, so one
# file is enough: every object is cached on its own).
mkdir -p "$WORK/www" "$WORK/tmp"
head -c 1024 /dev/zero | tr '\0' 'a' > "$WORK/www/1k"
head -c 102400 /dev/zero | tr '\0' 'b' > "$WORK/www/100k"
head -c $(( ZIPF_KIB * 1024 )) /dev/zero | tr '\0' 'z' > "$WORK/www/zipf"
chmod -R a+rX "$WORK/www"
WORKERS=$(nproc)
[[ $PIN == 1 ]] && WORKERS=1

cat > "$WORK/origin.conf" <<EOF
# cache-bench.sh's origin: cacheable bodies, one access-log line per request served.
worker_processes $WORKERS;
daemon off;
pid $WORK/origin.pid;
error_log $WORK/origin.error.log warn;
events { worker_connections 16384; }
http {
    log_format uri '\$request_uri';
    access_log $WORK/origin-access.log uri buffer=64k flush=100ms;
    default_type application/octet-stream;
    sendfile on;
    tcp_nodelay on;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    open_file_cache max=16 inactive=120s;
    client_body_temp_path $WORK/tmp/origin-client;
    proxy_temp_path $WORK/tmp/origin-proxy;
    fastcgi_temp_path $WORK/tmp/origin-fastcgi;
    uwsgi_temp_path $WORK/tmp/origin-uwsgi;
    scgi_temp_path $WORK/tmp/origin-scgi;
    server {
        listen 127.0.0.1:$ORIGIN_PORT reuseport backlog=4096;
        root $WORK/www;
        add_header Cache-Control "max-age=3600";
        location = /1k { }
        location = /100k { }
        location ~ ^/z/[0-9]+\$ { try_files /zipf =404; }
        location ~ ^/p/(?<round>[0-9]+)\$ {
            add_header Cache-Control "max-age=3600";
            add_header Surrogate-Key "cbench-purge p\$round";
            try_files /1k =404;
        }
        location / { return 404; }
    }
}
EOF

cat > "$WORK/nginx-cache.conf" <<EOF
# cache-bench.sh's nginx-cache: the harness's nginx proxy settings plus proxy_cache.
worker_processes $WORKERS;
worker_rlimit_nofile 65536;
daemon off;
pid $WORK/nginx-cache.pid;
error_log $WORK/nginx-cache.error.log warn;
events { worker_connections 16384; use epoll; }
http {
    access_log off;
    tcp_nodelay on;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/tmp/nginx-client;
    proxy_temp_path $WORK/tmp/nginx-proxy;
    fastcgi_temp_path $WORK/tmp/nginx-fastcgi;
    uwsgi_temp_path $WORK/tmp/nginx-uwsgi;
    scgi_temp_path $WORK/tmp/nginx-scgi;
    # keys_zone holds the keys (about 8,000 a MiB); max_size bounds the cached files, as the other
    # candidates' sizes bound their objects
    proxy_cache_path $SHM/nginx-cache levels=1:2 keys_zone=cbench:$(( ZIPF_OBJECTS / 4000 + 2 ))m max_size=${CACHE_KIB}k inactive=1h use_temp_path=off manager_files=10000 manager_sleep=10ms;
    upstream origin {
        server 127.0.0.1:$ORIGIN_PORT max_fails=0;
        keepalive 512;
        keepalive_requests 1000000;
        keepalive_timeout 60s;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT reuseport backlog=4096;
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
            proxy_buffering on;
            proxy_buffer_size 16k;
            proxy_buffers 16 16k;
            proxy_busy_buffers_size 64k;
            proxy_cache cbench;
            proxy_cache_lock on;
            add_header X-Cache \$upstream_cache_status;
        }
    }
}
EOF

cat > "$WORK/varnish.vcl" <<EOF
# cache-bench.sh's varnish: the built-in VCL's caching (TTL from Cache-Control), X-Cache added.
vcl 4.1;
backend origin {
    .host = "127.0.0.1";
    .port = "$ORIGIN_PORT";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
    .max_connections = 4096;
}
sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
EOF

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nginx -t -q -c "$WORK/origin.conf" -p "$WORK" 2>/dev/null || nginx -t -c "$WORK/origin.conf" -p "$WORK"
"${WRAP_LOAD[@]}" nginx -c "$WORK/origin.conf" -p "$WORK" > "$WORK/origin.log" 2>&1 &
ROOTPID[origin]=$!; STARTED+=($!)
wait_listen "$ORIGIN_PORT" "${ROOTPID[origin]}" origin
"${WRAP_PROXY[@]}" nginx -c "$WORK/nginx-cache.conf" -p "$WORK" > "$WORK/nginx-cache.log" 2>&1 &
ROOTPID[nginx-cache]=$!; STARTED+=($!)
wait_listen "$NGINX_PORT" "${ROOTPID[nginx-cache]}" nginx-cache
"${WRAP_PROXY[@]}" varnishd -F -n "$SHM/varnish" -a "127.0.0.1:$VARNISH_PORT" -T none -f "$WORK/varnish.vcl" -s "malloc,${CACHE_KIB}k" \
  -p thread_pools="$WORKERS" -p thread_pool_min=200 -p thread_pool_max=4000 -p timeout_idle=75 \
  -p backend_idle_timeout=60 > "$WORK/varnish.log" 2>&1 &
ROOTPID[varnish]=$!; STARTED+=($!)
wait_listen "$VARNISH_PORT" "${ROOTPID[varnish]}" varnish

SERVE_WRAP=("${WRAP_PROXY[@]}")
start_serve "$WORK/data" "$API_PORT" "$BACKLINE_PORT" "$WORK/backline-serve.log" --cache-size "${CACHE_KIB}KiB" \
  --edge-threads "$WORKERS"
ROOTPID[backline]=$SERVE_PID; STARTED+=("$SERVE_PID")
SID=$(json "$(api POST /service name=cache-bench)" id)
api POST "/service/$SID/version/1/domain" name=127.0.0.1 >/dev/null
api POST "/service/$SID/version/1/domain" name=localhost >/dev/null
api POST "/service/$SID/version/1/backend" name=origin address=127.0.0.1 "port=$ORIGIN_PORT" >/dev/null
api PUT "/service/$SID/version/1/activate" >/dev/null
for _ in $(seq 200); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Host: 127.0.0.1' "http://127.0.0.1:$BACKLINE_PORT/1k" || true) == 200 ]] && break
  sleep 0.1
done
for _ in $(seq 400); do grep -qs 'edge warmed up' "$WORK/backline-serve.log" && break; sleep 0.1; done
log "backline: service $SID active on 127.0.0.1:$BACKLINE_PORT (pid $SERVE_PID, --cache-size ${CACHE_KIB}KiB)"

for c in "${CANDIDATES[@]}"; do  # every candidate answers the bodies through the origin
  for p in /1k /100k /z/0 /p/999999; do
    got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H 'Host: 127.0.0.1' "http://127.0.0.1:${PORT[$c]}$p" || true)
    case $p in /1k|/p/*) want="200 1024" ;; /100k) want="200 102400" ;; *) want="200 $(( ZIPF_KIB * 1024 ))" ;; esac
    [[ $got == "$want" ]] || die "$c: GET $p answered '$got' (expected: $want)"
  done
done
{
  echo "host: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)); kernel $(uname -r)"
  echo "versions: backline $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), nginx $(nginx -v 2>&1 | cut -d/ -f2), $(varnishd -V 2>&1 | head -1 | awk '{print $2}' | tr -d '('), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "cache: ${CACHE_KIB} KiB each (backline --cache-size ${CACHE_KIB}KiB, varnish -s malloc,${CACHE_KIB}k, nginx max_size=${CACHE_KIB}k)"
  if [[ $PIN == 1 ]]; then
    echo "pinning: candidates on CPU 0 (1 worker / event loop each); wrk -t1 and the origin on CPU 1 (taskset -c)"
  else
    echo "pinning: none: wrk, the origin and the candidates share the $(nproc) cores ($WORKERS workers / event loops each)"
  fi
  echo "parts: $PARTS; hit: -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS round(s), warm-up ${WARMUP}s; zipf: $ZIPF_OBJECTS x $ZIPF_KIB KiB, s=$ZIPF_S, -c$ZIPF_CONNS, warm-up ${ZIPF_WARMUP}s + ${DURATION}s; purge: $PURGE_ROUNDS rounds"
} > "$OUT/run.txt"

# ---- measuring -----------------------------------------------------------------------------------
CLK=$(getconf CLK_TCK)
tree_cpu_ticks() {  # utime+stime over PID and its descendants
  local p s total=0
  for p in "$1" $(descendants "$1"); do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    s=${s##*) }
    # shellcheck disable=SC2086
    set -- $s
    total=$(( total + ${12} + ${13} ))
  done
  echo "$total"
}
origin_lines() { sleep 0.3; wc -l < "$WORK/origin-access.log"; }  # past the log's 100 ms flush
held_bytes() {  # CANDIDATE: the bytes its cache holds now, as it reports them, or "-"
  local v=""
  case $1 in
    varnish) v=$(varnishstat -n "$SHM/varnish" -1 -f SMA.s0.g_bytes 2>/dev/null | awk '{print $2}') ;;
    nginx-cache) v=$(du -sb "$SHM/nginx-cache" 2>/dev/null | cut -f1) ;;
    backline) v=$(curl -s "$BASE/_backline/metrics" | awk '/^backline_edge_cache_bytes[ {]/ {n += $NF; seen = 1} END {if (seen) printf "%d", n}') ;;
  esac
  echo "${v:--}"
}
x_cache() {  # CANDIDATE PATH: the X-Cache header of a GET, or "none"
  local v
  v=$(curl -s -o /dev/null -D - -H 'Host: 127.0.0.1' "http://127.0.0.1:${PORT[$1]}$2" | tr -d '\r' |
    awk -F': *' 'tolower($1) == "x-cache" {print $2}')
  echo "${v:-none}"
}
WRK_RESULT=()
run_wrk() {  # CANDIDATE CONNS SECONDS PATH [LUA ARGS...] -> WRK_RESULT (key=value words)
  local c=$1 conns=$2 secs=$3 path=$4 out line
  shift 4
  local cmd=("${WRAP_LOAD[@]}" wrk -t"$THREADS" -c"$conns" -d"${secs}s" --timeout 5s --latency -s "$HERE/lib/cache-bench.lua"
             -H 'Host: 127.0.0.1' "http://127.0.0.1:${PORT[$c]}$path")
  [[ $# -gt 0 ]] && cmd+=(-- "$@")
  out=$(timeout -k 5 $(( secs + 30 )) "${cmd[@]}" 2>&1) || log "wrk failed for $c $path"
  { echo "# ${cmd[*]}"; echo "$out"; } >> "$OUT/wrk.log"
  line=$(grep '^WRKRESULT' <<<"$out" || true)
  [[ -n $line ]] || die "no wrk result for $c $path (see $OUT/wrk.log)"
  local non2xx
  non2xx=$( (grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" || true) | awk '{print $NF}')
  read -r -a WRK_RESULT <<<"${line#WRKRESULT } non2xx=${non2xx:-0}"
}
field() { local kv; for kv in "${WRK_RESULT[@]}"; do [[ ${kv%%=*} == "$1" ]] && { echo "${kv#*=}"; return; }; done; echo 0; }

echo "part,target,path,x_cache" > "$OUT/x-cache.txt"

if has hit; then
  log "hit: warm-up, ${WARMUP}s per candidate and path"
  for c in "${CANDIDATES[@]}"; do
    for path in $PATHS; do
      run_wrk "$c" "$CONNS" "$WARMUP" "$path"
      xc=$(x_cache "$c" "$path")
      echo "hit,$c,$path,$xc" >> "$OUT/x-cache.txt"
      log "  $c $path after warm-up: X-Cache: $xc"
    done
  done
  echo "round,path,conns,target,requests,duration_s,rps,p50_us,p99_us,max_us,errors,non2xx,cpu_s,origin_requests" > "$OUT/hit.csv"
  for round in $(seq "$ROUNDS"); do
    k=$(( (round - 1) % ${#CANDIDATES[@]} ))
    order=("${CANDIDATES[@]:k}" "${CANDIDATES[@]:0:k}")
    for path in $PATHS; do
      for c in "${order[@]}"; do
        o0=$(origin_lines); t0=$(tree_cpu_ticks "${ROOTPID[$c]}")
        run_wrk "$c" "$CONNS" "$DURATION" "$path"
        t1=$(tree_cpu_ticks "${ROOTPID[$c]}"); o1=$(origin_lines)
        n=$(field requests) d=$(field duration_us)
        errs=$(( $(field err_connect) + $(field err_read) + $(field err_write) + $(field err_timeout) ))
        rps=$(awk -v n="$n" -v d="$d" 'BEGIN{printf "%.1f", n/(d/1e6)}')
        echo "$round,$path,$CONNS,$c,$n,$(awk -v d="$d" 'BEGIN{printf "%.3f", d/1e6}'),$rps,$(field p50_us),$(field p99_us),$(field max_us),$errs,$(field non2xx),$(awk -v a="$t0" -v b="$t1" -v k="$CLK" 'BEGIN{printf "%.2f", (b-a)/k}'),$(( o1 - o0 ))" >> "$OUT/hit.csv"
        printf '  r%s %-6s c%-4s %-12s %10s req/s  p99 %7.2f ms  origin requests %s  errors %s\n' "$round" "$path" "$CONNS" "$c" \
          "$rps" "$(awk -v v="$(field p99_us)" 'BEGIN{print v/1000}')" "$(( o1 - o0 ))" "$(( errs + $(field non2xx) ))" >&2
        sleep 1
      done
    done
  done
fi

if has zipf; then
  # The table: ZIPF_TABLE draws of an object number, rank k (0-based) with weight 1/(k+1)^s,
  # seeded so that every run with the same options replays the same sequence.
  python3 - "$ZIPF_OBJECTS" "$ZIPF_S" "$ZIPF_TABLE" > "$WORK/zipf-table.txt" <<'PY'
import bisect, itertools, random, sys
n, s, draws = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
cdf = list(itertools.accumulate(1 / (k + 1) ** s for k in range(n)))
rng = random.Random(17)
sys.stdout.write("\n".join(str(bisect.bisect_left(cdf, rng.random() * cdf[-1])) for _ in range(draws)) + "\n")
PY
  half=$(( ZIPF_TABLE / 2 ))
  distinct=$(sort -u "$WORK/zipf-table.txt" | wc -l)
  log "zipf: table of $ZIPF_TABLE draws over $ZIPF_OBJECTS objects ($distinct drawn at least once)"
  echo "target,requests,origin_requests,hit_ratio,rps,p99_us,errors,non2xx,warmup_origin_requests,held_bytes,cache_bytes" > "$OUT/zipf.csv"
  for c in "${CANDIDATES[@]}"; do
    o0=$(origin_lines)
    run_wrk "$c" "$ZIPF_CONNS" "$ZIPF_WARMUP" / "$WORK/zipf-table.txt" 0 "$half" "$THREADS"
    # nginx enforces max_size in the background (its cache manager): it held 4x its size for
    # seconds after a fill. Every candidate's measured run starts once its cache holds at most
    # its size (at most 30 s of waiting), so that none starts with more than the others.
    for _ in $(seq 60); do
      h=$(held_bytes "$c")
      if [[ $h =~ ^[0-9]+$ ]] && (( h > CACHE_KIB * 1024 )); then sleep 0.5; else break; fi
    done
    o1=$(origin_lines)
    run_wrk "$c" "$ZIPF_CONNS" "$DURATION" / "$WORK/zipf-table.txt" "$half" "$ZIPF_TABLE" "$THREADS"
    o2=$(origin_lines)
    n=$(field requests) d=$(field duration_us)
    errs=$(( $(field err_connect) + $(field err_read) + $(field err_write) + $(field err_timeout) ))
    ratio=$(awk -v n="$n" -v o=$(( o2 - o1 )) 'BEGIN{r = n > 0 ? 1 - o/n : 0; printf "%.4f", (r < 0 ? 0 : r)}')
    echo "$c,$n,$(( o2 - o1 )),$ratio,$(awk -v n="$n" -v d="$d" 'BEGIN{printf "%.1f", n/(d/1e6)}'),$(field p99_us),$errs,$(field non2xx),$(( o1 - o0 )),$(held_bytes "$c"),$(( CACHE_KIB * 1024 ))" >> "$OUT/zipf.csv"
    echo "zipf,$c,/z/,$(x_cache "$c" /z/0)" >> "$OUT/x-cache.txt"
    log "  $c: hit ratio $ratio ($(( o2 - o1 )) origin requests for $n sent; errors $(( errs + $(field non2xx) )))"
  done
fi

if has purge; then
  log "purge: starting two backline edge nodes following 127.0.0.1:${BASE##*:}"
  for e in 1 2; do
    port_var=EDGE${e}_PORT
    # shellcheck disable=SC2046
    "$JAVA" $(jvm_opts edge) -jar "$JAR" edge --control-plane "$BASE" --token "$TOKEN" \
      --state-dir "$WORK/edge$e-state" --edge-listen "127.0.0.1:${!port_var}" --staging-listen 127.0.0.1:0 --edge-tls-listen 127.0.0.1:0 \
      --cache-size "${CACHE_KIB}KiB" --warmup-requests 0 > "$WORK/backline-edge$e.log" 2>&1 &
    STARTED+=($!)
    wait_listen "${!port_var}" "$!" "backline edge $e"
  done
  for p in "$EDGE1_PORT" "$EDGE2_PORT"; do
    for _ in $(seq 300); do
      [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Host: 127.0.0.1' "http://127.0.0.1:$p/1k" || true) == 200 ]] && break
      sleep 0.1
    done
  done
  rc=0
  FASTLY_KEY=$TOKEN python3 "$HERE/lib/cache-purge-probe.py" "$BASE" "$SID" "$PURGE_ROUNDS" "$OUT/purge.csv" \
    "$EDGE1_PORT" "$EDGE2_PORT" > "$OUT/purge.txt" 2>&1 || rc=$?
  cat "$OUT/purge.txt" >&2
  [[ $rc == 0 || $rc == 3 ]] || die "the purge probe failed (exit $rc)"
fi

echo
python3 "$HERE/cache-targets.py" "$OUT" | tee "$OUT/summary.md"
log "done: $OUT/summary.md"

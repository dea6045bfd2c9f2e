#!/usr/bin/env bash
# api-bench.sh - control-plane API benchmark for Backline, on loopback, in one run.
#
# Starts `backline serve` on free 127.0.0.1 ports with a throw-away data dir, seeds one service
# whose version 1 holds 1,000 backends, then measures, back to back against the same process:
#
#   ceiling      GET /_backline/ping                       wrk, -t THREADS -c CONNS
#   get          GET .../version/1/backend/{name}           wrk, same load, names rotate over 1,000
#   list         GET .../version/1/backend (1,000 items)    wrk, 1 connection (latency target)
#   list-load    same, -t THREADS -c LIST_CONNS             (throughput, for information)
#   create       POST .../version/2/backend, unique names   wrk, same load as get; non-200 counted
#   clone        PUT .../version/1/clone (1,000 backends)   CLONES sequential requests, one curl
#   startup      process start -> first 200 from /_backline/ping, cold (empty dir) and warm
#                (restart on the populated dir)
#   idle RSS     VmRSS from /proc/PID/status after the load and IDLE seconds of rest
#
# Every wrk run is preceded by a discarded warm-up of WARMUP seconds. wrk shares the machine's
# cores with the server: on a 2-core box the ratios matter more than the absolute figures.
# Prints a markdown report (also written to --out FILE). Only the server process this script
# started is ever stopped, by its PID. Nothing leaves 127.0.0.1.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=$ROOT/app/target/backline.jar
JAVA=${JAVA:-}
JAVA_OPTS=${BACKLINE_JAVA_OPTS:-}
DURATION=10
WARMUP=5
THREADS=2
CONNS=32
LIST_CONNS=8
CLONES=100
BACKENDS=1000
IDLE=5
OUT=""
BUILD=auto
KEEP=0
PROFILE=0
USE_LAUNCHER=0

usage() {
  cat <<EOF
usage: $0 [options]
  -d SECONDS     wrk duration per measurement (default $DURATION)
  -w SECONDS     wrk warm-up per scenario, discarded (default $WARMUP)
  -t THREADS     wrk threads (default $THREADS)
  -c CONNS       wrk connections for ceiling, get and create (default $CONNS)
  --list-conns N connections for the list throughput run (default $LIST_CONNS)
  --clones N     sequential clones measured (default $CLONES, after 3 warm-up clones)
  --idle SECONDS rest before reading idle RSS (default $IDLE)
  --out FILE     also write the markdown report to FILE
  --no-build     never run maven (fails if $JAR is missing)
  --launcher     start the server with ./backline serve instead of java -jar (the launcher
                 rebuilds when sources are newer than the jar: not while they are being edited)
  --profile      record JFR (settings=profile) during the get, list and clone runs and print the hot
                 methods (profiling costs throughput: do not mix these figures with a clean run)
  --keep         keep the run directory (data dir, logs, raw wrk output)
  -h             this help
Environment: JAVA (default: a Java 25 or newer from JAVA_HOME, /usr/lib/jvm or PATH), BACKLINE_JAVA_OPTS (extra JVM flags).
EOF
}

while [[ $# -gt 0 ]]; do
  case $1 in
    -d) DURATION=$2; shift 2 ;;
    -w) WARMUP=$2; shift 2 ;;
    -t) THREADS=$2; shift 2 ;;
    -c) CONNS=$2; shift 2 ;;
    --list-conns) LIST_CONNS=$2; shift 2 ;;
    --clones) CLONES=$2; shift 2 ;;
    --idle) IDLE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-build) BUILD=never; shift ;;
    --launcher) USE_LAUNCHER=1; shift ;;
    --profile) PROFILE=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { echo "[api-bench] $*" >&2; }
die() { say "error: $*"; exit 1; }

# ---- tools -------------------------------------------------------------------------------------

# shellcheck source=lib/driver.sh
source "$ROOT/bench/lib/driver.sh"
find_java # JAVA, else JAVA_HOME, the JDKs under /usr/lib/jvm, then PATH: a Java 25 or newer
JAVA_BIN=$(dirname "$JAVA")
command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing wrk (apt-get)"
    apt-get update -qq >&2 && apt-get install -y -qq wrk >&2
  else
    die "wrk is required (apt-get install wrk)"
  fi
fi

# ---- build -------------------------------------------------------------------------------------

needs_build() {
  [[ -f $JAR ]] || return 0
  [[ -n $(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) \
            -newer "$JAR" -type f -print -quit) ]]
}
if [[ $BUILD == auto ]] && needs_build; then
  say "building ($ROOT: mvn -B -q -Dmaven.test.skip=true package)"
  (cd "$ROOT" && mvn -B -q -Dmaven.test.skip=true package) >&2 \
    || (cd "$ROOT" && JAVA_HOME=$(dirname "$JAVA_BIN") mvn -B -q -Dmaven.test.skip=true package) >&2
fi
[[ -f $JAR ]] || die "$JAR is missing (build with: mvn -B -q -DskipTests package)"


# ---- run directory and cleanup -----------------------------------------------------------------

RUN=$(mktemp -d "${TMPDIR:-/tmp}/backline-bench.XXXXXX")
DATA=$RUN/data
mkdir -p "$DATA" "$RUN/dist"
# A private copy of the jar and its lib/, so a rebuild during the run cannot change the server.
cp -r "$JAR" "$(dirname "$JAR")/lib" "$RUN/dist/"
JAR_COPY=$RUN/dist/$(basename "$JAR")
PID=""

# How the server is started. Default: `java -jar` with the same class-data-archive flags as the
# ./backline launcher, the archive kept in the run directory, so the cold start is a first-ever
# start (no archive, empty data dir) and the restart is a later one (archive, populated data dir).
# --launcher runs ./backline itself, which also rebuilds when sources are newer than the jar (do not
# use it while the sources are being edited). BACKLINE_JAVA_OPTS reaches the JVM either way.
if [[ $USE_LAUNCHER == 1 ]]; then
  [[ -x $ROOT/backline ]] || die "no launcher at $ROOT/backline"
  LAUNCH=("$ROOT/backline")
  LAUNCH_DESC="./backline serve (launcher; its class-data archive app/target/backline.jsa was $([[ -f $ROOT/app/target/backline.jsa ]] && echo present || echo absent) at the start)"
else
  # shellcheck disable=SC2206
  # The launcher's own JVM options (jvm.options), so the figures are those of ./backline serve.
  read -ra LAUNCHER_OPTS <<< "$(launcher_flags "$ROOT")"
  LAUNCH=("$JAVA" "${LAUNCHER_OPTS[@]}" -XX:SharedArchiveFile="$RUN/backline.jsa" $JAVA_OPTS -jar "$JAR_COPY")
  LAUNCH_DESC="java \$(jvm.options) -XX:SharedArchiveFile=RUN/backline.jsa -jar app/target/backline.jar serve (the launcher's flags)"
fi

stop_server() {
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  PID=""
}
cleanup() {
  stop_server
  if [[ $KEEP == 1 ]]; then say "run directory kept: $RUN"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

now_ns() { date +%s%N; }

# json_field KEY: the first top-level-looking "KEY": value from stdin (string or number).
json_field() {
  if command -v jq >/dev/null; then
    jq -r ".$1"
  else
    grep -o "\"$1\":[[:space:]]*\(\"[^\"]*\"\|[0-9][0-9]*\)" | head -n 1 | sed 's/^[^:]*:[[:space:]]*//; s/"//g'
  fi
}

API_PORT=""
STARTUP_MS=""
STARTUP_CPU=""
# start_server LOGNAME: starts serve on fresh ports, sets PID, API_PORT, STARTUP_MS.
start_server() {
  API_PORT=$(free_port)
  local edge_port
  edge_port=$(free_port)
  while [[ $edge_port == "$API_PORT" ]]; do edge_port=$(free_port); done
  local t0 t1 code
  t0=$(now_ns)
  # The launcher execs java, so $! is the server JVM's own pid.
  # shellcheck disable=SC2086
  "${LAUNCH[@]}" serve --data-dir "$DATA" \
    --api-listen "127.0.0.1:$API_PORT" --edge-listen "127.0.0.1:$edge_port" --staging-listen 127.0.0.1:0 --edge-tls-listen 127.0.0.1:0 --rate-limit 0 \
    >"$RUN/$1.log" 2>&1 </dev/null &
  PID=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$API_PORT/_backline/ping" || true)
    [[ $code == 200 ]] && break
    kill -0 "$PID" 2>/dev/null || { cat "$RUN/$1.log" >&2; die "server exited during start-up"; }
    (( ($(now_ns) - t0) / 1000000 < 60000 )) || { tail -n 40 "$RUN/$1.log" >&2; die "no 200 from /_backline/ping within 60 s"; }
    sleep 0.005
  done
  t1=$(now_ns)
  STARTUP_MS=$(( (t1 - t0) / 1000000 ))
  # CPU the JVM burned to get there (user+system, all its threads): less sensitive to other load.
  STARTUP_CPU=$(awk -v t="$(server_ticks)" -v hz="$HZ" 'BEGIN {printf "%.2f", t / hz}')
}

# CPU accounting per measured run, so the report can show what the server spent per request and
# how much CPU other processes (not the server, not this script's wrk/curl) took meanwhile.
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)
cpu_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
server_ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$PID/stat"; }
# CPU seconds of this shell's finished children (wrk, curl). The `times` builtin must run in this
# shell itself: inside $(...) it would report the subshell's own, empty, children.
children_seconds() {
  sed -n 2p "$RUN/times" | awk '{t = 0; for (i = 1; i <= 2; i++) {split($i, a, /[ms]/); t += a[1] * 60 + a[2]} printf "%.3f", t}'
}
snap_begin() { times >"$RUN/times"; S_CHILD=$(children_seconds); S_BUSY=$(cpu_busy); S_SERVER=$(server_ticks); S_T=$(now_ns); }
snap_end() { # snap_end NAME: writes "server_cpu_s other_cpu_pct elapsed_s" to $RUN/NAME.cpu
  local busy server child t
  busy=$(cpu_busy); server=$(server_ticks); t=$(now_ns); times >"$RUN/times"; child=$(children_seconds)
  awk -v b=$((busy - S_BUSY)) -v s=$((server - S_SERVER)) -v c1="$S_CHILD" -v c2="$child" \
      -v e=$((t - S_T)) -v hz="$HZ" -v n="$NCPU" 'BEGIN {
    el = e / 1e9; srv = s / hz; other = b / hz - srv - (c2 - c1); if (other < 0) other = 0
    printf "%.3f %.0f %.3f\n", srv, 100 * other / (n * el), el }' >"$RUN/$1.cpu"
}
cpu_field() { awk -v k="$2" '{print $k}' "$RUN/$1.cpu"; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$PID/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$PID/status"; }

# ---- start and seed ----------------------------------------------------------------------------

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "run directory $RUN; load average before: $LOAD_BEFORE"
start_server server-cold
COLD_START_MS=$STARTUP_MS
COLD_START_CPU=$STARTUP_CPU
say "cold start: first 200 after ${COLD_START_MS} ms (pid $PID, api 127.0.0.1:$API_PORT)"
for _ in $(seq 500); do [[ -s $DATA/admin-token ]] && break; sleep 0.01; done
[[ -s $DATA/admin-token ]] || die "no $DATA/admin-token"
TOKEN=$(tr -d '\r\n' <"$DATA/admin-token")
BASE=http://127.0.0.1:$API_PORT
RSS_START_KB=$(rss_kb)

api() { # api METHOD PATH [FORM]
  local method=$1 path=$2 form=${3-}
  if [[ -n $form ]]; then
    curl -sS --fail-with-body -X "$method" -H "Fastly-Key: $TOKEN" --data "$form" "$BASE$path"
  else
    curl -sS --fail-with-body -X "$method" -H "Fastly-Key: $TOKEN" "$BASE$path"
  fi
}

SID=$(api POST /service "name=bench&type=vcl" | json_field id)
[[ -n $SID && $SID != null ]] || die "POST /service gave no id"
say "seeding $BACKENDS backends into service $SID version 1"
{
  for i in $(seq -w 1 "$BACKENDS"); do
    n=$((10#$i))
    [[ $n -gt 1 ]] && echo next
    printf 'url = "%s/service/%s/version/1/backend"\n' "$BASE" "$SID"
    printf 'header = "Fastly-Key: %s"\n' "$TOKEN"
    printf 'data = "name=b%s&address=10.%d.%d.%d&port=%d&comment=seed+%d"\n' \
      "$i" $((n / 65536 % 256)) $((n / 256 % 256)) $((n % 256)) $((8000 + n % 1000)) "$n"
    printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n'
  done
} >"$RUN/seed.curl"
SEED_BAD=$(curl -s -K "$RUN/seed.curl" | grep -vc '^200$' || true)
[[ $SEED_BAD == 0 ]] || die "$SEED_BAD seeding requests did not answer 200"
COUNT=$(api GET "/service/$SID/version/1/backend" | grep -o '"name":' | wc -l)
[[ $COUNT == "$BACKENDS" ]] || die "version 1 lists $COUNT backends, expected $BACKENDS"
CREATE_VERSION=$(api POST "/service/$SID/version" "comment=bench+creates" | json_field number)
GET_NAME_WIDTH=${#BACKENDS}

# ---- wrk scripts -------------------------------------------------------------------------------

cat >"$RUN/report.lua" <<'LUA'
-- Prints one machine-readable line; latencies in microseconds (wrk's unit).
-- Scripts that define response() also report how many answers were not 200.
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local e = summary.errors
  local non200 = 0
  for _, t in ipairs(threads) do non200 = non200 + (t:get("non200") or 0) end
  io.write(string.format(
    "WRKRESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d non200=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, non200))
end
LUA

cat >"$RUN/get.lua" <<LUA
dofile("$RUN/report.lua")
local n, width, i = $BACKENDS, $GET_NAME_WIDTH, 0
local prefix = "/service/$SID/version/1/backend/b"
function init(args) i = (id or 1) * 7919 % n end
function request()
  i = i % n + 1
  return wrk.format("GET", prefix .. string.format("%0" .. width .. "d", i))
end
LUA

cat >"$RUN/create.lua" <<LUA
dofile("$RUN/report.lua")
local path = "/service/$SID/version/$CREATE_VERSION/backend"
local run, counter = "$$", 0
non200 = 0
function init(args)
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
function request()
  counter = counter + 1
  local body = string.format("name=w%s-t%d-%d&address=10.%d.%d.%d&port=80",
    run, id or 0, counter, id or 0, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", path, nil, body)
end
function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
end
LUA

# The creates of the warm-up and the measured run must not collide: a different pid-part per run.
sed "s/local run, counter = \"$$\", 0/local run, counter = \"$$-warm\", 0/" "$RUN/create.lua" >"$RUN/create-warm.lua"

# wrk_run NAME THREADS CONNS SCRIPT URL: warm-up, then the measured run into $RUN/NAME.wrk.
wrk_run() {
  local name=$1 threads=$2 conns=$3 script=$4 url=$5 warm=$4
  [[ $name == create ]] && warm=$RUN/create-warm.lua
  if [[ $WARMUP -gt 0 ]]; then
    wrk -t"$threads" -c"$conns" -d"${WARMUP}s" --timeout 10s -H "Fastly-Key: $TOKEN" -s "$warm" "$url" >/dev/null
  fi
  say "measuring $name: wrk -t$threads -c$conns -d${DURATION}s $url"
  snap_begin
  wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 10s --latency -H "Fastly-Key: $TOKEN" \
    -s "$script" "$url" >"$RUN/$name.wrk"
  snap_end "$name"
  grep -q '^WRKRESULT' "$RUN/$name.wrk" || { cat "$RUN/$name.wrk" >&2; die "wrk gave no result for $name"; }
}

# field NAME KEY: a value from the WRKRESULT line of run NAME.
field() { grep '^WRKRESULT' "$RUN/$1.wrk" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
rps() { awk -v r="$(field "$1" requests)" -v d="$(field "$1" duration_us)" 'BEGIN {printf "%.0f", r / (d / 1e6)}'; }
ms() { awk -v u="$(field "$1" "$2")" 'BEGIN {printf "%.2f", u / 1000}'; }
errors() { # non-200 answers plus socket errors
  local s=0 k
  for k in err_connect err_read err_write err_timeout; do s=$((s + $(field "$1" $k))); done
  local status non200
  status=$(field "$1" err_status); non200=$(field "$1" non200)
  echo $((s + (non200 > status ? non200 : status)))
}

# ---- measurements ------------------------------------------------------------------------------

start_jfr() { [[ $PROFILE == 1 ]] && "$JAVA_BIN/jcmd" "$PID" JFR.start name="bench-$1" settings=profile filename="$RUN/$1.jfr" >/dev/null; return 0; }
stop_jfr() { [[ $PROFILE == 1 ]] && "$JAVA_BIN/jcmd" "$PID" JFR.stop name="bench-$1" >/dev/null; return 0; }

wrk_run ceiling "$THREADS" "$CONNS" "$RUN/report.lua" "$BASE/_backline/ping"
start_jfr get
wrk_run get "$THREADS" "$CONNS" "$RUN/get.lua" "$BASE/"
stop_jfr get
start_jfr list
wrk_run list 1 1 "$RUN/report.lua" "$BASE/service/$SID/version/1/backend"
stop_jfr list
wrk_run list-load "$THREADS" "$LIST_CONNS" "$RUN/report.lua" "$BASE/service/$SID/version/1/backend"
wrk_run create "$THREADS" "$CONNS" "$RUN/create.lua" "$BASE/"

say "measuring clone: $CLONES sequential PUT /service/$SID/version/1/clone (after 3 warm-up clones)"
clone_config() {
  local count=$1 k
  for k in $(seq "$count"); do
    [[ $k -gt 1 ]] && echo next
    printf 'url = "%s/service/%s/version/1/clone"\nrequest = "PUT"\n' "$BASE" "$SID"
    printf 'header = "Fastly-Key: %s"\noutput = "/dev/null"\n' "$TOKEN"
    printf 'write-out = "%%{http_code} %%{time_total}\\n"\n'
  done
}
clone_config 3 >"$RUN/clone-warm.curl"
clone_config "$CLONES" >"$RUN/clone.curl"
curl -s -K "$RUN/clone-warm.curl" >/dev/null
start_jfr clone
snap_begin
curl -s -K "$RUN/clone.curl" >"$RUN/clone.times"
snap_end clone
stop_jfr clone
CLONE_BAD=$(grep -vc '^200 ' "$RUN/clone.times" || true)
read -r CLONE_P50 CLONE_P99 CLONE_MAX CLONE_RPS < <(awk '$1 == 200 {print $2 * 1000}' "$RUN/clone.times" | sort -n | awk '
  { v[NR] = $1; s += $1 }
  function rank(q,  r) { r = int(q * NR); if (r < q * NR) r++; if (r < 1) r = 1; return v[r] }
  END { if (NR == 0) { print "nan nan nan 0"; exit } printf "%.1f %.1f %.1f %.1f\n", rank(0.50), rank(0.99), v[NR], 1000 * NR / s }')
LAST_VERSION=$(api GET "/service/$SID/version" | grep -o '"number":[0-9]*' | sed 's/.*://' | sort -n | tail -n 1)
CLONE_COUNT=$(api GET "/service/$SID/version/$LAST_VERSION/backend" | grep -o '"name":' | wc -l)

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
say "resting ${IDLE}s before reading idle RSS"
sleep "$IDLE"
RSS_IDLE_KB=$(rss_kb)
RSS_PEAK_KB=$(hwm_kb)

say "restarting on the populated data dir"
stop_server
start_server server-warm
WARM_START_MS=$STARTUP_MS
WARM_START_CPU=$STARTUP_CPU
stop_server

# ---- report ------------------------------------------------------------------------------------

CEIL=$(rps ceiling)
ratio() { awk -v a="$1" -v b="$CEIL" 'BEGIN {printf "%.3f", a / b}'; }
pass() { if awk "BEGIN {exit !($1)}"; then echo PASS; else echo "**FAIL**"; fi; }
GET_RPS=$(rps get)
GET_RATIO=$(ratio "$GET_RPS")
LIST_P99=$(ms list p99_us)
MB_IDLE=$(awk -v k="$RSS_IDLE_KB" 'BEGIN {printf "%.0f", k / 1024}')
MB_START=$(awk -v k="$RSS_START_KB" 'BEGIN {printf "%.0f", k / 1024}')
MB_PEAK=$(awk -v k="$RSS_PEAK_KB" 'BEGIN {printf "%.0f", k / 1024}')
cpu_per_req() { awk -v s="$(cpu_field "$1" 1)" -v r="$2" 'BEGIN {printf "%.0f", (r > 0) ? 1e6 * s / r : 0}'; }
row() { # row NAME LABEL LOAD
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s%% |\n' "$2" "$3" "$(rps "$1")" "$(ms "$1" p50_us)" \
    "$(ms "$1" p99_us)" "$(errors "$1")" "$(ratio "$(rps "$1")")" \
    "$(cpu_per_req "$1" "$(field "$1" requests)")" "$(cpu_field "$1" 2)"
}

report() {
  echo "### Backline API benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, kernel $(uname -r); wrk and the server share the cores."
  echo "- Server: $LAUNCH_DESC; $("$JAVA" -version 2>&1 | head -n 1)${JAVA_OPTS:+, extra flags \`$JAVA_OPTS\`}. Client: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), curl for seeding and clones."
  echo "- Load average (1/5/15 min) before the run: $LOAD_BEFORE; after the load: $LOAD_AFTER (anything above ~2 means other work shared the cores)."
  echo "- Load: wrk -t$THREADS -c$CONNS (list latency: -t1 -c1; list throughput: -t$THREADS -c$LIST_CONNS), ${DURATION}s each after ${WARMUP}s warm-up; $BACKENDS backends in the listed and cloned version; $CLONES sequential clones."
  echo
  echo "| Scenario | Load | Requests/s | p50 ms | p99 ms | Errors | × ceiling | Server CPU µs/req | Other CPU |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  row ceiling "\`GET /_backline/ping\` (ceiling)" "$THREADS thr, $CONNS conn"
  row get "get backend" "$THREADS thr, $CONNS conn"
  row list "list $BACKENDS backends (latency)" "1 conn"
  row list-load "list $BACKENDS backends (throughput)" "$THREADS thr, $LIST_CONNS conn"
  row create "create backend (unique names)" "$THREADS thr, $CONNS conn"
  printf '| clone version of %s backends | sequential, %s clones | %s | %s | %s | %s | %s | %s | %s%% |\n' \
    "$BACKENDS" "$CLONES" "$CLONE_RPS" "$CLONE_P50" "$CLONE_P99" "$CLONE_BAD" "$(ratio "$CLONE_RPS")" \
    "$(cpu_per_req clone "$CLONES")" "$(cpu_field clone 2)"
  echo
  echo "Errors = answers other than 200 plus socket errors and timeouts. Server CPU = user+system time of the server process per request. Other CPU = share of the machine's $NCPU cores used by processes other than the server and this script's wrk/curl during the measured run (noise from other work)."
  echo
  echo "Create wrote $(field create requests) backends into version $CREATE_VERSION; the last clone (version $LAST_VERSION) lists $CLONE_COUNT backends; clone max ${CLONE_MAX} ms."
  echo
  echo "| Target | Measured | Result |"
  echo "|---|---|---|"
  echo "| get backend ≥ 0.5 × ceiling requests/s | $GET_RPS / $CEIL = $GET_RATIO | $(pass "$GET_RATIO >= 0.5") |"
  echo "| list of $BACKENDS backends p99 < 20 ms | $LIST_P99 ms | $(pass "$LIST_P99 < 20") |"
  echo "| clone of $BACKENDS backends < 100 ms (p99) | p50 $CLONE_P50 ms, p99 $CLONE_P99 ms | $(pass "$CLONE_P99 < 100 && $CLONE_BAD == 0") |"
  echo "| \`serve\` answers within 2 s of start | cold $COLD_START_MS ms (${COLD_START_CPU} CPU-s), restart on populated dir $WARM_START_MS ms (${WARM_START_CPU} CPU-s) | $(pass "$COLD_START_MS < 2000 && $WARM_START_MS < 2000") |"
  echo "| idle RSS < 300 MB | $MB_IDLE MB after load + ${IDLE}s idle (after start-up: $MB_START MB, peak $MB_PEAK MB) | $(pass "$MB_IDLE < 300") |"
}

REPORT=$(report)
echo "$REPORT"
[[ -n $OUT ]] && echo "$REPORT" >"$OUT"

if [[ $PROFILE == 1 ]]; then
  for name in get list clone; do
    echo
    echo "#### JFR hot methods during $name ($RUN/$name.jfr)"
    echo '```'
    "$JAVA_BIN/jfr" view --width 160 hot-methods "$RUN/$name.jfr" 2>&1 | head -n 30
    echo '```'
    echo
    echo "Native methods (SQLite's step, socket writes; idle accept/epoll waits included):"
    echo '```'
    "$JAVA_BIN/jfr" view --width 160 native-methods "$RUN/$name.jfr" 2>&1 | sed -n '5,14p'
    echo '```'
    echo
    echo "Samples by the innermost io.backline frame on the stack (what the server's own code was doing):"
    echo '```'
    "$JAVA_BIN/jfr" print --events jdk.ExecutionSample --stack-depth 128 "$RUN/$name.jfr" | awk '
      /stackTrace = \[/ { inside = 1; found = 0; total++; next }
      inside && /^[[:space:]]*\]/ { if (!found) other++; inside = 0; next }
      inside && !found && /io\.backline\./ { line = $0; sub(/^[[:space:]]+/, "", line); sub(/[[:space:]]+line:.*/, "", line); count[line]++; found = 1 }
      END { if (total == 0) { print "no execution samples"; exit }
            for (f in count) printf "%6d %5.1f%%  %s\n", count[f], 100 * count[f] / total, f
            printf "%6d %5.1f%%  (no io.backline frame: server threads, JIT, GC)\n", other, 100 * other / total }' | sort -rn | head -n 25
    echo '```'
  done
  KEEP=1
fi

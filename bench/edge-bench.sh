#!/usr/bin/env bash
# edge-bench.sh - data-plane benchmark of the Backline edge beside nginx, HAProxy and Varnish.
#
# Builds the jar if needed, then runs the shared harness ../shared/bench/proxy-bench.sh (beside the
# checkout; called from its place, never copied) with three Backline candidates in one run:
#
#   backline-fresh  configured through the API by a throw-away `backline serve`, then a fresh
#                   `backline serve` on the same data dir: an edge that has never done anything else.
#   backline-live   one long-running `backline serve`, configured through its API as users do, with
#                   no restart: service + domains, a backend on a closed port, activate v1 (the edge
#                   answers 503), clone to v2, PUT the backend's address/port at the origin, activate
#                   v2 (the edge answers the origin's 200).
#   backline-edge   a `backline edge` node following a `backline serve` API node configured the same
#                   way (v1 is active when the edge node starts; v2 arrives through the feed).
#   backline-logged backline-live with its observability on (issue 15): the access log written to a
#                   file, and v2 has one HTTPS logging endpoint posting to a local TLS receiver
#                   (python3 stdlib, a throw-away self-signed certificate given as tls_ca_cert).
#                   Not in the default set: --candidates "live logged" measures the cost of logging.
#
#   bench/edge-bench.sh -r 3 -d 10 -c 64 -p "/1k /100k" --cand-warmup 30 --peers "nginx haproxy"
#   bench/edge-bench.sh --candidates "live edge" -r 1 -d 3 -c 64 -p /1k --cand-warmup 3 --peers nginx
#   bench/edge-bench.sh --dry-run
#
# Every other argument goes to the harness (see -h). This script, not the harness, starts the
# candidates and hands them over as external candidates (--candidate NAME:PORT), for two reasons
# found in the harness:
#   * a COMMAND candidate counts as up as soon as its port listens, and the harness checks every
#     target right after the last one starts. A `backline serve` listens on its edge port before
#     it has been configured through its own API, so the check would race the configuration.
#   * at its end the harness TERMs every process of a candidate's tree at once and KILLs the rest
#     after 10 s, so the JVM cannot be measured idle after the load from inside that tree.
# The harness measures an external candidate by the process that listens on its port: the
# measured JVM itself (the edge node, not its API node; the serve JVM, not the wrapper).
# The proxy path, not the cache (issue 17, item 5): the service sets general.default_ttl to 0 through
# the settings endpoint. That covers responses without cache headers only, and it is enough here:
# the harness's origin (conf/origin-nginx.conf.tmpl: static files, no `expires`, no `add_header`)
# and the stand-in origin below send Last-Modified and ETag but no Cache-Control, Expires or
# Surrogate-Control, and Fastly's rules give no heuristic TTL from Last-Modified. The other way,
# an origin sending `Cache-Control: private`, is not open to this script: the harness's origin is
# shared and not ours to change. So the script checks both ends: it refuses to run when the
# harness's origin template gains an `expires` or `add_header` line (the service would then need
# to be made uncacheable another way, e.g. a request setting with action pass once the edge
# honours it), and each candidate's wrapper fails if a repeated GET /1k answers `X-Cache: HIT`.
# Before the harness starts, a stand-in origin (python3, stdlib) answers /1k and /100k on the
# harness's origin port so that each candidate can be checked end to end; it stops before the
# harness starts its own origin there.
# After the harness, each candidate is stopped in turn by its wrapper (--run), which first runs
# `jcmd PID GC.run`, waits IDLE_SETTLE seconds (5: the JVM gives freed native memory back every 2 s) and reads VmRSS: the idle RSS after the load
# and a GC, logged as "idle-rss NAME MIB before-gc MIB role ROLE" in RESULTS/idle-rss.txt. Then
# bench/edge-targets.py prints the ratios against nginx (and HAProxy) and the targets of issue 14.
#
# JVM flags: jvm.options (as the launcher reads it) plus a class-data archive beside the jar.
# Options of this script (the rest are the harness's): --candidates "fresh live edge" (or env
# EDGEBENCH_CANDIDATES), --keep (keep the candidates' data dirs and logs).
# Environment: JAVA (default: a Java 25 or newer from JAVA_HOME, /usr/lib/jvm or PATH), CAND_PORT
# (default 18090: fresh, live, edge, logged on 18090-18093), BACKLINE_JAVA_OPTS (extra flags),
# BACKLINE_JAR (another build, with its lib/ beside it), BENCH_HARNESS (another harness),
# IDLE_SETTLE (seconds between the GC and the RSS reading).
# --serve EDGE_PORT ORIGIN_PORT is the former single candidate, kept as a COMMAND for the
# harness (e.g. a second build beside this one: --candidate "old:18095:env BACKLINE_JAR=...
# bench/edge-bench.sh --serve {port} {origin_port}").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=${BACKLINE_JAR:-$ROOT/app/target/backline.jar}
SELF=$HERE/edge-bench.sh
harness_path() {  # beside the checkout; in a linked worktree, beside the main checkout
  local common
  if [[ -x $ROOT/../shared/bench/proxy-bench.sh ]]; then
    cd "$ROOT/../shared/bench" && echo "$PWD/proxy-bench.sh"; return
  fi
  common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  if [[ -n $common && -x $common/../../shared/bench/proxy-bench.sh ]]; then
    cd "$common/../../shared/bench" && echo "$PWD/proxy-bench.sh"; return
  fi
  echo "$ROOT/../shared/bench/proxy-bench.sh"
}
HARNESS=${BENCH_HARNESS:-$(harness_path)}
# shellcheck source=lib/driver.sh source-path=SCRIPTDIR
source "$ROOT/bench/lib/driver.sh"
find_java # JAVA, else JAVA_HOME, the JDKs under /usr/lib/jvm, then PATH: a Java 25 or newer
JCMD=$(dirname "$(readlink -f "$JAVA")")/jcmd

log() { printf '[%(%H:%M:%S)T] edge-bench: %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# jvm_opts, free_port, port_busy, start_serve, api, json
# shellcheck source=lib/backline.sh source-path=SCRIPTDIR
source "$ROOT/bench/lib/backline.sh"

# ---- configuring through the API -----------------------------------------------------------------
create_service() {  # BACKEND_PORT -> SID, version 1 active with backend origin=127.0.0.1:BACKEND_PORT
  SID=$(json "$(api POST /service name=bench)" id)
  api POST "/service/$SID/version/1/domain" name=127.0.0.1 >/dev/null
  api POST "/service/$SID/version/1/domain" name=localhost >/dev/null
  api POST "/service/$SID/version/1/backend" name=origin address=127.0.0.1 "port=$1" >/dev/null
  # The proxy path, not the cache (issue 17): responses without cache headers get a TTL of 0. The
  # clones repoint makes keep the setting.
  api PUT "/service/$SID/version/1/settings" general.default_ttl=0 >/dev/null
  api PUT "/service/$SID/version/1/activate" >/dev/null
}

repoint() {  # ORIGIN_PORT [FORM...]: clone the active version, move the backend to the origin,
  # create the object FORM describes if given (PATH_SUFFIX then fields), activate it
  local v origin=$1 kind=""
  shift
  v=$(json "$(api PUT "/service/$SID/version/1/clone")" number)
  api PUT "/service/$SID/version/$v/backend/origin" address=127.0.0.1 "port=$origin" >/dev/null
  if [[ $# -gt 0 ]]; then
    kind=$1
    shift
    api POST "/service/$SID/version/$v/$kind" "$@" >/dev/null
  fi
  api PUT "/service/$SID/version/$v/activate" >/dev/null
  log "service $SID: version $v active, backend origin -> 127.0.0.1:$origin${kind:+, with a $kind}"
}

wait_edge() {  # PORT WANT ("200 1024", "503 *"): poll GET /1k until the answer matches
  local n="" _
  for _ in $(seq 200); do
    n=$(curl -s -o /dev/null --max-time 2 -w '%{http_code} %{size_download}' -H 'Host: 127.0.0.1' "http://127.0.0.1:$1/1k" || true)
    # shellcheck disable=SC2053
    [[ $n == $2 ]] && return 0
    sleep 0.1
  done
  die "edge on $1: GET /1k answered '$n' (expected: $2)"
}

# ---- former single candidate: --serve EDGE_PORT ORIGIN_PORT (exec, for the harness's COMMAND) ----
if [[ ${1:-} == --serve ]]; then
  EDGE_PORT=$2 ORIGIN=$3
  DATA=$(mktemp -d /tmp/edgebench-data.XXXXXX)
  CFG_EDGE=$(free_port)
  start_serve "$DATA" "$(free_port)" "$CFG_EDGE" "$DATA/configure.log"
  API_PORT=${BASE##*:}
  trap 'kill -TERM $SERVE_PID 2>/dev/null || true; wait $SERVE_PID 2>/dev/null || true' EXIT
  trap 'exit 143' TERM INT
  create_service "$ORIGIN"
  wait_edge "$CFG_EDGE" "200 1024"
  log "configured service $SID in $DATA (origin 127.0.0.1:$ORIGIN); restarting the edge on 127.0.0.1:$EDGE_PORT"
  kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true
  trap - EXIT TERM INT
  # shellcheck disable=SC2046
  exec "$JAVA" $(jvm_opts serve) -jar "$JAR" serve --data-dir "$DATA" --api-listen "127.0.0.1:$API_PORT" \
    --edge-listen "127.0.0.1:$EDGE_PORT" --staging-listen 127.0.0.1:0 --edge-tls-listen 127.0.0.1:0 --rate-limit 0
fi

# ---- candidate wrapper: --run NAME EDGE_PORT ORIGIN_PORT WORK RESULTS ----------------------------
# Starts the candidate's JVMs as its children, writes WORK/NAME.ready (the measured PID) once the
# edge serves the origin's /1k on EDGE_PORT, and waits. TERM: idle RSS after a GC, then stop.
# HUP: stop without measuring (the driver failed).
if [[ ${1:-} == --run ]]; then
  NAME=$2 EDGE_PORT=$3 ORIGIN=$4 WORK=$5 RESULTS=$6
  DIR=$WORK/$NAME
  mkdir -p "$DIR"
  CHILDREN=()   # every JVM this wrapper started, measured or not
  MEASURED=""
  ROLE=serve
  # shellcheck disable=SC2317  # the functions below run from the traps
  vmrss_mib() { awk '/^VmRSS:/{printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
  # shellcheck disable=SC2317
  idle_rss() {
    local before after
    before=$(vmrss_mib "$MEASURED")
    timeout 30 "$JCMD" "$MEASURED" GC.run >/dev/null 2>&1 || log "$NAME: jcmd $MEASURED GC.run failed"
    sleep "${IDLE_SETTLE:-5}"
    after=$(vmrss_mib "$MEASURED")
    echo "idle-rss $NAME $after before-gc $before role $ROLE" >> "$RESULTS/idle-rss.txt"
    if [[ -f $DIR/access.log ]]; then
      log "$NAME: $(wc -l < "$DIR/access.log") access-log lines written"
    fi
    log "$NAME: idle RSS $after MiB after GC ($before MiB before)"
  }
  # shellcheck disable=SC2317
  finish() {  # MEASURE(0|1) EXIT_STATUS
    trap - TERM HUP INT EXIT
    [[ $1 == 1 && -n $MEASURED && -e /proc/$MEASURED ]] && idle_rss
    local p i
    for p in "${CHILDREN[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for i in $(seq 150); do
      local alive=0
      for p in "${CHILDREN[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
      [[ $alive == 0 ]] && break
      sleep 0.1
    done
    for p in "${CHILDREN[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    exit "$2"
  }
  trap 'finish 1 0' TERM
  trap 'finish 0 129' HUP INT
  trap 'finish 0 $?' EXIT

  case $NAME in
    backline-fresh)
      # What --serve does: configure in a throw-away JVM, then a fresh JVM on the same data dir.
      CFG_EDGE=$(free_port)
      start_serve "$DIR/data" "$(free_port)" "$CFG_EDGE" "$DIR/configure.log"
      API_PORT=${BASE##*:}
      CHILDREN=("$SERVE_PID")
      create_service "$ORIGIN"
      wait_edge "$CFG_EDGE" "200 1024"
      kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true
      # shellcheck disable=SC2046
      "$JAVA" $(jvm_opts serve) -jar "$JAR" serve --data-dir "$DIR/data" --api-listen "127.0.0.1:$API_PORT" \
        --edge-listen "127.0.0.1:$EDGE_PORT" --staging-listen 127.0.0.1:0 --edge-tls-listen 127.0.0.1:0 --rate-limit 0 > "$DIR/serve.log" 2>&1 &
      MEASURED=$!
      CHILDREN=("$MEASURED")
      ;;
    backline-live)
      start_serve "$DIR/data" "$(free_port)" "$EDGE_PORT" "$DIR/serve.log"
      MEASURED=$SERVE_PID
      CHILDREN=("$MEASURED")
      create_service "$(free_port)"        # nothing listens there: the edge answers 503
      wait_edge "$EDGE_PORT" "503 *"
      repoint "$ORIGIN"
      ;;
    backline-logged)
      # The HTTPS logging endpoint's receiver: TLS with a throw-away self-signed certificate, every
      # POST answered 204 after its body is read (counted in the wrapper's log).
      openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$DIR/receiver.key" -out "$DIR/receiver.crt" 2>/dev/null
      RECEIVER=$(free_port)
      python3 - "$RECEIVER" "$DIR/receiver.crt" "$DIR/receiver.key" > "$DIR/receiver.log" 2>&1 <<'PY' &
import http.server, ssl, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real collector: one TLS handshake, not one per batch
    batches = 0
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Receiver.batches += 1
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()
    do_PUT = do_POST
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[2], sys.argv[3])
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
PY
      CHILDREN=($!)
      start_serve "$DIR/data" "$(free_port)" "$EDGE_PORT" "$DIR/serve.log" --access-log "$DIR/access.log"
      MEASURED=$SERVE_PID
      CHILDREN+=("$MEASURED")
      create_service "$(free_port)"
      wait_edge "$EDGE_PORT" "503 *"
      repoint "$ORIGIN" logging/https name=bench-https "url=https://127.0.0.1:$RECEIVER/logs" \
        "tls_ca_cert=$(cat "$DIR/receiver.crt")" tls_hostname=127.0.0.1 json_format=0 \
        'format=%h %l %u %t "%r" %>s %b'
      ;;
    backline-edge)
      ROLE=edge
      start_serve "$DIR/data" "$(free_port)" "$(free_port)" "$DIR/api-node.log"
      CHILDREN=("$SERVE_PID")
      create_service "$(free_port)"
      # shellcheck disable=SC2046
      "$JAVA" $(jvm_opts edge) -jar "$JAR" edge --control-plane "$BASE" --token "$TOKEN" \
        --state-dir "$DIR/edge-state" --edge-listen "127.0.0.1:$EDGE_PORT" --staging-listen 127.0.0.1:0 --edge-tls-listen 127.0.0.1:0 \
        > "$DIR/edge-node.log" 2>&1 &
      MEASURED=$!
      CHILDREN+=("$MEASURED")
      wait_edge "$EDGE_PORT" "503 *"
      repoint "$ORIGIN"
      ;;
    *) die "unknown candidate $NAME" ;;
  esac
  wait_edge "$EDGE_PORT" "200 1024"
  # The proxy path, not the cache (issue 17, item 5): a repeated GET must not be a hit.
  xcache=""
  for _ in 1 2; do
    xcache=$(curl -s -o /dev/null -D - -H 'Host: 127.0.0.1' "http://127.0.0.1:$EDGE_PORT/1k" | tr -d '\r' |
      awk -F': *' 'tolower($1) == "x-cache" {print $2}')
  done
  [[ $xcache != *HIT* ]] || die "$NAME: a repeated GET /1k answered X-Cache: $xcache (expected: not a hit; default_ttl 0 should keep the edge on the proxy path)"
  # The edge warms itself up in the background at start (EdgeWarmup, docs/edge.md "Warm-up"): the
  # measurement starts once the measured JVM says it is done, as a server started a while before
  # its traffic would be. A build without the warm-up never says so; 40 s is then the wait.
  for _ in $(seq 400); do
    grep -qs 'edge warmed up' "$DIR"/serve.log "$DIR"/edge-node.log && break
    sleep 0.1
  done
  log "$NAME: edge on 127.0.0.1:$EDGE_PORT serves the origin's /1k (measured pid $MEASURED)"
  echo "$MEASURED" > "$WORK/$NAME.ready"
  while kill -0 "$MEASURED" 2>/dev/null; do wait "$MEASURED" || true; done
  log "$NAME: pid $MEASURED exited by itself"
  exit 1
fi

# ---- driver mode ---------------------------------------------------------------------------------
CHOSEN=${EDGEBENCH_CANDIDATES:-fresh live edge}
KEEP=0
HARGS=()
OUT="" ORIGIN=${ORIGIN_PORT:-18080} PASSIVE=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --candidates) CHOSEN=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    --port-base) ORIGIN=$2; HARGS+=("$1" "$2"); shift 2 ;;
    --dry-run|-h|--help) PASSIVE=1; HARGS+=("$1"); shift ;;
    *) HARGS+=("$1"); shift ;;
  esac
done
[[ -x $HARNESS ]] || die "missing $HARNESS (set BENCH_HARNESS)"
ORIGIN_TEMPLATE=$(dirname "$HARNESS")/conf/origin-nginx.conf.tmpl
if [[ -f $ORIGIN_TEMPLATE ]] && grep -qE '^[[:space:]]*(expires|add_header)[[:space:]]' "$ORIGIN_TEMPLATE"; then
  die "$ORIGIN_TEMPLATE sets cache headers: default_ttl 0 no longer keeps the edge on the proxy path (see this script's header)"
fi
CAND_PORT=${CAND_PORT:-18090}
NAMES=() PORTS=() CAND_ARGS=()
for c in $CHOSEN; do
  case $c in
    fresh) off=0 ;; live) off=1 ;; edge) off=2 ;; logged) off=3 ;;
    *) die "unknown candidate '$c' (expected: fresh, live, edge or logged)" ;;
  esac
  NAMES+=("backline-$c"); PORTS+=($(( CAND_PORT + off )))
  CAND_ARGS+=(--candidate "backline-$c:$(( CAND_PORT + off ))")
done
[[ ${#NAMES[@]} -gt 0 ]] || die "no candidates"
if [[ $PASSIVE == 1 ]]; then
  exec "$HARNESS" "${CAND_ARGS[@]}" "${HARGS[@]}" ${OUT:+--out "$OUT"}
fi

needs_build() {
  [[ -f $JAR ]] || return 0
  [[ -n $(find "$ROOT" -path "$ROOT/.git" -prune -o -path "$ROOT/benchmarks" -prune -o \
            \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -type f -print -quit) ]]
}
if needs_build; then
  # Maven picks the JDK 25 through its toolchain and forks javac; run on that same JDK, javac would
  # run in Maven's JVM without the -J flags Error Prone needs.
  log "building (mvn -B -q -DskipTests -pl app -am package)"
  (cd "$ROOT" && mvn -B -q -DskipTests -pl app -am package) >&2
fi
[[ -f $JAR ]] || die "$JAR is missing"

OUT=${OUT:-${BENCH_RUNDIR:-${TMPDIR:-/tmp}/proxy-bench}/results-edge-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
rm -f "$OUT/idle-rss.txt"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/edgebench.XXXXXX")
WRAPPERS=() STANDIN="" HARNESS_PID=""

cleanup() {  # the stand-in origin and every wrapper still running, each by its PID
  local rc=$? p
  trap - EXIT INT TERM
  set +e   # stop everything even when one of them is already gone
  [[ -n $STANDIN ]] && kill -TERM "$STANDIN" 2>/dev/null
  if [[ -n $HARNESS_PID ]]; then kill -TERM "$HARNESS_PID" 2>/dev/null; wait "$HARNESS_PID" 2>/dev/null || true; fi
  for p in "${WRAPPERS[@]}"; do kill -HUP "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $KEEP == 1 || $rc != 0 ]]; then log "candidates' data and logs kept in $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Ports in the kernel's ephemeral range can be taken by any outgoing connection (the configuring
# JVMs' own, for one) between this check and the bind: a first run failed that way on 38090.
read -r EPH_LO EPH_HI < /proc/sys/net/ipv4/ip_local_port_range
for p in "$ORIGIN" "${PORTS[@]}"; do
  (( p < EPH_LO || p > EPH_HI )) || die "port $p is in the ephemeral range $EPH_LO-$EPH_HI (try --port-base / CAND_PORT below $EPH_LO)"
  port_busy "$p" && die "port $p is already in use (try --port-base / CAND_PORT)"
done

# The stand-in origin: the harness's bodies on the harness's origin port, until the harness starts.
python3 - "$ORIGIN" > "$WORK/standin-origin.log" 2>&1 <<'EOF' &
import http.server, sys
BODIES = {"/1k": b"a" * 1024, "/100k": b"b" * 102400}
class Origin(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = BODIES.get(self.path.split("?")[0])
        self.send_response(200 if body else 404)
        body = body or b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Origin).serve_forever()
EOF
STANDIN=$!
for _ in $(seq 50); do port_busy "$ORIGIN" && break; sleep 0.1; done
port_busy "$ORIGIN" || die "the stand-in origin did not start on $ORIGIN"

# The candidates, one after another (fewer JVMs starting at once on a small machine).
for i in "${!NAMES[@]}"; do
  n=${NAMES[$i]}
  log "starting $n on 127.0.0.1:${PORTS[$i]}"
  "$SELF" --run "$n" "${PORTS[$i]}" "$ORIGIN" "$WORK" "$OUT" > "$WORK/$n.log" 2>&1 &
  WRAPPERS+=($!)
  for _ in $(seq 1200); do
    [[ -f $WORK/$n.ready ]] && break
    kill -0 "${WRAPPERS[$i]}" 2>/dev/null || { cat "$WORK/$n.log" >&2; die "$n did not start (logs in $WORK/$n)"; }
    sleep 0.1
  done
  [[ -f $WORK/$n.ready ]] || die "$n was not ready within 120 s"
done
kill -TERM "$STANDIN"; wait "$STANDIN" 2>/dev/null || true; STANDIN=""
for _ in $(seq 50); do port_busy "$ORIGIN" || break; sleep 0.1; done

{
  for i in "${!NAMES[@]}"; do
    echo "candidate ${NAMES[$i]}: pid $(cat "$WORK/${NAMES[$i]}.ready") on 127.0.0.1:${PORTS[$i]} (started by edge-bench.sh --run)"
  done
} > "$OUT/candidates.txt"
# In the background so that a TERM to this script runs its trap at once (bash defers traps
# until a foreground command ends); the trap then TERMs the harness, which stops its own servers.
"$HARNESS" "${CAND_ARGS[@]}" "${HARGS[@]}" --out "$OUT" &
HARNESS_PID=$!
rc=0
wait "$HARNESS_PID" || rc=$?
HARNESS_PID=""

# Stop each candidate in turn: its wrapper measures the idle RSS after a GC first.
for i in "${!NAMES[@]}"; do
  kill -TERM "${WRAPPERS[$i]}" 2>/dev/null || true
  wait "${WRAPPERS[$i]}" 2>/dev/null || true
done
WRAPPERS=()
[[ $rc == 0 ]] || die "the harness failed (exit $rc)"
echo
python3 "$HERE/edge-targets.py" "$OUT" | tee "$OUT/targets.md"
log "done: $OUT/summary.md, $OUT/targets.md"

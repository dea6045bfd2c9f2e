#!/usr/bin/env bash
# edge-bench.sh - data-plane benchmark of the Backline edge beside nginx, HAProxy and Varnish.
#
# Builds the jar if needed, then runs the shared harness ../shared/bench/proxy-bench.sh (beside the checkout)
# (called from its place, never copied) with `backline serve` as the candidate "backline".
# Every argument is passed to the harness, e.g.
#
#   bench/edge-bench.sh -d 10 -c "64" -p "/1k /100k" --cand-warmup 30
#   bench/edge-bench.sh --dry-run
#
# The candidate command is this script in --serve mode. The harness runs it (bash -c "exec ...")
# and stops the resulting process tree by PID, so --serve
#   1. starts a throw-away `backline serve` (fresh data dir, free API and edge ports), waits for
#      GET /_backline/ping, reads DATA/admin-token, creates service "bench" with the domains
#      127.0.0.1 and localhost (the harness sends Host: 127.0.0.1:PORT; the edge drops the port),
#      one backend origin=127.0.0.1:ORIGIN_PORT, activates version 1, checks /1k through that
#      edge, and stops it (TERM, by PID);
#   2. execs `java ... serve` on the same data dir with --edge-listen 127.0.0.1:PORT, so the PID
#      the harness started *is* the JVM: its CPU and RSS are the edge's alone, and the port only
#      opens once the configuration is on disk (the first snapshot loads while the edge binds).
# JVM flags: jvm.options (as the launcher reads it) plus a class-data archive beside the jar that
# the configuring run creates and the measured run reuses.
# Environment: JAVA (default: a Java 25 or newer from JAVA_HOME, /usr/lib/jvm or PATH), CAND_PORT (default 18090), BACKLINE_JAVA_OPTS (extra flags),
# BACKLINE_JAR (another build, with its lib/ beside it: for A/B runs of two builds as two candidates).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=${BACKLINE_JAR:-$ROOT/app/target/backline.jar}
HARNESS=${BENCH_HARNESS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared/bench/proxy-bench.sh}
JSA=$(dirname "$JAR")/edgebench.jsa
# shellcheck source=lib/driver.sh
source "$ROOT/bench/lib/driver.sh"
find_java # JAVA, else JAVA_HOME, the JDKs under /usr/lib/jvm, then PATH: a Java 25 or newer

log() { printf '[%(%H:%M:%S)T] edge-bench: %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

jvm_opts() {
  grep -v '^\s*\(#\|$\)' "$ROOT/jvm.options" | tr '\n' ' '
  echo " -XX:SharedArchiveFile=$JSA ${BACKLINE_JAVA_OPTS:-}"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# ---- candidate mode: --serve EDGE_PORT ORIGIN_PORT ---------------------------------------------
if [[ ${1:-} == --serve ]]; then
  EDGE_PORT=$2 ORIGIN=$3
  DATA=$(mktemp -d /tmp/edgebench-data.XXXXXX)
  API_PORT=$(free_port)
  CFG_EDGE=$(free_port)
  while [[ $CFG_EDGE == "$API_PORT" ]]; do CFG_EDGE=$(free_port); done
  # shellcheck disable=SC2046
  "$JAVA" $(jvm_opts) -jar "$JAR" serve --data-dir "$DATA" --api-listen "127.0.0.1:$API_PORT" \
    --edge-listen "127.0.0.1:$CFG_EDGE" --staging-listen 127.0.0.1:0 --rate-limit 0 > "$DATA/configure.log" 2>&1 &
  JPID=$!
  trap 'kill -TERM $JPID 2>/dev/null || true; wait $JPID 2>/dev/null || true' EXIT
  trap 'exit 143' TERM INT
  for _ in $(seq 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$API_PORT/_backline/ping" || true) == 200 ]] && break
    kill -0 "$JPID" 2>/dev/null || { cat "$DATA/configure.log" >&2; die "backline serve exited"; }
    sleep 0.1
  done
  TOKEN=$(cat "$DATA/admin-token")
  BASE=http://127.0.0.1:$API_PORT
  api() {  # METHOD PATH [FORM...]
    local m=$1 p=$2; shift 2
    local args=() f
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    curl -sS --fail-with-body -X "$m" -H "Fastly-Key: $TOKEN" "${args[@]}" "$BASE$p"
  }
  SVC=$(api POST /service name=bench)
  SID=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$SVC")
  api POST "/service/$SID/version/1/domain" name=127.0.0.1 >/dev/null
  api POST "/service/$SID/version/1/domain" name=localhost >/dev/null
  api POST "/service/$SID/version/1/backend" name=origin address=127.0.0.1 "port=$ORIGIN" >/dev/null
  api PUT "/service/$SID/version/1/activate" >/dev/null
  ok=0
  for _ in $(seq 50); do
    n=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -H 'Host: 127.0.0.1' "http://127.0.0.1:$CFG_EDGE/1k" || true)
    [[ $n == "200 1024" ]] && { ok=1; break; }
    sleep 0.1
  done
  [[ $ok == 1 ]] || die "edge on $CFG_EDGE did not serve /1k from the origin (last: $n)"
  log "configured service $SID in $DATA (origin 127.0.0.1:$ORIGIN); restarting the edge on 127.0.0.1:$EDGE_PORT"
  kill -TERM "$JPID"; wait "$JPID" || true
  trap - EXIT TERM INT
  # shellcheck disable=SC2046
  exec "$JAVA" $(jvm_opts) -jar "$JAR" serve --data-dir "$DATA" --api-listen "127.0.0.1:$API_PORT" \
    --edge-listen "127.0.0.1:$EDGE_PORT" --staging-listen 127.0.0.1:0 --rate-limit 0
fi

# ---- driver mode ---------------------------------------------------------------------------------
[[ -x $HARNESS ]] || die "missing $HARNESS"
needs_build() {
  [[ -f $JAR ]] || return 0
  [[ -n $(find "$ROOT" -path "$ROOT/.git" -prune -o -path "$ROOT/benchmarks" -prune -o \
            \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -type f -print -quit) ]]
}
if [[ " $* " != *" --dry-run "* && " $* " != *" -h "* ]] && needs_build; then
  log "building (mvn -B -q -DskipTests -pl app -am package)"
  (cd "$ROOT" && JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")") mvn -B -q -DskipTests -pl app -am package) >&2
fi
[[ -f $JAR ]] || die "$JAR is missing"
CAND_PORT=${CAND_PORT:-18090}
exec "$HARNESS" --candidate "backline:$CAND_PORT:$HERE/edge-bench.sh --serve {port} {origin_port}" "$@"

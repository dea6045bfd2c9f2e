#!/usr/bin/env bash
# edge-alloc.sh - the edge's heap allocation per request, exactly, by what allocates it.
#
#   bench/edge-alloc.sh [-p /1k] [--cache SIZE] [-n 30] [--jar PATH]
#
# A `backline serve` proxying to an nginx origin (general.default_ttl 0; with --cache, the default
# TTL kept and every measured request a hit), configured through the API, warmed with 8 s of load.
# It runs with thread-local allocation buffers off (-XX:-UseTLAB), so that every allocation the
# compiled code still makes (escape analysis has removed the rest) is a JFR
# ObjectAllocationOutsideTLAB event with its stack; sampling profilers (JFR's allocation sample,
# async-profiler's TLAB mode) weigh each sample by the TLAB it closed and need long runs to converge.
# One second of `wrk -c1` is recorded (a few thousand requests). Printed: bytes and objects per
# request allocated on the event loops, and the N largest sources as (class, allocating frame, first
# Backline frame). Unlike CPU time the figures do not drift with this noisy machine: runs of one build
# differ only where the JIT's inlining decides whether escape analysis removes an object (3.3 or
# 3.6 KB per 1 KiB request on 2026-12-05, Netty's IoUringIoOps the difference), so run it twice and
# compare the like. Throughput under -XX:-UseTLAB is not the edge's: use edge-ab.sh or edge-bench.sh
# for speed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib/driver.sh"
PATH_=/1k; CACHE=""; TOP=30; JAR=$ROOT/app/target/backline.jar
while [[ $# -gt 0 ]]; do
  case $1 in
    -p) PATH_=$2; shift 2 ;;
    --cache) CACHE=$2; shift 2 ;;
    -n) TOP=$2; shift 2 ;;
    --jar) JAR=$(readlink -f "$2"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f $JAR && -d $(dirname "$JAR")/lib ]] || { echo "$JAR: no such jar with lib/ beside it (mvn -pl app -am package -DskipTests)" >&2; exit 2; }
command -v nginx >/dev/null && command -v wrk >/dev/null || { echo "needs nginx and wrk (apt-get install -y nginx wrk)" >&2; exit 2; }
find_java
JFR_TOOL=$(dirname "$JAVA")/jfr; JCMD=$(dirname "$JAVA")/jcmd
[[ -x $JFR_TOOL && -x $JCMD ]] || { echo "needs jfr and jcmd beside $JAVA (a JDK, not a JRE)" >&2; exit 2; }
export BACKLINE_JAVA_OPTS="${BACKLINE_JAVA_OPTS:-} -XX:-UseTLAB -XX:FlightRecorderOptions:stackdepth=24"
source "$ROOT/bench/lib/backline.sh"
source "$ROOT/bench/lib/proxied-serve.sh"
bench_work edge-alloc
start_proxied_serve "$WORK/serve" "$PATH_" "$CACHE"
log "8 s of load to warm the JIT, then 1 s recorded (wrk -c1)"
wrk -t1 -c4 -d8s "http://127.0.0.1:$EDGE_PORT$PATH_" > /dev/null
cat > "$WORK/outside.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ObjectAllocationOutsideTLAB"><setting name="enabled">true</setting><setting name="stackTrace">true</setting></event>
</configuration>
JFC
"$JCMD" "$SERVE_PID" JFR.start name=alloc settings="$WORK/outside.jfc" > /dev/null
out=$(wrk -t1 -c1 -d1s "http://127.0.0.1:$EDGE_PORT$PATH_")
"$JCMD" "$SERVE_PID" JFR.stop name=alloc filename="$WORK/alloc.jfr" > /dev/null
requests=$(awk '/requests in/ {print $1}' <<< "$out")
"$JFR_TOOL" print --json --events jdk.ObjectAllocationOutsideTLAB "$WORK/alloc.jfr" > "$WORK/alloc.json"
python3 - "$WORK/alloc.json" "$requests" "$TOP" "$PATH_" "${CACHE:-off}" <<'PY'
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
requests, top, path, cache = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
short = lambda frame: frame["method"]["type"]["name"].split("/")[-1] + "." + frame["method"]["name"]
sizes, counts = collections.Counter(), collections.Counter()
for event in events:
    values = event["values"]
    thread = (values.get("eventThread") or {}).get("javaName") or ""
    if not thread.startswith("backline-edge"):
        continue  # the event loops' allocations: the request path
    frames = (values.get("stackTrace") or {}).get("frames") or []
    own = next((short(f) for f in frames if "/backline/" in f["method"]["type"]["name"]), "-")
    key = (values["objectClass"]["name"].split("/")[-1], short(frames[0]) if frames else "-", own)
    sizes[key] += values["allocationSize"]
    counts[key] += 1
print(f"{path}, cache {cache}: {requests} requests; on the event loops {sum(sizes.values()) / requests:.0f} bytes"
      f" and {sum(counts.values()) / requests:.1f} objects per request")
print(f"{'bytes/req':>9} {'objs/req':>8}  class  <-  allocating frame  <-  first Backline frame")
for key, size in sizes.most_common(top):
    print(f"{size / requests:9.1f} {counts[key] / requests:8.2f}  {key[0]}  <-  {key[1]}  <-  {key[2]}")
PY

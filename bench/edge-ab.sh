#!/usr/bin/env bash
# edge-ab.sh - two builds of the edge side by side: CPU per proxied request, in alternating runs.
#
#   bench/edge-ab.sh A_JAR B_JAR [-p /1k] [-r 8] [-d 10] [-c 64]
#   (each JAR with its lib/ beside it, as app/target has them: copy app/target to a directory per build)
#   A_JAVA_OPTS=... B_JAVA_OPTS=... bench/edge-ab.sh JAR JAR   (one build, two sets of JVM flags)
#   bench/edge-ab.sh JAR JAR --cache 64MiB   (cache hits instead: --cache-size, the default TTL kept)
#
# For effects of a few per cent, which edge-bench.sh (peers and candidates in turn, one run each
# per round) cannot separate from this machine's drift. Each build gets a `backline serve` proxying
# (general.default_ttl 0) to an nginx origin of its own, configured through the API; after 15 s of
# load each, the builds take turns in pairs of runs of `wrk -t2 -c64 -d10s`, in ABBA order (A B,
# B A, A B, ...). The order matters: measured this way, the run second in its pair came out 2-3 us
# per request slower on average than the first, whichever build it was, in two of three runs
# (docs/edge-benchmarks.md), so a fixed order can bias the comparison by as much as the effects
# worth measuring.
# Per run: req/s, p99, the serve's CPU per request (user + system from /proc, all its threads) and
# the origin's. The origin serves the same bytes to both builds, so its CPU per request moves only
# with the machine: the summary gives the edge's per request, and per unit of origin CPU (which
# cancels the drift within a run), as means per build and as the mean paired difference B - A
# with its standard error.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$ROOT/bench/lib/driver.sh"
[[ $# -ge 2 ]] || { sed -n '2,6p' "$0" >&2; exit 2; }
A_JAR=$(readlink -f "$1"); B_JAR=$(readlink -f "$2"); shift 2
PATH_=/1k; PAIRS=8; SECS=10; CONNS=64; CACHE=""
while [[ $# -gt 0 ]]; do
  case $1 in
    -p) PATH_=$2; shift 2 ;;
    -r) PAIRS=$2; shift 2 ;;
    -d) SECS=$2; shift 2 ;;
    -c) CONNS=$2; shift 2 ;;
    --cache) CACHE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for jar in "$A_JAR" "$B_JAR"; do [[ -f $jar && -d $(dirname "$jar")/lib ]] || { echo "$jar: no such jar with lib/ beside it" >&2; exit 2; }; done
command -v nginx >/dev/null && command -v wrk >/dev/null || { echo "needs nginx and wrk (apt-get install -y nginx wrk)" >&2; exit 2; }
find_java
JAR=$A_JAR   # lib/backline.sh reads JAR when it starts a serve; start() sets it per build
source "$ROOT/bench/lib/backline.sh"
source "$ROOT/bench/lib/proxied-serve.sh"
bench_work edge-ab

declare -A EDGE SERVE ORIGIN
start() {  # BUILD JAR
  local b=$1
  JAR=$2
  if [[ $b == a ]]; then BACKLINE_JAVA_OPTS=${A_JAVA_OPTS:-}; else BACKLINE_JAVA_OPTS=${B_JAVA_OPTS:-}; fi
  start_proxied_serve "$WORK/$b" "$PATH_" "$CACHE"
  EDGE[$b]=$EDGE_PORT; SERVE[$b]=$SERVE_PID; ORIGIN[$b]=$ORIGIN_WORKER
  log "build $b ($2${BACKLINE_JAVA_OPTS:+, $BACKLINE_JAVA_OPTS}): serve pid $SERVE_PID, edge port $EDGE_PORT, origin worker $ORIGIN_WORKER"
}

# utime + stime of PID in clock ticks (after the command name, which may hold spaces), as api-bench.sh reads it
ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }

run() {  # BUILD: one measured run, printed as "BUILD rps p99_ms edge_us origin_us"
  local b=$1 s0 o0 s1 o1 out
  s0=$(ticks "${SERVE[$b]}"); o0=$(ticks "${ORIGIN[$b]}")
  out=$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:${EDGE[$b]}$PATH_")
  s1=$(ticks "${SERVE[$b]}"); o1=$(ticks "${ORIGIN[$b]}")
  WRK_OUT=$out python3 - "$b" "$SECS" "$((s1 - s0))" "$((o1 - o0))" "$(getconf CLK_TCK)" <<'PY'
import os, sys, re
b, secs, edge, origin, hz = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
out = os.environ["WRK_OUT"]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
n = rps * secs
print(f"{b} {rps:.0f} {p99:.2f} {edge / hz * 1e6 / n:.2f} {origin / hz * 1e6 / n:.2f}")
PY
}

start a "$A_JAR"
start b "$B_JAR"
log "15 s of load on each, not counted"
for b in a b; do wrk -t2 -c"$CONNS" -d15s "http://127.0.0.1:${EDGE[$b]}$PATH_" > /dev/null; done
log "$PAIRS pairs of ${SECS} s runs at $PATH_, -c $CONNS, ABBA order"
: > "$WORK/runs.txt"
for r in $(seq "$PAIRS"); do
  if (( r % 2 )); then order="a b"; else order="b a"; fi
  for b in $order; do run "$b" | tee -a "$WORK/runs.txt"; done
done
python3 - "$WORK/runs.txt" "$PAIRS" <<'PY'
import sys, statistics as st
rows = [line.split() for line in open(sys.argv[1])]
pairs = int(sys.argv[2])
runs = {"a": [], "b": []}
for b, rps, p99, edge, origin in rows:
    runs[b].append((float(rps), float(p99), float(edge), float(origin)))
print()
print("build  req/s (mean)  p99 ms (mean)  edge us/req (mean)  edge / origin CPU (mean)")
for b in "ab":
    r = runs[b]
    print(f"{b}      {st.mean(x[0] for x in r):12.0f}  {st.mean(x[1] for x in r):13.2f}  {st.mean(x[2] for x in r):18.2f}  {(st.mean(x[2] / x[3] for x in r) if all(x[3] > 0 for x in r) else float('nan')):24.3f}")
def paired(f):
    d = [f(runs["b"][i]) - f(runs["a"][i]) for i in range(pairs)]
    return st.mean(d), (st.stdev(d) / len(d) ** 0.5 if len(d) > 1 else float("nan"))
m, se = paired(lambda x: x[2])
print(f"B - A, edge us/req:        {m:+.2f} (standard error {se:.2f}, {pairs} pairs)")
m, se = paired(lambda x: x[1])
print(f"B - A, p99 ms:             {m:+.2f} (standard error {se:.2f})")
if all(x[3] > 0 for x in runs["a"] + runs["b"]):  # without origin requests (cache hits) there is no origin CPU to divide by
    m, se = paired(lambda x: x[2] / x[3])
    print(f"B - A, edge / origin CPU:  {m:+.3f} (standard error {se:.3f})")
PY

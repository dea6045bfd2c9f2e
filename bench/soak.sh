#!/usr/bin/env bash
# soak.sh - does `backline serve` grow over time under steady use?
#
# Starts `backline serve` from app/target/backline.jar (with jvm.options) on free loopback ports
# and a real origin on loopback (1 KiB answers), then for MINUTES minutes:
#   traffic      RATE requests/s through the edge to the origin (fixed rate, at most 64 in flight)
#   activations  every 30 s: clone the active version, change a backend field, activate the clone
#   API writes   about one a second: a backend created, updated and deleted in turn in a draft
# and once a minute samples the server process: RSS (/proc), heap after a full GC (jcmd GC.run,
# then GC.heap_info), open file descriptors (/proc/PID/fd), threads, and established connections
# to the origin's port (/proc/net/tcp, what ss reads). At the end it prints, per metric, the first
# and last sample, the least-squares slope per minute, and a verdict: "grows" when the growth the
# slope projects over the run exceeds both a floor and twice the samples' scatter around the line.
# Exits 1 when a metric grows. The driver is io.backline.app.SoakRun (app test sources).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=$ROOT/app/target/backline.jar
MINUTES=20
RATE=200
BUILD=auto
KEEP=0

usage() {
  cat <<EOF
usage: $0 [options]
  --minutes N   length of the run in minutes (default $MINUTES; one sample a minute, the first after one minute)
  --rate N      requests per second through the edge (default $RATE)
  --no-build    never run maven (fails if the jar or the test classes are missing)
  --keep        keep the work directory (samples.csv, server log)
  -h            this help
Environment: JAVA (default: a Java 25+ from JAVA_HOME, /usr/lib/jvm or PATH), BACKLINE_JAVA_OPTS (extra server flags).
EOF
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --minutes) MINUTES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --no-build) BUILD=never; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $MINUTES =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--minutes: $MINUTES (expected: a positive number)" >&2; exit 2; }
# One sample a minute: a slope of fewer than five says nothing, and two points always "grow" or "shrink".
(( ${MINUTES%.*} >= 5 )) || { echo "--minutes: $MINUTES (expected: at least 5; a trend needs five samples, one a minute)" >&2; exit 2; }
[[ $RATE =~ ^[0-9]+$ && $RATE -ge 1 && $RATE -le 10000 ]] || { echo "--rate: $RATE (expected: 1 to 10000)" >&2; exit 2; }

source "$ROOT/bench/lib/driver.sh"
driver_setup soak

log "$MINUTES min at $RATE req/s, work directory $WORK"
set +e
"$JAVA" -Xmx256m -cp "$CP" io.backline.app.SoakRun --minutes "$MINUTES" --rate "$RATE" --jar "$JAR" \
  --work "$WORK/run" --jvm-options "$JVM_OPTS" 2> "$WORK/driver.err" &
DRIVER=$!
wait "$DRIVER"
status=$?
DRIVER=""
set -e
if [[ $status != 0 ]]; then
  grep -v 'SLF4J\|^WARNING' "$WORK/driver.err" | tail -20 >&2 || true
fi
exit $status

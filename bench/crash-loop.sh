#!/usr/bin/env bash
# crash-loop.sh - crash safety of the real jar: SIGKILL at a random instant, restart, check.
#
# Four concurrent clients write (backend creates, updates, deletes, clones, activations, new
# versions, new services) and a ledger records every acknowledged write; the server is SIGKILLed
# 100-900 ms into the stream, started again on the same data, and checked: every acknowledged write
# present with its acknowledged values, every write in flight at the kill applied whole or not at
# all (a clone has all 200 backends or does not exist, a new service has its version 1), at most
# one active version, the admin token unchanged (and, on SQLite, PRAGMA integrity_check "ok").
#
#   sqlite      `backline serve --data-dir DIR` from app/target/backline.jar
#   postgresql  `backline api --database postgresql://...` on a PostgreSQL from the Maven artifacts
#               (started on a free loopback port); besides the node kills, --postgres-kills cycles
#               also SIGKILL the postmaster under the running node: the node must answer 5xx during
#               the outage and serve again, without a restart, once PostgreSQL is back.
#
# The driver is io.backline.app.CrashLoop (app test sources, the same ledger as CrashRecoveryTest).
# Prints one line per cycle, then: cycles, acknowledged writes, lost, partial, restart time p50/p99
# (process start to the API answering its ping). Exits 1 on any lost or partial write or other
# broken promise. Everything runs on 127.0.0.1; every process started is stopped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAR=$ROOT/app/target/backline.jar
CYCLES=100
STORE=sqlite
SEED=""
PG_KILLS=5
BUILD=auto
KEEP=0

usage() {
  cat <<EOF
usage: $0 [options]
  --cycles N          kill/restart cycles (default $CYCLES)
  --store S           sqlite or postgresql (default $STORE)
  --seed N            random seed (default: time-based, printed)
  --postgres-kills N  postgresql only: postmaster SIGKILLs under a running node (default $PG_KILLS)
  --no-build          never run maven (fails if the jar or the test classes are missing)
  --keep              keep the work directory (data, server logs)
  -h                  this help
Environment: JAVA (default: a Java 25+ from JAVA_HOME, /usr/lib/jvm or PATH), BACKLINE_JAVA_OPTS (extra server flags).
EOF
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --cycles) CYCLES=$2; shift 2 ;;
    --store) STORE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --postgres-kills) PG_KILLS=$2; shift 2 ;;
    --no-build) BUILD=never; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $CYCLES =~ ^[0-9]+$ && $CYCLES -ge 1 ]] || { echo "--cycles: $CYCLES (expected: a positive number)" >&2; exit 2; }
[[ $STORE == sqlite || $STORE == postgresql ]] || { echo "--store: $STORE (expected: sqlite or postgresql)" >&2; exit 2; }
[[ -z $SEED || $SEED =~ ^-?[0-9]+$ ]] || { echo "--seed: $SEED (expected: a number)" >&2; exit 2; }

source "$ROOT/bench/lib/driver.sh"
driver_setup crash-loop
# A short training start writes the archive (at a clean exit: a SIGKILLed JVM never writes one),
# so that every restart in the loop loads its classes from it, as the backline launcher arranges.
mkdir -p "$WORK/training"
# shellcheck disable=SC2086
"$JAVA" $JVM_OPTS -jar "$JAR" serve --data-dir "$WORK/training/data" --api-listen 127.0.0.1:0 \
  --edge-listen 127.0.0.1:0 --staging-listen 127.0.0.1:0 --edge-tls-listen 127.0.0.1:0 > "$WORK/training/out" 2>&1 &
DRIVER=$!
for _ in $(seq 1 300); do
  grep -q 'edge listening' "$WORK/training/out" 2>/dev/null && break
  kill -0 "$DRIVER" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$DRIVER" 2>/dev/null || true
wait "$DRIVER" 2>/dev/null || true
DRIVER=""
[[ -f $WORK/server.jsa ]] || log "no class-data archive after the training start (restarts will load classes from the jar)"
ARGS=(--cycles "$CYCLES" --store "$STORE" --jar "$JAR" --work "$WORK/run" --postgres-kills "$PG_KILLS" --jvm-options "$JVM_OPTS")
[[ -n $SEED ]] && ARGS+=(--seed "$SEED")
log "$STORE, $CYCLES cycles, work directory $WORK"
mkdir -p "$WORK/run"
set +e
"$JAVA" -Xmx512m -cp "$CP" io.backline.app.CrashLoop "${ARGS[@]}" 2> "$WORK/driver.err" &
DRIVER=$!
wait "$DRIVER"
status=$?
DRIVER=""
set -e
if [[ $status != 0 ]]; then
  grep -v 'SLF4J\|^WARNING' "$WORK/driver.err" | tail -20 >&2 || true
fi
exit $status

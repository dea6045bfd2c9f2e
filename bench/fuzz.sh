#!/usr/bin/env bash
# fuzz.sh - the API fuzz pass (api/src/test/java/io/backline/api/ApiFuzzTest.java) for longer than
# the normal build runs it.
#
# Builds the API module, then sends random requests made from the server's own route table and
# schemas (valid, nearly valid and hostile ones) at a real API server on 127.0.0.1 over a fresh
# SQLite file, and checks after each: no 5xx, every 4xx in Fastly's {"msg","detail"} shape, no
# stored change without a 2xx. Prints every distinct violation (shrunk) and one summary line:
# requests sent, violations, the seed and the statuses seen. Exits non-zero on any violation.
#
#   bench/fuzz.sh                         100,000 requests, seed 20261203
#   bench/fuzz.sh --requests 20000 --seed 7
#   bench/fuzz.sh --minutes 15            as many requests as 15 minutes allow
#   bench/fuzz.sh --store postgresql      the same against an embedded PostgreSQL (default: sqlite)
#
# The same seed sends the same sequence of requests. The server and its data live inside
# the test's JVM and go away with it; nothing leaves 127.0.0.1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQUESTS=100000
MINUTES=0
SEED=20261203
STORE=sqlite

while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2; shift 2 ;;
    --minutes) MINUTES=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --store) STORE=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$STORE" in
  sqlite) SKIP=(-Dbackline.test.skipPostgresql=true) ;;
  postgresql) SKIP=(-Dbackline.test.skipSqlite=true) ;;
  *) echo "fuzz.sh: --store $STORE (expected: sqlite or postgresql)" >&2; exit 2 ;;
esac
cd "$ROOT"
mvn -B -q install -DskipTests -pl api -am
LOG=$ROOT/api/target/fuzz.log
rm -f "$ROOT/api/target/fuzz-summary.txt"
status=0
mvn -B test -pl api -Dtest=ApiFuzzTest -Dsurefire.failIfNoSpecifiedTests=false "${SKIP[@]}" \
  -Dbackline.fuzz.requests="$REQUESTS" -Dbackline.fuzz.minutes="$MINUTES" -Dbackline.fuzz.seed="$SEED" \
  > "$LOG" 2>&1 || status=$?
grep '^fuzz: violation' "$LOG" || true
if [ -f "$ROOT/api/target/fuzz-summary.txt" ]; then
  cat "$ROOT/api/target/fuzz-summary.txt"
else
  echo "fuzz.sh: the run ended without a summary; see $LOG" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"

#!/usr/bin/env bash
# Edge micro-benchmarks: backend selection with ten conditions and through a director of each policy
# (JMH; target < 5 µs per request)
# and activation-to-traffic time in one process (target < 100 ms). Usage: bench/edge-micro-bench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests -pl benchmarks -am package
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -q 'version "2[5-9]'; then java_bin=$(ls -d /usr/lib/jvm/*25*/bin/java | head -1); fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
"$java_bin" -cp "$cp" io.backline.benchmarks.ActivationLatency "${ROUNDS:-100}" 2>/dev/null | tail -1
"$java_bin" -cp "$cp" org.openjdk.jmh.Main SelectionBench -wi 2 -i 3 -w 2 -r 2 -rf json -rff benchmarks/target/selection-bench.json \
  | tee benchmarks/target/selection-bench.txt | grep -E "^(Director)?SelectionBench.select(:p0.50|:p0.99| )" || true

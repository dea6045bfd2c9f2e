#!/usr/bin/env bash
# Measures the cost of evaluating a compiled request condition (JMH, sample mode: p50/p99 per call).
# Target (issue: conditions): under 1 µs median for the common shapes. Usage: bench/condition-bench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests -pl benchmarks -am package
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -q 'version "2[5-9]'; then java_bin=$(ls -d /usr/lib/jvm/*25*/bin/java | head -1); fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
"$java_bin" -cp "$cp" org.openjdk.jmh.Main ConditionBench -rf json -rff benchmarks/target/condition-bench.json "$@" \
  | tee benchmarks/target/condition-bench.txt | grep -E "^(Benchmark|ConditionBench.evaluate)( |:)" || true
echo "full report: benchmarks/target/condition-bench.txt"

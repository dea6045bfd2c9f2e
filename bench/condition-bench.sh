#!/usr/bin/env bash
# Measures the cost of evaluating a compiled request condition (JMH, sample mode: p50/p99 per call).
# Target (issue: conditions): under 1 µs median for the common shapes. Usage: bench/condition-bench.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/benchmarks.sh"
"$JAVA" -cp "$CP" org.openjdk.jmh.Main ConditionBench -rf json -rff benchmarks/target/condition-bench.json "$@" \
  | tee benchmarks/target/condition-bench.txt | grep -E "^(Benchmark|ConditionBench.evaluate)( |:)" || true
echo "full report: benchmarks/target/condition-bench.txt"

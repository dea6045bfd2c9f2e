#!/usr/bin/env bash
# Edge micro-benchmarks: backend selection with ten conditions and through a director of each policy
# (JMH; target < 5 µs per request)
# and activation-to-traffic time in one process (target < 100 ms). Usage: bench/edge-micro-bench.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/benchmarks.sh"
"$JAVA" -cp "$CP" io.backline.benchmarks.ActivationLatency "${ROUNDS:-100}" 2>/dev/null | tail -1
"$JAVA" -cp "$CP" org.openjdk.jmh.Main SelectionBench -wi 2 -i 3 -w 2 -r 2 -rf json -rff benchmarks/target/selection-bench.json \
  | tee benchmarks/target/selection-bench.txt | grep -E "^(Director)?SelectionBench.select(:p0.50|:p0.99| )" || true

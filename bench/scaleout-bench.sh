#!/usr/bin/env bash
# Scale-out benchmark: activation-to-traffic time on every edge with PostgreSQL (started from
# Maven artifacts), two API nodes and two edge nodes in one JVM; target p99 under 1 s.
# Usage: bench/scaleout-bench.sh   (ROUNDS=100 by default)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/benchmarks.sh"
"$JAVA" -cp "$CP" io.backline.benchmarks.ScaleOutActivationLatency "${ROUNDS:-100}" 2>/dev/null | tail -3

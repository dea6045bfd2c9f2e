#!/usr/bin/env bash
# Scale-out benchmark: activation-to-traffic time on every edge with PostgreSQL (started from
# Maven artifacts), two API nodes and two edge nodes in one JVM; target p99 under 1 s.
# Usage: bench/scaleout-bench.sh   (ROUNDS=100 by default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests -pl benchmarks -am package
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! "$java_bin" -version 2>&1 | grep -q 'version "2[5-9]'; then java_bin=$(ls -d /usr/lib/jvm/*25*/bin/java | head -1); fi
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
"$java_bin" -cp "$cp" io.backline.benchmarks.ScaleOutActivationLatency "${ROUNDS:-100}" 2>/dev/null | tail -3

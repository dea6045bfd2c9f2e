# Shared set-up of the scripts that run the benchmarks module (condition-bench.sh,
# edge-micro-bench.sh, scaleout-bench.sh). Source it first: it moves to the checkout's root, builds
# the module (tests skipped) and leaves JAVA (a Java 25 or newer, found by driver.sh's find_java)
# and CP (the module's classes and its dependencies).
# shellcheck source=bench/lib/driver.sh
source "$(dirname "${BASH_SOURCE[0]}")/driver.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -B -q -DskipTests -pl benchmarks -am package
find_java
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

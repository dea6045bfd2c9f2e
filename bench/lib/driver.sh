# Shared set-up of the bench scripts that run a Java driver from the app's test classes against the
# real jar (crash-loop.sh, soak.sh). Source it after the script's options are parsed, with ROOT,
# JAR, BUILD (auto|never) and KEEP (0|1) set, then call `driver_setup NAME`. It leaves: JAVA, WORK
# (a fresh work directory), CP (the driver's classpath), JVM_OPTS (the server's flags, as the
# backline launcher sets them, with a class-data archive in WORK), log, and an EXIT trap that kills
# the driver in DRIVER and everything under it by PID, and removes WORK unless kept.

# A Java 25 or newer, found as the backline launcher finds one: JAVA, JAVA_HOME, the JDKs under
# /usr/lib/jvm, then java on PATH (the JDK's release file answers without starting a JVM).
java_major() {
  local release; release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  [[ -f $release ]] && sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

find_java() {
  [[ -n ${JAVA:-} ]] && return 0
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} /usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
    [[ -x $candidate ]] || continue
    major=$(java_major "$candidate" || true)
    if [[ -n $major && $major -ge 25 ]]; then JAVA=$candidate; return 0; fi
  done
  echo "no Java 25 or newer found (set JAVA or JAVA_HOME)" >&2
  exit 1
}

# jvm.options' flags on one line, as the backline launcher takes them: a collector named in
# BACKLINE_JAVA_OPTS (e.g. -XX:+UseG1GC) replaces the file's own, since the JVM refuses two.
launcher_flags() {
  local root=${1:-.} flags
  flags=$(grep -v '^\s*\(#\|$\)' "$root/jvm.options")
  if [[ " ${BACKLINE_JAVA_OPTS:-} " =~ \ -XX:\+Use[A-Za-z0-9]+GC\  ]]; then
    flags=$(grep -v '^-XX:+Use[A-Za-z0-9]*GC$' <<< "$flags")
  fi
  tr '\n' ' ' <<< "$flags"
}

descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

driver_cleanup() {
  local rc=$?
  if [[ -n ${DRIVER:-} ]] && kill -0 "$DRIVER" 2>/dev/null; then
    # Interrupted: the driver and what it started (servers, PostgreSQL), each by its PID.
    local pid
    for pid in $(descendants "$DRIVER") "$DRIVER"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait "$DRIVER" 2>/dev/null || true
  fi
  # Kept with --keep or when the run failed (exit 1: the logs say why); removed when interrupted.
  if [[ $KEEP == 1 || $rc == 1 ]]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}

driver_setup() {
  DRIVER_NAME=$1
  find_java
  log() { printf '[%(%H:%M:%S)T] %s: %s\n' -1 "$DRIVER_NAME" "$*" >&2; }
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$DRIVER_NAME.XXXXXX")
  DRIVER=""
  trap driver_cleanup EXIT
  trap 'exit 130' INT TERM

  cd "$ROOT"
  if [[ $BUILD == auto ]]; then
    log "building the jar and the app test classes (mvn package -DskipTests)"
    mvn -B -q -o -pl app -am package -DskipTests
  fi
  [[ -f $JAR && -d app/target/test-classes ]] || { echo "missing $JAR or app/target/test-classes (run without --no-build)" >&2; exit 1; }
  # The driver's classpath: the app's test classes, then the jars the build put beside the jar, then
  # the test-scope libraries (JUnit's neighbours, embedded PostgreSQL) from the local repository.
  mvn -B -q -o -pl app dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/test-classpath.txt" >/dev/null
  CP="app/target/test-classes:app/target/classes:app/target/lib/*:$(cat "$WORK/test-classpath.txt")"
  # The server runs with jvm.options, as the backline launcher runs it, and a class-data archive.
  JVM_OPTS="$(launcher_flags .) -XX:SharedArchiveFile=$WORK/server.jsa ${BACKLINE_JAVA_OPTS:-}"
}

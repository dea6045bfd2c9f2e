# shellcheck shell=bash
# Shared by the bench scripts that start Backline JVMs and configure them through the API as users
# do (edge-bench.sh, cache-bench.sh). Source it after setting ROOT and JAR and defining log and die;
# call find_java (lib/driver.sh) first. It defines:
#   jvm_opts serve|edge      the launcher's flags (jvm.options) for a `serve` or an `edge` JVM
#   free_port, port_busy P   a free loopback port; whether something listens on P
#   start_serve DATA API_PORT EDGE_PORT LOG [ARGS...]   a `backline serve` in the background, once
#                            its API answers: SERVE_PID, BASE (the API's URL), TOKEN (admin token)
#   api METHOD PATH [FORM...]  an API call with the admin token; fails on an error status
#   json JSON FIELD          one field of a JSON object
# It also exports the launcher's environment (MALLOC_ARENA_MAX, see ./backline). The peers a script
# starts inherit it too; nginx's workers are single-threaded, HAProxy runs two threads and Varnish
# allocates with jemalloc, so none of them is changed by it.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

jvm_opts() {  # ROLE: serve (with the class-data archive) | edge (without, as ./backline edge starts it)
  local options
  options=$(launcher_flags "$ROOT")
  if [[ $1 == edge ]]; then
    echo "${options//-XX:+AutoCreateSharedArchive/} -Xshare:off ${BACKLINE_JAVA_OPTS:-}"
  else
    echo "$options -XX:SharedArchiveFile=$(dirname "$JAR")/edgebench.jsa ${BACKLINE_JAVA_OPTS:-}"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_busy() { ss -ltnH "sport = :$1" | grep -q .; }

SERVE_WRAP=()  # a command to run serve under (taskset -c 0 for a pinned benchmark); empty by default
start_serve() {  # DATA API_PORT EDGE_PORT LOG [EXTRA_ARGS...] -> SERVE_PID, BASE, TOKEN
  local data=$1 api_port=$2 edge_port=$3 out=$4
  shift 4
  # shellcheck disable=SC2046
  "${SERVE_WRAP[@]}" "$JAVA" $(jvm_opts serve) -jar "$JAR" serve --data-dir "$data" --api-listen "127.0.0.1:$api_port" \
    --edge-listen "127.0.0.1:$edge_port" --staging-listen 127.0.0.1:0 --edge-tls-listen 127.0.0.1:0 --rate-limit 0 "$@" > "$out" 2>&1 &
  SERVE_PID=$!
  BASE=http://127.0.0.1:$api_port
  local _ up=0
  for _ in $(seq 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/_backline/ping" || true) == 200 ]] && { up=1; break; }
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$out" >&2; die "backline serve exited"; }
    sleep 0.1
  done
  [[ $up == 1 ]] || die "the API of backline serve (pid $SERVE_PID) did not answer on $BASE within 30 s (log: $out)"
  TOKEN=$(cat "$data/admin-token")
}

api() {  # METHOD PATH [FORM...]: the response body; fails on an error status
  local m=$1 p=$2; shift 2
  local args=() f
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -sS --fail-with-body -X "$m" -H "Fastly-Key: $TOKEN" "${args[@]}" "$BASE$p"
}

json() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

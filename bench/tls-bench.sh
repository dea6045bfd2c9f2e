#!/usr/bin/env bash
# tls-bench.sh - TLS termination at the edge (issue 18): Backline's TLS listener beside nginx and
# HAProxy terminating TLS in front of the same origin, with the same certificate, in one run.
#
#   bench/tls-bench.sh                    # defaults: -c 64, -d 10, -n 1000, -r 5, -w 8, -R 3, -W 10
#   bench/tls-bench.sh -c 64 -d 20 -n 2000
#
# What is measured, per candidate (h2load, installed with nghttp2-client):
#   (a) new TLS handshakes per second: h2load -c N -n N -m 1 (every connection makes a new full
#       handshake and sends one request, then closes), repeated ROUNDS times; the figure is the
#       median of the rounds' "req/s", which here is handshakes per second. TLS 1.3, ECDHE.
#       Before them, -w rounds of the same, not counted (warm-up, for every candidate alike).
#   (b) HTTP/2 over CONNS long-lived connections (-c CONNS -m 10 -D DURATION) on a 1 KiB body: req/s
#       and p99 (from h2load's request-time percentiles: --log-file, 99th percentile). -W seconds of
#       the same load per candidate first, not counted; then -R rounds, each measuring every
#       candidate in turn (order rotated per round); the figures are the medians over the rounds.
# The origin is one nginx serving /1k from a temp dir; nginx and HAProxy terminate TLS with h2 and
# http/1.1 by ALPN and forward over keep-alive HTTP/1.1. Backline is `backline serve`, configured
# through its API as users do: service, domain `localhost`, backend, activation; then the TLS API as
# the Fastly CLI drives it (JSON:API POSTs to /tls/private_keys, /tls/certificates, /tls/activations).
# The name is `localhost` because h2load sends the URL's host as SNI and cannot be told another,
# and the edge refuses a handshake without SNI.
# The cache is off for Backline (--cache-size 0) and nginx/HAProxy do not cache: the proxy path.
# Results: RESULTS/tls.csv (candidate,metric,value) and the verdict of bench/tls-targets.py.
# The machine's load (uptime) is written beside the figures: on a shared machine they are provisional.
#
# Environment: JAVA (a Java 25), BACKLINE_JAR (default app/target/backline.jar, built by
# `mvn -pl app -am package -DskipTests` when missing), RESULTS (default bench/results/tls-DATE).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONNS=64 DURATION=10 HANDSHAKES=1000 ROUNDS=5 WARM_HANDSHAKES=8 H2_ROUNDS=3 H2_WARM=10
while [[ $# -gt 0 ]]; do
  case $1 in
    -c) CONNS=$2; shift 2 ;;
    -d) DURATION=$2; shift 2 ;;
    -n) HANDSHAKES=$2; shift 2 ;;
    -r) ROUNDS=$2; shift 2 ;;
    -w) WARM_HANDSHAKES=$2; shift 2 ;;
    -R) H2_ROUNDS=$2; shift 2 ;;
    -W) H2_WARM=$2; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "tls-bench: unknown option $1" >&2; exit 2 ;;
  esac
done
log() { echo "tls-bench: $*" >&2; }
die() { log "$*"; exit 1; }
for tool in h2load nginx haproxy openssl curl python3; do command -v "$tool" > /dev/null || die "$tool is not installed"; done
JAR=${BACKLINE_JAR:-$ROOT/app/target/backline.jar}
if [[ ! -f $JAR ]]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -B -q -pl app -am package -DskipTests)
fi
JAVA=${JAVA:-}
if [[ -z $JAVA ]]; then
  for candidate in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*25*/bin/java "$(command -v java)"; do
    [[ -x $candidate ]] && "$candidate" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])' && { JAVA=$candidate; break; }
  done
fi
[[ -n $JAVA ]] || die "no Java 25 found (set JAVA)"
# shellcheck source=lib/backline.sh
source "$ROOT/bench/lib/backline.sh"

WORK=$(mktemp -d)
chmod 755 "$WORK"  # the origin nginx's workers (not root) read its files
RESULTS=${RESULTS:-$ROOT/bench/results/tls-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$RESULTS"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# ---- one certificate for every candidate: a throw-away CA and a leaf for localhost
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=tls-bench CA" \
  -keyout "$WORK/ca.key" -out "$WORK/ca.pem" 2> /dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" -keyout "$WORK/leaf.key" \
  -out "$WORK/leaf.csr" 2> /dev/null
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$WORK/ext.cnf"
openssl x509 -req -in "$WORK/leaf.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 \
  -extfile "$WORK/ext.cnf" -out "$WORK/leaf.pem" 2> /dev/null
openssl pkcs8 -topk8 -nocrypt -in "$WORK/leaf.key" -out "$WORK/leaf.pk8"
cat "$WORK/leaf.pem" "$WORK/leaf.pk8" > "$WORK/haproxy.pem"

# ---- the origin
ORIGIN_PORT=$(free_port)
mkdir -p "$WORK/www" "$WORK/origin"
head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$WORK/www/1k"
chmod -R a+rX "$WORK/www"
cat > "$WORK/origin/nginx.conf" <<CONF
worker_processes 1; pid $WORK/origin/nginx.pid; error_log $WORK/origin/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$ORIGIN_PORT; root $WORK/www; } }
CONF
nginx -c "$WORK/origin/nginx.conf" -g 'daemon off;' & PIDS+=($!)

# ---- nginx terminating TLS
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 2; pid $WORK/nginx/nginx.pid; error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http { access_log off;
  upstream origin { server 127.0.0.1:$ORIGIN_PORT; keepalive 128; }
  # nginx ends an HTTP/2 connection after 1000 requests by default (keepalive_requests, which
  # covers h2 since 1.19.7), and h2load does not reconnect: most of nginx's run would be failures.
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_PORT ssl http2; server_name localhost;
    ssl_certificate $WORK/leaf.pem; ssl_certificate_key $WORK/leaf.key;
    ssl_protocols TLSv1.2 TLSv1.3; ssl_session_tickets on;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' & PIDS+=($!)

# ---- HAProxy terminating TLS
HAPROXY_PORT=$(free_port)
cat > "$WORK/haproxy.cfg" <<CONF
global
  nbthread 2
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend tls
  bind 127.0.0.1:$HAPROXY_PORT ssl crt $WORK/haproxy.pem alpn h2,http/1.1
  default_backend origin
backend origin
  server o 127.0.0.1:$ORIGIN_PORT
CONF
haproxy -f "$WORK/haproxy.cfg" & PIDS+=($!)

# ---- Backline: configured through the API, then the TLS API as the Fastly CLI does
API_PORT=$(free_port) EDGE_PORT=$(free_port) TLS_PORT=$(free_port)
# shellcheck disable=SC2046
"$JAVA" $(jvm_opts edge) -jar "$JAR" serve --data-dir "$WORK/data" --api-listen "127.0.0.1:$API_PORT" \
  --edge-listen "127.0.0.1:$EDGE_PORT" --staging-listen 127.0.0.1:0 --edge-tls-listen "127.0.0.1:$TLS_PORT" \
  --rate-limit 0 --cache-size 0 > "$WORK/serve.log" 2>&1 & PIDS+=($!)
SERVE_PID=$!
BASE=http://127.0.0.1:$API_PORT
for _ in $(seq 300); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/_backline/ping" || true) == 200 ]] && break
  kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "backline serve exited"; }
  sleep 0.1
done
TOKEN=$(cat "$WORK/data/admin-token")
SID=$(json "$(api POST /service name=tls-bench)" id)
api POST "/service/$SID/version/1/domain" name=localhost > /dev/null
# max_conn: h2load -m 10 on 64 connections keeps 640 requests in flight, over Fastly's default of 200
# origin connections per backend, past which the edge answers 503 (nginx and HAProxy here open as many as asked).
api POST "/service/$SID/version/1/backend" name=origin address=127.0.0.1 port="$ORIGIN_PORT" max_conn=1000 > /dev/null
api PUT "/service/$SID/version/1/activate" > /dev/null
jsonapi() {  # PATH JSON: a JSON:API POST with the admin token; prints the created object's id
  curl -sS --fail-with-body -X POST -H "Fastly-Key: $TOKEN" -H 'Content-Type: application/vnd.api+json' \
    --data-binary "$2" "$BASE$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])'
}
pem_json() { python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$1"; }
jsonapi /tls/private_keys "{\"data\":{\"type\":\"tls_private_key\",\"attributes\":{\"key\":$(pem_json "$WORK/leaf.pk8"),\"name\":\"bench\"}}}" > /dev/null
CERT_ID=$(jsonapi /tls/certificates "{\"data\":{\"type\":\"tls_certificate\",\"attributes\":{\"cert_blob\":$(pem_json "$WORK/leaf.pem"),\"name\":\"bench\"}}}")
CONFIG_ID=$(curl -sS --fail-with-body -H "Fastly-Key: $TOKEN" "$BASE/tls/configurations" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
jsonapi /tls/activations "{\"data\":{\"type\":\"tls_activation\",\"relationships\":{\"tls_certificate\":{\"data\":{\"type\":\"tls_certificate\",\"id\":\"$CERT_ID\"}},\"tls_configuration\":{\"data\":{\"type\":\"tls_configuration\",\"id\":\"$CONFIG_ID\"}},\"tls_domain\":{\"data\":{\"type\":\"tls_domain\",\"id\":\"localhost\"}}}}}" > /dev/null
grep -o 'tls: [a-z]*[^)]*)\?' "$WORK/serve.log" | head -1 >&2 || true
# The edge warms its request path in the background after start, and its TLS path once it has a
# certificate (docs/edge.md, "Warm-up"); measured meanwhile, its own warm-up would compete with
# the load for the two cores.
for _ in $(seq 900); do grep -qs 'edge warmed up over TLS' "$WORK/serve.log" && break; sleep 0.1; done
grep -o 'edge warmed up.*' "$WORK/serve.log" >&2 || true
grep -qs 'edge warmed up over TLS' "$WORK/serve.log" || log "backline: no TLS warm-up line after 90 s"

# ---- every candidate answers /1k over h2 with the certificate before anything is measured
declare -A PORTS=([backline]=$TLS_PORT [nginx]=$NGINX_PORT [haproxy]=$HAPROXY_PORT)
for name in backline nginx haproxy; do
  ok=0
  for _ in $(seq 100); do
    [[ $(curl -s --http2 --cacert "$WORK/ca.pem" -o /dev/null -w '%{http_code} %{http_version}' \
      "https://localhost:${PORTS[$name]}/1k" || true) == "200 2" ]] && { ok=1; break; }
    sleep 0.2
  done
  if [[ $ok != 1 ]]; then
    curl -sS --http2 --cacert "$WORK/ca.pem" -o /dev/null -D - -w '%{http_code} %{http_version}\n' \
      "https://localhost:${PORTS[$name]}/1k" >&2 || true
    [[ $name == backline ]] && tail -20 "$WORK/serve.log" >&2
    die "$name does not answer https://localhost:${PORTS[$name]}/1k over h2"
  fi
done

# ---- the runs
echo "candidate,metric,value" > "$RESULTS/tls.csv"
uptime > "$RESULTS/load.txt"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for name in backline nginx haproxy; do
  url="https://localhost:${PORTS[$name]}/1k"
  # Warm-up, the same for every candidate: streams, then WARM_HANDSHAKES rounds of new connections
  # (discarded). The JVM compiles the handshake path over the first ~10,000 handshakes it serves:
  # Backline's own start-up warm-up brings it to about 0.8 x nginx, real handshakes the rest
  # (docs/edge-benchmarks.md); nginx and HAProxy are unchanged by it.
  h2load -c 64 -n 2000 -m 10 "$url" > /dev/null 2>&1 || true
  for _ in $(seq "$WARM_HANDSHAKES"); do h2load -c "$HANDSHAKES" -n "$HANDSHAKES" -m 1 "$url" > /dev/null 2>&1 || true; done
  rates=()
  for _ in $(seq "$ROUNDS"); do
    rates+=("$(h2load -c "$HANDSHAKES" -n "$HANDSHAKES" -m 1 "$url" 2>&1 | awk '/^finished in/ {print $4}')")
  done
  handshakes=$(printf '%s\n' "${rates[@]}" | median)
  log "$name: handshake rounds ${rates[*]}, median $handshakes/s"
  printf '%s,handshakes_per_s,%s\n' "$name" "$handshakes" >> "$RESULTS/tls.csv"
done

# HTTP/2: H2_ROUNDS rounds, each measuring every candidate in turn, the order rotated each round, so
# that a drift of the machine (another tenant, the CPU's clock) falls on every candidate alike; the
# figures are the medians over the rounds. Before them every candidate gets the same H2_WARM seconds
# of the same load, not counted: the handshake rounds above ran one request per connection, and a
# JVM compiles the path of many streams per connection only under it.
names=(backline nginx haproxy)
for name in "${names[@]}"; do
  h2load -c "$CONNS" -m 10 -D "$H2_WARM" "https://localhost:${PORTS[$name]}/1k" > /dev/null 2>&1 || true
done
declare -A H2_RPS=() H2_P99=() H2_FAILED=()
for round in $(seq "$H2_ROUNDS"); do
  for i in 0 1 2; do
    name=${names[$(( (i + round - 1) % 3 ))]}
    out=$(h2load -c "$CONNS" -m 10 -D "$DURATION" --log-file="$WORK/$name-$round.log" "https://localhost:${PORTS[$name]}/1k" 2>&1)
    rps=$(awk '/^finished in/ {print $4}' <<< "$out")
    p99=$(awk -F'\t' '{print $3}' "$WORK/$name-$round.log" | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.99)]/1000}')
    failed=$(awk '/^requests:/ {print $10}' <<< "$out")  # requests: N total, N started, N done, N succeeded, N failed
    log "h2 round $round: $name $rps req/s, p99 $p99 ms, failed ${failed:-?}"
    H2_RPS[$name]+="$rps "
    H2_P99[$name]+="$p99 "
    H2_FAILED[$name]=$(( ${H2_FAILED[$name]:-0} + ${failed:-1} ))
  done
done
for name in "${names[@]}"; do
  # shellcheck disable=SC2086  # the word splitting is the point: one value per line
  rps=$(printf '%s\n' ${H2_RPS[$name]} | median)
  # shellcheck disable=SC2086
  p99=$(printf '%s\n' ${H2_P99[$name]} | median)
  log "$name: h2 req/s rounds ${H2_RPS[$name]}-> median $rps; p99 median $p99 ms; failed ${H2_FAILED[$name]}"
  printf '%s,h2_req_per_s,%s\n%s,h2_p99_ms,%s\n%s,h2_failed,%s\n' "$name" "$rps" "$name" "$p99" "$name" "${H2_FAILED[$name]}" \
    >> "$RESULTS/tls.csv"
done
uptime >> "$RESULTS/load.txt"
log "load: $(paste -sd' | ' "$RESULTS/load.txt")"
python3 "$ROOT/bench/tls-targets.py" "$RESULTS"

#!/usr/bin/env python3
"""cache-bench.sh's purge-to-effect probe: how long a purge by surrogate key, sent to the API,
takes to show on every edge node.

usage: cache-purge-probe.py API_BASE SERVICE_ID ROUNDS OUT_CSV EDGE_PORT... (the API token in
       the environment variable FASTLY_KEY, never on the command line)

Each round uses its own object, /p/R, whose origin response carries `Surrogate-Key: cbench-purge
pR` and `Cache-Control: max-age=3600`:
  1. every edge is asked for /p/R until it answers `X-Cache: HIT` (the object is cached there);
  2. one poller thread per edge is started and waits on a shared start signal; the main thread
     takes t0, releases the pollers and sends `POST /service/{id}/purge/pR` with `Fastly-Key`;
  3. each poller sends GET /p/R in a tight loop on its own keep-alive connection and notes the
     moment the first `X-Cache: MISS` arrives (the object is gone there);
  4. the round's purge-to-effect is the latest of those moments minus t0; the API's answer time is
     noted too. A poller gives up after 5 s (the round counts as 5000 ms and is flagged).
The X-Cache entry read is the last of the list (Fastly appends one per hop; the last is the
edge the client talks to). If an edge never answers HIT in the first round, nothing is cached
there (a build without the cache): the probe prints "not measurable: no cache" and exits 3
before sending any purge.
Standard library only.
"""
import csv
import http.client
import os
import sys
import threading
import time

GIVE_UP_S = 5.0


def x_cache(response):
    value = response.getheader("X-Cache") or ""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return parts[-1].upper() if parts else ""


class Edge:
    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        for attempt in range(2):  # one reconnect if the edge closed an idle keep-alive connection
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                self.conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = self.conn.getresponse()
                response.read()
                return response.status, x_cache(response)
            except (OSError, http.client.HTTPException):
                self.conn = None
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")


def warm(edge, path):
    """GET until the edge answers HIT; the last X-Cache seen otherwise."""
    seen = ""
    for _ in range(50):
        status, seen = edge.get(path)
        if status == 200 and seen == "HIT":
            return "HIT"
        time.sleep(0.01)
    return seen or "no X-Cache header"


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


def main():
    if len(sys.argv) < 6 or "FASTLY_KEY" not in os.environ:
        sys.exit(__doc__)
    base, sid, rounds, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    host, port = base.removeprefix("http://").split(":")
    key = os.environ["FASTLY_KEY"]
    warmers = [Edge(int(p)) for p in sys.argv[5:]]
    pollers = [Edge(int(p)) for p in sys.argv[5:]]
    api = http.client.HTTPConnection(host, int(port), timeout=10)
    rows = []
    for r in range(rounds):
        path, surrogate = f"/p/{r}", f"p{r}"
        for edge in warmers:
            state = warm(edge, path)
            if state != "HIT":
                if r == 0:
                    print(f"not measurable: no cache (edge 127.0.0.1:{edge.port} answered X-Cache: {state} "
                          f"for {path}, never HIT)")
                    sys.exit(3)
                sys.exit(f"round {r}: edge 127.0.0.1:{edge.port} did not cache {path} (X-Cache: {state})")
        start = threading.Event()
        t0 = [0.0]
        seen = [None] * len(pollers)

        def poll(i):
            edge = pollers[i]
            start.wait()
            while time.perf_counter() - t0[0] < GIVE_UP_S:
                _, state = edge.get(path)
                if state == "MISS":
                    seen[i] = time.perf_counter() - t0[0]
                    return

        threads = [threading.Thread(target=poll, args=(i,)) for i in range(len(pollers))]
        for t in threads:
            t.start()
        t0[0] = time.perf_counter()
        start.set()
        api.request("POST", f"/service/{sid}/purge/{surrogate}", headers={"Fastly-Key": key, "Accept": "application/json"})
        answer = api.getresponse()
        body = answer.read()
        api_s = time.perf_counter() - t0[0]
        for t in threads:
            t.join()
        if answer.status != 200:
            sys.exit(f"round {r}: POST /service/{sid}/purge/{surrogate} answered {answer.status}: {body[:200]!r}")
        timed_out = any(s is None for s in seen)
        per_edge = [GIVE_UP_S * 1000 if s is None else s * 1000 for s in seen]
        rows.append({"round": r, "effect_ms": f"{max(per_edge):.2f}", "api_ms": f"{api_s * 1000:.2f}",
                     "edges_ms": " ".join(f"{v:.2f}" for v in per_edge), "timed_out": int(timed_out)})
    with open(out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["round", "effect_ms", "api_ms", "edges_ms", "timed_out"])
        writer.writeheader()
        writer.writerows(rows)
    effects = [float(r["effect_ms"]) for r in rows]
    apis = [float(r["api_ms"]) for r in rows]
    print(f"purge-to-effect over {len(rows)} rounds, {len(pollers)} edges: p50 {nearest_rank(effects, 50):.1f} ms, "
          f"p99 {nearest_rank(effects, 99):.1f} ms, max {max(effects):.1f} ms; API answer p50 "
          f"{nearest_rank(apis, 50):.1f} ms, p99 {nearest_rank(apis, 99):.1f} ms; "
          f"{sum(r['timed_out'] for r in rows)} rounds gave up after {GIVE_UP_S:.0f} s")


if __name__ == "__main__":
    main()

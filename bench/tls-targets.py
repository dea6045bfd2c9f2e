#!/usr/bin/env python3
"""Issue 18's view of a tls-bench.sh run: Backline's TLS listener against nginx (and HAProxy), with
the issue's targets and a verdict.

usage: tls-targets.py RESULTS_DIR   (reads RESULTS_DIR/tls.csv: candidate,metric,value; load.txt if present)

Targets: new handshakes per second >= 0.9 x nginx; HTTP/2 req/s over 64 long-lived connections at
1 KiB >= 1.0 x nginx; its p99 <= 1.3 x nginx. HAProxy's ratios are printed for information.
Standard library only. Exit status 1 when a target fails.
"""
import csv
import os
import sys

TARGETS = [
    ("handshakes_per_s", "handshakes/s x nginx", ">=", 0.9),
    ("h2_req_per_s", "h2 req/s x nginx", ">=", 1.0),
    ("h2_p99_ms", "h2 p99 x nginx", "<=", 1.3),
]


def main(results):
    values = {}
    with open(os.path.join(results, "tls.csv")) as f:
        for row in csv.DictReader(f):
            try:
                values[(row["candidate"], row["metric"])] = float(row["value"])
            except ValueError:
                values[(row["candidate"], row["metric"])] = float("nan")
    load = os.path.join(results, "load.txt")
    if os.path.exists(load):
        with open(load) as f:
            print("load:", " | ".join(line.strip() for line in f))
    print(f"{'metric':24} {'backline':>10} {'nginx':>10} {'haproxy':>10} {'x nginx':>8} {'x haproxy':>9}  target")
    failed = False
    for metric, label, op, limit in TARGETS:
        ours = values.get(("backline", metric), float("nan"))
        nginx = values.get(("nginx", metric), float("nan"))
        haproxy = values.get(("haproxy", metric), float("nan"))
        ratio = ours / nginx if nginx else float("nan")
        ratio_h = ours / haproxy if haproxy else float("nan")
        ok = ratio >= limit if op == ">=" else ratio <= limit
        failed |= not ok
        print(f"{metric:24} {ours:10.1f} {nginx:10.1f} {haproxy:10.1f} {ratio:8.2f} {ratio_h:9.2f}  {label} {op} {limit}: "
              f"{'PASS' if ok else 'FAIL'}")
    # A run whose requests failed measured something other than serving: its figures do not count.
    for name in ("backline", "nginx", "haproxy"):
        bad = values.get((name, "h2_failed"), 0.0)
        if bad != 0.0:
            print(f"{name}: {bad:.0f} h2 requests failed (or the count is missing): FAIL")
            failed = True
    print("figures are provisional when the machine is shared (see load)")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))

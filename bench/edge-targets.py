#!/usr/bin/env python3
"""Issue 14's view of a proxy-bench.sh run: each Backline candidate against nginx (and HAProxy),
with the issue's targets and a verdict.

usage: edge-targets.py RESULTS_DIR   (reads RESULTS_DIR/raw.csv and, if present, idle-rss.txt)

Ratios are taken per round against numbers of the same block (same round, path and connection
count), as the harness's summarize.py takes them: nginx is the mean of its first and last run of
the block, HAProxy its one run. Then the median over rounds. RSS is the largest reading under load.
idle-rss.txt holds lines "idle-rss NAME MIB before-gc MIB role serve|edge" written by
edge-bench.sh when it stopped each candidate (after `jcmd PID GC.run` and a settle).
Standard library only: it runs wherever the harness runs.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

PEERS = {"direct", "nginx", "haproxy", "varnish"}
# (path, check, limit): the targets of issue 14, all at 64 connections.
TARGETS = [
    ("/1k", "req/s x nginx", ">=", 1.0),
    ("/1k", "req/s x haproxy", ">=", 1.0),
    ("/1k", "p99 x nginx", "<=", 1.3),
    ("/1k", "CPU/req x nginx", "<=", 1.1),
    ("/100k", "req/s x nginx", ">=", 1.0),
    ("/100k", "p99 x nginx", "<=", 1.2),
    ("/100k", "CPU/req x nginx", "<=", 1.1),
]
IDLE_RSS_LIMIT_MIB = {"edge": 128, "serve": 192}
TARGET_CONNS = 64


def load(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["round"] = int(r["round"])
        r["conns"] = int(r["conns"])
        for k in ("requests", "rps", "p99_us", "cpu_target_s", "rss_kb"):
            r[k] = float(r.get(k) or 0)
    return rows


def ratios(rows):
    """(path, conns) -> candidate -> metric -> list of per-round values."""
    out = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    blocks = defaultdict(list)
    for r in rows:
        blocks[(r["path"], r["conns"], r["round"])].append(r)
    for (path, conns, _), rr in blocks.items():
        by = defaultdict(list)
        for r in rr:
            by[r["target"]].append(r)
        if "nginx" not in by:
            continue

        def mean(target, f):
            return statistics.mean(f(r) for r in by[target])

        def cpr(r):
            return r["cpu_target_s"] * 1e6 / max(r["requests"], 1)

        n_rps, n_p99, n_cpr = mean("nginx", lambda r: r["rps"]), mean("nginx", lambda r: r["p99_us"]), mean("nginx", cpr)
        h_rps = mean("haproxy", lambda r: r["rps"]) if "haproxy" in by else None
        for t in by:
            if t in PEERS:
                continue
            m = out[(path, conns)][t]
            rps = mean(t, lambda r: r["rps"])
            m["req/s"].append(rps)
            m["req/s x nginx"].append(rps / n_rps)
            if h_rps:
                m["req/s x haproxy"].append(rps / h_rps)
            m["p99 x nginx"].append(mean(t, lambda r: r["p99_us"]) / n_p99 if n_p99 else float("nan"))
            m["us CPU/req"].append(mean(t, cpr))
            m["CPU/req x nginx"].append(mean(t, cpr) / n_cpr if n_cpr else float("nan"))
            m["RSS MiB"].append(max(r["rss_kb"] for r in by[t]) / 1024)
            m["RSS x nginx"].append(max(r["rss_kb"] for r in by[t]) / max(max(r["rss_kb"] for r in by["nginx"]), 1))
    return out


def med(vals):
    return statistics.median(vals) if vals else None


def spread(vals, fmt="{:.2f}"):
    if not vals:
        return "-"
    if len(vals) == 1:
        return fmt.format(vals[0])
    return (fmt + " ({}-{})").format(statistics.median(vals), fmt.format(min(vals)), fmt.format(max(vals)))


def idle_rss(path):
    found = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 7 and parts[0] == "idle-rss":
                    found[parts[1]] = {"after": parts[2], "before": parts[4], "role": parts[6]}
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    results = sys.argv[1]
    rows = load(os.path.join(results, "raw.csv"))
    table = ratios(rows)
    rounds = len({r["round"] for r in rows})
    candidates = list(dict.fromkeys(r["target"] for r in rows if r["target"] not in PEERS))
    paths = {r["path"] for r in rows}
    haproxy = any(r["target"] == "haproxy" for r in rows)
    idle = idle_rss(os.path.join(results, "idle-rss.txt"))

    print(f"## Backline candidates against nginx ({rounds} round{'s' if rounds != 1 else ''}; "
          "median, min-max over rounds)\n")
    print("| path | conns | candidate | req/s | req/s x nginx | req/s x haproxy | p99 x nginx | us CPU/req "
          "| CPU/req x nginx | RSS MiB under load | RSS x nginx |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (path, conns) in sorted(table, key=lambda k: (k[0] != "/1k", k[0], k[1])):
        for t in candidates:
            m = table[(path, conns)].get(t)
            if not m:
                continue
            print(f"| {path} | {conns} | {t} | {med(m['req/s']):,.0f} | {spread(m['req/s x nginx'])} | "
                  f"{spread(m['req/s x haproxy'])} | {spread(m['p99 x nginx'])} | {spread(m['us CPU/req'], '{:.1f}')} | "
                  f"{spread(m['CPU/req x nginx'])} | {max(m['RSS MiB']):.0f} | {spread(m['RSS x nginx'], '{:.1f}')} |")

    print("\n## Idle RSS after the load and a GC (jcmd GC.run, then VmRSS)\n")
    print("| candidate | role | before GC MiB | after GC MiB | target | verdict |")
    print("|---|---|---:|---:|---:|---|")
    for t in candidates:
        i = idle.get(t)
        if not i:
            print(f"| {t} | - | - | - | - | not measured |")
            continue
        limit = IDLE_RSS_LIMIT_MIB.get(i["role"])
        ok = i["after"].isdigit() and limit is not None and int(i["after"]) <= limit
        print(f"| {t} | {i['role']} | {i['before']} | {i['after']} | <= {limit} MiB | {'PASS' if ok else 'FAIL'} |")

    print(f"\n## Targets of issue 14 (c{TARGET_CONNS}, medians over rounds)\n")
    if rounds < 3:
        print(f"Only {rounds} round{'s' if rounds != 1 else ''}: the issue asks for medians of at least 3; "
              "these verdicts are indicative.\n")
    print("| candidate | path | check | target | measured | verdict |")
    print("|---|---|---|---:|---:|---|")
    for t in candidates:
        for path, check, op, limit in TARGETS:
            if path not in paths:
                continue
            m = table.get((path, TARGET_CONNS), {}).get(t)
            vals = m.get(check) if m else None
            if not vals:
                why = "no haproxy in this run" if check.endswith("haproxy") and not haproxy else f"no c{TARGET_CONNS} run"
                print(f"| {t} | {path} | {check} | {op} {limit} | - | {why} |")
                continue
            v = statistics.median(vals)
            ok = v >= limit if op == ">=" else v <= limit
            print(f"| {t} | {path} | {check} | {op} {limit} | {v:.2f} | {'PASS' if ok else 'FAIL'} |")
        i = idle.get(t)
        if i:
            limit = IDLE_RSS_LIMIT_MIB.get(i["role"])
            ok = i["after"].isdigit() and limit is not None and int(i["after"]) <= limit
            print(f"| {t} | - | idle RSS after GC ({i['role']}) | <= {limit} MiB | {i['after']} | {'PASS' if ok else 'FAIL'} |")
    print()
    logging_cost(rows)


def logging_cost(rows):
    """Issue 15: backline-logged (access log to a file, one HTTPS logging endpoint) against
    backline-live (both off), per round and block, then the median: at most 5 % fewer req/s at 1 KiB."""
    blocks = defaultdict(dict)
    for r in rows:
        if r["target"] in ("backline-live", "backline-logged"):
            blocks[(r["path"], r["conns"], r["round"])][r["target"]] = r
    by_path = defaultdict(list)
    for (path, conns, _), pair in blocks.items():
        if len(pair) == 2 and pair["backline-live"]["rps"] > 0:
            by_path[(path, conns)].append(pair["backline-logged"]["rps"] / pair["backline-live"]["rps"])
    if not by_path:
        return
    print("## Cost of logging (issue 15): backline-logged req/s x backline-live, same run\n")
    print("| path | conns | logged x live | target | verdict |")
    print("|---|---:|---:|---:|---|")
    for (path, conns), vals in sorted(by_path.items()):
        v = statistics.median(vals)
        target = ">= 0.95" if path == "/1k" else "-"
        verdict = ("PASS" if v >= 0.95 else "FAIL") if path == "/1k" else "-"
        print(f"| {path} | {conns} | {spread(vals)} | {target} | {verdict} |")
    print()


if __name__ == "__main__":
    main()

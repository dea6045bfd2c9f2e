#!/usr/bin/env python3
"""Issue 17's view of a cache-bench.sh run: Backline's cache against Varnish and nginx, with the
targets and a verdict, as markdown tables for docs/cache.md's benchmark section.

usage: cache-targets.py RESULTS_DIR   (reads hit.csv, zipf.csv, purge.csv or purge.txt, x-cache.txt
                                       and run.txt, whichever the run wrote)

Hit throughput: ratios per round (same round and path, taken seconds apart), then the median over
rounds. p99 is compared with the better (lower) p99 of Varnish and nginx in the same round.
Zipf: hit ratio = 1 - origin requests / requests sent, per candidate, one measured run each.
Purge: purge-to-effect per round, the latest of the two edges; nearest-rank percentiles.
Standard library only.
"""
import csv
import os
import statistics
import sys
from collections import defaultdict

BACKLINE, VARNISH, NGINX = "backline", "varnish", "nginx-cache"
CANDIDATES = (BACKLINE, VARNISH, NGINX)
PURGE_P99_MS = 150.0


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def verdict(ok):
    return "PASS" if ok else "FAIL"


def nearest_rank(values, p):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


def x_cache_notes(results):
    """(part, target, path) -> the X-Cache header read after the warm-up."""
    return {(r["part"], r["target"], r["path"]): r["x_cache"] for r in read_csv(os.path.join(results, "x-cache.txt"))}


def caching(seen):
    return "HIT" in seen.upper()


def hit_part(results, xc):
    rows = read_csv(os.path.join(results, "hit.csv"))
    if not rows:
        return
    blocks = defaultdict(dict)
    for r in rows:
        blocks[(r["path"], int(r["round"]))][r["target"]] = r
    rounds = len({k[1] for k in blocks})
    paths = list(dict.fromkeys(r["path"] for r in rows))
    conns = rows[0]["conns"]

    print(f"## Hit throughput (wrk, {conns} connections; {rounds} round{'s' if rounds != 1 else ''}, "
          "median over rounds)\n")
    print("| path | candidate | X-Cache after warm-up | req/s | p50 ms | p99 ms | µs CPU/req | origin requests "
          "| req/s × Varnish | req/s × nginx | p99 × better peer |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    checks = []
    for path in paths:
        per = defaultdict(lambda: defaultdict(list))
        for (p, _), block in blocks.items():
            if p != path:
                continue
            for t, r in block.items():
                rps, p99 = float(r["rps"]), float(r["p99_us"])
                m = per[t]
                m["rps"].append(rps)
                m["p50"].append(float(r["p50_us"]) / 1000)
                m["p99"].append(p99 / 1000)
                m["cpu"].append(float(r["cpu_s"]) * 1e6 / max(int(r["requests"]), 1))
                m["origin"].append(int(r["origin_requests"]))
                if VARNISH in block and float(block[VARNISH]["rps"]) > 0:
                    m["x varnish"].append(rps / float(block[VARNISH]["rps"]))
                if NGINX in block and float(block[NGINX]["rps"]) > 0:
                    m["x nginx"].append(rps / float(block[NGINX]["rps"]))
                peers = [float(block[q]["p99_us"]) for q in (VARNISH, NGINX) if q in block and q != t]
                if peers and min(peers) > 0:
                    m["p99 x better"].append(p99 / min(peers))
        for t in CANDIDATES:
            m = per.get(t)
            if not m:
                continue

            def med(key, fmt="{:.2f}"):
                return fmt.format(statistics.median(m[key])) if m[key] else "-"
            print(f"| {path} | {t} | {xc.get(('hit', t, path), '?')} | {med('rps', '{:,.0f}')} | {med('p50')} "
                  f"| {med('p99')} | {med('cpu', '{:.1f}')} | {max(m['origin']):,} | "
                  f"{med('x varnish') if t != VARNISH else '1'} | {med('x nginx') if t != NGINX else '1'} | "
                  f"{med('p99 x better') if t == BACKLINE else '-'} |")
        b = per.get(BACKLINE)
        if b:
            note = "" if caching(xc.get(("hit", BACKLINE, path), "")) else " (no X-Cache: HIT: Backline measured as a plain proxy)"
            for key, op, limit in (("x varnish", ">=", 1.0), ("x nginx", ">=", 1.0), ("p99 x better", "<=", 1.2)):
                if b[key]:
                    v = statistics.median(b[key])
                    ok = v >= limit if op == ">=" else v <= limit
                    label = {"x varnish": "req/s × Varnish", "x nginx": "req/s × nginx",
                             "p99 x better": "p99 × the better of Varnish and nginx"}[key]
                    checks.append((f"hit {path}: {label}", f"{op} {limit}", f"{v:.2f}", verdict(ok) + note))
    print()
    for t in (VARNISH, NGINX):
        for path in paths:
            if not caching(xc.get(("hit", t, path), "")):
                print(f"Note: {t} did not answer X-Cache: HIT for {path} after the warm-up: its figures are not a cache's.\n")
    return checks


def zipf_part(results, xc):
    rows = {r["target"]: r for r in read_csv(os.path.join(results, "zipf.csv"))}
    if not rows:
        return []
    print("## Zipf workload: hit ratio with a cache smaller than the working set\n")
    print("| candidate | X-Cache of /z/0 after the run | requests sent | origin requests | hit ratio | req/s | p99 ms | errors "
          "| cache holds MiB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for t in CANDIDATES:
        r = rows.get(t)
        if r:
            print(f"| {t} | {xc.get(('zipf', t, '/z/'), '?')} | {int(r['requests']):,} | {int(r['origin_requests']):,} "
                  f"| {float(r['hit_ratio']):.3f} | {float(r['rps']):,.0f} | {float(r['p99_us']) / 1000:.2f} "
                  f"| {int(r['errors']) + int(r['non2xx'])} | {held_mib(r.get('held_bytes'))} |")
    print("\n\"Cache holds\" is each cache's own account after the run: Varnish's SMA.s0.g_bytes, the bytes of "
          "nginx's cache files (its cache manager enforces max_size afterwards, in the background), Backline's "
          "backline_edge_cache_bytes.\n")
    for t in CANDIDATES:
        r = rows.get(t)
        held, size = (r or {}).get("held_bytes", ""), (r or {}).get("cache_bytes", "")
        if held.isdigit() and size.isdigit() and int(held) > 1.1 * int(size):
            print(f"Note: {t} held {int(held) / 1048576:.1f} MiB after the run, more than its "
                  f"{int(size) / 1048576:.1f} MiB: its hit ratio is flattered.\n")
    if BACKLINE in rows and VARNISH in rows:
        b, v = float(rows[BACKLINE]["hit_ratio"]), float(rows[VARNISH]["hit_ratio"])
        note = "" if caching(xc.get(("zipf", BACKLINE, "/z/"), "")) else " (no X-Cache: HIT: Backline has no cache in this build)"
        return [("zipf: hit ratio, Backline − Varnish", ">= 0", f"{b - v:+.3f} ({b:.3f} vs {v:.3f})", verdict(b >= v) + note)]
    return []


def held_mib(value):
    return f"{int(value) / 1048576:.1f}" if value and value.isdigit() else "-"


def purge_part(results):
    rows = read_csv(os.path.join(results, "purge.csv"))
    text_path = os.path.join(results, "purge.txt")
    text = open(text_path).read().strip() if os.path.exists(text_path) else ""
    if not rows and not text:
        return []
    print("## Purge-to-effect across two edge nodes\n")
    if not rows:
        print(f"{text}\n")
        return [("purge-to-effect p99", f"< {PURGE_P99_MS:.0f} ms", "-", text.splitlines()[-1] if text else "not run")]
    effects = [float(r["effect_ms"]) for r in rows]
    apis = [float(r["api_ms"]) for r in rows]
    gave_up = sum(int(r["timed_out"]) for r in rows)
    print("| rounds | p50 ms | p99 ms | max ms | API answer p50 ms | API answer p99 ms | rounds given up (5 s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(rows)} | {nearest_rank(effects, 50):.1f} | {nearest_rank(effects, 99):.1f} | {max(effects):.1f} "
          f"| {nearest_rank(apis, 50):.1f} | {nearest_rank(apis, 99):.1f} | {gave_up} |")
    print()
    p99 = nearest_rank(effects, 99)
    return [("purge-to-effect p99", f"< {PURGE_P99_MS:.0f} ms", f"{p99:.1f} ms", verdict(p99 < PURGE_P99_MS))]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    results = sys.argv[1]
    run = os.path.join(results, "run.txt")
    print("# cache-bench\n")
    if os.path.exists(run):
        for line in open(run):
            print(f"- {line.strip()}")
        print()
    xc = x_cache_notes(results)
    checks = (hit_part(results, xc) or []) + zipf_part(results, xc) + purge_part(results)
    print("## Targets of issue 17\n")
    print("| check | target | measured | verdict |")
    print("|---|---:|---:|---|")
    for check, target, measured, result in checks:
        print(f"| {check} | {target} | {measured} | {result} |")
    print()


if __name__ == "__main__":
    main()

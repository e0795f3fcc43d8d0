#!/usr/bin/env python3
"""claimgraph's snapshot against networkx on the same generated claim graph.

Runs the Rust side (examples/compare_networkx.rs, release build) which generates
the benches' graph, writes it as an edge list and times the snapshot's BFS,
filtered BFS and most credible tree; then loads the edge list into a networkx
MultiDiGraph (every claim kept, with its confidence, relation kind and valid
days), times networkx's BFS, a filtered BFS and Dijkstra on -ln c in-process
(graph prebuilt, warm-up runs, medians), checks that both reach the same actors
(and the same best confidences), and prints the ratios side by side.

    python3 benches/compare_networkx.py                  # 2^18 actors x 16 claims (slow)
    python3 benches/compare_networkx.py --actors-log2 14 # a quick run

Needs networkx only (no numpy or scipy).
"""

import argparse
import gc
import heapq
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import deque

import networkx as nx


def run_rust(args):
    """Runs the Rust example and returns its JSON."""
    cmd = [
        "cargo", "run", "--release", "--quiet", "--example", "compare_networkx", "--",
        "--actors-log2", str(args.actors_log2), "--out", args.out,
        "--runs", str(args.runs), "--warmups", str(args.warmups),
    ]
    print("running:", " ".join(cmd), file=sys.stderr)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load(path, node_count):
    """A MultiDiGraph of every arc in the edge list, with the claim's fields."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(node_count))

    def arcs():
        with open(path) as f:
            for line in f:
                s, t, c, k, first, last = line.split()
                yield int(s), int(t), {"c": float(c), "k": int(k), "f": int(first), "l": int(last)}

    g.add_edges_from(arcs())
    return g


def median_time(warmups, runs, f):
    for _ in range(warmups):
        f()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def filtered_bfs(g, start, admits):
    """BFS crossing an actor pair when any of its claims passes the filter."""
    seen = {start}
    queue = deque([start])
    succ = g._succ  # the adjacency networkx's own traversals read
    while queue:
        u = queue.popleft()
        for v, claims in succ[u].items():
            if v not in seen and any(admits(d) for d in claims.values()):
                seen.add(v)
                queue.append(v)
    return seen


def read_ints(path):
    with open(path) as f:
        return [int(line) for line in f if line.strip()]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--actors-log2", type=int, default=18)
    p.add_argument("--runs", type=int, default=5, help="timed runs per operation (median)")
    p.add_argument("--nx-runs", type=int, default=3, help="timed networkx runs per operation")
    p.add_argument("--warmups", type=int, default=1)
    p.add_argument("--out", default="/tmp/claimgraph-networkx")
    p.add_argument("--rust-json", help="reuse a finished Rust run (its rust.json) instead of running it")
    args = p.parse_args()

    if args.rust_json:
        with open(args.rust_json) as f:
            rust = json.load(f)
        args.out = os.path.dirname(os.path.abspath(args.rust_json))
    else:
        rust = run_rust(args)
    hub = rust["hub"]
    flt = rust["filter"]

    # Memory: what the graph holds once built (tracemalloc counts Python objects'
    # allocations; the parse's temporaries are freed by then).
    gc.collect()
    tracemalloc.start()
    t0 = time.perf_counter()
    g = load(os.path.join(args.out, "edges.txt"), rust["node_count"])
    build_seconds = time.perf_counter() - t0
    nx_bytes, nx_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert g.number_of_edges() == rust["arcs"], (g.number_of_edges(), rust["arcs"])

    # Dijkstra's weight, -ln c, stored beside the fields (after the memory count, so
    # that networkx holds the same fields as the snapshot when measured).
    for _, _, d in g.edges(data=True):
        d["w"] = -math.log(d["c"])

    kinds = set(flt["kinds"])
    min_c, first_day, last_day = flt["min_confidence"], flt["first_day"], flt["last_day"]

    def admits(d):
        return d["c"] >= min_c and d["k"] in kinds and d["l"] >= first_day and d["f"] <= last_day

    w, r = args.warmups, args.nx_runs
    results = {}
    results["bfs"] = median_time(w, r, lambda: nx.single_source_shortest_path_length(g, hub))
    results["bfs_filtered"] = median_time(w, r, lambda: filtered_bfs(g, hub, admits))
    results["most_credible_tree"] = median_time(
        w, r, lambda: nx.single_source_dijkstra_path_length(g, hub, weight="w"))

    # Same work: the same actors reached, the same best confidences.
    reached = set(nx.single_source_shortest_path_length(g, hub))
    reached_f = filtered_bfs(g, hub, admits)
    dist = nx.single_source_dijkstra_path_length(g, hub, weight="w")
    ours = read_ints(os.path.join(args.out, "reached_bfs.txt"))
    ours_f = read_ints(os.path.join(args.out, "reached_bfs_filtered.txt"))
    checks = {
        "bfs": (len(reached), len(ours), reached == set(ours)),
        "bfs_filtered": (len(reached_f), len(ours_f), reached_f == set(ours_f)),
    }
    credible = {}
    with open(os.path.join(args.out, "credible.txt")) as f:
        for line in f:
            n, c = line.split()
            credible[int(n)] = float(c)
    worst = max(abs(math.exp(-dist[n]) - c) / c for n, c in credible.items()) if set(dist) == set(credible) else math.inf
    checks["most_credible_tree"] = (len(dist), len(credible), set(dist) == set(credible) and worst < 1e-9)

    print()
    print(f"claimgraph vs networkx {nx.__version__} (Python {platform.python_version()}): "
          f"2^{rust['actors_log2']} actors x {rust['claims_per_actor']} claims = {rust['claims']:,} claims, "
          f"{rust['arcs']:,} arcs walked, start a{hub}")
    print(f"networkx MultiDiGraph built in {build_seconds:.1f} s; medians of {r} runs after {w} warm-up "
          f"(Rust: {rust['runs']} runs after {rust['warmups']})")
    print()
    print(f"{'operation':<28}{'networkx':>12}{'claimgraph':>14}{'speed-up':>11}{'target':>9}  reached (nx / cg, same set)")
    targets = {"bfs": 100, "bfs_reachable": 100, "bfs_filtered": None, "most_credible_tree": 40}
    names = {"bfs": "BFS (Bfs iterator)", "bfs_reachable": "BFS (reachable)", "bfs_filtered": "filtered BFS",
             "most_credible_tree": "Dijkstra / most credible"}
    # claimgraph's `reachable` is the same search as its Bfs iterator without the
    # per-visit records; both are compared with the one networkx BFS.
    results["bfs_reachable"] = results["bfs"]
    checks["bfs_reachable"] = checks["bfs"]
    summary = {}
    for op in ["bfs", "bfs_reachable", "bfs_filtered", "most_credible_tree"]:
        ratio = results[op] / rust["seconds"][op]
        t = targets[op]
        verdict = "" if t is None else (f">= {t}x " + ("MET" if ratio >= t else "NOT MET"))
        n_nx, n_cg, same = checks[op]
        print(f"{names[op]:<28}{results[op] * 1e3:>10.1f}ms{rust['seconds'][op] * 1e3:>12.2f}ms"
              f"{ratio:>10.1f}x  {verdict:<14} {n_nx} / {n_cg}, {'yes' if same else 'NO'}")
        summary[op] = {"networkx_s": results[op], "claimgraph_s": rust["seconds"][op], "speedup": ratio,
                       "reached_networkx": n_nx, "reached_claimgraph": n_cg, "same": same}
    snap = rust["bytes"]["snapshot"]
    whole = rust["bytes"]["store"] + snap
    print()
    print(f"memory: networkx graph {nx_bytes / 1e6:,.1f} MB (tracemalloc; peak while building {nx_peak / 1e6:,.1f} MB)")
    print(f"  vs claimgraph snapshot  {snap / 1e6:10,.1f} MB: {nx_bytes / snap:6.1f}x smaller "
          f"(target >= 8x {'MET' if nx_bytes / snap >= 8 else 'NOT MET'}; rows with the same fields, records shared with the store)")
    print(f"  vs store + snapshot     {whole / 1e6:10,.1f} MB: {nx_bytes / whole:6.1f}x smaller "
          f"(everything: evidence, sources, documents, strings, indexes)")
    print(f"  worst relative difference of best confidences: {worst:.1e}")
    summary["memory"] = {"networkx_bytes": nx_bytes, "snapshot_bytes": snap, "store_plus_snapshot_bytes": whole}
    with open(os.path.join(args.out, "comparison.json"), "w") as f:
        json.dump({"rust": rust, "networkx": summary}, f, indent=1)
    if not all(same for _, _, same in checks.values()):
        print("MISMATCH: the two sides did not reach the same actors", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

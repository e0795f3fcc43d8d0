#!/usr/bin/env python3
"""Reference ("oracle") values from networkx for the claimgraph Rust tests.

Two modes:

  python3 oracle.py --write-edges
      Regenerate karate.edges and florentine.edges from networkx's bundled
      data sets (karate_club_graph, florentine_families_graph).  Only needed
      to re-establish provenance; the edge files are checked in.

  python3 oracle.py
      Read karate.edges and florentine.edges (the very files the Rust test
      reads), build an undirected nx.Graph for each and write expected.json
      with PageRank, betweenness (raw and normalised), all-pairs hop
      distances and degrees.

Both modes work relative to the directory that contains this script, so the
command can be run from anywhere.  See README.md for the conventions.
"""

import argparse
import json
import platform
import sys
from fractions import Fraction
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent

GRAPHS = ("karate", "florentine")

PAGERANK_ALPHA = 0.85
PAGERANK_TOL = 1e-13
PAGERANK_MAX_ITER = 10000

HEADERS = {
    "karate": [
        "Zachary's karate club: 34 members, 78 undirected friendship ties.",
        "Source: W. W. Zachary (1977), \"An information flow model for conflict",
        "and fission in small groups\", Journal of Anthropological Research",
        "33(4):452-473.",
        "Exported from networkx.karate_club_graph() (networkx {version}); node ids",
        "0..33 as networkx numbers them. networkx's per-edge 'weight' attribute",
        "(interaction counts) and the 'club' node attribute are NOT exported:",
        "this is the unweighted graph.",
        "Format: one undirected edge per line, 'u v' with u < v (numerically),",
        "lines sorted numerically by (u, v). Lines starting with '#' are comments.",
        "Regenerate with: python3 tests/oracle/oracle.py --write-edges",
    ],
    "florentine": [
        "Florentine families, marriage ties: 15 families, 20 undirected ties.",
        "Source: J. F. Padgett and C. K. Ansell (1993), \"Robust action and the",
        "rise of the Medici, 1400-1434\", American Journal of Sociology",
        "98(6):1259-1319.",
        "Exported from networkx.florentine_families_graph() (networkx {version}),",
        "which holds the marriage network without the isolated Pucci family.",
        "Family names are networkx's (none contain spaces; any space would be",
        "written as '_').",
        "Format: one undirected edge per line, 'u v' with u < v (string order),",
        "lines sorted by (u, v). Lines starting with '#' are comments.",
        "Regenerate with: python3 tests/oracle/oracle.py --write-edges",
    ],
}


# --------------------------------------------------------------------------
# node ordering / edge files
# --------------------------------------------------------------------------

def node_sort_key(label):
    """Integers sort numerically and before any other label; the rest by string."""
    s = str(label)
    if s.isdigit():
        return (0, int(s), s)
    return (1, 0, s)


def label_of(node):
    return str(node).replace(" ", "_")


def write_edges():
    sources = {
        "karate": nx.karate_club_graph(),
        "florentine": nx.florentine_families_graph(),
    }
    for name, G in sources.items():
        pairs = set()
        for u, v in G.edges():
            a, b = label_of(u), label_of(v)
            if a == b:
                raise SystemExit(f"{name}: unexpected self-loop on {a}")
            if node_sort_key(b) < node_sort_key(a):
                a, b = b, a
            pairs.add((a, b))
        ordered = sorted(pairs, key=lambda e: (node_sort_key(e[0]), node_sort_key(e[1])))
        isolated = [n for n in G if G.degree(n) == 0]
        if isolated:
            raise SystemExit(f"{name}: isolated nodes cannot be written as edges: {isolated}")
        path = HERE / f"{name}.edges"
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            for line in HEADERS[name]:
                fh.write("# " + line.format(version=nx.__version__) + "\n")
            for a, b in ordered:
                fh.write(f"{a} {b}\n")
        print(f"wrote {path.name}: {G.number_of_nodes()} nodes, {len(ordered)} edges")


def read_edges(path):
    edges = []
    seen = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) != 2:
                raise SystemExit(f"{path}:{lineno}: expected 'u v', got {raw!r}")
            u, v = parts
            if u == v:
                raise SystemExit(f"{path}:{lineno}: self-loop {u}")
            key = frozenset((u, v))
            if key in seen:
                raise SystemExit(f"{path}:{lineno}: duplicate edge {u} {v}")
            seen.add(key)
            edges.append((u, v))
    return edges


def build_graph(edges):
    """Undirected graph; nodes inserted in sorted order, then edges in file order."""
    nodes = sorted({x for e in edges for x in e}, key=node_sort_key)
    G = nx.Graph()
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    return G, nodes


# --------------------------------------------------------------------------
# PageRank: networkx value plus two independent checks
# --------------------------------------------------------------------------

def networkx_pagerank(G, impl):
    kwargs = dict(alpha=PAGERANK_ALPHA, tol=PAGERANK_TOL, max_iter=PAGERANK_MAX_ITER)
    if impl == "scipy":
        # Public entry point; in networkx 3.6.1 it delegates to the
        # numpy/scipy power iteration and so needs both installed.
        return nx.pagerank(G, **kwargs), "networkx.pagerank (scipy power iteration)"
    # Pure-Python power iteration that ships in the same networkx module.
    # Same formula and stopping rule as nx.pagerank; differs only in the
    # order of floating-point additions.  Needs neither numpy nor scipy.
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
    return (
        _pagerank_python(G, **kwargs),
        "networkx.algorithms.link_analysis.pagerank_alg._pagerank_python",
    )


def own_power_iteration(G, nodes):
    """Independent re-statement of the iteration, used to count iterations."""
    n = len(nodes)
    deg = {u: G.degree(u) for u in nodes}
    dangling = [u for u in nodes if deg[u] == 0]
    x = {u: 1.0 / n for u in nodes}
    for it in range(1, PAGERANK_MAX_ITER + 1):
        dmass = sum(x[u] for u in dangling)
        new = {}
        for v in nodes:
            inflow = sum(x[u] / deg[u] for u in G[v])
            new[v] = PAGERANK_ALPHA * (inflow + dmass / n) + (1.0 - PAGERANK_ALPHA) / n
        err = sum(abs(new[u] - x[u]) for u in nodes)
        x = new
        if err < n * PAGERANK_TOL:
            return x, it
    raise RuntimeError("own power iteration did not converge")


def exact_pagerank(G, nodes):
    """Exact rational solution of x = a*(P^T x + dangling/n) + (1-a)/n.

    alpha is taken as the rational 85/100.  Solved by Gauss-Jordan elimination
    on Fractions, so the result is exact; the fixed point sums to 1.
    """
    n = len(nodes)
    idx = {u: i for i, u in enumerate(nodes)}
    a = Fraction(85, 100)
    deg = {u: G.degree(u) for u in nodes}
    M = [[Fraction(0)] * n for _ in range(n)]
    rhs = [(1 - a) / n for _ in range(n)]
    for i in range(n):
        M[i][i] += 1
    for u in nodes:
        j = idx[u]
        if deg[u] == 0:
            for i in range(n):
                M[i][j] -= a / n
        else:
            for v in G[u]:
                M[idx[v]][j] -= a / deg[u]
    for c in range(n):
        p = next(r for r in range(c, n) if M[r][c] != 0)
        M[c], M[p] = M[p], M[c]
        rhs[c], rhs[p] = rhs[p], rhs[c]
        piv = M[c][c]
        M[c] = [val / piv for val in M[c]]
        rhs[c] /= piv
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [rv - f * cv for rv, cv in zip(M[r], M[c])]
                rhs[r] -= f * rhs[c]
    return {u: rhs[idx[u]] for u in nodes}


# --------------------------------------------------------------------------
# main computation
# --------------------------------------------------------------------------

def ordered(mapping, nodes, conv=lambda x: x):
    return {str(u): conv(mapping[u]) for u in nodes}


def compute(name, impl):
    path = HERE / f"{name}.edges"
    edges = read_edges(path)
    G, nodes = build_graph(edges)

    pr, pr_impl = networkx_pagerank(G, impl)
    own, iterations = own_power_iteration(G, nodes)
    exact = exact_pagerank(G, nodes)
    diff_own = max(abs(pr[u] - own[u]) for u in nodes)
    diff_exact = max(abs(Fraction(pr[u]) - exact[u]) for u in nodes)

    bc_raw = nx.betweenness_centrality(G, normalized=False)
    bc_norm = nx.betweenness_centrality(G, normalized=True)
    spl = dict(nx.all_pairs_shortest_path_length(G))

    # Consistency check tying betweenness to distances (connected graph):
    # sum_v BC_raw(v) == sum over unordered pairs {s,t} of (d(s,t) - 1).
    connected = nx.is_connected(G)
    pair_interior = sum(
        spl[s][t] - 1 for i, s in enumerate(nodes) for t in nodes[i + 1:] if t in spl[s]
    )
    n = len(nodes)

    return {
        "source_file": path.name,
        "networkx_version": nx.__version__,
        "directed": False,
        "num_nodes": G.number_of_nodes(),
        "num_edges": G.number_of_edges(),
        "connected": connected,
        "nodes": [str(u) for u in nodes],
        "degree": ordered(dict(G.degree()), nodes),
        "pagerank": {
            "params": {
                "alpha": PAGERANK_ALPHA,
                "tol": PAGERANK_TOL,
                "max_iter": PAGERANK_MAX_ITER,
                "personalization": None,
                "nstart": None,
                "dangling": None,
                "weight": "weight (edge files carry no weights, so every edge counts 1)",
                "stop_rule": "stop after the first iterate x_k with sum_v |x_k[v] - x_{k-1}[v]| < num_nodes * tol; x_k is returned without renormalisation",
            },
            "implementation": pr_impl,
            "values": ordered(pr, nodes),
            "check": {
                "iterations_to_converge": iterations,
                "max_abs_diff_vs_independent_power_iteration": diff_own,
                "max_abs_diff_vs_exact_rational_solve": float(diff_exact),
                "sum_of_values": sum(pr[u] for u in nodes),
            },
        },
        "betweenness": {
            "params": {
                "k": None,
                "weight": None,
                "endpoints": False,
                "normalized_false_scale": "raw sum over ordered (s,t) pairs times 1/2 (undirected)",
                "normalized_true_scale": f"raw sum over ordered (s,t) pairs times 1/((n-1)(n-2)), n={n}",
            },
            "normalized_false": ordered(bc_raw, nodes),
            "normalized_true": ordered(bc_norm, nodes),
            "check": {
                "sum_normalized_false": sum(bc_raw.values()),
                "sum_over_unordered_pairs_of_dist_minus_1": pair_interior,
            },
        },
        "shortest_path_lengths": {
            str(s): {str(t): spl[s][t] for t in nodes if t in spl[s]} for s in nodes
        },
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write-edges", action="store_true",
                    help="regenerate the .edges files from networkx's data sets and exit")
    ap.add_argument("--pagerank-impl", choices=("python", "scipy"), default="python",
                    help="which networkx PageRank routine to call (default: python, "
                         "which needs no numpy/scipy)")
    ap.add_argument("--output", default=str(HERE / "expected.json"))
    args = ap.parse_args(argv)

    if args.write_edges:
        write_edges()
        return

    out = {
        "generator": "tests/oracle/oracle.py",
        "networkx_version": nx.__version__,
        "python_version": platform.python_version(),
        "graphs": {name: compute(name, args.pagerank_impl) for name in GRAPHS},
    }
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    for name, g in out["graphs"].items():
        c = g["pagerank"]["check"]
        print(f"{name}: {g['num_nodes']} nodes, {g['num_edges']} edges, "
              f"pagerank iterations {c['iterations_to_converge']}, "
              f"|nx - exact| <= {c['max_abs_diff_vs_exact_rational_solve']:.3g}",
              file=sys.stderr)
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()

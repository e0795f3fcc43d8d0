"""Loads claimgraph's exports in the clients analysts use, and checks them against the
library's own figures.

Run by .ci/run after `cargo run --example export_test_data -- target/exports`:

    target/pyclients/bin/python tests/clients/check_exports.py target/exports

(target/pyclients: a virtual environment of Debian's Python 3.11 with
--system-site-packages, for Debian's prebuilt PyICU, which followthemoney needs;
.ci/run makes it.)

For every data set exported by the example (seed, ICEWS, GDELT, Bitcoin-OTC,
FollowTheMoney) it

- loads `<name>.graphml` with networkx (`read_graphml`) and python-igraph
  (`Graph.Read_GraphML`) and compares node and edge counts with `<name>.figures.json`
  (written by the library), then the typed attributes of the sampled claims
  (`claim_id` int, `confidence` float, `origins` int, `symmetric` bool, relation,
  ends);
- loads `<name>.provenance.graphml` with networkx: actors + claims nodes, two end
  edges per claim plus one edge per source of each attribution, every source edge
  typed (`grade_value` float);
- renders `<name>.dot` with Graphviz `dot -Tsvg` when the example wrote it (it
  refuses graphs past the DOT size guard);

- loads `<name>.ijson`, the FollowTheMoney export of the FollowTheMoney sets, with the
  `followthemoney` package (`model.get_proxy(line, cleaned=False)`, which re-validates
  every value): every line a proxy, no property dropped, as many `Sanction` proxies
  as the library has `sanctions` claims, each with its `entity` and `authority`,
  and every `Passport` / `Identification` holder an entity of the file;

then validates every JSON Lines record of tests/data (the seed) and the JSON documents
exported by the example (sets of at most 5,000 claims) against the committed schemas in docs/schema/ with `jsonschema`.

Prints one line per check and a closing line `check_exports: N passed, M failed`;
exits 1 if any check failed.
"""

import importlib.metadata
import json
import os
import subprocess
import sys

import igraph
import jsonschema
import networkx as nx
from followthemoney import model as ftm_model

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_SETS = ["seed", "icews", "gdelt", "bitcoin_otc", "ftm", "ftm_sanctions"]
FTM_SETS = ["ftm", "ftm_sanctions"]

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name}: {detail}")


def close(a, b):
    return abs(a - b) <= 1e-12


def check_networkx(name, path, figures):
    g = nx.read_graphml(path)
    check(
        f"{name}: networkx counts",
        (g.number_of_nodes(), g.number_of_edges()) == (figures["actors"], figures["claims"]),
        f"{(g.number_of_nodes(), g.number_of_edges())} != {(figures['actors'], figures['claims'])}",
    )
    by_id = {}
    for u, v, data in g.edges(data=True):
        by_id[data["claim_id"]] = (u, v, data)
    for sample in figures["samples"]:
        cid = sample["claim_id"]
        found = by_id.get(cid)
        if found is None:
            check(f"{name}: networkx claim {cid}", False, "no edge with this claim_id")
            continue
        u, v, data = found
        ok = (
            isinstance(data["claim_id"], int)
            and isinstance(data["confidence"], float)
            and isinstance(data["origins"], int)
            and isinstance(data["symmetric"], bool)
            and close(data["confidence"], sample["confidence"])
            and data["origins"] == sample["origins"]
            and data["symmetric"] == sample["symmetric"]
            and data["relation"] == sample["relation"]
            and (u, v) == (sample["subject"], sample["object"])
        )
        check(f"{name}: networkx claim {cid} typed and equal", ok, f"{(u, v, data)} vs {sample}")


def check_igraph(name, path, figures):
    g = igraph.Graph.Read_GraphML(path)
    check(
        f"{name}: igraph counts",
        (g.vcount(), g.ecount()) == (figures["actors"], figures["claims"]) and g.is_directed(),
        f"{(g.vcount(), g.ecount())} != {(figures['actors'], figures['claims'])}",
    )
    # igraph reads GraphML int and long as floats; the value must still be whole.
    by_id = {int(e["claim_id"]): e for e in g.es}
    for sample in figures["samples"]:
        e = by_id.get(sample["claim_id"])
        if e is None:
            check(f"{name}: igraph claim {sample['claim_id']}", False, "missing")
            continue
        source = g.vs[e.source]["id"]
        target = g.vs[e.target]["id"]
        ok = (
            close(e["confidence"], sample["confidence"])
            and int(e["origins"]) == sample["origins"]
            and bool(e["symmetric"]) == sample["symmetric"]
            and e["relation"] == sample["relation"]
            and (source, target) == (sample["subject"], sample["object"])
        )
        check(f"{name}: igraph claim {sample['claim_id']} equal", ok, f"{e.attributes()} vs {sample}")


def check_provenance(name, path, figures):
    g = nx.read_graphml(path)
    types = nx.get_node_attributes(g, "node_type")
    actors = sum(1 for t in types.values() if t == "actor")
    claims = sum(1 for t in types.values() if t == "claim")
    expected_edges = 2 * figures["claims"] + figures["source_edges"]
    check(
        f"{name}: provenance nodes and edges",
        (actors, claims, g.number_of_edges()) == (figures["actors"], figures["claims"], expected_edges),
        f"{(actors, claims, g.number_of_edges())} != {(figures['actors'], figures['claims'], expected_edges)}",
    )
    roles = {}
    typed = True
    for _, _, data in g.edges(data=True):
        roles[data["role"]] = roles.get(data["role"], 0) + 1
        if data["role"] in ("asserted", "published", "relayed"):
            typed = typed and isinstance(data["grade_value"], float) and isinstance(data["attribution"], int)
    check(
        f"{name}: provenance roles {dict(sorted(roles.items()))}",
        typed
        and roles.get("subject") == figures["claims"]
        and roles.get("object") == figures["claims"]
        and sum(roles.get(r, 0) for r in ("asserted", "published", "relayed")) == figures["source_edges"],
    )
    for sample in figures["samples"]:
        node = f"claim {sample['claim_id']}"
        data = g.nodes.get(node)
        ok = data is not None and close(data["confidence"], sample["confidence"]) and data["claim_id"] == sample["claim_id"]
        check(f"{name}: provenance claim node {sample['claim_id']}", ok, f"{data} vs {sample}")


def check_dot(name, path, figures):
    try:
        out = subprocess.run(["dot", "-Tsvg", path], capture_output=True, timeout=600)
    except FileNotFoundError:
        check(f"{name}: dot renders", False, "graphviz `dot` is not installed")
        return
    svg = out.stdout.decode("utf-8", "replace")
    # Legend: 5 kinds and 18 points; 9 legend edges.
    nodes = svg.count('class="node"') - 23
    edges = svg.count('class="edge"') - 9
    check(
        f"{name}: dot renders {nodes} actors, {edges} claims",
        out.returncode == 0 and (nodes, edges) == (figures["actors"], figures["claims"]),
        out.stderr.decode("utf-8", "replace")[:500],
    )


def check_followthemoney(name, path, figures):
    """Every exported line is a valid FollowTheMoney entity with all its properties."""
    proxies, errors = [], []
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    for n, data in enumerate(lines, 1):
        try:
            proxy = ftm_model.get_proxy(dict(data), cleaned=False)
        except Exception as e:  # the client's own error, whatever its type
            errors.append(f"line {n}: {e}")
            continue
        kept = {p for p, values in proxy.properties.items() if values}
        lost = set(data.get("properties", {})) - kept
        if lost:
            errors.append(f"line {n} ({data['schema']}): dropped {sorted(lost)}")
        proxies.append(proxy)
    check(f"{name}: followthemoney loads {len(proxies)} of {len(lines)} entities", not errors and len(proxies) == len(lines), "; ".join(errors[:5]))
    sanctions = [p for p in proxies if p.schema.name == "Sanction"]
    complete = all(p.get("entity") and p.get("authority") for p in sanctions)
    check(
        f"{name}: {len(sanctions)} Sanction proxies, one per sanctions claim ({figures['sanctions']})",
        len(sanctions) == figures["sanctions"] and complete,
        f"{len(sanctions)} proxies, entity and authority on each: {complete}",
    )
    ids = {p.id for p in proxies}
    documents = [p for p in proxies if p.schema.name in ("Passport", "Identification")]
    check(
        f"{name}: the {len(documents)} Passport and Identification holders are entities of the file",
        all(h in ids for p in documents for h in p.get("holder")),
    )


def check_schemas(out_dir):
    with open(os.path.join(ROOT, "docs/schema/record.schema.json")) as f:
        record_schema = json.load(f)
    with open(os.path.join(ROOT, "docs/schema/document.schema.json")) as f:
        document_schema = json.load(f)
    record = jsonschema.Draft202012Validator(record_schema)
    document = jsonschema.Draft202012Validator(document_schema)
    data_dir = os.path.join(ROOT, "tests/data")
    for dirpath, _, files in sorted(os.walk(data_dir)):
        for file in sorted(files):
            path = os.path.join(dirpath, file)
            rel = os.path.relpath(path, ROOT)
            if file.endswith(".jsonl"):
                errors = []
                with open(path, encoding="utf-8") as f:
                    lines = [line for line in f if line.strip()]
                for n, line in enumerate(lines, 1):
                    for e in record.iter_errors(json.loads(line)):
                        errors.append(f"line {n}: {e.message}")
                check(f"{rel}: {len(lines)} records valid against record.schema.json", not errors, "; ".join(errors[:5]))
            elif file.endswith(".json"):
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
                errors = [e.message for e in document.iter_errors(doc)]
                check(f"{rel}: valid against document.schema.json", not errors, "; ".join(errors[:5]))
    # A record the schema must refuse: a misspelled field.
    bad = {"claim": {"subject": "a", "relation": "met_with", "object": "b", "polarty": "denied", "evidence": []}}
    check("schema refuses a misspelled claim field", not record.is_valid(bad))
    for name in DATA_SETS:
        path = os.path.join(out_dir, f"{name}.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            errors = [e.message for e in document.iter_errors(doc)]
            check(f"{name} JSON export valid against document.schema.json", not errors, "; ".join(errors[:5]))


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/exports")
    print(
        f"networkx {nx.__version__}, python-igraph {igraph.__version__}, "
        f"jsonschema {importlib.metadata.version('jsonschema')}, "
        f"followthemoney {importlib.metadata.version('followthemoney')}"
    )
    for name in DATA_SETS:
        with open(os.path.join(out_dir, f"{name}.figures.json")) as f:
            figures = json.load(f)
        path = os.path.join(out_dir, f"{name}.graphml")
        check_networkx(name, path, figures)
        check_igraph(name, path, figures)
        check_provenance(name, os.path.join(out_dir, f"{name}.provenance.graphml"), figures)
        dot = os.path.join(out_dir, f"{name}.dot")
        if os.path.exists(dot):
            check_dot(name, dot, figures)
        if name in FTM_SETS:
            check_followthemoney(name, os.path.join(out_dir, f"{name}.ijson"), figures)
    check_schemas(out_dir)
    print(f"check_exports: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

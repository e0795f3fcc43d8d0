"""The test data sets, exported as Parquet tables with the library's reference
answers by `examples/parquet_reference.rs` (shared by check.py and duckdb_check.py)."""

import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PYDEPS = os.path.join(ROOT, "target", "pydeps")
OUT = os.path.join(ROOT, "target", "spark-check")

# (name, importer format, input file): the seed, ICEWS and the GDELT 1.0 test file.
DATASETS = [
    ("seed", "jsonl", "tests/data/iran_bolivia.jsonl"),
    ("icews", "icews", "tests/data/icews05-15/test.tsv"),
    ("gdelt", "gdelt", "tests/data/gdelt1/events-us-china-2018.csv"),
]


def use_pydeps():
    """Puts target/pydeps (where .ci/run installs pyspark and duckdb) on the path."""
    if os.path.isdir(PYDEPS) and PYDEPS not in sys.path:
        sys.path.insert(0, PYDEPS)


def export_all():
    """Runs the reference example on every data set; returns [(name, dir, reference)]."""
    started = time.monotonic()
    subprocess.run(
        ["cargo", "build", "--quiet", "--features", "parquet", "--example", "parquet_reference"],
        cwd=ROOT,
        check=True,
    )
    exe = os.path.join(ROOT, "target", "debug", "examples", "parquet_reference")
    out = []
    for name, fmt, path in DATASETS:
        target = os.path.join(OUT, name)
        subprocess.run([exe, fmt, os.path.join(ROOT, path), target], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(target, "reference.json")) as f:
            out.append((name, target, json.load(f)))
    print(f"exported {len(out)} data sets in {time.monotonic() - started:.1f} s")
    return out


def expected_khop(query):
    """The library's k-hop answer as a set of (start, actor, hops)."""
    return {(s, a, h) for s, rows in query["answer"].items() for a, h in rows}


class Tally:
    """Counts checks and prints the plain closing line CI reads."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}")

    def close(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0

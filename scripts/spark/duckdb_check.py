"""The lighter check: the same k-hop and origin queries as the Spark job, in SQL
over the Parquet files with DuckDB, compared with the library's answers.

    python3 scripts/spark/duckdb_check.py

Needs duckdb (in target/pydeps or installed); builds and runs
`examples/parquet_reference.rs` with `--features parquet` first.
"""

import sys
import time

import datasets

datasets.use_pydeps()

import duckdb  # noqa: E402

KHOP = """
WITH RECURSIVE
admitted AS (
    SELECT src, dst, is_symmetric FROM read_parquet($claims)
    WHERE polarity = 'asserted'
      AND confidence >= $min_confidence
      AND ($kinds IS NULL OR list_contains($kinds, relation_kind))
      AND ($first IS NULL OR valid_to IS NULL OR valid_to - DATE '1970-01-01' >= $first)
      AND ($last IS NULL OR valid_from IS NULL OR valid_from - DATE '1970-01-01' <= $last)
),
-- forward: subject to object, and back for symmetric relations
steps AS (
    SELECT src AS frm, dst AS dest FROM admitted
    UNION SELECT dst, src FROM admitted WHERE is_symmetric
),
walk(start, actor, hops) AS (
    SELECT s, s, 0 FROM unnest($starts) AS t(s)
    UNION
    SELECT w.start, st.dest, w.hops + 1
    FROM walk w JOIN steps st ON st.frm = w.actor
    WHERE w.hops < $k
)
SELECT start, actor, min(hops) AS hops FROM walk GROUP BY start, actor
"""

# One step of label propagation: an attribution takes the smallest label among the
# attributions of its claim that share its claimant or its outlet.
PROPAGATE = """
CREATE OR REPLACE TABLE next_label AS
WITH t AS (SELECT a.*, l.label FROM attribution a JOIN label l USING (claim_id, ordinal)),
c AS (SELECT claim_id, claimant, min(label) AS m FROM t WHERE claimant IS NOT NULL GROUP BY ALL),
o AS (SELECT claim_id, outlet, min(label) AS m FROM t WHERE outlet IS NOT NULL GROUP BY ALL)
SELECT t.claim_id, t.ordinal,
       least(t.label, coalesce(c.m, t.label), coalesce(o.m, t.label)) AS label
FROM t LEFT JOIN c USING (claim_id, claimant) LEFT JOIN o USING (claim_id, outlet)
"""


def origins(con, root):
    """Per-claim origins: distinct voices after label propagation converges."""
    con.execute(
        "CREATE OR REPLACE TABLE attribution AS SELECT claim_id, ordinal, claimant, outlet, voice "
        "FROM read_parquet($p)",
        {"p": f"{root}/attributions/*.parquet"},
    )
    con.execute("CREATE OR REPLACE TABLE label AS SELECT claim_id, ordinal, ordinal AS label FROM attribution")
    while True:
        con.execute(PROPAGATE)
        changed = con.execute(
            "SELECT count(*) FROM next_label n JOIN label l USING (claim_id, ordinal) WHERE n.label <> l.label"
        ).fetchone()[0]
        con.execute("CREATE OR REPLACE TABLE label AS SELECT * FROM next_label")
        if changed == 0:
            break
    wrong = con.execute(
        "SELECT count(*) FROM label JOIN attribution USING (claim_id, ordinal) WHERE label <> voice"
    ).fetchone()[0]
    rows = con.execute("SELECT claim_id, count(DISTINCT label) FROM label GROUP BY claim_id").fetchall()
    return wrong, {str(c): n for c, n in rows}


def main():
    data = datasets.export_all()
    tally = datasets.Tally()
    started = time.monotonic()
    con = duckdb.connect()
    for name, root, ref in data:
        for q in ref["khop"]:
            rows = con.execute(
                KHOP,
                {
                    "claims": f"{root}/claims/*.parquet",
                    "min_confidence": q["min_confidence"],
                    "kinds": q["relation_kinds"],
                    "first": q["valid_first_day"],
                    "last": q["valid_last_day"],
                    "starts": q["starts"],
                    "k": q["k"],
                },
            ).fetchall()
            got = {(s, a, h) for s, a, h in rows}
            want = datasets.expected_khop(q)
            tally.check(got == want, f"{name}: k-hop '{q['name']}' k={q['k']} from {q['starts']}: {len(want)} rows")
            if got != want:
                print("  missing:", sorted(want - got)[:10], " extra:", sorted(got - want)[:10])
        wrong, got = origins(con, root)
        tally.check(wrong == 0, f"{name}: recomputed voices equal the exported `voice` column")
        want = ref["origins"]
        tally.check(got == want, f"{name}: origins of {len(want)} claims (sum {sum(want.values())})")
    print(f"duckdb checks took {time.monotonic() - started:.1f} s")
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())

"""Runs the Spark job (local mode) on the exported test data and asserts the
library's answers: identical k-hop sets, identical origin counts (and voices),
PageRank within 1e-9.

    python3 scripts/spark/check.py

Needs pyspark (in target/pydeps or installed) and Java 17; builds and runs
`examples/parquet_reference.rs` with `--features parquet` first.
"""

import sys
import time

import datasets

datasets.use_pydeps()

import claimgraph_job as job  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402


def main():
    data = datasets.export_all()
    tally = datasets.Tally()
    started = time.monotonic()
    spark = job.session(app="claimgraph-check", master="local[2]", partitions=2)
    spark.sparkContext.setCheckpointDir(datasets.OUT + "/checkpoints")
    for name, root, ref in data:
        t0 = time.monotonic()
        actors, claims, attributions = job.load(spark, root)
        tally.check(
            (actors.count(), claims.count(), attributions.count())
            == (ref["tables"]["actors"], ref["tables"]["claims"], ref["tables"]["attributions"]),
            f"{name}: table row counts {ref['tables']}",
        )
        for q in ref["khop"]:
            got = job.k_hop(
                spark,
                claims,
                q["starts"],
                q["k"],
                min_confidence=q["min_confidence"],
                relation_kinds=q["relation_kinds"],
                first_day=q["valid_first_day"],
                last_day=q["valid_last_day"],
            )
            got = {(r.start, r.actor, r.hops) for r in got.collect()}
            want = datasets.expected_khop(q)
            tally.check(got == want, f"{name}: k-hop '{q['name']}' k={q['k']} from {q['starts']}: {len(want)} rows")
            if got != want:
                print("  missing:", sorted(want - got)[:10], " extra:", sorted(got - want)[:10])

        voices = job.voices(attributions)
        wrong_voices = (
            voices.join(attributions.select("claim_id", "ordinal", F.col("voice").alias("written")), ["claim_id", "ordinal"])
            .where(F.col("voice") != F.col("written"))
            .count()
        )
        tally.check(wrong_voices == 0, f"{name}: recomputed voices equal the exported `voice` column")
        got = {str(r.claim_id): r.origins for r in job.origins(attributions).collect()}
        want = ref["origins"]
        tally.check(got == want, f"{name}: origins of {len(want)} claims (sum {sum(want.values())})")

        scores, iterations = job.pagerank(actors, claims)
        got = {r.id: r.score for r in scores.collect()}
        want = ref["pagerank"]["scores"]
        worst = max((abs(got.get(k, float("inf")) - v) for k, v in want.items()), default=0.0)
        tally.check(
            got.keys() == want.keys() and worst <= 1e-9,
            f"{name}: pagerank of {len(want)} actors, max |diff| {worst:.2e} "
            f"(iterations: library {ref['pagerank']['iterations']}, spark {iterations})",
        )
        print(f"     {name}: spark {time.monotonic() - t0:.1f} s")
    spark.stop()
    print(f"spark checks took {time.monotonic() - started:.1f} s")
    return tally.close()


if __name__ == "__main__":
    sys.exit(main())

"""Claim-graph analyses on the Parquet tables of `claimgraph::io::parquet`, in Spark.

DataFrame operations only (no GraphFrames, no RDD code, no collecting the graph to
the driver): filtered k-hop reachability, per-claim independent origins recomputed
from `attributions`, and confidence-weighted PageRank with the library's definition
(src/analysis/centrality.rs).

As a job:

    spark-submit scripts/spark/claimgraph_job.py TABLES_DIR OUT_DIR \
        --start iran --start bolivia --k 2 [--min-confidence 0.5] \
        [--relation cooperates ...] [--valid-from 2011-01-01 --valid-to 2012-12-31]

reads TABLES_DIR/{actors,claims,attributions} (a local path or shared storage such
as hdfs:// or s3a://) and writes OUT_DIR/{khop,origins,pagerank} as Parquet.
"""

import argparse
import datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

DAMPING = 0.85
TOLERANCE = 1e-10
MAX_ITERATIONS = 1000


def session(app="claimgraph", master=None, partitions=2):
    """A Spark session sized for small shuffles (the defaults of 200 partitions
    cost more than the work on test data)."""
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    spark = (
        builder.config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def load(spark, root):
    """The three tables; `GraphFrame(actors, claims)` takes the first two as they are."""
    return tuple(spark.read.parquet(f"{root}/{t}") for t in ("actors", "claims", "attributions"))


def admitted(claims, min_confidence=0.0, relation_kinds=None, first_day=None, last_day=None):
    """Claims a library `Filter` admits: asserted, confidence at least the minimum,
    relation kind among those given, valid time overlapping [first_day, last_day]
    (days since 1970-01-01; an open end overlaps everything on its side)."""
    c = claims.where(F.col("polarity") == "asserted").where(F.col("confidence") >= F.lit(min_confidence))
    if relation_kinds is not None:
        c = c.where(F.col("relation_kind").isin(list(relation_kinds)))
    epoch = F.lit(datetime.date(1970, 1, 1))
    if first_day is not None:
        c = c.where(F.col("valid_to").isNull() | (F.datediff(F.col("valid_to"), epoch) >= F.lit(first_day)))
    if last_day is not None:
        c = c.where(F.col("valid_from").isNull() | (F.datediff(F.col("valid_from"), epoch) <= F.lit(last_day)))
    return c


def forward_steps(claims):
    """One row per way a claim can be walked forward: subject to object, and object
    to subject as well for symmetric relations (the library's `Walk::Forward`)."""
    ahead = claims.select(F.col("src").alias("frm"), F.col("dst").alias("to"), "confidence")
    back = claims.where(F.col("is_symmetric")).select(
        F.col("dst").alias("frm"), F.col("src").alias("to"), "confidence"
    )
    return ahead.unionByName(back)


def k_hop(spark, claims, starts, k, **filter_args):
    """Every actor within `k` admitted forward steps of each start, with its hop
    count: rows (start, actor, hops); each start reaches itself at 0."""
    steps = forward_steps(admitted(claims, **filter_args)).select("frm", "to").distinct().cache()
    frontier = spark.createDataFrame([(s, s) for s in starts], "start string, actor string")
    reached = frontier.withColumn("hops", F.lit(0))
    for hop in range(1, k + 1):
        nxt = (
            frontier.join(steps, frontier.actor == steps.frm)
            .select("start", F.col("to").alias("actor"))
            .distinct()
            .join(reached, ["start", "actor"], "left_anti")
        )
        nxt = nxt.localCheckpoint()
        reached = reached.unionByName(nxt.withColumn("hops", F.lit(hop))).localCheckpoint()
        frontier = nxt
    steps.unpersist()
    return reached


def voices(attributions):
    """Each attribution's voice, recomputed: attributions of one claim that share a
    claimant, or share an outlet, are one voice, transitively (connected components
    by label propagation); a voice is named by its smallest ordinal. Rows
    (claim_id, ordinal, voice)."""
    a = attributions.select("claim_id", "ordinal", "claimant", "outlet")
    labels = a.select("claim_id", "ordinal", F.col("ordinal").alias("label")).localCheckpoint()
    while True:
        tagged = a.join(labels, ["claim_id", "ordinal"])
        by_claimant = (
            tagged.where(F.col("claimant").isNotNull())
            .groupBy("claim_id", "claimant")
            .agg(F.min("label").alias("via_claimant"))
        )
        by_outlet = (
            tagged.where(F.col("outlet").isNotNull())
            .groupBy("claim_id", "outlet")
            .agg(F.min("label").alias("via_outlet"))
        )
        nxt = (
            tagged.join(by_claimant, ["claim_id", "claimant"], "left")
            .join(by_outlet, ["claim_id", "outlet"], "left")
            .select(
                "claim_id",
                "ordinal",
                F.least("label", "via_claimant", "via_outlet").alias("label"),
            )
            .localCheckpoint()
        )
        changed = nxt.join(labels.withColumnRenamed("label", "old"), ["claim_id", "ordinal"]).where(
            F.col("label") != F.col("old")
        )
        done = changed.limit(1).count() == 0
        labels = nxt
        if done:
            return labels.withColumnRenamed("label", "voice")


def origins(attributions):
    """Independent origins per claim: the number of distinct voices. Rows
    (claim_id, origins)."""
    return voices(attributions).groupBy("claim_id").agg(F.countDistinct("voice").alias("origins"))


def pagerank(actors, claims, damping=DAMPING, tolerance=TOLERANCE, max_iterations=MAX_ITERATIONS):
    """Confidence-weighted PageRank as `claimgraph::analysis::pagerank` defines it
    for a forward walk: every actor is a node; each admitted claim of confidence
    c > 0 is a transition of weight c from subject to object (and back, if
    symmetric); a node passes its score along its transitions in proportion to
    their weights; nodes without transitions (dangling) spread theirs evenly over
    all actors; uniform start; iterate until the L1 change is below
    n * tolerance, at most max_iterations times. Returns (scores as rows
    (id, score), iterations)."""
    steps = forward_steps(admitted(claims)).where(F.col("confidence") > 0)
    out_weight = steps.groupBy("frm").agg(F.sum("confidence").alias("out_weight"))
    share = (
        steps.join(out_weight, "frm")
        .select("frm", "to", (F.col("confidence") / F.col("out_weight")).alias("share"))
        .groupBy("frm", "to")
        .agg(F.sum("share").alias("share"))
        .localCheckpoint()
    )
    nodes = actors.select("id").distinct()
    n = nodes.count()
    # Each node with a flag: dangling (no transition leaves it) or not.
    nodes = (
        nodes.join(out_weight.select(F.col("frm").alias("id"), F.lit(False).alias("dangling")), "id", "left")
        .select("id", F.coalesce("dangling", F.lit(True)).alias("dangling"))
        .localCheckpoint()
    )
    ranks = nodes.withColumn("x", F.lit(1.0 / n)).localCheckpoint()
    dangling_sum = ranks.where("dangling").agg(F.sum("x")).first()[0] or 0.0
    threshold = n * tolerance
    iterations = 0
    while iterations < max_iterations:
        base = damping * dangling_sum / n + (1.0 - damping) / n
        pulled = (
            ranks.join(share, ranks.id == share.frm)
            .groupBy(F.col("to").alias("id"))
            .agg(F.sum(F.col("x") * F.col("share")).alias("pulled"))
        )
        # Checkpointed lazily: the one action below both materialises it (cutting
        # the lineage) and yields the change and the next dangling mass.
        nxt = (
            ranks.withColumnRenamed("x", "old")
            .join(pulled, "id", "left")
            .select(
                "id",
                "dangling",
                "old",
                (F.lit(base) + F.lit(damping) * F.coalesce("pulled", F.lit(0.0))).alias("x"),
            )
            .localCheckpoint(eager=False)
        )
        change, dangling_sum = nxt.agg(
            F.sum(F.abs(F.col("x") - F.col("old"))),
            F.sum(F.when(F.col("dangling"), F.col("x")).otherwise(F.lit(0.0))),
        ).first()
        ranks = nxt.drop("old")
        iterations += 1
        if change < threshold:
            break
    return ranks.select("id", F.col("x").alias("score")), iterations


def day_number(text):
    return (datetime.date.fromisoformat(text) - datetime.date(1970, 1, 1)).days


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables")
    parser.add_argument("out")
    parser.add_argument("--start", action="append", required=True)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument("--relation", action="append")
    parser.add_argument("--valid-from")
    parser.add_argument("--valid-to")
    parser.add_argument("--partitions", type=int, default=200)
    args = parser.parse_args()
    spark = session(partitions=args.partitions)
    actors, claims, attributions = load(spark, args.tables)
    reached = k_hop(
        spark,
        claims,
        args.start,
        args.k,
        min_confidence=args.min_confidence,
        relation_kinds=args.relation,
        first_day=day_number(args.valid_from) if args.valid_from else None,
        last_day=day_number(args.valid_to) if args.valid_to else None,
    )
    reached.write.mode("overwrite").parquet(f"{args.out}/khop")
    origins(attributions).write.mode("overwrite").parquet(f"{args.out}/origins")
    scores, iterations = pagerank(actors, claims)
    scores.write.mode("overwrite").parquet(f"{args.out}/pagerank")
    print(f"pagerank: {iterations} iterations")
    spark.stop()


if __name__ == "__main__":
    main()

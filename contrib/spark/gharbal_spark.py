#!/usr/bin/env python3
"""Clean JSON Lines shards with gharbal as a Spark step, optionally learning first.

usage: spark-submit contrib/spark/gharbal_spark.py --gharbal PATH [--learn] [--partitions N]
           [--counts-out FILE] [--rules-out FILE] [--master URL] INPUT OUTPUT [-- CLEAN_ARGS...]

INPUT is anything `SparkContext.textFile` reads (a shard, a directory of shards, a glob);
OUTPUT a directory that `saveAsTextFile` creates, one `part-NNNNN` per partition, each line a
cleaned record (or a record gharbal could not clean, with an `error` field). CLEAN_ARGS go to
`gharbal clean` as they are (`--id-field url`, `--rules site.toml`, ...).

The binary is shipped to the executors with `SparkContext.addFile` (what `spark-submit --files`
does) and every partition is piped through it: records in, records out, one JSON object per
line, in any order. With --learn, the learn step runs as map-reduce first:

  map     each partition through `gharbal learn --emit-counts`: per group, the documents, and
          in how many documents each line occurs;
  reduce  `reduceByKey` on (group) and (group, line key): sum the counts (and the groups'
          `err`), keep a line's largest `err` and least example text, so any order of merging
          gives the same counts;
  filter  lines in fewer than --min-docs documents can never be learned: dropped before they
          reach the driver;
  driver  the merged counts written to --counts-out, and `gharbal learn --counts` writes the
          rules to review (--rules-out);
  map     each partition through `gharbal clean --learned merged-counts.jsonl`.

Failures: gharbal runs with `--on-error pass`, so a record it cannot clean comes out with an
`error` field and the task does not fail. If gharbal exits nonzero anyway (a usage error, a
rules file that does not load), the task fails with gharbal's exit code and the last lines of
its stderr, which Spark brings back to the driver; its stderr also goes to the executor's log
as it is written. The same partition always gives the same lines, so a retried task writes
what the first try would have.

At the end the driver logs one JSON line: records out, records with an error and why, and the
seconds each stage took.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import threading
import time

BINARY = "gharbal"
COUNTS = "merged-counts.jsonl"


def pipe(rdd, make_args, name=BINARY):
    """Pipes each partition of `rdd` (lines, as bytes or str) through the shipped binary.

    `make_args(get)` gives the arguments on the executor, where `get(file)` is the local path
    of a file shipped with addFile. Like `RDD.pipe(command, checkCode=True)`, but gharbal's
    stderr is kept: a nonzero exit fails the task with the exit code and the end of stderr.
    """

    def run(records):
        from pyspark import SparkFiles

        exe = SparkFiles.get(name)
        if not os.access(exe, os.X_OK):
            os.chmod(exe, 0o755)
        argv = [exe] + make_args(SparkFiles.get)
        proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        tail = collections.deque(maxlen=30)

        def feed():
            try:
                for r in records:
                    proc.stdin.write(r if isinstance(r, bytes) else r.encode("utf-8"))
                    proc.stdin.write(b"\n")
            except BrokenPipeError:
                pass  # gharbal stopped early; its exit code says why
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        def drain():
            for line in proc.stderr:
                sys.stderr.buffer.write(line)  # the executor's log
                tail.append(line.decode("utf-8", "replace").rstrip("\n"))
            sys.stderr.flush()

        threads = [threading.Thread(target=feed), threading.Thread(target=drain)]
        for t in threads:
            t.start()
        for line in proc.stdout:
            yield line.rstrip(b"\n").decode("utf-8")
        code = proc.wait()
        for t in threads:
            t.join()
        if code != 0:
            raise RuntimeError(
                f"gharbal exited with code {code} ({' '.join(argv[1:])}); its stderr ended with:\n"
                + "\n".join(tail)
            )

    return rdd.mapPartitions(run)


def tally(lines, field):
    """Records in a partition of the output, and those passed on with an error, by reason."""
    n, errors = 0, collections.Counter()
    for line in lines:
        n += 1
        if f'"{field}":' in line:  # a cheap look first: most records are clean
            reason = json.loads(line).get(field)
            if isinstance(reason, str):
                errors[reason.split(":")[0].split(" (")[0]] += 1
    return n, errors


def shared_args(args, names=("--text-field", "--id-field")):
    """The arguments among `args` (for gharbal clean) that say how records are read, which
    counting must be told as well: the text field, and the id field whose url gives the group."""
    out = []
    for i, a in enumerate(args):
        if a in names and i + 1 < len(args):
            out += [a, args[i + 1]]
        elif a.split("=", 1)[0] in names:
            out.append(a)
    return out


def count_key(line):
    r = json.loads(line)
    if "documents" in r:
        return (r["group"],), r
    return (r["group"], r["key"]), r


def merge_counts(a, b):
    """The reduce: what `gharbal learn --counts` does when it merges two counts."""
    if "documents" in a:
        merged = {"group": a["group"], "documents": a["documents"] + b["documents"]}
        # A line may have been evicted in each partition: their bounds add up.
        err = a.get("err", 0) + b.get("err", 0)
        if err:
            merged["err"] = err
        return merged
    # The least text (code point order is UTF-8 byte order), with what was said of it.
    least = a if a["text"] <= b["text"] else b
    merged = {"group": a["group"], "key": a["key"], "text": least["text"]}
    merged["docs"] = a["docs"] + b["docs"]
    err = max(a.get("err", 0), b.get("err", 0))
    if err:
        merged["err"] = err
    if least.get("sentence"):
        merged["sentence"] = True
    return merged


def learn(sc, records, binary, learn_args, read_args, min_docs, counts_out, rules_out, log):
    """The map-reduce learn step; ships the merged counts to the executors and returns how
    many count records they hold."""
    count = ["learn", "--input-format", "jsonl", "--emit-counts", *learn_args, *read_args]
    counts = pipe(records, lambda get: count)
    merged = (
        counts.map(count_key)
        .reduceByKey(merge_counts)
        .values()
        .filter(lambda r: "documents" in r or r["docs"] >= min_docs)
        .collect()
    )
    merged.sort(key=lambda r: (r["group"], "key" in r, -r.get("docs", 0), r.get("key", "")))
    evicted = max((r.get("err", 0) for r in merged), default=0)
    if evicted:
        log(
            f"warning: a partition held more distinct lines than --max-lines, so counts may be "
            f"low by up to {evicted}: raise --max-lines or use more partitions"
        )
    with open(counts_out, "w", encoding="utf-8") as f:
        for r in merged:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if rules_out:
        subprocess.run(
            [binary, "learn", "--counts", counts_out, "-o", rules_out, *learn_args], check=True
        )
    sc.addFile(counts_out)
    return len(merged)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--gharbal", required=True, help="the gharbal binary to ship")
    ap.add_argument("--master", help="e.g. local[2]; default: what spark-submit says")
    ap.add_argument("--partitions", type=int, default=None, help="at least this many partitions")
    ap.add_argument("--learn", action="store_true", help="learn the sites' boilerplate first")
    ap.add_argument("--min-docs", type=int, default=3, help="as gharbal learn's")
    ap.add_argument(
        "--learn-arg",
        action="append",
        default=[],
        help="an argument for gharbal learn (repeatable), e.g. --learn-arg=--min-share=0.3",
    )
    ap.add_argument("--counts-out", default="merged-counts.jsonl")
    ap.add_argument("--rules-out", help="also write the learned rules file here")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    started = time.time()
    builder = (
        SparkSession.builder.appName("gharbal")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # the log stays one message a line
    )
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")

    def log(msg):
        print(f"gharbal_spark: {msg}", file=sys.stderr, flush=True)

    seconds = {"start": round(time.time() - started, 2)}
    status = 0
    summary = {}
    try:
        sc.addFile(os.path.abspath(args.gharbal))
        # Bytes, not text: a line that is not UTF-8 reaches gharbal as it is, and is reported.
        records = sc.textFile(args.input, minPartitions=args.partitions, use_unicode=False)
        learn_args = ["--min-docs", str(args.min_docs), *args.learn_arg]
        clean_args = ["clean", "--input-format", "jsonl", "--on-error", "pass", "--quiet"]
        if args.learn:
            t = time.time()
            summary["counts"] = learn(
                sc,
                records,
                args.gharbal,
                learn_args,
                read_args=shared_args(extra),
                min_docs=args.min_docs,
                counts_out=args.counts_out,
                rules_out=args.rules_out,
                log=log,
            )
            seconds["learn"] = round(time.time() - t, 2)
            name = os.path.basename(args.counts_out)

            def clean_argv(get):
                return clean_args + ["--learned", get(name), *learn_args, *extra]

            clean = pipe(records, clean_argv)
        else:
            clean = pipe(records, lambda get: clean_args + extra)
        t = time.time()
        clean.saveAsTextFile(args.output)
        seconds["clean"] = round(time.time() - t, 2)
        t = time.time()
        field = extra[extra.index("--error-field") + 1] if "--error-field" in extra else "error"
        tallies = sc.textFile(args.output).mapPartitions(lambda lines: [tally(lines, field)])
        summary["records_out"], summary["errors"] = 0, collections.Counter()
        for n, errors in tallies.collect():
            summary["records_out"] += n
            summary["errors"].update(errors)
        summary["partitions"] = records.getNumPartitions()
        seconds["tally"] = round(time.time() - t, 2)
    except Exception as e:  # a task's failure, with gharbal's exit code and stderr
        status = 1
        end = r"(?=\n\s+at |\n\s*SQLSTATE|\n\n|\Z)"  # before Java's stack or Spark's codes
        found = re.search(r"gharbal exited with code (\d+).*?" + end, str(e), re.S)
        if found:
            summary["gharbal_exit_code"] = int(found.group(1))
            log(f"failed: {found.group(0)}")
        else:
            log(f"failed: {e}")
    finally:
        seconds["total"] = round(time.time() - started, 2)
        summary["seconds"] = seconds
        log(json.dumps(summary, ensure_ascii=False, sort_keys=True))
        spark.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()

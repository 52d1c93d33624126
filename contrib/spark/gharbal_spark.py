#!/usr/bin/env python3
"""Clean JSON Lines shards with gharbal as a Spark step, optionally learning first.

usage: spark-submit contrib/spark/gharbal_spark.py --gharbal PATH [--learn] [--partitions N]
           [--pipe jvm|python] [--jar FILE] [--counts-out FILE] [--rules-out FILE]
           [--master URL] INPUT OUTPUT [-- CLEAN_ARGS...]

INPUT is a shard, a directory of shards or a glob, on any file system Hadoop reads (hdfs://,
s3a://, file:); OUTPUT a directory, one `part-NNNNN` per split, each line a cleaned record (or
a record gharbal could not clean, with an `error` field). CLEAN_ARGS go to `gharbal clean` as
they are (`--id-field url`, `--rules site.toml`, ...).

The binary is shipped to the executors with `SparkContext.addFile` (what `spark-submit --files`
does). The clean step is a byte pipe that stays in the JVM (`--pipe jvm`, the default:
`java/gharbal/spark/SplitPipe.java`, built into `gharbal-spark.jar` by `build-jar`, which this
script runs when the jar is missing): each task opens its split of the input with Hadoop's
FileSystem, copies the bytes to gharbal and gharbal's output to its part file, and no line is
ever decoded on the way. `--pipe python` pipes each partition through a Python worker instead
(no jar needed, about half the rate). Each task runs gharbal with `-j` = `spark.task.cpus`
(1 by default): one core a task, as Spark schedules it.

With --learn, the learn step runs as map-reduce first:

  map     each partition through `gharbal learn --emit-counts`: per group, the documents, and
          in how many documents each line occurs, written out whenever the map task's map holds
          --max-lines lines, so every count is exact;
  reduce  `reduceByKey` on (group) and (group, line key), combined on the executors: sum the
          counts, keep a line's least example text, so any order of merging gives the same
          counts;
  filter  on the executors: the groups' document totals (one number a group) are broadcast,
          and only the lines that `gharbal learn` would learn (`--min-docs` documents and the
          share of the group's documents) go on to the driver;
  driver  those counts written to --counts-out, and `gharbal learn --counts` writes the rules
          to review (--rules-out);
  map     each split through `gharbal clean --learned merged-counts.jsonl`.

Failures: gharbal runs with `--on-error pass`, so a record it cannot clean comes out with an
`error` field and the task does not fail. If gharbal exits nonzero anyway (a usage error, a
rules file that does not load), the task fails with gharbal's exit code and the last lines of
its stderr, which Spark brings back to the driver; its stderr also goes to the executor's log
as it is written. The same split always gives the same bytes, and a part file is committed
once, so a retried task writes what the first try would have.

At the end the driver logs one JSON line: records out, records with an error and why (counted
by the tasks as they write, not by reading the output again), and the seconds of each stage.
"""
import argparse
import collections
import json
import math
import os
import re
import subprocess
import sys
import threading
import time

BINARY = "gharbal"
COUNTS = "merged-counts.jsonl"
HERE = os.path.dirname(os.path.abspath(__file__))


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


def tree_cpu():
    """CPU seconds of this process and its descendants so far (Linux /proc): their own, plus
    what their exited children used (counted once reaped, as gharbal's are by the executor)."""
    procs = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            # ppid, then utime, stime, cutime, cstime (fields 4 and 14-17 of proc(5))
            procs[int(pid)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))
    children = collections.defaultdict(list)
    for pid, (ppid, _) in procs.items():
        children[ppid].append(pid)
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        total += procs.get(pid, (0, 0))[1]
        todo += children[pid]
    return total / os.sysconf("SC_CLK_TCK")


def error_reason(line, field):
    """The reason of a record passed on with an error (its message up to ':' or ' ('), or
    None; as SplitPipe's tally counts it."""
    if f'"{field}":' not in line:  # a cheap look first: most records are clean
        return None
    try:
        reason = json.loads(line).get(field)
    except (ValueError, AttributeError):
        return None
    return reason.split(":")[0].split(" (")[0] if isinstance(reason, str) else None


class CounterParam:
    """Adds Counters up: the python pipe's tally, kept by the tasks as they write."""

    def zero(self, value):
        return collections.Counter()

    def addInPlace(self, a, b):
        a.update(b)
        return a


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


def learnable(groups, min_docs, min_share):
    """Whether `gharbal learn` learns a line record, given the groups' document totals: what
    `LineCounts::learned` asks (src/learn.rs), at least `min_docs` documents and the share of
    the group's documents, a larger one (0.5) for a line that reads as a sentence. The CI test
    checks that the rules are those of one machine's `gharbal learn`."""

    def need(documents, share):
        return max(math.ceil(share * documents), min_docs, 2)

    def keep(r):
        share = max(CONTENT_SHARE, min_share) if r.get("sentence") else min_share
        return r["docs"] >= need(groups.value.get(r["group"], 0), share)

    return keep


# `LearnParams::content_share` in src/learn.rs (not a flag).
CONTENT_SHARE = 0.5


def without(args, names):
    """`args` less the options in `names` (`--name V` and `--name=V`)."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in names:
            skip = True
        elif a.split("=", 1)[0] not in names:
            out.append(a)
    return out


# Options of `gharbal learn` that bound the map tasks' counting only: the merged counts hold
# the learned lines alone, and are read whole by the driver and the clean step.
MAP_ONLY = ("--max-lines",)


def learn_options(learn_args):
    """--min-docs and --min-share as `gharbal learn` reads them from `learn_args`."""
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--min-docs", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.2)
    known, _ = ap.parse_known_args(learn_args)
    return known.min_docs, known.min_share


def learn(sc, records, binary, learn_args, read_args, counts_out, rules_out, log):
    """The map-reduce learn step; ships the merged counts to the executors and returns how
    many line records reached the driver."""
    count = ["learn", "--input-format", "jsonl", "--emit-counts", *learn_args, *read_args]
    counts = pipe(records, lambda get: count)
    merged = counts.map(count_key).reduceByKey(merge_counts).values()
    merged.persist()
    groups = dict(merged.filter(lambda r: "documents" in r).map(lambda r: (r["group"], r["documents"])).collect())
    totals = sc.broadcast(groups)
    min_docs, min_share = learn_options(learn_args)
    lines = merged.filter(lambda r: "documents" not in r).filter(learnable(totals, min_docs, min_share)).collect()
    merged.unpersist()
    lines.sort(key=lambda r: (r["group"], -r["docs"], r["key"]))
    evicted = max((r.get("err", 0) for r in lines), default=0)
    if evicted:
        log(f"warning: counts may be low by up to {evicted}: a map task evicted lines")
    with open(counts_out, "w", encoding="utf-8") as f:
        for name in sorted(groups):
            f.write(json.dumps({"group": name, "documents": groups[name]}, ensure_ascii=False) + "\n")
        for r in lines:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if rules_out:
        subprocess.run(
            [binary, "learn", "--counts", counts_out, "-o", rules_out, *without(learn_args, MAP_ONLY)],
            check=True,
        )
    sc.addFile(counts_out)
    return len(lines)


def threads(extra, sc):
    """`-j` for gharbal in each task: what the user gave, else `spark.task.cpus` (1 by
    default), so that a task takes the cores Spark gave it and no more."""
    for a in extra:
        if a in ("-j", "--threads") or a.startswith("--threads=") or (a.startswith("-j") and len(a) > 2):
            return []
    return ["-j", sc.getConf().get("spark.task.cpus", "1")]


def jar_path(args, log):
    """The byte pipe's jar: --jar, else gharbal-spark.jar beside this script, built when it is
    missing (needs a JDK)."""
    if args.jar:
        return os.path.abspath(args.jar)
    jar = os.path.join(HERE, "gharbal-spark.jar")
    if not os.path.exists(jar):
        log(f"building {jar} (contrib/spark/build-jar)")
        subprocess.run([os.path.join(HERE, "build-jar"), jar], check=True, stdout=sys.stderr)
    return jar


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
    ap.add_argument(
        "--pipe",
        choices=["jvm", "python"],
        default="jvm",
        help="jvm: the byte pipe of gharbal-spark.jar (default); python: a Python worker a task",
    )
    ap.add_argument("--jar", help="the byte pipe's jar (default: gharbal-spark.jar here, built if missing)")
    ap.add_argument("--split-mb", type=int, default=128, help="the byte pipe's split size (MB)")
    ap.add_argument("--learn", action="store_true", help="learn the sites' boilerplate first")
    ap.add_argument("--min-docs", type=int, default=3, help="as gharbal learn's")
    ap.add_argument(
        "--learn-arg",
        action="append",
        default=[],
        help="an argument for gharbal learn (repeatable), e.g. --learn-arg=--min-share=0.3",
    )
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="also log the CPU seconds of each stage: this process and its descendants "
        "(Linux; in local mode that is the whole job, executors and gharbal included)",
    )
    ap.add_argument("--counts-out", default="merged-counts.jsonl")
    ap.add_argument("--rules-out", help="also write the learned rules file here")
    args = ap.parse_args(argv)

    def log(msg):
        print(f"gharbal_spark: {msg}", file=sys.stderr, flush=True)

    from pyspark.sql import SparkSession

    started = time.time()
    builder = (
        SparkSession.builder.appName("gharbal")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # the log stays one message a line
    )
    if args.pipe == "jvm":
        builder = builder.config("spark.jars", jar_path(args, log))
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")

    seconds = {"start": round(time.time() - started, 2)}
    cpu = {"start": round(tree_cpu(), 2)} if args.cpu else None
    status = 0
    summary = {}
    try:
        sc.addFile(os.path.abspath(args.gharbal))
        learn_args = ["--min-docs", str(args.min_docs), *args.learn_arg]
        clean_args = ["clean", "--input-format", "jsonl", "--on-error", "pass", "--quiet"]
        clean_args += threads(extra, sc)
        shipped = []
        if args.learn:
            t = time.time()
            c = tree_cpu() if cpu is not None else 0
            # Bytes, not text: a line that is not UTF-8 reaches gharbal as it is, and is reported.
            records = sc.textFile(args.input, minPartitions=args.partitions, use_unicode=False)
            summary["learned_lines"] = learn(
                sc,
                records,
                args.gharbal,
                learn_args,
                read_args=shared_args(extra),
                counts_out=args.counts_out,
                rules_out=args.rules_out,
                log=log,
            )
            seconds["learn"] = round(time.time() - t, 2)
            if cpu is not None:
                cpu["learn"] = round(tree_cpu() - c, 2)
            name = os.path.basename(args.counts_out)
            clean_args += ["--learned", name, *without(learn_args, MAP_ONLY)]
            shipped.append(name)
        clean_args += extra
        field = extra[extra.index("--error-field") + 1] if "--error-field" in extra else "error"
        t = time.time()
        c = tree_cpu() if cpu is not None else 0
        if args.pipe == "jvm":
            done = sc._jvm.gharbal.spark.SplitPipe.run(
                sc._jsc,
                args.input,
                args.output,
                [BINARY, *clean_args],
                shipped,
                args.split_mb << 20,
                args.partitions or 0,
                field,
            )
            summary.update(json.loads(done))
        else:
            records = sc.textFile(args.input, minPartitions=args.partitions, use_unicode=False)
            tallies = sc.accumulator(collections.Counter(), CounterParam())

            def clean_argv(get):
                return [get(a) if a in shipped else a for a in clean_args]

            def counted(lines):
                n, errors = 0, collections.Counter()
                for line in lines:
                    n += 1
                    reason = error_reason(line, field)
                    if reason:
                        errors["error:" + reason] += 1
                    yield line
                errors["records"] = n
                tallies.add(errors)

            pipe(records, clean_argv).mapPartitions(counted).saveAsTextFile(args.output)
            summary["records_out"] = tallies.value.pop("records", 0)
            summary["errors"] = {k[6:]: v for k, v in sorted(tallies.value.items())}
            summary["partitions"] = records.getNumPartitions()
        seconds["clean"] = round(time.time() - t, 2)
        if cpu is not None:
            cpu["clean"] = round(tree_cpu() - c, 2)
    except Exception as e:  # a task's failure, with gharbal's exit code and stderr
        status = 1
        end = r"(?=\n\s+at |\n\s*SQLSTATE|\n\n|\Z)"  # before Java's stack or Spark's codes
        found = re.search(r"gharbal exited with code (\d+).*?" + end, str(e), re.S)
        if found:
            summary["gharbal_exit_code"] = int(found.group(1))
            log(f"failed: {found.group(0)}")
        else:
            # A Java exception's own message (the input matches nothing, the output exists)
            # rather than Py4J's wrapper around it.
            java = getattr(e, "java_exception", None)
            log(f"failed: {java.toString() if java is not None else e}")
    finally:
        seconds["total"] = round(time.time() - started, 2)
        summary["seconds"] = seconds
        if cpu is not None:
            cpu["total"] = round(tree_cpu(), 2)
            summary["cpu_seconds"] = cpu
        log(json.dumps(summary, ensure_ascii=False, sort_keys=True))
        spark.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()

package gharbal.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Pipes line-oriented files through a command as bytes, one task a split, with no line ever
 * decoded in the JVM.
 *
 * <p>{@code RDD.pipe} and {@code TRANSFORM ... USING} turn every line into a Java string on the
 * way in and on the way out (and PySpark's pipe adds a Python worker): on gharbal's records that
 * costs about as much CPU as cleaning them. Here a task opens its split of the input with
 * Hadoop's FileSystem (so {@code hdfs://}, {@code s3a://} and {@code file:} alike), copies its
 * bytes to the command's standard input and the command's standard output to a part file:
 * buffer copies, and one scan of the output for the summary.
 *
 * <p><b>Splits</b> are Hadoop's text splits: a split owns every line that starts inside it, so
 * every line goes to exactly one task. A compressed file (by its name: {@code .gz}, {@code
 * .zst}, ...) is one split and goes to the command as it is; gharbal decompresses it.
 *
 * <p><b>Output</b> is {@code OUTPUT/part-NNNNN}, one file a split, as {@code saveAsTextFile}
 * writes it: each attempt writes a hidden temporary file, which becomes the part file only when
 * the command exited 0 and every byte was written; a retried or speculative attempt whose part
 * file is already there leaves it alone. {@code _SUCCESS} is written when every task is done.
 *
 * <p><b>Failure.</b> A nonzero exit fails the task with the exit code and the end of the
 * command's standard error (which also goes to the executor's log as it comes).
 */
public final class SplitPipe {
    private SplitPipe() {}

    /** A byte range of one file. */
    public static final class Split implements Serializable {
        private static final long serialVersionUID = 1L;
        final String path;
        final long start;
        final long end;
        final boolean whole;

        Split(String path, long start, long end, boolean whole) {
            this.path = path;
            this.start = start;
            this.end = end;
            this.whole = whole;
        }
    }

    /** The prefix of a task's error counts in the map it returns: {@code error:REASON}. */
    private static final String ERROR = "error:";

    private static final String[] COMPRESSED = {".gz", ".zst", ".bz2", ".xz", ".deflate", ".snappy", ".lz4"};

    /** The files {@code input} names (a file, a directory, a glob), hidden ones left out. */
    static List<FileStatus> files(String input, Configuration conf) throws IOException {
        Path p = new Path(input);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus[] matched = fs.globStatus(p);
        if (matched == null || matched.length == 0) {
            throw new IOException("no input matches " + input);
        }
        List<FileStatus> out = new ArrayList<>();
        for (FileStatus st : matched) {
            if (st.isDirectory()) {
                for (FileStatus f : fs.listStatus(st.getPath())) {
                    String name = f.getPath().getName();
                    if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                        out.add(f);
                    }
                }
            } else {
                out.add(st);
            }
        }
        out.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
        return out;
    }

    /**
     * Cuts the files into splits of at most {@code splitBytes}, smaller when that gives fewer
     * than {@code minSplits} (but not under 64 KB; compressed files whole).
     */
    public static List<Split> splits(String input, long splitBytes, int minSplits, Configuration conf)
            throws IOException {
        List<FileStatus> files = files(input, conf);
        long total = 0;
        for (FileStatus f : files) {
            total += f.getLen();
        }
        if (minSplits > 0) {
            splitBytes = Math.max(1 << 16, Math.min(splitBytes, (total + minSplits - 1) / minSplits));
        }
        List<Split> out = new ArrayList<>();
        for (FileStatus f : files) {
            String path = f.getPath().toString();
            long len = f.getLen();
            boolean compressed = false;
            for (String ext : COMPRESSED) {
                compressed |= path.endsWith(ext);
            }
            if (compressed || len <= splitBytes) {
                out.add(new Split(path, 0, len, true));
                continue;
            }
            for (long start = 0; start < len; start += splitBytes) {
                out.add(new Split(path, start, Math.min(len, start + splitBytes), false));
            }
        }
        return out;
    }

    /**
     * Runs the pipe over {@code input} into {@code output} (which must not exist) and returns a
     * JSON summary: records (output lines), the records whose top-level {@code errorField} is a
     * string, by reason, bytes in and out, and the number of splits. In {@code command}, the
     * program and every argument that is one of {@code shipped} (files given to {@code
     * addFile}) become the path of that file on the executor.
     */
    public static String run(JavaSparkContext jsc, String input, String output, List<String> command,
            List<String> shipped, long splitBytes, int minSplits, String errorField) throws IOException {
        Configuration conf = jsc.hadoopConfiguration();
        Path out = new Path(output);
        FileSystem outFs = out.getFileSystem(conf);
        if (outFs.exists(out)) {
            throw new IOException("output directory " + output + " already exists");
        }
        // The input first: a run that finds nothing to read leaves no output directory.
        List<Split> splits = splits(input, splitBytes, minSplits, conf);
        outFs.mkdirs(out);
        Broadcast<SerializableConfiguration> shared = jsc.broadcast(new SerializableConfiguration(conf));
        List<String> argv = new ArrayList<>(command);
        List<String> files = new ArrayList<>(shipped);
        List<Map<String, Long>> results = jsc.parallelize(splits, Math.max(1, splits.size()))
                .mapPartitionsWithIndex((index, it) -> {
                    List<Map<String, Long>> r = new ArrayList<>();
                    while (it.hasNext()) {
                        r.add(task(index, it.next(), output, argv, files, errorField, shared.value().value()));
                    }
                    return r.iterator();
                }, false)
                .collect();
        Map<String, Long> total = new HashMap<>();
        for (Map<String, Long> t : results) {
            t.forEach((k, v) -> total.merge(k, v, Long::sum));
        }
        outFs.create(new Path(out, "_SUCCESS"), true).close();
        ObjectMapper json = new ObjectMapper();
        ObjectNode sum = json.createObjectNode();
        sum.put("records_out", total.getOrDefault("records", 0L));
        sum.put("bytes_in", total.getOrDefault("bytes_in", 0L));
        sum.put("bytes_out", total.getOrDefault("bytes_out", 0L));
        sum.put("partitions", splits.size());
        ObjectNode e = sum.putObject("errors");
        List<String> keys = new ArrayList<>(total.keySet());
        Collections.sort(keys);
        for (String k : keys) {
            if (k.startsWith(ERROR)) {
                e.put(k.substring(ERROR.length()), total.get(k));
            }
        }
        return json.writeValueAsString(sum);
    }

    /** One split through one run of the command. */
    static Map<String, Long> task(int index, Split split, String output, List<String> argv,
            List<String> shipped, String errorField, Configuration conf) throws Exception {
        List<String> cmd = new ArrayList<>(argv);
        for (int i = 0; i < cmd.size(); i++) {
            if (i == 0 || shipped.contains(cmd.get(i))) {
                java.io.File f = new java.io.File(SparkFiles.get(cmd.get(i)));
                if (f.exists()) {
                    if (i == 0 && !f.canExecute()) {
                        f.setExecutable(true);
                    }
                    cmd.set(i, f.getAbsolutePath());
                }
            }
        }
        Path in = new Path(split.path);
        FileSystem inFs = in.getFileSystem(conf);
        Path dir = new Path(output);
        FileSystem outFs = dir.getFileSystem(conf);
        String name = String.format("part-%05d", index);
        TaskContext tc = TaskContext.get();
        long attempt = tc == null ? 0 : tc.taskAttemptId();
        Path tmp = new Path(dir, "." + name + "." + attempt + ".tmp");
        Path done = new Path(dir, name);

        Process proc = new ProcessBuilder(cmd).start();
        long[] copied = {0};
        Throwable[] feedError = {null};
        Thread feed = new Thread(() -> {
            try (FSDataInputStream src = inFs.open(in); OutputStream dst = proc.getOutputStream()) {
                copied[0] = copySplit(src, dst, split);
            } catch (IOException e) {
                // A broken pipe means the command stopped reading; its exit code says why.
                if (proc.isAlive() || proc.exitValue() == 0) {
                    feedError[0] = e;
                }
            }
        }, "gharbal-feed-" + index);
        ArrayDeque<String> tail = new ArrayDeque<>();
        Thread drain = new Thread(() -> {
            try (java.io.BufferedReader err = new java.io.BufferedReader(
                    new java.io.InputStreamReader(proc.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    System.err.println(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 30) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // The command is gone; its exit code says why.
            }
        }, "gharbal-stderr-" + index);
        feed.start();
        drain.start();
        Tally tally = new Tally(errorField);
        try (OutputStream dst = outFs.create(tmp, true); InputStream src = proc.getInputStream()) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = src.read(buf)) > 0) {
                dst.write(buf, 0, n);
                tally.scan(buf, n);
            }
        } catch (IOException e) {
            proc.destroy();
            outFs.delete(tmp, false);
            throw e;
        }
        int code = proc.waitFor();
        feed.join();
        drain.join();
        if (code != 0 || feedError[0] != null) {
            outFs.delete(tmp, false);
            if (feedError[0] != null && code == 0) {
                throw new IOException("reading " + split.path + ": " + feedError[0], feedError[0]);
            }
            String end;
            synchronized (tail) {
                end = String.join("\n", tail);
            }
            throw new RuntimeException("gharbal exited with code " + code + " ("
                    + String.join(" ", argv.subList(1, argv.size())) + "); its stderr ended with:\n" + end);
        }
        tally.finish();
        if (outFs.exists(done)) {
            outFs.delete(tmp, false); // another attempt of this split committed first
        } else if (!outFs.rename(tmp, done)) {
            outFs.delete(tmp, false);
            if (!outFs.exists(done)) {
                throw new IOException("cannot commit " + done);
            }
        }
        Map<String, Long> r = new HashMap<>();
        r.put("records", tally.records);
        r.put("bytes_in", copied[0]);
        r.put("bytes_out", tally.bytes);
        tally.errors.forEach((why, n) -> r.put(ERROR + why, n));
        return r;
    }

    /** Copies the lines that start in the split: Hadoop's rule for text splits. */
    static long copySplit(FSDataInputStream src, OutputStream dst, Split split) throws IOException {
        byte[] buf = new byte[1 << 16];
        long copied = 0;
        if (split.whole) {
            int n;
            while ((n = src.read(buf)) > 0) {
                dst.write(buf, 0, n);
                copied += n;
            }
            return copied;
        }
        long pos = split.start;
        if (pos > 0) {
            // The line that ends at or after `start` belongs to the split before; skip it.
            src.seek(pos - 1);
            int b;
            while ((b = src.read()) != -1 && b != '\n') {
                pos++;
            }
            if (b == -1) {
                return 0;
            }
        }
        // Every line that starts before `end`, the last one to its end.
        boolean lastNewline = true;
        while (pos < split.end) {
            int n = src.read(buf, 0, (int) Math.min(buf.length, split.end - pos));
            if (n <= 0) {
                return copied;
            }
            dst.write(buf, 0, n);
            copied += n;
            pos += n;
            lastNewline = buf[n - 1] == '\n';
        }
        while (!lastNewline) {
            int n = src.read(buf);
            if (n <= 0) {
                break;
            }
            int upTo = n;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    upTo = i + 1;
                    lastNewline = true;
                    break;
                }
            }
            dst.write(buf, 0, upTo);
            copied += upTo;
        }
        return copied;
    }

    /**
     * Counts output lines, and the records with a top-level string {@code error} field by
     * reason (the message up to its first ':' or " ("), as the Python tally did. Only lines
     * that hold {@code "error":} are parsed. The buffer is searched as a Latin-1 string, whose
     * {@code indexOf} the JVM runs as a vector search: the tally costs little beside the copy.
     */
    static final class Tally {
        final String marker;
        final Map<String, Long> errors = new HashMap<>();
        final String field;
        final ObjectMapper json = new ObjectMapper();
        long records;
        long bytes;
        /** The start of the current line, when it began in an earlier buffer. */
        final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        Tally(String field) {
            this.field = field;
            this.marker = new String(("\"" + field + "\":").getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1);
        }

        void scan(byte[] buf, int n) {
            bytes += n;
            String s = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            int from = 0;
            int next = -1; // the first marker at or after `from`, once looked up; n if none
            while (true) {
                int nl = s.indexOf('\n', from);
                if (nl < 0) {
                    break;
                }
                records++;
                if (line.size() > 0) {
                    line.write(buf, from, nl - from);
                    spanningLine();
                } else {
                    if (next < from) {
                        next = s.indexOf(marker, from);
                        if (next < 0) {
                            next = n;
                        }
                    }
                    if (next < nl) {
                        reason(buf, from, nl - from);
                    }
                }
                from = nl + 1;
            }
            if (from < n) {
                line.write(buf, from, n - from);
            }
        }

        /** A line that began in an earlier buffer (one in about 50 of gharbal's records). */
        private void spanningLine() {
            byte[] b = line.toByteArray();
            line.reset();
            if (new String(b, StandardCharsets.ISO_8859_1).contains(marker)) {
                reason(b, 0, b.length);
            }
        }

        void finish() {
            if (line.size() > 0) {
                records++;
                spanningLine();
            }
        }

        private void reason(byte[] b, int off, int len) {
            try {
                JsonNode v = json.readTree(b, off, len).get(field);
                if (v != null && v.isTextual()) {
                    String why = v.textValue().split(":", 2)[0].split(" \\(", 2)[0];
                    errors.merge(why, 1L, Long::sum);
                }
            } catch (IOException ignored) {
                // Not a JSON object: not one of gharbal's error records.
            }
        }
    }
}

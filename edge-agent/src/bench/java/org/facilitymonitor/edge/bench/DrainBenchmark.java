package org.facilitymonitor.edge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.facilitymonitor.edge.agent.Agent;
import org.facilitymonitor.edge.agent.AgentClock;
import org.facilitymonitor.edge.agent.PointSchedule;
import org.facilitymonitor.edge.agent.ReadingSource;
import org.facilitymonitor.edge.config.Units;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.mqtt.PahoBrokerConnection;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueueStats;
import org.facilitymonitor.edge.queue.QueuedBatch;
import org.facilitymonitor.edge.queue.SeqStore;
import org.facilitymonitor.edge.simulate.Simulator;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;

/**
 * The agent's drain benchmark (bin/bench-agent runs it): how fast the real {@link Agent} empties a
 * backlog from its {@link DiskQueue} to the broker, and how much memory it needs while holding it.
 *
 * <ol>
 *   <li><b>Fill</b>: a new queue in {@code --dir} receives {@code --readings} readings from the
 *   demo campus simulator, one sample every {@code --period} of simulated time ending now, each
 *   sample encoded and appended exactly as the agent's Sampler does it
 *   ({@code ContractV1.encode(Batch.live(...))}, seqs from a {@link SeqStore}, the queue options of
 *   the agent's configuration defaults unless given). The last sample is cut so that the backlog
 *   holds exactly {@code --readings}.</li>
 *   <li><b>Drain</b>: the queue is closed and opened again (the agent restarting with a backlog,
 *   unless {@code --reopen false}); then the real Agent, with a source that has nothing more to
 *   give, the given {@code --inflight} window and {@code --drain-rate} (0 = unlimited), connects
 *   to the broker and runs until its queue is empty.</li>
 * </ol>
 * Memory is sampled every 100 ms throughout ({@link MemoryMonitor}). With
 * {@code --subscriber-counts FILE} (the JSON a counting subscriber keeps up to date, see
 * bin/bench.d/agentbench.py) the benchmark finally waits for that subscriber to have received every
 * batch. Exit status: 0 drained and (if checked) every batch delivered, 1 not, 2 bad arguments.
 */
public final class DrainBenchmark {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A source with nothing to give: the agent only drains its queue. */
    private static final ReadingSource NOTHING = new ReadingSource() {
        @Override
        public List<Reading> readingsAt(long epochMillis) {
            return List.of();
        }

        @Override
        public boolean finished() {
            return true;
        }

        @Override
        public Object status() {
            return Map.of("source", "drain benchmark: no new readings");
        }
    };

    private static final String USAGE_TEXT = """
            Usage: java -Xmx128m -jar edge-agent-bench.jar drain --dir DIR [OPTIONS]

            Fills a new disk queue with a simulated backlog, then lets the real agent drain it to the broker;
            prints progress, the fill and drain rates and the memory peaks, and writes a JSON report.

              --dir DIR              queue and seq files go to DIR/queue and DIR/seq; DIR must be absent or empty
              --readings N           backlog size in readings (default 1000000)
              --site-file PATH       site description to simulate (default ../demo/demo-campus.yaml, else demo/...)
              --buildings A,B        buildings to simulate (default: all)
              --seed N               simulator seed (default 42, as the agent's configuration)
              --period DURATION      sample period in simulated time (default 10s)
              --edge ID              edge id = MQTT username = client id (default bench-edge)
              --broker URL           MQTT broker (default tcp://127.0.0.1:11883)
              --username NAME        MQTT username (default: the edge id)
              --password SECRET      MQTT password (default: environment FM_BENCH_MQTT_PASSWORD)
              --inflight N           agent max-inflight (default 100, the agent's default)
              --drain-rate R         backlog readings/s, 0 = unlimited (default 0)
              --fsync always|DUR     queue fsync (default always, the agent's default)
              --checkpoint always|DUR  queue checkpoint (default always, the agent's default)
              --max-bytes SIZE       queue cap (default 256MB, the agent's default); a fill that drops fails
              --reopen true|false    close and reopen the queue between fill and drain (default true)
              --timeout DURATION     longest drain (default 15m)
              --progress DURATION    progress line interval (default 2s)
              --site-points N        points of the site assumed "typical", for the ratio (default 1000)
              --site-period DURATION its sample period (default 10s)
              --subscriber-counts FILE  JSON kept up to date by the counting subscriber; checked at the end
              --subscriber-wait DURATION  how long to wait for it to have received everything (default 60s)
              --report PATH          JSON report (default DIR/../drain-report.json)
            """;

    /** Parsed command line. */
    record Options(Path dir, long readings, Path siteFile, List<String> buildings, long seed, Duration period,
                   String edge, String broker, String username, String password, int inflight, double drainRate,
                   Duration fsync, Duration checkpoint, long maxBytes, boolean reopen, Duration timeout,
                   Duration progress, int sitePoints, Duration sitePeriod, Path subscriberCounts,
                   Duration subscriberWait, Path report) {
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final Options o;
    private final PrintStream out;
    private final MemoryMonitor memory = new MemoryMonitor(100);
    private final Map<String, Object> report = new LinkedHashMap<>();

    private DrainBenchmark(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    /** {@code drain}: runs the benchmark with the arguments after the command name (see {@link BenchMain}). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(USAGE_TEXT);
            return OK;
        }
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("drain-benchmark: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        DrainBenchmark bench = new DrainBenchmark(options, out);
        try {
            return bench.run();
        } catch (UsageException e) {
            err.println("drain-benchmark: " + e.getMessage());
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("drain-benchmark: interrupted");
            return FAILED;
        } catch (Exception | OutOfMemoryError e) {
            err.println("drain-benchmark: failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        } finally {
            bench.memory.close();
        }
    }

    // ---- command line ----

    static Options parse(String[] args) throws UsageException {
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!USAGE_TEXT.contains("--" + name + " ")) {
                throw new UsageException("unknown option --" + name);
            }
            v.put(name, value);
        }
        if (v.get("dir") == null) {
            throw new UsageException("--dir is required");
        }
        Path siteFile;
        if (v.get("site-file") != null) {
            siteFile = Path.of(v.get("site-file"));
        } else {
            siteFile = Path.of("../demo/demo-campus.yaml");
            if (!Files.isRegularFile(siteFile)) {
                siteFile = Path.of("demo/demo-campus.yaml");
            }
        }
        String edge = v.getOrDefault("edge", "bench-edge");
        try {
            ContractV1.requireEdgeId("--edge", edge);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path dir = Path.of(v.get("dir")).toAbsolutePath().normalize();
        String buildings = v.getOrDefault("buildings", "");
        return new Options(dir,
                longValue(v, "readings", 1_000_000, 1, Long.MAX_VALUE / 2),
                siteFile,
                buildings.isBlank() ? List.of() : Arrays.stream(buildings.split(",")).map(String::trim).toList(),
                longValue(v, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
                duration(v, "period", "10s", false),
                edge,
                v.getOrDefault("broker", "tcp://127.0.0.1:11883"),
                v.getOrDefault("username", edge),
                v.getOrDefault("password", System.getenv("FM_BENCH_MQTT_PASSWORD")),
                (int) longValue(v, "inflight", 100, 1, 65_535),
                doubleValue(v, "drain-rate", 0),
                duration(v, "fsync", "always", true),
                duration(v, "checkpoint", "always", true),
                bytes(v, "max-bytes", "256MB"),
                bool(v, "reopen", true),
                duration(v, "timeout", "15m", false),
                duration(v, "progress", "2s", false),
                (int) longValue(v, "site-points", 1000, 1, Integer.MAX_VALUE),
                duration(v, "site-period", "10s", false),
                v.get("subscriber-counts") == null ? null : Path.of(v.get("subscriber-counts")),
                duration(v, "subscriber-wait", "60s", false),
                v.get("report") == null ? dir.resolveSibling("drain-report.json") : Path.of(v.get("report")));
    }

    private static long longValue(Map<String, String> v, String name, long dflt, long min, long max)
            throws UsageException {
        String s = v.get(name);
        if (s == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(s.replace("_", "").replace(",", ""));
            if (n < min || n > max) {
                throw new UsageException("--" + name + ": " + min + ".." + max + ", was " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not an integer: " + s);
        }
    }

    private static double doubleValue(Map<String, String> v, String name, double dflt) throws UsageException {
        String s = v.get(name);
        if (s == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(s);
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new UsageException("--" + name + ": a number >= 0, was " + s);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": not a number: " + s);
        }
    }

    private static Duration duration(Map<String, String> v, String name, String dflt, boolean alwaysIsZero)
            throws UsageException {
        String s = v.getOrDefault(name, dflt);
        if (alwaysIsZero && s.trim().equalsIgnoreCase("always")) {
            return Duration.ZERO;
        }
        Duration d = Units.parseDuration(s);
        if (d == null || d.isNegative() || (!alwaysIsZero && d.isZero())) {
            throw new UsageException("--" + name + ": not a " + (alwaysIsZero ? "duration or 'always'" : "positive duration")
                    + ": " + s);
        }
        return d;
    }

    private static long bytes(Map<String, String> v, String name, String dflt) throws UsageException {
        long n = Units.parseBytes(v.getOrDefault(name, dflt));
        if (n < 1L << 20) {
            throw new UsageException("--" + name + ": a size of at least 1MB, e.g. 256MB, was " + v.get(name));
        }
        return n;
    }

    private static boolean bool(Map<String, String> v, String name, boolean dflt) throws UsageException {
        String s = v.get(name);
        if (s == null) {
            return dflt;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException("--" + name + ": true or false, was " + s);
        };
    }

    // ---- the run ----

    private DiskQueue.Options queueOptions() {
        return DiskQueue.Options.forCap(o.maxBytes(), o.fsync(), o.checkpoint()); // as the agent's configuration
    }

    private int run() throws Exception {
        if (Files.exists(o.dir())) {
            try (Stream<Path> s = Files.list(o.dir())) {
                if (s.findAny().isPresent()) {
                    throw new UsageException("--dir " + o.dir() + " is not empty: the benchmark needs a new queue");
                }
            }
        }
        SiteDescription site;
        try {
            site = SiteFiles.load(o.siteFile());
        } catch (NoSuchFileException e) {
            throw new UsageException("--site-file: no such file: " + o.siteFile());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--site-file: " + e.getMessage());
        }
        String siteId = site.site().id();
        report.put("started_at", Instant.now().toString());
        report.put("options", optionsMap(siteId));
        report.put("jvm", Map.of("version", System.getProperty("java.version"),
                "vm", System.getProperty("java.vm.name"),
                "input_arguments", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
                "processors", Runtime.getRuntime().availableProcessors()));

        memory.phase("fill");
        Fill fill = fill(site, siteId);
        if (fill == null) {
            writeReport(false, "the fill dropped readings at the queue cap");
            return FAILED;
        }

        // the fill's garbage is not the agent's: start the drain's peaks from a collected heap
        System.gc();
        Thread.sleep(200);
        memory.phase("drain");
        boolean ok = drain(siteId, fill);
        return ok ? OK : FAILED;
    }

    private Map<String, Object> optionsMap(String siteId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir", o.dir().toString());
        m.put("readings", o.readings());
        m.put("site_file", o.siteFile().toString());
        m.put("site", siteId);
        m.put("buildings", o.buildings().isEmpty() ? "all" : o.buildings());
        m.put("seed", o.seed());
        m.put("period_s", o.period().toMillis() / 1000.0);
        m.put("edge", o.edge());
        m.put("broker", o.broker());
        m.put("username", o.username());
        m.put("inflight", o.inflight());
        m.put("drain_rate", o.drainRate());
        m.put("fsync", o.fsync().isZero() ? "always" : o.fsync().toString());
        m.put("checkpoint", o.checkpoint().isZero() ? "always" : o.checkpoint().toString());
        m.put("max_bytes", o.maxBytes());
        m.put("reopen", o.reopen());
        m.put("timeout_s", o.timeout().toSeconds());
        m.put("site_points", o.sitePoints());
        m.put("site_period_s", o.sitePeriod().toMillis() / 1000.0);
        m.put("subscriber_counts", o.subscriberCounts() == null ? null : o.subscriberCounts().toString());
        return m;
    }

    /** What the fill left: the queue (open unless reopened later), its seq range and counts. */
    private record Fill(DiskQueue queue, long firstSeq, long lastSeq, long batches, long readings, long samples) {
    }

    private Fill fill(SiteDescription site, String siteId) throws Exception {
        AgentClock clock = AgentClock.realTime(Clock.systemUTC());
        long periodMs = o.period().toMillis();
        int perSample = new Simulator(site, o.buildings(), o.seed(), 0).pointCount();
        if (perSample == 0) {
            throw new UsageException("--site-file " + o.siteFile() + ": no points in the chosen buildings");
        }
        long samples = (o.readings() + perSample - 1) / perSample;
        long lastTick = Math.floorDiv(clock.millis(), periodMs) * periodMs;
        long firstTick = lastTick - (samples - 1) * periodMs;
        Simulator sim = new Simulator(site, o.buildings(), o.seed(), firstTick);

        out.printf(Locale.ROOT, "fill: %,d readings = %,d samples of %d points (%s, %s), every %s of simulated time"
                        + " from %s to %s, into %s (fsync %s, checkpoint %s, cap %d MiB)%n",
                o.readings(), samples, perSample, siteId, o.buildings().isEmpty() ? "all buildings" : o.buildings(),
                human(o.period()), Instant.ofEpochMilli(firstTick), Instant.ofEpochMilli(lastTick), o.dir(),
                o.fsync().isZero() ? "always" : human(o.fsync()), o.checkpoint().isZero() ? "always" : human(o.checkpoint()),
                o.maxBytes() >> 20);

        Files.createDirectories(o.dir());
        DiskQueue queue = DiskQueue.open(o.dir().resolve("queue"), queueOptions());
        SeqStore seqs = SeqStore.open(o.dir().resolve("seq"), clock, 1000); // as Main.runAgent
        seqs.advancePast(queue.lastSeq());
        long t0 = System.nanoTime();
        Appended appended = new Appended(queue, seqs, siteId, t0);
        PointSchedule schedule = PointSchedule.everyTick(o.period());
        for (long i = 0; i < samples; i++) {
            long ts = firstTick + i * periodMs;
            appended.sample(schedule.due(ts, sim.readingsAt(ts)));
        }
        queue.flush();
        double fillSeconds = (System.nanoTime() - t0) / 1e9;
        QueueStats s = queue.stats();
        reportFill(s, appended, samples, perSample, firstTick, lastTick, fillSeconds);
        if (s.droppedReadings() > 0 || s.depthReadings() != o.readings()) {
            out.printf("fill: FAILED: the queue holds %,d readings of %,d (dropped %,d at the cap of %d MiB:"
                    + " raise --max-bytes)%n", s.depthReadings(), o.readings(), s.droppedReadings(), o.maxBytes() >> 20);
            queue.close();
            return null;
        }
        if (o.reopen()) {
            queue.close();
            queue = null;
        }
        return new Fill(queue, appended.firstSeq, appended.lastSeq, appended.batches, appended.readings, samples);
    }

    /** The fill's appends so far, with a progress line every {@code --progress}. */
    private final class Appended {
        private final DiskQueue queue;
        private final SeqStore seqs;
        private final String siteId;
        private final long t0;
        private long firstSeq = -1;
        private long lastSeq = -1;
        private long batches;
        private long readings;
        private long nextProgress;
        private long lastReadings;
        private long lastT;

        Appended(DiskQueue queue, SeqStore seqs, String siteId, long t0) {
            this.queue = queue;
            this.seqs = seqs;
            this.siteId = siteId;
            this.t0 = t0;
            this.lastT = t0;
            this.nextProgress = t0 + o.progress().toNanos();
        }

        /** Appends one sample as the agent's Sampler does (split at the contract's maximum, one seq per part), cut at --readings. */
        void sample(List<Reading> sample) throws IOException {
            long left = o.readings() - readings;
            List<Reading> due = sample.size() > left ? sample.subList(0, (int) left) : sample;
            for (int from = 0; from < due.size(); from += ContractV1.MAX_READINGS) {
                List<Reading> part = due.subList(from, Math.min(due.size(), from + ContractV1.MAX_READINGS));
                long seq = seqs.next();
                queue.append(QueuedBatch.of(Batch.live(siteId, o.edge(), seq, part)));
                if (firstSeq < 0) {
                    firstSeq = seq;
                }
                lastSeq = seq;
                batches++;
                readings += part.size();
            }
            long now = System.nanoTime();
            if (now >= nextProgress) {
                QueueStats s = queue.stats();
                out.printf(Locale.ROOT, "fill: %5.1fs  %,11d readings  %,8d batches  %7.1f MiB on disk  %,9.0f readings/s"
                                + "  heap %4d MiB%n", (now - t0) / 1e9, readings, batches, s.diskBytes() / 1048576.0,
                        (readings - lastReadings) / ((now - lastT) / 1e9), memory.heapUsedNow() >> 20);
                lastReadings = readings;
                lastT = now;
                nextProgress = now + o.progress().toNanos();
            }
        }
    }

    private void reportFill(QueueStats s, Appended a, long samples, int perSample, long firstTick, long lastTick,
                            double fillSeconds) throws IOException {
        long dirBytes = directoryBytes(o.dir().resolve("queue"));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("samples", samples);
        f.put("points_per_sample", perSample);
        f.put("batches", a.batches);
        f.put("readings", a.readings);
        f.put("first_seq", a.firstSeq);
        f.put("last_seq", a.lastSeq);
        f.put("first_ts", Instant.ofEpochMilli(firstTick).toString());
        f.put("last_ts", Instant.ofEpochMilli(lastTick).toString());
        f.put("seconds", fillSeconds);
        f.put("readings_per_s", a.readings / fillSeconds);
        f.put("batches_per_s", a.batches / fillSeconds);
        f.put("queue_depth_batches", s.depthBatches());
        f.put("queue_depth_readings", s.depthReadings());
        f.put("queue_depth_bytes", s.depthBytes());
        f.put("queue_disk_bytes", s.diskBytes());
        f.put("queue_dir_bytes", dirBytes);
        f.put("segments", s.segments());
        f.put("bytes_per_reading", (double) s.depthBytes() / Math.max(1, s.depthReadings()));
        f.put("mean_payload_bytes", (double) s.depthBytes() / Math.max(1, s.depthBatches()));
        f.put("dropped_readings", s.droppedReadings());
        report.put("fill", f);
        out.printf(Locale.ROOT, "fill: done in %.1f s: %,d readings in %,d batches = %,.0f readings/s (%,.0f batches/s);"
                        + " queue %,d batches / %,d readings, %.1f MiB on disk in %d segments (%.1f bytes/reading);"
                        + " dropped %,d%n", fillSeconds, a.readings, a.batches, a.readings / fillSeconds,
                a.batches / fillSeconds, s.depthBatches(), s.depthReadings(), dirBytes / 1048576.0, s.segments(),
                (double) s.depthBytes() / Math.max(1, s.depthReadings()), s.droppedReadings());
    }

    private boolean drain(String siteId, Fill fill) throws Exception {
        AgentClock clock = AgentClock.realTime(Clock.systemUTC());
        Map<String, Object> d = new LinkedHashMap<>();
        report.put("drain", d);
        DiskQueue queue = fill.queue() != null ? fill.queue() : reopen(d);
        System.gc();
        Thread.sleep(100);
        long heldHeap = memory.heapUsedNow();
        d.put("heap_used_holding_backlog_after_full_gc_bytes", heldHeap);
        out.printf(Locale.ROOT, "drain: heap in use holding the backlog, after a full GC: %.1f MiB%n", heldHeap / 1048576.0);

        SeqStore seqs = SeqStore.open(o.dir().resolve("seq"), clock, 1000);
        QueueStats before = queue.stats();
        out.printf(Locale.ROOT, "drain: agent %s of site %s to %s as %s, max-inflight %d, drain-rate %s; queue %,d batches"
                        + " / %,d readings%n", o.edge(), siteId, o.broker(), o.username(), o.inflight(),
                o.drainRate() == 0 ? "unlimited" : o.drainRate() + " readings/s", before.depthBatches(),
                before.depthReadings());
        Drained run = runAgent(siteId, queue, seqs, clock);
        QueueStats after = queue.stats();
        queue.close();

        boolean empty = after.depthBatches() == 0 && after.depthReadings() == 0;
        long acked = reportDrain(d, run, after, empty);
        List<String> failures = new ArrayList<>();
        if (run.interrupted()) {
            failures.add("interrupted");
        }
        if (!empty) {
            failures.add("queue not drained within " + human(o.timeout()) + ": " + after.depthReadings() + " readings left");
        }
        if (acked != fill.readings()) {
            failures.add("acknowledged " + acked + " readings, the backlog held " + fill.readings());
        }
        if (after.droppedReadings() > 0) {
            failures.add("dropped " + after.droppedReadings() + " readings");
        }
        report.put("subscriber", checkSubscriber(fill, failures));
        reportMemory();

        boolean ok = failures.isEmpty();
        writeReport(ok, String.join("; ", failures));
        out.println(ok ? "result: drained, every batch acknowledged" + (o.subscriberCounts() != null
                ? " and received by the subscriber" : "") : "result: FAILED: " + String.join("; ", failures));
        return ok;
    }

    /** The queue opened again after the fill: the agent restarting with a backlog. */
    private DiskQueue reopen(Map<String, Object> d) throws IOException {
        long t = System.nanoTime();
        DiskQueue queue = DiskQueue.open(o.dir().resolve("queue"), queueOptions());
        double openMs = (System.nanoTime() - t) / 1e6;
        QueueStats s = queue.stats();
        d.put("queue_open_ms", openMs);
        out.printf(Locale.ROOT, "drain: reopened the queue (the agent restarting with a backlog) in %.0f ms:"
                + " %,d batches / %,d readings%n", openMs, s.depthBatches(), s.depthReadings());
        return queue;
    }

    /** One run of the real agent until its queue is empty (or the timeout): what the measurements need. */
    private record Drained(Agent agent, Watch watch, long t0, long tReturned, boolean interrupted) {
    }

    private Drained runAgent(String siteId, DiskQueue queue, SeqStore seqs, AgentClock clock) throws Exception {
        MqttSettings settings = new MqttSettings(o.broker(), o.edge(), o.username(), o.password(),
                ContractV1.stateTopic(siteId, o.edge()), Duration.ofSeconds(30), o.inflight(), Duration.ofSeconds(30));
        Duration historicalAfter = o.period().multipliedBy(3).compareTo(Duration.ofSeconds(30)) > 0
                ? o.period().multipliedBy(3) : Duration.ofSeconds(30); // the configuration's default
        Agent.Settings agentSettings = new Agent.Settings(siteId, o.edge(), o.period(), PointSchedule.everyTick(o.period()),
                o.inflight(), o.drainRate(), historicalAfter, Duration.ofSeconds(10), Duration.ofSeconds(3));
        try (PahoBrokerConnection connection = new PahoBrokerConnection(settings)) {
            Agent agent = new Agent(NOTHING, agentSettings, queue, seqs, connection, clock);
            Watch watch = new Watch(queue, connection, agent);
            long t0 = System.nanoTime();
            watch.start(t0);
            boolean interrupted = false;
            try {
                agent.run(o.timeout(), true);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            long tReturned = System.nanoTime();
            watch.stop();
            return new Drained(agent, watch, t0, tReturned, interrupted);
        }
    }

    /** Puts the drain's figures into the report and prints them; returns the readings acknowledged. */
    private long reportDrain(Map<String, Object> d, Drained run, QueueStats after, boolean empty) {
        Agent agent = run.agent();
        Watch watch = run.watch();
        long tEnd = watch.emptyAt > 0 ? watch.emptyAt : run.tReturned();
        double seconds = (tEnd - run.t0()) / 1e9;
        double connectMs = watch.connectedAt > 0 ? (watch.connectedAt - run.t0()) / 1e6 : -1;
        long acked = agent.counters().readingsAcknowledged();
        long ackedBatches = agent.counters().batchesAcknowledged();
        double rate = acked / seconds;
        double sitePerS = o.sitePoints() / (o.sitePeriod().toMillis() / 1000.0);
        d.put("seconds", seconds);
        d.put("seconds_until_run_returned", (run.tReturned() - run.t0()) / 1e9);
        d.put("connect_ms", connectMs);
        d.put("readings_acknowledged", acked);
        d.put("batches_acknowledged", ackedBatches);
        d.put("readings_per_s", rate);
        d.put("batches_per_s", ackedBatches / seconds);
        d.put("readings_per_s_after_connect", connectMs > 0 ? acked / (seconds - connectMs / 1000) : null);
        d.put("historical_batches_sent", agent.counters().historicalBatchesSent());
        d.put("live_batches_sent", agent.counters().liveBatchesSent());
        d.put("publish_failures", agent.counters().publishFailures());
        d.put("queue_depth_batches_at_end", after.depthBatches());
        d.put("queue_depth_readings_at_end", after.depthReadings());
        d.put("queue_disk_bytes_at_end", after.diskBytes());
        d.put("dropped_readings", after.droppedReadings());
        d.put("empty", empty);
        d.put("progress", watch.progress);
        d.put("site_readings_per_s", sitePerS);
        d.put("ratio_to_site", rate / sitePerS);

        out.printf(Locale.ROOT, "drain: %s in %.2f s (connect %.0f ms): %,d readings in %,d batches acknowledged ="
                        + " %,.0f readings/s, %,.0f batches/s (%d historical, %d live sent, %d publish failures);"
                        + " queue left %,d readings, dropped %,d%n", empty ? "queue empty" : "NOT drained", seconds,
                connectMs, acked, ackedBatches, rate, ackedBatches / seconds, agent.counters().historicalBatchesSent(),
                agent.counters().liveBatchesSent(), agent.counters().publishFailures(), after.depthReadings(),
                after.droppedReadings());
        out.printf(Locale.ROOT, "drain: %.1fx the production of the site assumed (%d points every %s = %,.1f readings/s)%n",
                rate / sitePerS, o.sitePoints(), human(o.sitePeriod()), sitePerS);
        return acked;
    }

    private void reportMemory() {
        memory.phase("end");
        Map<String, Object> mem = memory.report();
        report.put("memory", mem);
        MemoryMonitor.Peaks dp = memory.phasePeaks("drain");
        MemoryMonitor.Peaks all = memory.overall();
        out.printf(Locale.ROOT, "memory: drain phase: peak heap used %.1f MiB (sampled every 100 ms), peak post-GC %.1f MiB"
                        + " (collection usage), peak after-GC %.1f MiB (GC notifications, %d GCs), peak RSS %.1f MiB%n",
                mib(dp.heapUsed), mib(dp.postGcCollectionUsage), mib(dp.afterGc), dp.gcs, mib(dp.rss));
        out.printf(Locale.ROOT, "memory: whole run (fill + drain): peak heap used %.1f MiB, peak post-GC %.1f MiB,"
                        + " peak after-GC %.1f MiB; heap max %.0f MiB (%s); RSS high-water mark (VmHWM) %.1f MiB%n",
                mib(all.heapUsed), mib(all.postGcCollectionUsage), mib(all.afterGc),
                mib((Long) mem.get("heap_max_bytes")), String.join(", ", castList(mem.get("gc"))),
                mib((Long) mem.get("vm_hwm_bytes")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    /** Waits for the counting subscriber to have every batch; adds what is missing to {@code failures}. */
    private Map<String, Object> checkSubscriber(Fill fill, List<String> failures) throws InterruptedException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.subscriberCounts() == null) {
            m.put("checked", false);
            return m;
        }
        m.put("checked", true);
        long deadline = System.nanoTime() + o.subscriberWait().toNanos();
        JsonNode c = null;
        long lastChange = System.nanoTime();
        String lastSeen = "";
        while (true) {
            try {
                c = JSON.readTree(o.subscriberCounts().toFile());
            } catch (IOException e) {
                c = null; // not written yet, or being replaced
            }
            if (c != null && c.path("batches").asLong() >= fill.batches() && c.path("readings").asLong() >= fill.readings()) {
                break;
            }
            String seen = c == null ? "" : c.path("batches").asText();
            if (!seen.equals(lastSeen)) {
                lastSeen = seen;
                lastChange = System.nanoTime();
            }
            // give up at the deadline, or when nothing arrived for 15 s
            if (System.nanoTime() > deadline || System.nanoTime() - lastChange > 15_000_000_000L) {
                break;
            }
            Thread.sleep(100);
        }
        if (c == null) {
            failures.add("no subscriber counts in " + o.subscriberCounts());
            m.put("error", "no counts file");
            return m;
        }
        long batches = c.path("batches").asLong();
        long readings = c.path("readings").asLong();
        long minSeq = c.path("min_seq").asLong(-1);
        long maxSeq = c.path("max_seq").asLong(-1);
        m.put("messages", c.path("messages").asLong());
        m.put("batches", batches);
        m.put("readings", readings);
        m.put("duplicates", c.path("duplicates").asLong());
        m.put("invalid", c.path("invalid").asLong());
        m.put("historical", c.path("historical").asLong());
        m.put("live", c.path("live").asLong());
        m.put("min_seq", minSeq);
        m.put("max_seq", maxSeq);
        m.put("expected_batches", fill.batches());
        m.put("expected_readings", fill.readings());
        m.put("expected_first_seq", fill.firstSeq());
        m.put("expected_last_seq", fill.lastSeq());
        boolean ok = batches == fill.batches() && readings == fill.readings() && minSeq == fill.firstSeq()
                && maxSeq == fill.lastSeq() && c.path("invalid").asLong() == 0;
        m.put("complete", ok);
        out.printf(Locale.ROOT, "subscriber: received %,d distinct batches / %,d readings of %,d / %,d (seqs %d..%d, expected"
                        + " %d..%d; %d duplicates, %d invalid) -> %s%n", batches, readings, fill.batches(), fill.readings(),
                minSeq, maxSeq, fill.firstSeq(), fill.lastSeq(), c.path("duplicates").asLong(), c.path("invalid").asLong(),
                ok ? "complete" : "INCOMPLETE");
        if (!ok) {
            failures.add("the subscriber received " + batches + " batches / " + readings + " readings of "
                    + fill.batches() + " / " + fill.readings());
        }
        return m;
    }

    private void writeReport(boolean ok, String failure) throws IOException {
        report.put("ok", ok);
        report.put("failure", failure == null || failure.isEmpty() ? null : failure);
        report.putIfAbsent("memory", memory.report());
        report.put("finished_at", Instant.now().toString());
        if (o.report().getParent() != null) {
            Files.createDirectories(o.report().getParent());
        }
        Path tmp = o.report().resolveSibling(o.report().getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), report);
        Files.move(tmp, o.report(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out.println("report: " + o.report());
    }

    /** Watches the drain: the moments of connect and empty queue, and the progress lines. */
    private final class Watch {
        private final DiskQueue queue;
        private final PahoBrokerConnection connection;
        private final Agent agent;
        private final List<Map<String, Object>> progress = new ArrayList<>();
        private volatile long connectedAt;
        private volatile long emptyAt;
        private volatile boolean stopped;
        private Thread thread;

        Watch(DiskQueue queue, PahoBrokerConnection connection, Agent agent) {
            this.queue = queue;
            this.connection = connection;
            this.agent = agent;
        }

        void start(long t0) {
            thread = new Thread(() -> loop(t0), "bench-drain-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(2_000);
        }

        private void loop(long t0) {
            long every = o.progress().toNanos();
            long next = t0 + every;
            long lastAcked = 0;
            long lastT = t0;
            while (!stopped) {
                long now = System.nanoTime();
                if (connectedAt == 0 && connection.isConnected()) {
                    connectedAt = now;
                }
                if (emptyAt == 0 && queue.isEmpty()) {
                    emptyAt = now;
                }
                if (now >= next || (emptyAt == now)) {
                    QueueStats s = queue.stats();
                    long acked = agent.counters().readingsAcknowledged();
                    double rate = (acked - lastAcked) / ((now - lastT) / 1e9);
                    long heap = memory.heapUsedNow();
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("t_s", (now - t0) / 1e9);
                    p.put("depth_batches", s.depthBatches());
                    p.put("depth_readings", s.depthReadings());
                    p.put("acked_readings", acked);
                    p.put("readings_per_s", rate);
                    p.put("heap_used_bytes", heap);
                    p.put("disk_bytes", s.diskBytes());
                    progress.add(p);
                    out.printf(Locale.ROOT, "drain: %5.1fs  queue %,8d batches / %,11d readings  %7.1f MiB on disk"
                                    + "  acked %,11d  %,9.0f readings/s  heap %4d MiB%n", (now - t0) / 1e9,
                            s.depthBatches(), s.depthReadings(), s.diskBytes() / 1048576.0, acked, rate, heap >> 20);
                    lastAcked = acked;
                    lastT = now;
                    next = now + every;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // ---- helpers ----

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static double mib(long bytes) {
        return bytes < 0 ? -1 : bytes / 1048576.0;
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    static {
        Logger.getLogger("org.eclipse.paho").setLevel(Level.WARNING);
    }
}

package org.facilitymonitor.edge.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.logging.Logger;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.mqtt.MqttSettings;
import org.facilitymonitor.edge.site.Point;

/**
 * The benchmark's publisher: N connections, each its own edge, publishing batches of valid
 * readings at a paced total rate with up to {@code inflight} unacknowledged batches each.
 */
public final class LoadGenerator {

    private static final Logger LOG = Logger.getLogger(LoadGenerator.class.getName());
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final LoadOptions options;
    private final Function<MqttSettings, BrokerConnection> connector;

    public LoadGenerator(LoadOptions options, Function<MqttSettings, BrokerConnection> connector) {
        this.options = options;
        this.connector = connector;
    }

    public LoadReport run() throws InterruptedException {
        String site = options.site().site().id();
        List<Point> points = options.site().points();
        List<Worker> workers = new ArrayList<>();
        for (int n = 1; n <= options.connections(); n++) {
            workers.add(new Worker(options.edgeId(n), site, points));
        }
        String startedAt = Instant.now().toString();

        List<Thread> connecting = new ArrayList<>();
        for (Worker w : workers) {
            connecting.add(start(w::connect, "load-connect-" + w.edge));
        }
        for (Thread t : connecting) {
            t.join();
        }
        if (workers.stream().allMatch(w -> w.error != null)) {
            throw new IllegalStateException("no connection could be made: " + workers.get(0).error);
        }

        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        long intervalNanos = options.rate() == 0 ? 0 : (long) (1e9 * options.connections() / options.rate());
        List<Thread> sending = new ArrayList<>();
        for (Worker w : workers) {
            if (w.error == null) {
                sending.add(start(() -> w.send(start, end, intervalNanos), "load-" + w.edge));
            }
        }
        for (Thread t : sending) {
            t.join();
        }
        long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        for (Worker w : workers) {
            w.drain(drainDeadline);
        }
        // Until the last acknowledgement, or until now if some never came.
        long stop = allDrained(workers) && lastAck(workers) != 0 ? lastAck(workers) : System.nanoTime();
        double seconds = Math.max(1, stop - start) / 1e9;
        for (Worker w : workers) {
            w.close();
        }
        return report(startedAt, seconds, workers);
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.start();
        return t;
    }

    private static long lastAck(List<Worker> workers) {
        return workers.stream().mapToLong(w -> w.lastAckNanos).max().orElse(0);
    }

    private static boolean allDrained(List<Worker> workers) {
        return workers.stream().allMatch(w -> w.pending.get() == 0);
    }

    private LoadReport report(String startedAt, double seconds, List<Worker> workers) {
        List<LoadReport.Edge> edges = new ArrayList<>();
        long batches = 0;
        long readings = 0;
        long failed = 0;
        long unacked = 0;
        long resends = 0;
        long lead = 0;
        for (Worker w : workers) {
            LoadReport.Edge e = w.result();
            edges.add(e);
            batches += e.batches();
            readings += e.readings();
            failed += e.failed();
            unacked += e.unacknowledged();
            resends += e.resends();
            lead = Math.max(lead, w.maxLeadMs());
        }
        if (lead > 60_000) {
            LOG.warning("reading timestamps ran up to " + lead / 1000 + " s ahead of the clock (a point's timestamps"
                    + " must not repeat within an edge): use more connections, or the service may refuse them as"
                    + " out of its window");
        }
        return new LoadReport(startedAt, options.brokerUri(), options.site().site().id(), options.connections(),
                options.rate(), options.readingsPerMessage(), options.inflight(), round(seconds, 3), batches, readings,
                failed, unacked, resends, round(batches / seconds, 1), round(readings / seconds, 1), lead, edges);
    }

    public static void writeReport(LoadReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    private final class Worker {
        // Several messages per wake-up at high rates: a wake-up per message of this thread and of the
        // client's sender cost more CPU than the messages; the total pace is unchanged. On this project's
        // VM a wake-up and its socket write took ~65 µs of system time, so 5 ms, not 1 ms: at 3,500
        // single-reading messages/s per connection 17 messages share one (the edge timestamps are taken
        // at sending, so the latency figures do not include the wait).
        static final long MIN_PARK_NANOS = 5_000_000;

        final String edge;
        final String site;
        final List<Point> points;
        final AtomicLong pending = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong readings = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        DataPayloads payloads;
        String topic;
        long firstSeq = Long.MAX_VALUE;
        long lastSeq = Long.MIN_VALUE;
        volatile long lastAckNanos;
        volatile boolean finished;
        long unacknowledged;
        volatile String error;
        BrokerConnection connection;

        Worker(String edge, String site, List<Point> points) {
            this.edge = edge;
            this.site = site;
            this.points = points;
        }

        void connect() {
            MqttSettings settings = MqttSettings.of(options.brokerUri(), edge, edge, options.password())
                    .withStateTopic(ContractV1.stateTopic(site, edge))
                    .withMaxInflight(options.inflight())
                    .withConnectTimeout(options.connectTimeout());
            try {
                connection = connector.apply(settings);
                connection.connect();
                topic = ContractV1.dataTopic(site, edge);
                // Seq starts at the clock's milliseconds, as in the simulate command, so a rerun keeps
                // each edge's seq increasing.
                payloads = new DataPayloads(site, edge, points, options.readingsPerMessage(),
                        System.currentTimeMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted while connecting";
            } catch (RuntimeException e) {
                error = e.getMessage();
                LOG.warning(edge + ": " + e.getMessage());
            }
        }

        void send(long start, long end, long intervalNanos) {
            try {
                for (long i = 0; ; i++) {
                    long due = start + i * intervalNanos;
                    if (due - end >= 0 || System.nanoTime() - end >= 0) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        flush();
                        LockSupport.parkNanos(Math.max(wait, MIN_PARK_NANOS));
                    }
                    long seq = payloads.nextSeq();
                    byte[] payload = payloads.next(System.currentTimeMillis());
                    pending.incrementAndGet();
                    connection.publishAsync(topic, payload, 1, false, failure -> done(seq, failure));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error = e.toString();
                LOG.warning(edge + ": " + e);
            } finally {
                flush();
            }
        }

        /** What the connection buffered goes out now (before a sleep, and at the end). */
        private void flush() {
            if (connection != null) {
                connection.flush();
            }
        }

        private synchronized void done(long seq, Throwable failure) {
            if (finished) {
                return;
            }
            pending.decrementAndGet();
            if (failure != null) {
                failed.incrementAndGet();
                return;
            }
            lastAckNanos = System.nanoTime();
            batches.incrementAndGet();
            readings.addAndGet(options.readingsPerMessage());
            firstSeq = Math.min(firstSeq, seq);
            lastSeq = Math.max(lastSeq, seq);
        }

        long maxLeadMs() {
            return payloads == null ? 0 : payloads.maxLeadMs();
        }

        void drain(long deadline) throws InterruptedException {
            while (pending.get() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
            synchronized (this) {
                finished = true;
                unacknowledged = pending.get();
            }
        }

        void close() {
            if (connection != null) {
                connection.close();
            }
        }

        synchronized LoadReport.Edge result() {
            return new LoadReport.Edge(edge, batches.get(), readings.get(),
                    batches.get() == 0 ? null : firstSeq, batches.get() == 0 ? null : lastSeq, failed.get(),
                    unacknowledged, connection == null ? 0 : connection.resendCount(), error);
        }
    }
}

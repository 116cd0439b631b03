package org.facilitymonitor.edge.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Receipt;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueueStats;
import org.facilitymonitor.edge.queue.SeqStore;

/**
 * The edge agent: a {@link Sampler} appends every sample to the durable {@link DiskQueue}, a
 * {@link Forwarder} thread sends queued batches and deletes each on its delivery receipt (or PUBACK), a status reporter
 * publishes the retained status, and commands arrive on {@code fm/v1/{site}/{edge}/cmd/{name}}.
 * The queue and the connection belong to the caller, who closes them after {@link #run}.
 */
public final class Agent {

    private static final Logger LOG = Logger.getLogger(Agent.class.getName());

    /**
     * @param period          the sample period (agent time)
     * @param statusInterval  how often the status is logged and published (real time)
     * @param shutdownGrace   how long to wait for outstanding PUBACKs and receipts when stopping
     * @param receipts        delete batches on the service's receipts, or on PUBACK ({@link Receipts#OFF})
     */
    public record Settings(String site, String edge, Duration period, PointSchedule schedule, int maxInflight,
                           double drainRate, Duration historicalAfter, Duration statusInterval,
                           Duration shutdownGrace, Receipts receipts) {

        /** Without receipts: batches are deleted on PUBACK. */
        public Settings(String site, String edge, Duration period, PointSchedule schedule, int maxInflight,
                        double drainRate, Duration historicalAfter, Duration statusInterval, Duration shutdownGrace) {
            this(site, edge, period, schedule, maxInflight, drainRate, historicalAfter, statusInterval, shutdownGrace,
                    Receipts.OFF);
        }

        public Settings {
            if (receipts == null) {
                throw new IllegalArgumentException("receipts: required");
            }
            ContractV1.requireId("site", site);
            ContractV1.requireEdgeId("edge", edge);
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("sampling.period: must be positive");
            }
            if (statusInterval == null || statusInterval.isNegative() || statusInterval.isZero()) {
                throw new IllegalArgumentException("status.interval: must be positive");
            }
            if (historicalAfter == null || historicalAfter.isNegative()) {
                throw new IllegalArgumentException("queue.historical-after: must be >= 0");
            }
        }
    }

    private final ReadingSource source;
    private final Settings settings;
    private final DiskQueue queue;
    private final BrokerConnection connection;
    private final AgentClock clock;
    private final AgentCounters counters = new AgentCounters();
    private final Forwarder forwarder;
    private final Sampler sampler;
    private final StatusReporter status;
    private final Map<String, Consumer<byte[]>> commands = new ConcurrentHashMap<>();
    private final SeqStore seqs;
    private HistoryFeeder history;
    private Duration reportEvery;
    private volatile long historyEndTs = Long.MIN_VALUE;
    private volatile boolean historyDelivered;

    public Agent(ReadingSource source, Settings settings, DiskQueue queue, SeqStore seqs, BrokerConnection connection,
                 AgentClock clock) throws IOException {
        this.source = source;
        this.settings = settings;
        this.queue = queue;
        this.connection = connection;
        this.clock = clock;
        this.seqs = seqs;
        seqs.advancePast(queue.lastSeq()); // a seq file older than the queue must not hand out used seqs
        this.forwarder = new Forwarder(queue, connection, ContractV1.dataTopic(settings.site(), settings.edge()),
                new Forwarder.Settings(settings.maxInflight(), settings.drainRate(), settings.historicalAfter(),
                        settings.receipts()),
                clock, counters);
        this.sampler = new Sampler(source, settings.schedule(), queue, seqs, settings.site(), settings.edge(),
                settings.period(), clock, counters, forwarder::wakeUp);
        this.status = new StatusReporter(settings.site(), settings.edge(),
                ContractV1.statusTopic(settings.site(), settings.edge()), queue, connection, counters, clock,
                forwarder::connected, source::status, settings.receipts().enabled() ? forwarder::awaitingReceipts : null);
    }

    /**
     * Handles {@code fm/v1/{site}/{edge}/cmd/{name}}; the handler throws IllegalArgumentException
     * with a message naming what is wrong to reject a command (counted, logged, in the status).
     */
    public void onCommand(String name, Consumer<byte[]> handler) {
        commands.put(name, handler);
    }

    /**
     * Queues {@code source} as historical batches when {@link #run} starts, before the first live sample, and
     * logs its progress at most every {@code reportEvery}, until the broker has acknowledged it all.
     *
     * @param maxQueuedBytes the queue depth above which queueing waits for the forwarder
     */
    public void history(HistorySource source, HistoryProgress progress, long maxQueuedBytes, Duration reportEvery) {
        history = new HistoryFeeder(source, progress, queue, seqs, settings.site(), settings.edge(),
                ContractV1.MAX_READINGS, maxQueuedBytes, counters, forwarder::wakeUp,
                clock.real(), reportEvery, LOG::info);
        this.reportEvery = reportEvery;
    }

    /** True once a history given to {@link #history} is queued and acknowledged (at once when there is none). */
    public boolean historyDelivered() {
        return history == null || historyDelivered;
    }

    /**
     * Runs until {@code duration} (real time; null: no limit) has passed, the thread is interrupted,
     * or, with {@code untilSourceFinished}, the source is finished and the queue is empty.
     */
    public void run(Duration duration, boolean untilSourceFinished) throws IOException, InterruptedException {
        long realEnd = duration == null ? Long.MAX_VALUE : clock.real().millis() + duration.toMillis();
        if (!commands.isEmpty()) {
            connection.subscribe(ContractV1.commandTopic(settings.site(), settings.edge(), "+"), this::command);
        }
        if (settings.receipts().enabled()) {
            connection.subscribe(ContractV1.receiptTopic(settings.site(), settings.edge()), this::receipt);
        }
        Thread forwarding = new Thread(forwarder, "forwarder-" + settings.edge());
        forwarding.setDaemon(true);
        forwarding.start();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-" + settings.edge());
            t.setDaemon(true);
            return t;
        });
        long every = settings.statusInterval().toMillis();
        reporter.scheduleWithFixedDelay(this::reportQuietly, Math.min(every, 2_000), every, TimeUnit.MILLISECONDS);
        try {
            if (history != null) {
                historyEndTs = history.run();
                reporter.scheduleWithFixedDelay(this::reportDelivery, 0, reportEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (untilSourceFinished) {
                runUntilFinished(realEnd);
            } else {
                sampler.run(realEnd);
            }
        } catch (InterruptedException stopped) {
            LOG.info("stopping");
        } finally {
            boolean interrupted = Thread.interrupted();
            reporter.shutdownNow();
            try {
                forwarder.finish(settings.shutdownGrace().toMillis());
            } finally {
                forwarder.stop();
                forwarding.join(5_000);
            }
            reportQuietly();
            status.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Logs how much history is still to deliver, once more when all is. */
    private void reportDelivery() {
        if (historyDelivered) {
            return;
        }
        QueueStats q = queue.stats();
        if (q.oldestTs().isEmpty() || q.oldestTs().getAsLong() > historyEndTs) {
            historyDelivered = true;
            LOG.info(settings.receipts().enabled() ? "history delivered: the service confirmed all of it"
                    : "history delivered: the broker acknowledged all of it");
            return;
        }
        LOG.info("history: the queue holds " + q.depthReadings() + " readings to deliver, the oldest of "
                + java.time.Instant.ofEpochMilli(q.oldestTs().getAsLong()));
    }

    private void runUntilFinished(long realEnd) throws IOException, InterruptedException {
        // sample in short slices so the end condition is looked at regularly
        while (clock.real().millis() < realEnd) {
            if (source.finished()) {
                while (!queue.isEmpty() && clock.real().millis() < realEnd) {
                    Thread.sleep(50);
                }
                return;
            }
            sampler.run(Math.min(realEnd, clock.real().millis() + 500));
        }
    }

    /** On the client's thread: parsed here, settled by the forwarder. A bad receipt is counted and ignored. */
    void receipt(String topic, byte[] payload) {
        Receipt r;
        try {
            r = ContractV1.decodeReceipt(payload);
            if (!r.site().equals(settings.site()) || !r.edge().equals(settings.edge())) {
                throw new IllegalArgumentException("site/edge: receipt for " + r.site() + "/" + r.edge() + ", this is "
                        + settings.site() + "/" + settings.edge());
            }
        } catch (IllegalArgumentException e) {
            counters.receiptsMalformed.incrementAndGet();
            counters.lastMalformedReceipt.set(e.getMessage());
            LOG.warning("malformed receipt on " + topic + " ignored (its batches are sent again after the receipt"
                    + " timeout): " + e.getMessage());
            return;
        }
        forwarder.onReceipt(r);
    }

    private void command(String topic, byte[] payload) {
        String name = topic.substring(topic.lastIndexOf('/') + 1);
        Consumer<byte[]> handler = commands.get(name);
        try {
            if (handler == null) {
                throw new IllegalArgumentException("unknown command '" + name + "' (known: "
                        + String.join(", ", new TreeMap<>(commands).keySet()) + ")");
            }
            handler.accept(payload);
            counters.commandsAccepted.incrementAndGet();
            LOG.info(() -> "command " + name + " applied: " + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            counters.commandsRejected.incrementAndGet();
            counters.lastCommandError.set(name + ": " + e.getMessage());
            LOG.warning("command " + name + " rejected: " + e.getMessage());
        }
    }

    private void reportQuietly() {
        try {
            status.report();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "status report failed", e);
        }
    }

    public AgentCounters counters() {
        return counters;
    }

    public QueueStats queueStats() {
        return queue.stats();
    }

    public ObjectNode status() {
        return status.status();
    }
}

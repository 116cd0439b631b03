package org.facilitymonitor.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.mqtt.BrokerClient;
import org.facilitymonitor.mqtt.Connection;
import org.facilitymonitor.mqtt.InboundMessage;
import org.facilitymonitor.mqtt.MqttConfig;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * MQTT → validation → InfluxDB → acknowledgement. The delivery thread only decodes and queues; one
 * writer thread groups queued messages into large writes, retries until InfluxDB confirms, and only
 * then publishes the round's receipts and acknowledges the messages, in the order they arrived.
 * Unacknowledged messages stay with the broker, so a crash or an outage loses nothing; at most
 * {@code fm.ingest.max-pending-messages} queued plus one write batch wait here.
 */
@ApplicationScoped
public class IngestPipeline {

    @Inject
    IngestConfig config;
    @Inject
    MqttConfig mqttConfig;
    @Inject
    PointCatalog catalog;
    @Inject
    TelemetryWriter writer;
    @Inject
    IngestMetrics metrics;
    @Inject
    MeterRegistry registry;
    @Inject
    Clock clock;
    @Inject
    jakarta.enterprise.inject.Instance<StoredReadingsObserver> observers;
    @Inject
    @Connection
    BrokerClient broker;

    /** A received message waiting to be stored and acknowledged. */
    record Pending(InboundMessage message, DecodedBatch batch, List<Rejection> storageRejections) {
    }

    private BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Received and not yet acknowledged: queued, or in the writer's current batch. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicInteger peakUnacknowledged = new AtomicInteger();
    private final RejectionLog rejectionLog = new RejectionLog(TimeUnit.SECONDS.toNanos(10));
    private volatile boolean running;
    private volatile String lastWriteFailure;
    private BatchDecoder decoder;
    private DeadLetterPublisher deadLetters;
    private ReceiptPublisher receipts;
    private volatile Consumer<List<Pending>> beforeAcknowledgements;
    /** Writer thread only. */
    private int failuresInARow;
    private Thread writerThread;
    private Thread starter;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.info("ingest disabled (fm.ingest.enabled=false)");
            return;
        }
        decoder = new BatchDecoder(BatchDecoder.Limits.of(config), clock);
        queue = new LinkedBlockingQueue<>(config.maxPendingMessages());
        Gauge.builder("fm.ingest.pending.messages", unacknowledged, AtomicInteger::get)
                .description("Messages received and not yet acknowledged").register(registry);
        Gauge.builder("fm.ingest.pending.messages.peak", peakUnacknowledged, AtomicInteger::get)
                .description("Most messages held received and unacknowledged at once since start: at most "
                        + "fm.ingest.max-pending-messages plus one write batch").register(registry);
        running = true;
        starter = new Thread(this::startWhenRegistryLoaded, "ingest-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startWhenRegistryLoaded() {
        try {
            catalog.loaded().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            Log.errorf("point catalog failed to load: %s", e.getMessage());
            return;
        }
        if (!running) {
            return;
        }
        deadLetters = new DeadLetterPublisher(broker, metrics, config.deadLetterPayloadBytes());
        if (config.receipts().enabled()) {
            receipts = new ReceiptPublisher(broker, metrics);
        }
        writerThread = new Thread(this::writeLoop, "ingest-writer");
        writerThread.start();
        String filter = mqttConfig.sharedGroup().filter(g -> !g.isBlank())
                .map(group -> "$share/" + group + "/" + mqttConfig.dataTopicFilter())
                .orElse(mqttConfig.dataTopicFilter());
        broker.start(filter, this::onMessage);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (starter != null) {
            starter.interrupt();
        }
        Thread w = writerThread;
        if (w != null) {
            try {
                w.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        broker.close();
        Log.infof("ingest stopped; %d message(s) left unacknowledged for redelivery", unacknowledged.get());
    }

    /** On the MQTT delivery thread: decode and queue; waits only while the queue is full (backpressure). */
    private void onMessage(InboundMessage message) {
        metrics.received(message);
        DecodedBatch batch;
        try {
            batch = decoder.decode(message.topic(), message.payload(), catalog.snapshot().orElseThrow());
        } catch (RuntimeException e) {
            Log.errorf(e, "decoding a message on %s failed unexpectedly", message.topic());
            batch = DecodedBatch.rejected(null, null, RejectReason.SCHEMA,
                    "the service could not decode this message: " + e);
        }
        metrics.decoded(batch);
        peakUnacknowledged.accumulateAndGet(unacknowledged.incrementAndGet(), Math::max);
        Pending pending = new Pending(message, batch, new ArrayList<>(0));
        if (!queue.offer(pending)) {
            long start = System.nanoTime();
            try {
                queue.put(pending);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unacknowledged.decrementAndGet();
                return;
            } finally {
                metrics.backpressure(System.nanoTime() - start);
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int points = first.batch().lines().size();
                long deadline = System.nanoTime() + config.writeLinger().toNanos();
                while (points < config.writeBatchPoints()) {
                    Pending next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    points += next.batch().lines().size();
                }
                store(batch);
                complete(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ShuttingDown e) {
                Log.infof("writer stopped during shutdown with %d message(s) unwritten; the broker redelivers them",
                        batch.size());
                return;
            } catch (RuntimeException e) {
                // Never let the writer die, and never leave the round's messages holding their in-flight slots.
                crashed(batch, e);
            }
        }
    }

    /** Stores the readings of all messages; throws {@link ShuttingDown} when stopped before they were stored. */
    private void store(List<Pending> batch) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (Pending p : batch) {
            lines.addAll(p.batch().lines());
        }
        if (!lines.isEmpty() && !writeWithRetry(lines)) {
            for (Pending p : batch) {
                isolateRejected(p, p.batch().lines());
            }
        }
    }

    /** Writes one message's lines, halving on refusal until the refused line is found and rejected. */
    private void isolateRejected(Pending pending, List<String> lines) throws InterruptedException {
        if (lines.isEmpty() || writeWithRetry(lines)) {
            return;
        }
        if (lines.size() == 1) {
            int index = pending.batch().lines().indexOf(lines.get(0));
            pending.storageRejections().add(Rejection.ofReading(RejectReason.STORAGE_REJECTED,
                    "InfluxDB refused the point: " + lastWriteFailure, index, null));
            return;
        }
        int half = lines.size() / 2;
        isolateRejected(pending, lines.subList(0, half));
        isolateRejected(pending, lines.subList(half, lines.size()));
    }

    /** True when stored, false when InfluxDB refused the content; retries everything else until stored. */
    private boolean writeWithRetry(List<String> lines) throws InterruptedException {
        long delay = config.retryInitialDelay().toMillis();
        int attempt = 0;
        while (true) {
            long start = System.nanoTime();
            try {
                writer.write(lines);
                metrics.written(lines.size(), System.nanoTime() - start);
                if (attempt > 0) {
                    Log.infof("InfluxDB write succeeded after %d retries", attempt);
                }
                return true;
            } catch (WriteFailure failure) {
                lastWriteFailure = failure.getMessage();
                if (failure.kind() == WriteFailure.Kind.REJECTED) {
                    return false;
                }
                if (failure.kind() == WriteFailure.Kind.TOO_LARGE && lines.size() > 1) {
                    int half = lines.size() / 2;
                    return writeWithRetry(lines.subList(0, half)) & writeWithRetry(lines.subList(half, lines.size()));
                }
                metrics.writeRetried(failure.reasonTag());
                if (!running) {
                    throw new ShuttingDown();
                }
                if (attempt == 0 || attempt % 10 == 0) {
                    Log.warnf("InfluxDB write of %d points failed (%s); retrying every %d ms at most, nothing is "
                            + "acknowledged meanwhile", lines.size(), failure.getMessage(), config.retryMaxDelay().toMillis());
                }
                attempt++;
                Thread.sleep(delay);
                delay = Math.min(config.retryMaxDelay().toMillis(), delay * 2);
            }
        }
    }

    /**
     * After the readings are stored: count, dead-letter the rejections, publish the round's receipts,
     * then acknowledge in arrival order. Removes each message from {@code batch} once acknowledged.
     */
    private void complete(List<Pending> batch) {
        long nowMs = clock.millis();
        java.time.Instant now = java.time.Instant.ofEpochMilli(nowMs);
        List<Receipts.Outcome> outcomes = receipts == null ? null : new ArrayList<>(batch.size());
        for (Pending p : batch) {
            DecodedBatch decoded = p.batch();
            List<Rejection> rejections = decoded.rejections();
            if (!p.storageRejections().isEmpty()) {
                rejections = new ArrayList<>(rejections);
                rejections.addAll(p.storageRejections());
            }
            int stored = decoded.lines().size() - p.storageRejections().size();
            metrics.stored(stored, decoded.timestamps(), decoded.historical(), nowMs);
            if (stored > 0 && p.storageRejections().isEmpty()) {
                for (StoredReadingsObserver o : observers) {
                    try {
                        o.stored(decoded);
                    } catch (StoredReadingsObserver.NotDurable e) {
                        throw new ShuttingDown();
                    } catch (RuntimeException e) {
                        Log.errorf(e, "observer %s failed on a batch of %s/%s", o.getClass().getSimpleName(),
                                decoded.site(), decoded.edge());
                    }
                }
            }
            if (!rejections.isEmpty()) {
                for (Rejection r : rejections) {
                    metrics.rejected(r);
                    rejectionLog.log(p.message().topic(), r, System.nanoTime());
                }
                if (config.deadLetterEnabled()) {
                    deadLetters.publish(p.message(), decoded, rejections, now);
                }
            }
            if (outcomes != null) {
                outcomes.add(new Receipts.Outcome(decoded.site(), decoded.edge(), decoded.seq(),
                        decoded.rejectedWhole() ? rejections.get(0) : null));
            }
        }
        Consumer<List<Pending>> hook = beforeAcknowledgements;
        if (hook != null) {
            hook.accept(List.copyOf(batch));
        }
        if (outcomes != null) {
            receipts.publish(Receipts.of(outcomes, nowMs));
        }
        int acknowledged = 0;
        try {
            for (Pending p : batch) {
                broker.acknowledge(p.message());
                unacknowledged.decrementAndGet();
                acknowledged++;
            }
        } finally {
            batch.subList(0, acknowledged).clear();
        }
        failuresInARow = 0;
    }

    /**
     * A write round's failure: nothing of it is acknowledged; the broker redelivers it on a new connection.
     * Failures in a row wait like failed writes (0.2 s doubling up to 5 s) before reconnecting, so a message
     * that fails every time slows ingest down instead of making the service reconnect in a loop.
     */
    private void crashed(List<Pending> batch, RuntimeException e) {
        metrics.writerFailed();
        int inARow = ++failuresInARow;
        Log.errorf(e, "unexpected failure in the ingest writer (%d in a row); %d message(s) not acknowledged: dropping "
                + "the broker connection so that the broker redelivers them", inARow, batch.size());
        unacknowledged.addAndGet(-batch.size());
        batch.clear();
        if (inARow > 1 && running) {
            long delay = Math.min(config.retryMaxDelay().toMillis(),
                    config.retryInitialDelay().toMillis() << Math.min(20, inARow - 2));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            broker.reconnect();
        } catch (RuntimeException again) {
            Log.errorf(again, "dropping the broker connection failed; the messages come back after the next reconnect");
        }
    }

    /** Test seam: runs on the writer thread after a round is stored and before its receipts and acknowledgements. */
    void beforeAcknowledgements(Consumer<List<Pending>> hook) {
        beforeAcknowledgements = hook;
    }

    /** The batch a pending message carries, for the test seam. */
    static DecodedBatch decoded(Pending pending) {
        return pending.batch();
    }

    public boolean brokerConnected() {
        return broker.isConnected();
    }

    public int pendingMessages() {
        return unacknowledged.get();
    }

    private static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super(null, null, false, false);
        }
    }
}

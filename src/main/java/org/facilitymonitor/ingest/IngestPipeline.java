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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.mqtt.BrokerClient;
import org.facilitymonitor.mqtt.Connection;
import org.facilitymonitor.mqtt.InboundMessage;
import org.facilitymonitor.mqtt.MqttConfig;
import org.facilitymonitor.telemetry.LineBlock;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.telemetry.WriteFailure;

/**
 * MQTT → validation → InfluxDB → acknowledgement. The delivery thread only decodes and queues; the
 * batcher thread groups queued messages into rounds of large writes and hands each to one of
 * {@code fm.ingest.concurrent-writes} writer threads, which retry until InfluxDB confirms. Rounds
 * complete in the order they were formed, whichever write finishes first: a round's receipts are
 * published and its messages acknowledged, in the order they arrived, only after it and every
 * earlier round are stored. Unacknowledged messages stay with the broker, so a crash or an outage
 * loses nothing; at most {@code fm.ingest.max-pending-messages} queued plus the rounds being
 * written wait here.
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

    /** One InfluxDB write's messages; {@code outcome} is set by its writer, read by whoever completes it. */
    private static final class Round {
        final List<Pending> messages;
        volatile Outcome outcome;
        volatile RuntimeException failure;

        Round(List<Pending> messages) {
            this.messages = messages;
        }
    }

    private enum Outcome { STORED, FAILED, ABANDONED }

    /** Most messages taken from the queue at once. */
    private static final int DRAIN_CHUNK = 32;
    /** Longest sleep of the batcher while it lingers for more messages: the most a full round waits. */
    private static final long LINGER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Rounds handed to the writers and not yet completed, oldest first. Guarded by itself. */
    private final java.util.ArrayDeque<Round> rounds = new java.util.ArrayDeque<>();
    private java.util.concurrent.Semaphore writeSlots;
    private java.util.concurrent.ExecutorService writers;
    private final AtomicInteger writesInFlight = new AtomicInteger();
    /** Set when completing a round found the service stopping: later rounds are not acknowledged. */
    private volatile boolean halted;
    /** Received and not yet acknowledged: queued, or in the writer's current batch. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicInteger peakUnacknowledged = new AtomicInteger();
    private final RejectionLog rejectionLog = new RejectionLog(TimeUnit.SECONDS.toNanos(10));
    private volatile boolean running;
    private BatchDecoder decoder;
    private List<StoredReadingsObserver> storedObservers = List.of();
    private DeadLetterPublisher deadLetters;
    private ReceiptPublisher receipts;
    private volatile Consumer<List<Pending>> beforeAcknowledgements;
    private volatile Consumer<List<Pending>> beforeWrite;
    private volatile CountDownLatch batchingHeld;
    /** Completing threads only, under the rounds lock. */
    private int failuresInARow;
    private Thread writerThread;
    private Thread starter;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.info("ingest disabled (fm.ingest.enabled=false)");
            return;
        }
        if (config.concurrentWrites() < 1) {
            throw new IllegalStateException("fm.ingest.concurrent-writes must be at least 1, got " + config.concurrentWrites());
        }
        // Per message and per reading, a client proxy's context lookup cost more than the work behind it.
        metrics = io.quarkus.arc.ClientProxy.unwrap(metrics);
        writer = io.quarkus.arc.ClientProxy.unwrap(writer);
        catalog = io.quarkus.arc.ClientProxy.unwrap(catalog);
        clock = io.quarkus.arc.ClientProxy.unwrap(clock);
        storedObservers = observers.stream().map(io.quarkus.arc.ClientProxy::unwrap).toList();
        decoder = new BatchDecoder(BatchDecoder.Limits.of(config), clock);
        queue = new LinkedBlockingQueue<>(config.maxPendingMessages());
        Gauge.builder("fm.ingest.pending.messages", unacknowledged, AtomicInteger::get)
                .description("Messages received and not yet acknowledged").register(registry);
        Gauge.builder("fm.ingest.pending.messages.peak", peakUnacknowledged, AtomicInteger::get)
                .description("Most messages held received and unacknowledged at once since start: at most "
                        + "fm.ingest.max-pending-messages plus fm.ingest.concurrent-writes write batches").register(registry);
        Gauge.builder("fm.ingest.writes.in.flight", writesInFlight, AtomicInteger::get)
                .description("InfluxDB writes of ingest under way (at most fm.ingest.concurrent-writes)").register(registry);
        writeSlots = new java.util.concurrent.Semaphore(config.concurrentWrites());
        AtomicInteger writerNumber = new AtomicInteger();
        writers = java.util.concurrent.Executors.newFixedThreadPool(config.concurrentWrites(), r -> {
            Thread t = new Thread(r, "ingest-write-" + writerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        writerThread = new Thread(this::batchLoop, "ingest-batcher");
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
        try {
            if (w != null) {
                w.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (writers != null) {
                writers.shutdown();
                writers.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private void batchLoop() {
        List<Pending> batch = new ArrayList<>();
        while ((running || !queue.isEmpty()) && !halted) {
            boolean handedOver = false;
            try {
                // A write slot first: what waits for one stays in the bounded queue, not in a batch held here.
                writeSlots.acquire();
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                CountDownLatch hold = batchingHeld;
                if (hold != null) {
                    hold.await();
                }
                batch.add(first);
                int points = first.batch().lines().size();
                long deadline = System.nanoTime() + config.writeLinger().toNanos();
                while (points < config.writeBatchPoints()) {
                    // What is queued is taken in chunks (one lock each); the batcher sleeps only when it is empty.
                    int before = batch.size();
                    // As many as the round still lacks at the readings per message seen so far, so that a round
                    // holds no more messages than one taken at a time would (the bound on pending messages).
                    int perMessage = Math.max(1, points / batch.size());
                    int lacking = (config.writeBatchPoints() - points + perMessage - 1) / perMessage;
                    if (queue.drainTo(batch, Math.min(DRAIN_CHUNK, lacking)) == 0) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        // Sleeps in slices rather than waiting on the queue: a waiting taker is woken by every
                        // message the MQTT thread puts (a system call on each side), a sleeping one once a slice.
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(left, LINGER_SLICE_NANOS));
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        continue;
                    }
                    for (int i = before; i < batch.size(); i++) {
                        points += batch.get(i).batch().lines().size();
                    }
                }
                Round round = new Round(batch);
                batch = new ArrayList<>();
                synchronized (rounds) {
                    rounds.addLast(round);
                }
                writers.execute(() -> write(round));
                handedOver = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                Log.infof("writers stopped during shutdown with %d message(s) unwritten; the broker redelivers them",
                        batch.size());
                return;
            } finally {
                if (!handedOver) {
                    writeSlots.release();
                }
            }
        }
    }

    /** On a writer thread: stores the round, then completes every round that is next in order and done. */
    private void write(Round round) {
        writesInFlight.incrementAndGet();
        try {
            tellEach(round.messages, StoredReadingsObserver::writing);
            Consumer<List<Pending>> hook = beforeWrite;
            if (hook != null) {
                hook.accept(List.copyOf(round.messages));
            }
            store(round.messages);
            tellEach(round.messages, StoredReadingsObserver::written);
            round.outcome = Outcome.STORED;
        } catch (ShuttingDown e) {
            round.outcome = Outcome.ABANDONED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            round.outcome = Outcome.ABANDONED;
        } catch (RuntimeException e) {
            round.failure = e;
            round.outcome = Outcome.FAILED;
        } finally {
            writesInFlight.decrementAndGet();
        }
        completeInOrder();
    }

    private void completeInOrder() {
        synchronized (rounds) {
            for (Round head = rounds.peekFirst(); head != null && head.outcome != null; head = rounds.peekFirst()) {
                rounds.removeFirst();
                try {
                    if (halted || head.outcome == Outcome.ABANDONED) {
                        abandoned(head);
                    } else if (head.outcome == Outcome.FAILED) {
                        crashed(head.messages, head.failure);
                    } else {
                        complete(head.messages);
                    }
                } catch (ShuttingDown e) {
                    halted = true;
                    abandoned(head);
                } catch (RuntimeException e) {
                    // Never leave the round's messages holding their in-flight slots.
                    crashed(head.messages, e);
                } finally {
                    writeSlots.release();
                }
            }
        }
    }

    /** Tells the observers of every message with readings to store (storage rejections come only after a write). */
    private void tellEach(List<Pending> batch, java.util.function.BiConsumer<StoredReadingsObserver, DecodedBatch> call) {
        for (Pending p : batch) {
            if (p.storageRejections().isEmpty() && !p.batch().lines().isEmpty()) {
                tell(p.batch(), call);
            }
        }
    }

    private void tell(DecodedBatch decoded, java.util.function.BiConsumer<StoredReadingsObserver, DecodedBatch> call) {
        for (StoredReadingsObserver o : storedObservers) {
            try {
                call.accept(o, decoded);
            } catch (StoredReadingsObserver.NotDurable e) {
                throw new ShuttingDown();
            } catch (RuntimeException e) {
                Log.errorf(e, "observer %s failed on a batch of %s/%s", o.getClass().getSimpleName(),
                        decoded.site(), decoded.edge());
            }
        }
    }

    /** Stopped before the round was stored or completed: nothing of it is acknowledged, the broker redelivers it. */
    private void abandoned(Round round) {
        if (!round.messages.isEmpty()) {
            Log.infof("ingest stopped with %d message(s) of a write round unacknowledged; the broker redelivers them",
                    round.messages.size());
        }
        unacknowledged.addAndGet(-round.messages.size());
        round.messages.clear();
    }

    /** Stores the readings of all messages; throws {@link ShuttingDown} when stopped before they were stored. */
    private void store(List<Pending> batch) throws InterruptedException {
        List<LineBlock> blocks = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (!p.batch().lines().isEmpty()) {
                blocks.add(p.batch().lines());
            }
        }
        if (!blocks.isEmpty() && writeWithRetry(blocks) != null) {
            for (Pending p : batch) {
                isolateRejected(p, p.batch().lines(), 0);
            }
        }
    }

    /** Writes one message's lines, halving on refusal until the refused line is found and rejected. */
    private void isolateRejected(Pending pending, LineBlock lines, int offset) throws InterruptedException {
        if (lines.isEmpty()) {
            return;
        }
        String refusal = writeWithRetry(List.of(lines));
        if (refusal == null) {
            return;
        }
        if (lines.size() == 1) {
            pending.storageRejections().add(Rejection.ofReading(RejectReason.STORAGE_REJECTED,
                    "InfluxDB refused the point: " + refusal, offset, null));
            return;
        }
        int half = lines.size() / 2;
        isolateRejected(pending, lines.slice(0, half), offset);
        isolateRejected(pending, lines.slice(half, lines.size()), offset + half);
    }

    /** Null when stored, InfluxDB's reason when it refused the content; retries everything else until stored. */
    private String writeWithRetry(List<LineBlock> blocks) throws InterruptedException {
        long delay = config.retryInitialDelay().toMillis();
        int attempt = 0;
        int points = 0;
        for (LineBlock b : blocks) {
            points += b.size();
        }
        while (true) {
            long start = System.nanoTime();
            try {
                writer.writeBlocks(blocks);
                metrics.written(points, System.nanoTime() - start);
                if (attempt > 0) {
                    Log.infof("InfluxDB write succeeded after %d retries", attempt);
                }
                return null;
            } catch (WriteFailure failure) {
                if (failure.kind() == WriteFailure.Kind.REJECTED) {
                    return failure.getMessage();
                }
                if (failure.kind() == WriteFailure.Kind.TOO_LARGE && points > 1) {
                    List<List<LineBlock>> halves = halves(blocks, points);
                    String first = writeWithRetry(halves.get(0));
                    String second = writeWithRetry(halves.get(1));
                    return first != null ? first : second;
                }
                metrics.writeRetried(failure.reasonTag());
                if (!running) {
                    throw new ShuttingDown();
                }
                if (attempt == 0 || attempt % 10 == 0) {
                    Log.warnf("InfluxDB write of %d points failed (%s); retrying every %d ms at most, nothing is "
                            + "acknowledged meanwhile", points, failure.getMessage(), config.retryMaxDelay().toMillis());
                }
                attempt++;
                Thread.sleep(delay);
                delay = Math.min(config.retryMaxDelay().toMillis(), delay * 2);
            }
        }
    }

    /** The blocks split into two lists of about half the lines each. */
    private static List<List<LineBlock>> halves(List<LineBlock> blocks, int points) {
        List<LineBlock> first = new ArrayList<>();
        List<LineBlock> second = new ArrayList<>();
        int left = points / 2;
        for (LineBlock b : blocks) {
            if (left >= b.size()) {
                first.add(b);
                left -= b.size();
            } else if (left > 0) {
                first.add(b.slice(0, left));
                second.add(b.slice(left, b.size()));
                left = 0;
            } else {
                second.add(b);
            }
        }
        return List.of(first, second);
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
                tell(decoded, StoredReadingsObserver::stored);
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
        if (halted) {
            unacknowledged.addAndGet(-batch.size());
            batch.clear();
            return;
        }
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

    /**
     * Test seam: while held, the batcher keeps the next message it took and waits, so what arrives meanwhile
     * goes into one round with it once released.
     */
    void holdBatching(boolean hold) {
        if (hold) {
            batchingHeld = new CountDownLatch(1);
        } else {
            CountDownLatch held = batchingHeld;
            batchingHeld = null;
            if (held != null) {
                held.countDown();
            }
        }
    }

    /** Test seam: runs on a writer thread before a round is written. */
    void beforeWrite(Consumer<List<Pending>> hook) {
        beforeWrite = hook;
    }

    /** Test seam: runs on a writer thread after a round is stored and before its receipts and acknowledgements. */
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

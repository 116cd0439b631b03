package org.facilitymonitor.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.mqtt.InboundMessage;

/**
 * Counters of the no-loss invariant: every reading received is stored or rejected with a reason.
 * Rejection counters exist from start-up for every reason, so dashboards see zeros, not gaps.
 */
@Startup
@ApplicationScoped
public class IngestMetrics {

    @Inject
    MeterRegistry registry;

    private Counter messagesReceived;
    private Counter readingsReceived;
    private Counter readingsStored;
    private Counter readingsUnowned;
    private Counter messagesRedelivered;
    private Counter deadLettersFailed;
    private Counter receiptsPublished;
    private Counter batchesReceiptedStored;
    private Counter batchesReceiptedRejected;
    private Counter writerFailures;
    private final Map<String, Counter> receiptsFailed = new ConcurrentHashMap<>();
    private Timer backpressure;
    private DistributionSummary batchPoints;
    private Timer writeLatency;
    private Timer storeLatency;
    private final Map<RejectReason, Counter> messagesRejected = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Counter> readingsRejected = new EnumMap<>(RejectReason.class);
    private final Map<String, Counter> writeRetries = new ConcurrentHashMap<>();

    @PostConstruct
    void register() {
        messagesReceived = Counter.builder("fm.ingest.messages.received").description("Data messages received from the broker").register(registry);
        readingsReceived = Counter.builder("fm.ingest.readings.received").description("Readings in received data messages").register(registry);
        readingsStored = Counter.builder("fm.ingest.readings.stored").description("Readings confirmed stored by InfluxDB").register(registry);
        readingsUnowned = Counter.builder("fm.ingest.readings.unowned")
                .description("Readings of points whose asset names no edge: any edge of the site may send them").register(registry);
        messagesRedelivered = Counter.builder("fm.ingest.messages.redelivered")
                .description("Messages the broker delivered again (DUP flag): acknowledged late or lost acknowledgement").register(registry);
        deadLettersFailed = Counter.builder("fm.ingest.dead.letters.failed")
                .description("Dead letters that could not be published (the rejection is still counted and logged)").register(registry);
        receiptsPublished = Counter.builder("fm.ingest.receipts.published")
                .description("Receipts (fm/v1/{site}/{edge}/receipt) the broker acknowledged").register(registry);
        batchesReceiptedStored = Counter.builder("fm.ingest.receipts.batches").tag("outcome", "stored")
                .description("Batches named in a receipt handed to the broker, by outcome").register(registry);
        batchesReceiptedRejected = Counter.builder("fm.ingest.receipts.batches").tag("outcome", "rejected")
                .description("Batches named in a receipt handed to the broker, by outcome").register(registry);
        writerFailures = Counter.builder("fm.ingest.writer.failures")
                .description("Unexpected failures of the ingest writer: the round's messages were not acknowledged and the "
                        + "broker connection was dropped so that the broker redelivers them").register(registry);
        backpressure = Timer.builder("fm.ingest.backpressure")
                .description("Time the MQTT delivery thread waited because the service held its maximum of pending messages")
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            messagesRejected.put(reason, Counter.builder("fm.ingest.messages.rejected").tag("reason", reason.wireName())
                    .description("Whole data messages rejected, by reason").register(registry));
            readingsRejected.put(reason, Counter.builder("fm.ingest.readings.rejected").tag("reason", reason.wireName())
                    .description("Single readings rejected while the rest of their message was stored, by reason").register(registry));
        }
        batchPoints = DistributionSummary.builder("fm.telemetry.write.batch.points").description("Points per InfluxDB write")
                .publishPercentiles(0.5, 0.99).register(registry);
        writeLatency = Timer.builder("fm.telemetry.write.duration").description("Duration of successful InfluxDB writes")
                .publishPercentiles(0.5, 0.99).register(registry);
        storeLatency = Timer.builder("fm.ingest.store.latency")
                .description("Edge timestamp to stored in InfluxDB, one sample per live message: its oldest reading")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    void received(InboundMessage message) {
        messagesReceived.increment();
        if (message.redelivered()) {
            messagesRedelivered.increment();
        }
    }

    void decoded(DecodedBatch batch) {
        readingsReceived.increment(batch.readingCount());
        if (batch.unowned() > 0) {
            readingsUnowned.increment(batch.unowned());
        }
    }

    /** A whole message counts in messages.rejected, a single reading in readings.rejected: never both. */
    void rejected(Rejection rejection) {
        (rejection.wholeMessage() ? messagesRejected : readingsRejected).get(rejection.reason()).increment();
    }

    void stored(int readings, long[] timestamps, boolean historical, long nowMs) {
        readingsStored.increment(readings);
        if (!historical && readings > 0) {
            // Once per message, not per reading: the histogram's cost was a fifth of the writer's CPU.
            long oldest = Long.MAX_VALUE;
            for (int i = 0; i < readings && i < timestamps.length; i++) {
                oldest = Math.min(oldest, timestamps[i]);
            }
            storeLatency.record(Math.max(0, nowMs - oldest), TimeUnit.MILLISECONDS);
        }
    }

    void written(int points, long nanos) {
        batchPoints.record(points);
        writeLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void writeRetried(String reason) {
        writeRetries.computeIfAbsent(reason, r -> Counter.builder("fm.telemetry.write.retries").tag("reason", r)
                .description("InfluxDB writes retried, by failure").register(registry)).increment();
    }

    void backpressure(long nanos) {
        backpressure.record(nanos, TimeUnit.NANOSECONDS);
    }

    void receipted(int stored, int rejected) {
        batchesReceiptedStored.increment(stored);
        batchesReceiptedRejected.increment(rejected);
    }

    void receiptPublished() {
        receiptsPublished.increment();
    }

    void receiptFailed(String reason) {
        receiptsFailed.computeIfAbsent(reason, r -> Counter.builder("fm.ingest.receipts.failed").tag("reason", r)
                .description("Receipts not published, by reason (never retried: the edge resends)").register(registry))
                .increment();
    }

    void writerFailed() {
        writerFailures.increment();
    }

    void deadLetterFailed() {
        deadLettersFailed.increment();
    }
}

package org.facilitymonitor.edge.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.mqtt.BatchPublisher;

/**
 * Samples a source once per period (on period boundaries of the clock) and publishes each
 * sample as one batch, waiting for the broker's acknowledgement.
 *
 * <p>This first version has no disk queue: while the broker is unreachable the publish blocks
 * and the samples due meanwhile are skipped (and counted). The durable queue replaces that.
 */
public final class Agent {

    private static final Logger LOG = Logger.getLogger(Agent.class.getName());
    private static final long LOG_EVERY_MS = 60_000;

    private final ReadingSource source;
    private final BatchPublisher publisher;
    private final String site;
    private final String edge;
    private final Duration period;
    private final Clock clock;
    private long nextSeq;

    private long batches;
    private long readings;
    private long skippedSamples;
    private long lastSeq = -1;

    public Agent(ReadingSource source, BatchPublisher publisher, String site, String edge, Duration period,
                 Clock clock, long firstSeq) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: must be positive");
        }
        this.source = source;
        this.publisher = publisher;
        this.site = site;
        this.edge = edge;
        this.period = period;
        this.clock = clock;
        this.nextSeq = firstSeq;
    }

    /** Runs until {@code duration} has passed (null: until interrupted). */
    public void run(Duration duration) throws InterruptedException {
        long periodMs = period.toMillis();
        long start = clock.millis();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toMillis();
        long tick = ceil(start, periodMs);
        long nextLog = start + LOG_EVERY_MS;
        while (tick < end) {
            long wait = tick - clock.millis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            publishSample(tick);
            long now = clock.millis();
            long next = tick + periodMs;
            if (next <= now) {
                long due = ceil(now, periodMs);
                skippedSamples += (due - next) / periodMs;
                next = due;
            }
            tick = next;
            if (now >= nextLog) {
                logProgress();
                nextLog = now + LOG_EVERY_MS;
            }
        }
        logProgress();
    }

    private void publishSample(long ts) throws InterruptedException {
        List<Reading> sample = source.readingsAt(ts);
        for (int from = 0; from < sample.size(); from += ContractV1.MAX_READINGS) {
            List<Reading> part = sample.subList(from, Math.min(sample.size(), from + ContractV1.MAX_READINGS));
            long seq = nextSeq++;
            publisher.publish(Batch.live(site, edge, seq, part));
            batches++;
            readings += part.size();
            lastSeq = seq;
        }
    }

    private void logProgress() {
        LOG.info(String.format("%s/%s: %d batches, %d readings acknowledged, last seq %d, %d samples skipped",
                site, edge, batches, readings, lastSeq, skippedSamples));
    }

    private static long ceil(long ms, long periodMs) {
        return Math.floorDiv(ms + periodMs - 1, periodMs) * periodMs;
    }

    public long batches() {
        return batches;
    }

    public long readings() {
        return readings;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long skippedSamples() {
        return skippedSamples;
    }
}

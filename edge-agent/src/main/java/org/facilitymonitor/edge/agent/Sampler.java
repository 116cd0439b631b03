package org.facilitymonitor.edge.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueuedBatch;
import org.facilitymonitor.edge.queue.SeqStore;

/**
 * Takes a sample on every period boundary of the agent clock and appends it to the disk queue,
 * whatever the broker is doing. A sample larger than a batch may hold is split, each part with its
 * own seq. A tick missed because the previous one ran late is skipped and counted.
 */
final class Sampler {

    private final ReadingSource source;
    private final PointSchedule schedule;
    private final DiskQueue queue;
    private final SeqStore seqs;
    private final String site;
    private final String edge;
    private final long periodMs;
    private final AgentClock clock;
    private final AgentCounters counters;
    private final Runnable appended;
    private long lastSampled = Long.MIN_VALUE;

    Sampler(ReadingSource source, PointSchedule schedule, DiskQueue queue, SeqStore seqs, String site, String edge,
            Duration period, AgentClock clock, AgentCounters counters, Runnable appended) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("sampling.period: must be positive");
        }
        this.source = source;
        this.schedule = schedule;
        this.queue = queue;
        this.seqs = seqs;
        this.site = site;
        this.edge = edge;
        this.periodMs = period.toMillis();
        this.clock = clock;
        this.counters = counters;
        this.appended = appended;
    }

    /** Samples until the real clock reaches {@code realEnd} or the thread is interrupted. */
    void run(long realEnd) throws IOException, InterruptedException {
        long tick = ceil(clock.millis());
        if (tick <= lastSampled) { // run again right after a slice that ended on a tick
            tick = lastSampled + periodMs;
        }
        while (clock.real().millis() < realEnd) {
            long wait = clock.realMillisUntil(tick);
            if (wait > 0) {
                Thread.sleep(Math.min(wait, Math.max(1, realEnd - clock.real().millis())));
                if (clock.realMillisUntil(tick) > 0) {
                    continue;
                }
            }
            sample(tick);
            long now = clock.millis();
            long next = tick + periodMs;
            if (next <= now) {
                long due = ceil(now);
                counters.skippedSamples.addAndGet((due - next) / periodMs);
                next = due;
            }
            tick = next;
        }
    }

    void sample(long ts) throws IOException {
        lastSampled = ts;
        List<Reading> readings = schedule.due(ts, source.readingsAt(ts));
        counters.samples.incrementAndGet();
        for (int from = 0; from < readings.size(); from += ContractV1.MAX_READINGS) {
            List<Reading> part = readings.subList(from, Math.min(readings.size(), from + ContractV1.MAX_READINGS));
            queue.append(QueuedBatch.of(Batch.live(site, edge, seqs.next(), part)));
            counters.batchesQueued.incrementAndGet();
            counters.readingsQueued.addAndGet(part.size());
        }
        if (!readings.isEmpty()) {
            appended.run();
        }
    }

    private long ceil(long ms) {
        return Math.floorDiv(ms + periodMs - 1, periodMs) * periodMs;
    }
}

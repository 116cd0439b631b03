package org.facilitymonitor.edge.agent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueuedBatch;
import org.facilitymonitor.edge.queue.SeqStore;

/**
 * Queues a {@link HistorySource} as batches marked {@code historical: true}, of up to {@code maxReadings}
 * readings and {@link #MAX_BATCH_BYTES} bytes (5,000 readings of the demo's registers would be about 375 KB, more
 * than the service takes in one message), never splitting a timestamp, as fast as the queue takes them: it waits while the queue holds more
 * than {@code maxQueuedBytes}, so the queue's cap never drops history. The forwarder sends them as backlog
 * (oldest first, at the drain rate). After each batch the position is saved ({@link HistoryProgress}); a
 * restart resumes there, and a finished history is not queued again. {@code kill -9} between a batch's append
 * and the save sends that one batch twice, with the same readings (the service keeps one per point and ts).
 */
final class HistoryFeeder {

    /** Below the service's default message limit ({@link ContractV1#MAX_PAYLOAD_BYTES}) with room for the header. */
    static final int MAX_BATCH_BYTES = 240_000;

    private final HistorySource source;
    private final HistoryProgress progress;
    private final DiskQueue queue;
    private final SeqStore seqs;
    private final String site;
    private final String edge;
    private final int maxReadings;
    private final long maxQueuedBytes;
    private final AgentCounters counters;
    private final Runnable appended;
    private final Clock real;
    private final Duration reportEvery;
    private final Consumer<String> report;

    HistoryFeeder(HistorySource source, HistoryProgress progress, DiskQueue queue, SeqStore seqs, String site,
                  String edge, int maxReadings, long maxQueuedBytes, AgentCounters counters, Runnable appended,
                  Clock real, Duration reportEvery, Consumer<String> report) {
        if (maxReadings < 1) {
            throw new IllegalArgumentException("maxReadings: must be >= 1");
        }
        this.source = source;
        this.progress = progress;
        this.queue = queue;
        this.seqs = seqs;
        this.site = site;
        this.edge = edge;
        this.maxReadings = maxReadings;
        this.maxQueuedBytes = maxQueuedBytes;
        this.counters = counters;
        this.appended = appended;
        this.real = real;
        this.reportEvery = reportEvery;
        this.report = report;
    }

    /** Queues the rest of the history; returns the last timestamp queued in all (or -1 when there was none). */
    long run() throws IOException, InterruptedException {
        String name = source.name();
        if (progress.done()) {
            report.accept(name + ": queued before (" + progress.readings() + " readings), not again");
            source.completed();
            return progress.next() - 1;
        }
        long started = real.millis();
        if (progress.next() != Long.MIN_VALUE) {
            source.resumeAt(progress.next());
            report.accept(name + ": resuming at " + Instant.ofEpochMilli(progress.next()) + " after "
                    + progress.readings() + " readings queued before");
        }
        long lastReport = started;
        List<Reading> batch = new ArrayList<>(maxReadings);
        long batchBytes = 0;
        List<Reading> step = source.next();
        long lastTs = progress.next() - 1;
        while (!step.isEmpty()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long stepBytes = 0;
            for (Reading r : step) {
                stepBytes += bytesAtMost(r);
            }
            if (!batch.isEmpty() && (batch.size() + step.size() > maxReadings
                    || batchBytes + stepBytes > MAX_BATCH_BYTES)) {
                lastTs = append(batch);
                batchBytes = 0;
            }
            for (Reading r : step) {
                // a timestamp with more readings than a batch holds is the only one split
                batch.add(r);
                batchBytes += bytesAtMost(r);
                if (batch.size() >= maxReadings || batchBytes >= MAX_BATCH_BYTES - 200) {
                    lastTs = append(batch);
                    batchBytes = 0;
                }
            }
            long now = real.millis();
            if (now - lastReport >= reportEvery.toMillis()) {
                lastReport = now;
                report.accept(line(name, step.get(0).ts()));
            }
            step = source.next();
        }
        if (!batch.isEmpty()) {
            lastTs = append(batch);
        }
        progress.finished();
        source.completed();
        report.accept(name + ": all " + progress.readings() + " readings queued ("
                + Instant.ofEpochMilli(source.firstTs()) + " … " + Instant.ofEpochMilli(lastTs) + ") in "
                + (real.millis() - started) / 1000 + " s; the queue holds " + queue.stats().depthReadings()
                + " readings to deliver");
        return lastTs;
    }

    private String line(String name, long ts) {
        long first = source.firstTs();
        long last = Math.max(source.lastTs(), first + 1);
        double percent = Math.max(0, Math.min(100, 100.0 * (ts - first) / (last - first)));
        return String.format(java.util.Locale.ROOT, "%s: %.0f%% (%s), %d readings queued, the queue holds %d",
                name, percent, Instant.ofEpochMilli(ts).toString().substring(0, 16).replace('T', ' '),
                progress.readings(), queue.stats().depthReadings());
    }

    /** A reading's encoded length, at most: {"point":"…","ts":…,"value":…}, with the longest number texts. */
    static long bytesAtMost(Reading r) {
        return 41 + r.point().length() + 20 + 24;
    }

    private long append(List<Reading> batch) throws IOException, InterruptedException {
        while (queue.stats().depthBytes() > maxQueuedBytes) {
            Thread.sleep(50);
        }
        long last = batch.get(batch.size() - 1).ts();
        QueuedBatch queued = QueuedBatch.of(Batch.historical(site, edge, seqs.next(), batch));
        if (queued.payload().length > ContractV1.MAX_PAYLOAD_BYTES) {
            throw new IllegalStateException("history batch of " + queued.payload().length + " bytes");
        }
        queue.append(queued);
        counters.batchesQueued.incrementAndGet();
        counters.readingsQueued.addAndGet(batch.size());
        progress.queued(last, batch.size());
        batch.clear();
        appended.run();
        return last;
    }
}

package org.facilitymonitor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes batches of numeric readings at a steady pace on a background thread until stopped,
 * counting what the broker acknowledged. Each reading has its own (point, ts), so stored points
 * can be compared one to one with acknowledged readings.
 */
public final class SteadyPublisher implements AutoCloseable {

    private final TestEdge edge;
    private final List<String> points;
    private final long seqBase;
    private final int readingsPerBatch;
    private final long pauseMillis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledgedReadings = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Thread thread;
    private volatile RuntimeException failure;

    public SteadyPublisher(TestEdge edge, List<String> numericPoints, long seqBase, int readingsPerBatch,
            long pauseMillis) {
        this.edge = edge;
        this.points = numericPoints;
        this.seqBase = seqBase;
        this.readingsPerBatch = readingsPerBatch;
        this.pauseMillis = pauseMillis;
        this.thread = new Thread(this::run, "steady-publisher");
        thread.start();
    }

    private void run() {
        long tsBase = System.currentTimeMillis() - 3_600_000;
        try {
            while (running.get()) {
                long b = batches.get();
                List<Object[]> readings = new ArrayList<>(readingsPerBatch);
                for (int r = 0; r < readingsPerBatch; r++) {
                    // Values stay within every quantity's plausible range (0 … 100), however long the load runs.
                    readings.add(new Object[] { points.get(r % points.size()), tsBase + b * readingsPerBatch + r,
                            b % 100 + r / 1000.0 });
                }
                edge.publish(edge.batch(seqBase + b, readings));
                acknowledgedReadings.addAndGet(readingsPerBatch);
                batches.incrementAndGet();
                Thread.sleep(pauseMillis); // paces the load; waits for nothing
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Stops after the batch in flight is acknowledged; returns the readings the broker acknowledged. */
    public long stop() {
        running.set(false);
        try {
            thread.join(180_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return acknowledgedReadings.get();
    }

    public long acknowledgedReadings() {
        return acknowledgedReadings.get();
    }

    public long seqEnd() {
        return seqBase + batches.get();
    }

    @Override
    public void close() {
        running.set(false);
        edge.close();
    }
}

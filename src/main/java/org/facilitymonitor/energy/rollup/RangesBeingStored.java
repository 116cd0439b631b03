package org.facilitymonitor.energy.rollup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ranges of a point's readings being written to InfluxDB, or written and waiting for earlier messages
 * to be stored: a rollup run stops before them, the run after their messages completed takes them. An
 * entry is removed when its message completes; one whose round failed (redelivered, written again) or
 * whose readings InfluxDB refused counts for a minute at most.
 */
final class RangesBeingStored {

    private static final long EXPIRY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Per point: from, to, when noted (nanoTime). */
    private final Map<String, List<long[]>> byPoint = new HashMap<>();

    synchronized void add(String pointId, long fromMs, long toMs, long nowNanos) {
        List<long[]> ranges = byPoint.computeIfAbsent(pointId, p -> new ArrayList<>(4));
        ranges.removeIf(r -> nowNanos - r[2] > EXPIRY_NANOS);
        ranges.add(new long[] { fromMs, toMs, nowNanos });
    }

    /** Every entry of exactly this range: its message completed (a redelivered one's earlier entry too). */
    synchronized void remove(String pointId, long fromMs, long toMs) {
        List<long[]> ranges = byPoint.get(pointId);
        if (ranges != null) {
            ranges.removeIf(r -> r[0] == fromMs && r[1] == toMs);
            if (ranges.isEmpty()) {
                byPoint.remove(pointId);
            }
        }
    }

    synchronized boolean covers(String pointId, long ms, long nowNanos) {
        List<long[]> ranges = byPoint.get(pointId);
        if (ranges == null) {
            return false;
        }
        for (long[] r : ranges) {
            if (r[0] <= ms && ms <= r[1] && nowNanos - r[2] <= EXPIRY_NANOS) {
                return true;
            }
        }
        return false;
    }

    synchronized int size() {
        return byPoint.values().stream().mapToInt(List::size).sum();
    }
}

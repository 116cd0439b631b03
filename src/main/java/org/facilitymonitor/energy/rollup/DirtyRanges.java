package org.facilitymonitor.energy.rollup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time ranges of stored readings per point, waiting to be written to PostgreSQL for recomputation.
 * Ranges of a point closer than {@code mergeGapMs} are merged, so a live stream is one range and a
 * late reading from months ago stays a range of its own.
 */
final class DirtyRanges {

    /** A point's range of reading timestamps [fromMs, toMs]. */
    record Range(String pointId, long fromMs, long toMs) {
    }

    private final long mergeGapMs;
    private Map<String, List<long[]>> byPoint = new HashMap<>();

    DirtyRanges(long mergeGapMs) {
        this.mergeGapMs = mergeGapMs;
    }

    synchronized void add(String pointId, long fromMs, long toMs) {
        List<long[]> ranges = byPoint.computeIfAbsent(pointId, p -> new ArrayList<>(2));
        for (long[] r : ranges) {
            if (fromMs <= r[1] + mergeGapMs && toMs >= r[0] - mergeGapMs) {
                r[0] = Math.min(r[0], fromMs);
                r[1] = Math.max(r[1], toMs);
                return;
            }
        }
        ranges.add(new long[] { fromMs, toMs });
    }

    /** Whether a noted range of the point holds {@code ms}. */
    synchronized boolean covers(String pointId, long ms) {
        for (long[] r : byPoint.getOrDefault(pointId, List.of())) {
            if (r[0] <= ms && ms <= r[1]) {
                return true;
            }
        }
        return false;
    }

    synchronized List<Range> drain() {
        List<Range> all = new ArrayList<>();
        byPoint.forEach((point, ranges) -> ranges.forEach(r -> all.add(new Range(point, r[0], r[1]))));
        byPoint = new HashMap<>();
        return all;
    }

    synchronized int size() {
        return byPoint.values().stream().mapToInt(List::size).sum();
    }

    static List<Range> merge(List<Range> ranges, long mergeGapMs) {
        DirtyRanges merged = new DirtyRanges(mergeGapMs);
        ranges.stream().sorted((a, b) -> Long.compare(a.fromMs(), b.fromMs()))
                .forEach(r -> merged.add(r.pointId(), r.fromMs(), r.toMs()));
        return merged.drain();
    }
}

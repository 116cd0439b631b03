package org.facilitymonitor.energy.rollup;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Meter readings this instance stored, noted on the writer thread and kept until the rollups have
 * used them, so a live stream is rolled up without reading it back from InfluxDB. Bounded: when
 * {@code capacity} readings are held, all are forgotten (the rollups then read from InfluxDB). What
 * is held is only used after the store confirmed it holds the same readings (count, sum, last).
 */
final class FreshReadings {

    private final int capacity;
    private final Map<String, Series> byPoint = new HashMap<>();
    private int size;
    private long discarded;

    private static final class Series {
        long[] t = new long[16];
        double[] v = new double[16];
        int n;
    }

    FreshReadings(int capacity) {
        this.capacity = capacity;
    }

    synchronized void addAll(String[] points, long[] t, double[] v, boolean[] which) {
        for (int i = 0; i < points.length; i++) {
            if (which[i]) {
                add(points[i], t[i], v[i]);
            }
        }
    }

    synchronized void add(String point, long t, double v) {
        if (capacity <= 0) {
            return;
        }
        if (size >= capacity) {
            discarded += size;
            byPoint.clear();
            size = 0;
        }
        Series s = byPoint.computeIfAbsent(point, p -> new Series());
        if (s.n == s.t.length) {
            s.t = Arrays.copyOf(s.t, s.n * 2);
            s.v = Arrays.copyOf(s.v, s.n * 2);
        }
        s.t[s.n] = t;
        s.v[s.n] = v;
        s.n++;
        size++;
    }

    /**
     * The point's held readings in (afterMs, toMs] by time (of two at the same time, the one noted
     * later, as InfluxDB keeps the later write); null when none is held.
     */
    synchronized RollupStore.Readings between(String point, long afterMs, long toMs) {
        Series s = byPoint.get(point);
        if (s == null) {
            return null;
        }
        int n = 0;
        long[] t = new long[s.n];
        double[] v = new double[s.n];
        boolean sorted = true;
        for (int i = 0; i < s.n; i++) {
            if (s.t[i] > afterMs && s.t[i] <= toMs) {
                sorted &= n == 0 || s.t[i] > t[n - 1];
                t[n] = s.t[i];
                v[n] = s.v[i];
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        if (!sorted) {
            return sortedLastWins(t, v, n);
        }
        return new RollupStore.Readings(Arrays.copyOf(t, n), Arrays.copyOf(v, n));
    }

    private static final int INDEX_BITS = 23;

    private static RollupStore.Readings sortedLastWins(long[] t, double[] v, int n) {
        int[] order = order(t, n);
        long[] ts = new long[n];
        double[] vs = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && ts[m - 1] == t[i]) {
                vs[m - 1] = v[i];
            } else {
                ts[m] = t[i];
                vs[m] = v[i];
                m++;
            }
        }
        return new RollupStore.Readings(Arrays.copyOf(ts, m), Arrays.copyOf(vs, m));
    }

    /**
     * Indices by time, of two at the same time the one noted first first. With concurrent writes
     * held readings often arrive out of order: time and index packed in one long sort as primitives.
     */
    static int[] order(long[] t, int n) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, t[i]);
            max = Math.max(max, t[i]);
        }
        int[] order = new int[n];
        if (n < 1 << INDEX_BITS && max - min >= 0 && max - min < 1L << (63 - INDEX_BITS)) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = (t[i] - min) << INDEX_BITS | i;
            }
            Arrays.sort(keys);
            for (int k = 0; k < n; k++) {
                order[k] = (int) (keys[k] & ((1 << INDEX_BITS) - 1));
            }
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> t[a] != t[b] ? Long.compare(t[a], t[b]) : Integer.compare(a, b));
        for (int k = 0; k < n; k++) {
            order[k] = boxed[k];
        }
        return order;
    }

    /** Forgets the point's readings up to {@code toMs} (rolled up). */
    synchronized void forget(String point, long toMs) {
        Series s = byPoint.get(point);
        if (s == null) {
            return;
        }
        int kept = 0;
        for (int i = 0; i < s.n; i++) {
            if (s.t[i] > toMs) {
                s.t[kept] = s.t[i];
                s.v[kept] = s.v[i];
                kept++;
            }
        }
        size -= s.n - kept;
        if (kept == 0) {
            byPoint.remove(point);
        } else {
            s.n = kept;
        }
    }

    synchronized int size() {
        return size;
    }

    /** Readings forgotten because the capacity was reached. */
    synchronized long discarded() {
        return discarded;
    }
}

package org.facilitymonitor.energy.registers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A meter's consumption over time, from its register readings. Between two consecutive readings
 * the increase is spread linearly over the time between them (the register is interpolated
 * linearly at any boundary), so the consumption of adjacent intervals adds up to that of their
 * union, and over any span between two readings to the register difference. The increase between
 * two readings is the difference, except after a fall: a rollover (within
 * {@link RegisterPolicy#ROLLOVER_WINDOW} of the modulus) counts the way round the modulus; any
 * other fall is a reset that starts a new segment, whose register is counted from 0. Consumption is
 * never negative. Before the first and after the last reading nothing is known: no consumption and
 * no coverage. Pure and immutable.
 */
public final class RegisterCurve {

    /** What happened between two consecutive readings. */
    public enum Step { NORMAL, ROLLOVER, RESET }

    private final long[] t;
    private final double[] raw;
    private final double[] increase;
    private final Step[] steps;
    private final long gapLimitMs;

    private RegisterCurve(long[] t, double[] raw, RegisterPolicy policy) {
        this.t = t;
        this.raw = raw;
        this.gapLimitMs = policy.gapLimitMs();
        int pairs = Math.max(0, t.length - 1);
        this.increase = new double[pairs];
        this.steps = new Step[pairs];
        for (int i = 0; i < pairs; i++) {
            double a = raw[i];
            double b = raw[i + 1];
            double rawIncrease;
            if (b >= a) {
                steps[i] = Step.NORMAL;
                rawIncrease = b - a;
            } else if (policy.modulus() != null
                    && policy.modulus() - a + b < policy.modulus() * RegisterPolicy.ROLLOVER_WINDOW) {
                steps[i] = Step.ROLLOVER;
                rawIncrease = policy.modulus() - a + b;
            } else {
                steps[i] = Step.RESET;
                rawIncrease = b;
            }
            increase[i] = rawIncrease * policy.factor();
        }
    }

    /**
     * The curve of these readings, in any order; of two readings with the same timestamp the later
     * one in the arrays is kept (a redelivered reading is the same reading).
     */
    public static RegisterCurve of(long[] timestamps, double[] values, RegisterPolicy policy) {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
        Integer[] order = IntStream.range(0, timestamps.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> timestamps[i]).thenComparingInt(i -> i));
        long[] t = new long[order.length];
        double[] v = new double[order.length];
        int n = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (n > 0 && t[n - 1] == timestamps[i]) {
                v[n - 1] = values[i];
            } else {
                t[n] = timestamps[i];
                v[n] = values[i];
                n++;
            }
        }
        return new RegisterCurve(Arrays.copyOf(t, n), Arrays.copyOf(v, n), policy);
    }

    public boolean isEmpty() {
        return t.length == 0;
    }

    public int readings() {
        return t.length;
    }

    public long firstMs() {
        return t[0];
    }

    public long lastMs() {
        return t[t.length - 1];
    }

    /** Consumption in [fromMs, toMs), in the canonical unit. */
    public double consumption(long fromMs, long toMs) {
        double sum = 0;
        for (int i = firstPairEndingAfter(fromMs); i < increase.length && t[i] < toMs; i++) {
            long overlap = overlap(i, fromMs, toMs);
            long span = t[i + 1] - t[i];
            sum += overlap == span ? increase[i] : increase[i] * ((double) overlap / span);
        }
        return sum;
    }

    /** The share of [fromMs, toMs) lying between two readings no further apart than the gap limit. */
    public double coverage(long fromMs, long toMs) {
        if (toMs <= fromMs) {
            return 0;
        }
        long covered = 0;
        for (int i = firstPairEndingAfter(fromMs); i < increase.length && t[i] < toMs; i++) {
            if (t[i + 1] - t[i] <= gapLimitMs) {
                covered += overlap(i, fromMs, toMs);
            }
        }
        return (double) covered / (toMs - fromMs);
    }

    /** How many steps of this kind overlap [fromMs, toMs). */
    public int count(Step step, long fromMs, long toMs) {
        int count = 0;
        for (int i = firstPairEndingAfter(fromMs); i < increase.length && t[i] < toMs; i++) {
            if (steps[i] == step && overlap(i, fromMs, toMs) > 0) {
                count++;
            }
        }
        return count;
    }

    /** The register as read at the last reading at or before {@code ms}, in its own unit (NaN when none). */
    public double registerAt(long ms) {
        int i = Arrays.binarySearch(t, ms);
        int at = i >= 0 ? i : -i - 2;
        return at < 0 ? Double.NaN : raw[at];
    }

    private long overlap(int pair, long fromMs, long toMs) {
        return Math.max(0, Math.min(t[pair + 1], toMs) - Math.max(t[pair], fromMs));
    }

    /** The first pair [t[i], t[i+1]] with t[i+1] > fromMs. */
    private int firstPairEndingAfter(long fromMs) {
        int i = Arrays.binarySearch(t, fromMs);
        int firstAfter = i >= 0 ? i + 1 : -i - 1;
        return Math.max(0, firstAfter - 1);
    }
}

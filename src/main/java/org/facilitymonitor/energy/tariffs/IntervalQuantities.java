package org.facilitymonitor.energy.tariffs;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link ConsumptionFunction} from given interval quantities: each spread evenly over its interval, nothing
 * between or outside them. Intervals are in time order and do not overlap.
 */
final class IntervalQuantities implements ConsumptionFunction {

    record Interval(Instant start, Instant end, double quantity) {
    }

    private final List<Interval> intervals;
    private final double[] before;

    IntervalQuantities(List<Interval> intervals) {
        this.intervals = List.copyOf(intervals);
        this.before = new double[intervals.size() + 1];
        for (int i = 0; i < intervals.size(); i++) {
            before[i + 1] = before[i] + intervals.get(i).quantity();
        }
    }

    @Override
    public double between(Instant from, Instant to) {
        return cumulative(to) - cumulative(from);
    }

    private double cumulative(Instant t) {
        int lo = 0;
        int hi = intervals.size();
        while (lo < hi) { // first interval ending after t
            int mid = (lo + hi) >>> 1;
            if (intervals.get(mid).end().isAfter(t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (lo == intervals.size() || !intervals.get(lo).start().isBefore(t)) {
            return before[lo];
        }
        Interval i = intervals.get(lo);
        return before[lo] + i.quantity() * Duration.between(i.start(), t).toNanos() / Duration.between(i.start(), i.end()).toNanos();
    }

    @Override
    public String toString() {
        return "IntervalQuantities" + Arrays.toString(intervals.toArray());
    }
}

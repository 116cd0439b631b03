package org.facilitymonitor.energy.registers;

import org.facilitymonitor.energy.IntervalLength;

/**
 * A meter's consumption over one interval: {@code value} in the carrier's canonical unit,
 * {@code energyKwh} the same in kWh (gas through its calorific value; null for water, or for gas
 * without one), {@code coverage} the share of the interval between readings no further apart than
 * the gap limit, and how many resets and rollovers fall into it.
 */
public record IntervalFigures(IntervalLength length, long startMs, long endMs, double value, Double energyKwh,
        double coverage, int resets, int rollovers) {

    /** Tolerance for the coverage sum of many parts to still count as whole. */
    private static final double WHOLE = 1 - 1e-9;

    /** Estimated: part of the interval is not covered by close enough readings, or a reset lies in it. */
    public boolean estimated() {
        return coverage < WHOLE || resets > 0;
    }
}

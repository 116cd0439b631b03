package org.facilitymonitor.assets;

import java.util.Locale;

/**
 * The values a point can plausibly report, inclusive; either bound may be absent. {@code source}
 * says whether the point's registry entry set it or it is the default of its quantity and unit.
 */
public record PlausibleRange(Double min, Double max, Source source, String quantity, String unit) {

    public enum Source {
        POINT, DEFAULT
    }

    public PlausibleRange {
        if (min == null && max == null) {
            throw new IllegalArgumentException("a plausible range needs a min or a max");
        }
    }

    public boolean contains(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }

    /** Where the range comes from, for a rejection's detail. */
    public String origin() {
        return source == Source.POINT ? "the point's plausibleMin/plausibleMax"
                : "the default for " + quantity + " in " + (unit == null || unit.isEmpty() ? "no unit" : unit)
                        + "; set plausibleMin/plausibleMax on the point or fm.registry.plausible-defaults to change it";
    }

    /** E.g. {@code -60 … 200 degC}, {@code ≥ 0 m3/h}. */
    public String describe() {
        String suffix = unit == null || unit.isEmpty() ? "" : " " + unit;
        if (min == null) {
            return "≤ " + format(max) + suffix;
        }
        if (max == null) {
            return "≥ " + format(min) + suffix;
        }
        return format(min) + " … " + format(max) + suffix;
    }

    /** Whole numbers without a fraction, others as Java writes doubles (-1.0E308 stays readable). */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return Double.toString(value);
    }
}

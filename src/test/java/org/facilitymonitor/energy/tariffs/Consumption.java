package org.facilitymonitor.energy.tariffs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Consumption functions for the tests, computed so that the figures in them are exact doubles. */
final class Consumption {

    private Consumption() {
    }

    /** A constant rate in units per hour. */
    static ConsumptionFunction perHour(double rate) {
        return (from, to) -> rate * Duration.between(from, to).toSeconds() / 3600;
    }

    /** Register readings with the register interpolated linearly between them, constant outside. */
    static ConsumptionFunction readings(Map<Instant, Double> readings) {
        NavigableMap<Instant, Double> r = new TreeMap<>(readings);
        return (from, to) -> register(r, to) - register(r, from);
    }

    /** {@code quantity} spread evenly over {@code [from, to)}, nothing elsewhere. */
    static ConsumptionFunction bump(Instant from, Instant to, double quantity) {
        return readings(Map.of(from, 0.0, to, quantity));
    }

    static ConsumptionFunction sum(ConsumptionFunction a, ConsumptionFunction b) {
        return (from, to) -> a.between(from, to) + b.between(from, to);
    }

    private static double register(NavigableMap<Instant, Double> r, Instant t) {
        Map.Entry<Instant, Double> before = r.floorEntry(t);
        Map.Entry<Instant, Double> after = r.ceilingEntry(t);
        if (before == null) {
            return after.getValue();
        }
        if (after == null || before.getKey().equals(t)) {
            return before.getValue();
        }
        double rise = after.getValue() - before.getValue();
        long elapsed = Duration.between(before.getKey(), t).toNanos();
        long span = Duration.between(before.getKey(), after.getKey()).toNanos();
        return before.getValue() + rise * elapsed / span;
    }
}

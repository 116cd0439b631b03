package org.facilitymonitor.energy.registers;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import org.facilitymonitor.energy.IntervalLength;
import org.facilitymonitor.energy.IntervalLength.Interval;
import org.facilitymonitor.energy.registers.RegisterCurve.Step;

/**
 * Interval figures: quarter hours straight from the register curve, hours from their quarter
 * hours, days from their hours, months from their days and years from their months (the curve's
 * additivity makes both ways equal; summing keeps a late reading's recomputation small).
 */
public final class Rollups {

    private Rollups() {
    }

    /**
     * The figures of one interval from the curve; {@code kwhPerUnit} gives the kWh per canonical
     * unit on a local day (1 for electricity and heat, the calorific value for gas, null when none).
     */
    public static IntervalFigures fromCurve(RegisterCurve curve, IntervalLength length, Interval interval, ZoneId zone,
            Function<LocalDate, Double> kwhPerUnit) {
        long from = interval.startMs();
        long to = interval.endMs();
        double value = curve.consumption(from, to);
        Double factor = kwhPerUnit.apply(interval.start().atZone(zone).toLocalDate());
        return new IntervalFigures(length, from, to, value, factor == null ? null : value * factor,
                curve.coverage(from, to), curve.count(Step.RESET, from, to), curve.count(Step.ROLLOVER, from, to));
    }

    /**
     * The figures of an interval from those of the shorter intervals inside it that have any; missing
     * parts count as uncovered. The kWh is summed only when every part has one.
     */
    public static IntervalFigures sum(IntervalLength length, Interval interval, List<IntervalFigures> parts) {
        double value = 0;
        double kwh = 0;
        boolean allKwh = !parts.isEmpty();
        double coveredMs = 0;
        int resets = 0;
        int rollovers = 0;
        for (IntervalFigures p : parts) {
            value += p.value();
            if (p.energyKwh() == null) {
                allKwh = false;
            } else {
                kwh += p.energyKwh();
            }
            coveredMs += p.coverage() * (p.endMs() - p.startMs());
            resets += p.resets();
            rollovers += p.rollovers();
        }
        return new IntervalFigures(length, interval.startMs(), interval.endMs(), value, allKwh ? kwh : null,
                coveredMs / (interval.endMs() - interval.startMs()), resets, rollovers);
    }
}

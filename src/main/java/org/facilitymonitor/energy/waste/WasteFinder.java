package org.facilitymonitor.energy.waste;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.energy.baseline.BaselineStatistics;
import org.facilitymonitor.energy.baseline.CandidateModel;
import org.facilitymonitor.energy.baseline.UsagePeriod;

/**
 * Energy waste a meter's figures show, each as an estimated yearly kWh with the evidence behind it
 * (pure; the service feeds it hourly and daily figures):
 * <ul>
 * <li><b>after hours</b>: use outside the operating hours above the meter's base load (the 5th
 *     percentile of its hourly use over the window: what is always on), scaled to a year;</li>
 * <li><b>base-load creep</b>: the base load of the last weeks against the same weeks earlier, when it
 *     grew by more than 10 %; the growth × 8,760 h;</li>
 * <li><b>heating above the balance point</b>: on days warmer than the heating balance point of the
 *     meter's baseline model, use beyond the model's base load by more than 2 standard errors.</li>
 * </ul>
 */
public final class WasteFinder {

    public static final double BASE_LOAD_PERCENTILE = 0.05;
    public static final double CREEP_THRESHOLD = 0.10;

    public enum Kind {
        AFTER_HOURS, BASE_LOAD_CREEP, HEATING_ABOVE_BALANCE_POINT
    }

    public record Opportunity(Kind kind, String pointId, double yearlyKwh, String evidence) {
    }

    /** When a building is in use: the days of the week and the hours of each. */
    public record OperatingHours(Set<DayOfWeek> days, LocalTime open, LocalTime close) {

        public boolean isOpen(LocalDateTime t) {
            LocalTime time = t.toLocalTime();
            return days.contains(t.getDayOfWeek()) && !time.isBefore(open) && time.isBefore(close);
        }

        @Override
        public String toString() {
            return days.stream().sorted().map(d -> d.toString().substring(0, 3)).reduce((a, b) -> a + "," + b).orElse("")
                    + " " + open + "-" + close;
        }
    }

    private WasteFinder() {
    }

    /** @param hourStartMs each hour's start; {@code kwh} NaN where the hour has no figure */
    public static Optional<Opportunity> afterHours(String point, long[] hourStartMs, double[] kwh, ZoneId zone,
                                                   OperatingHours hours, int windowDays) {
        double[] known = Arrays.stream(kwh).filter(v -> !Double.isNaN(v)).toArray();
        if (known.length < 24 * 7) {
            return Optional.empty();
        }
        double base = percentile(known, BASE_LOAD_PERCENTILE);
        Closed c = closed(hourStartMs, kwh, base, zone, hours);
        if (c.hours() == 0 || c.excess() <= 0) {
            return Optional.empty();
        }
        double yearly = c.excess() * 365.0 / windowDays;
        return Optional.of(new Opportunity(Kind.AFTER_HOURS, point, yearly, String.format(Locale.ROOT,
                "outside %s the meter used %.1f kWh/h on average over %d hours of the last %d days, against a base load of"
                        + " %.1f kWh/h (5th percentile of its hours): %.0f kWh above it", hours, c.use() / c.hours(),
                c.hours(), windowDays, base, c.excess())));
    }

    /** Use, use above {@code base} and hours outside the operating hours (hours without a figure left out). */
    private record Closed(double use, double excess, int hours) {
    }

    private static Closed closed(long[] hourStartMs, double[] kwh, double base, ZoneId zone, OperatingHours hours) {
        double use = 0;
        double excess = 0;
        int n = 0;
        for (int i = 0; i < kwh.length; i++) {
            if (Double.isNaN(kwh[i]) || hours.isOpen(LocalDateTime.ofInstant(Instant.ofEpochMilli(hourStartMs[i]), zone))) {
                continue;
            }
            use += kwh[i];
            excess += Math.max(0, kwh[i] - base);
            n++;
        }
        return new Closed(use, excess, n);
    }

    public static Optional<Opportunity> baseLoadCreep(String point, double[] recentKwh, double[] earlierKwh, int weeksApart) {
        return creep(recentKwh, earlierKwh, weeksApart, CREEP_THRESHOLD).filter(Creep::anomalous)
                .map(c -> new Opportunity(Kind.BASE_LOAD_CREEP, point, c.yearlyKwh(), String.format(Locale.ROOT,
                        "base load %.1f kWh/h now against %.1f kWh/h %d weeks before (+%.0f %%)", c.recentBase(),
                        c.earlierBase(), weeksApart, 100 * (c.recentBase() / c.earlierBase() - 1))));
    }

    public static Optional<Opportunity> heatingAboveBalancePoint(String point, List<UsagePeriod> year, CandidateModel model,
                                                                 BaselineStatistics stats) {
        if (model == null || model.heatingBalancePointF() == null) {
            return Optional.empty();
        }
        double se = stats.cvRmse() * stats.observedMean();
        double waste = 0;
        int days = 0;
        for (UsagePeriod p : year) {
            if (!p.hasUse() || !p.hasTemperature() || p.heatingDegreeDays(model.heatingBalancePointF()) > 0) {
                continue;
            }
            double expected = model.predictPerDay(p);
            if (p.usePerDay() > expected + 2 * se) {
                waste += p.usePerDay() - expected;
                days++;
            }
        }
        if (days == 0) {
            return Optional.empty();
        }
        return Optional.of(new Opportunity(Kind.HEATING_ABOVE_BALANCE_POINT, point, waste, String.format(Locale.ROOT,
                "on %d days warmer than the heating balance point (%d °F) the meter used %.0f kWh more than its baseline"
                        + " expects without heating (beyond 2 standard errors)", days, model.heatingBalancePointF(), waste)));
    }

    /** One day's use outside the operating hours against the base load of the weeks before it. */
    public record AfterHoursDay(java.time.LocalDate day, double baseLoad, double closedUse, int closedHours, double excess,
                                double limit, boolean anomalous) {

        public String message() {
            return String.format(Locale.ROOT, "%s (%s): %.1f kWh in %d hours outside the operating hours, %.1f kWh above the"
                    + " usual base load of %.1f kWh/h (limit %.1f kWh)", day, day.getDayOfWeek().toString().toLowerCase(Locale.ROOT),
                    closedUse, closedHours, excess, baseLoad, limit);
        }
    }

    /**
     * @param history the hours of the weeks before the day (its base load: their 5th percentile)
     * @param tolerance how far above the base load the closed hours may be on average (0.5 = 50 %)
     */
    public static Optional<AfterHoursDay> afterHoursDay(java.time.LocalDate day, long[] dayMs, double[] dayKwh,
                                                        double[] history, ZoneId zone, OperatingHours hours,
                                                        double tolerance) {
        double[] known = Arrays.stream(history).filter(v -> !Double.isNaN(v)).toArray();
        if (known.length < 24 * 7) {
            return Optional.empty();
        }
        double base = percentile(known, BASE_LOAD_PERCENTILE);
        Closed c = closed(dayMs, dayKwh, base, zone, hours);
        if (c.hours() == 0) {
            return Optional.empty();
        }
        double limit = tolerance * base * c.hours();
        return Optional.of(new AfterHoursDay(day, base, c.use(), c.hours(), c.excess(), limit, c.excess() > limit));
    }

    /** The base load of recent days against the same length of time some weeks before. */
    public record Creep(double recentBase, double earlierBase, int weeksApart, boolean anomalous) {

        public double yearlyKwh() {
            return (recentBase - earlierBase) * 8760;
        }

        public String message() {
            return String.format(Locale.ROOT, "base load %.1f kWh/h lately against %.1f kWh/h %d weeks before (%+.0f %%):"
                    + " %.0f kWh a year", recentBase, earlierBase, weeksApart, 100 * (recentBase / earlierBase - 1), yearlyKwh());
        }
    }

    public static Optional<Creep> creep(double[] recent, double[] earlier, int weeksApart, double threshold) {
        double[] r = Arrays.stream(recent).filter(v -> !Double.isNaN(v)).toArray();
        double[] e = Arrays.stream(earlier).filter(v -> !Double.isNaN(v)).toArray();
        if (r.length < 24 * 7 || e.length < 24 * 7) {
            return Optional.empty();
        }
        double now = percentile(r, BASE_LOAD_PERCENTILE);
        double then = percentile(e, BASE_LOAD_PERCENTILE);
        if (then <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Creep(now, then, weeksApart, now > then * (1 + threshold)));
    }

    /** Linear interpolation between order statistics. */
    static double percentile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}

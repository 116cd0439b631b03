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
import java.util.OptionalDouble;
import java.util.Set;
import org.facilitymonitor.assets.Carrier;
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
 *     meter's baseline model, use beyond the model's base load by more than 2 standard errors;</li>
 * <li><b>base load above peers</b>: a building's base load per m² against the median of the other
 *     buildings of its use type, when more than 10 % above it; the difference × area × 8,760 h;</li>
 * <li><b>simultaneous heating and cooling</b>: hours in which a building's heating and its cooling
 *     both use more than their base load; the smaller excess of each such hour, scaled to a year;</li>
 * <li><b>peak demand</b>: a main meter whose highest hour is more than a factor above its 95th
 *     percentile hour; the kWh above the 95th percentile (energy to shift), scaled to a year.</li>
 * </ul>
 */
public final class WasteFinder {

    public static final double BASE_LOAD_PERCENTILE = 0.05;
    public static final double CREEP_THRESHOLD = 0.10;
    public static final double PEER_THRESHOLD = 0.10;
    public static final int MIN_PEERS = 2;
    public static final double PEAK_PERCENTILE = 0.95;
    /** Hours with a figure a series needs before its base load or percentiles mean anything: a week. */
    public static final int MIN_HOURS = 24 * 7;

    public enum Kind {
        AFTER_HOURS, BASE_LOAD_CREEP, HEATING_ABOVE_BALANCE_POINT, PEER_BASE_LOAD, SIMULTANEOUS_HEATING_COOLING, PEAK_DEMAND
    }

    /**
     * @param pointId the meter, null for what a whole building shows ({@code buildingId} then names it)
     * @param carrier the carrier the kWh are priced as; null: the meter's
     * @param peakReductionKw for {@link Kind#PEAK_DEMAND}: how far the peak would come down, else 0
     */
    public record Opportunity(Kind kind, String pointId, String buildingId, Carrier carrier,
                              double yearlyKwh, double peakReductionKw, String evidence) {

        public Opportunity(Kind kind, String pointId, double yearlyKwh, String evidence) {
            this(kind, pointId, null, null, yearlyKwh, 0, evidence);
        }
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
        OptionalDouble baseLoad = baseLoad(kwh);
        if (baseLoad.isEmpty()) {
            return Optional.empty();
        }
        double base = baseLoad.getAsDouble();
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
        OptionalDouble baseLoad = baseLoad(history);
        if (baseLoad.isEmpty()) {
            return Optional.empty();
        }
        double base = baseLoad.getAsDouble();
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
        OptionalDouble recentBase = baseLoad(recent);
        OptionalDouble earlierBase = baseLoad(earlier);
        if (recentBase.isEmpty() || earlierBase.isEmpty()) {
            return Optional.empty();
        }
        double now = recentBase.getAsDouble();
        double then = earlierBase.getAsDouble();
        if (then <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Creep(now, then, weeksApart, now > then * (1 + threshold)));
    }

    /** The 5th percentile of the hours with a figure; empty with fewer than {@link #MIN_HOURS} of them. */
    public static OptionalDouble baseLoad(double[] kwh) {
        double[] known = Arrays.stream(kwh).filter(v -> !Double.isNaN(v)).toArray();
        return known.length < MIN_HOURS ? OptionalDouble.empty()
                : OptionalDouble.of(percentile(known, BASE_LOAD_PERCENTILE));
    }

    /** A building's base load (kWh/h, i.e. kW: the sum of its main electricity meters') and what it is compared by. */
    public record BuildingBaseLoad(String buildingId, String useType, double floorAreaM2, double baseLoadKw) {

        public double wattsPerM2() {
            return baseLoadKw * 1000 / floorAreaM2;
        }
    }

    /**
     * @param platform the base loads of every building with a use type and floor area and enough figures,
     *                 {@code own} among them or not; only their median reaches the evidence
     */
    public static Optional<Opportunity> peerBaseLoad(BuildingBaseLoad own, List<BuildingBaseLoad> platform) {
        double[] peers = platform.stream()
                .filter(b -> b.useType().equals(own.useType()) && !b.buildingId().equals(own.buildingId()))
                .mapToDouble(BuildingBaseLoad::wattsPerM2).toArray();
        if (peers.length < MIN_PEERS) {
            return Optional.empty();
        }
        double median = percentile(peers, 0.5);
        double mine = own.wattsPerM2();
        if (!(mine > median * (1 + PEER_THRESHOLD))) {
            return Optional.empty();
        }
        double yearly = (mine - median) * own.floorAreaM2() * 8760 / 1000;
        return Optional.of(new Opportunity(Kind.PEER_BASE_LOAD, null, own.buildingId(), Carrier.ELECTRICITY,
                yearly, 0, String.format(Locale.ROOT, "base load %.2f W/m² (%.1f kW over %.0f m²) against a median of %.2f W/m²"
                        + " among %d other %s buildings (+%.0f %%)", mine, own.baseLoadKw(), own.floorAreaM2(), median,
                        peers.length, own.useType(), 100 * (mine / median - 1))));
    }

    /**
     * @param heatingKwh a building's heating use per hour (its heating meters summed), NaN where unknown
     * @param coolingKwh its cooling use per hour, priced as {@code coolingCarrier}
     */
    public static Optional<Opportunity> simultaneousHeatingCooling(String buildingId, Carrier coolingCarrier,
                                                                   long[] hourStartMs, double[] heatingKwh, double[] coolingKwh,
                                                                   ZoneId zone, int windowDays) {
        OptionalDouble heatingBase = baseLoad(heatingKwh);
        OptionalDouble coolingBase = baseLoad(coolingKwh);
        if (heatingBase.isEmpty() || coolingBase.isEmpty()) {
            return Optional.empty();
        }
        double heatingExcess = 0;
        double coolingExcess = 0;
        double fought = 0;
        int hours = 0;
        long firstMs = 0;
        for (int i = 0; i < hourStartMs.length; i++) {
            double heating = heatingKwh[i] - heatingBase.getAsDouble();
            double cooling = coolingKwh[i] - coolingBase.getAsDouble();
            if (heating > 0 && cooling > 0) {
                if (hours == 0) {
                    firstMs = hourStartMs[i];
                }
                heatingExcess += heating;
                coolingExcess += cooling;
                fought += Math.min(heating, cooling);
                hours++;
            }
        }
        if (hours == 0) {
            return Optional.empty();
        }
        return Optional.of(new Opportunity(Kind.SIMULTANEOUS_HEATING_COOLING, null, buildingId, coolingCarrier,
                fought * 365.0 / windowDays, 0, String.format(Locale.ROOT, "in %d hours of the last %d days (the first at %s)"
                        + " heating and cooling both ran above their base loads (%.1f and %.1f kWh/h): heating %.0f kWh and"
                        + " cooling %.0f kWh above them, %.0f kWh of which fought each other (the smaller excess of each hour)",
                        hours, windowDays, localHour(firstMs, zone), heatingBase.getAsDouble(), coolingBase.getAsDouble(),
                        heatingExcess, coolingExcess, fought)));
    }

    /**
     * @param factor how far above the 95th percentile hour the highest hour must be (1.5: 50 % above)
     */
    public static Optional<Opportunity> peakDemand(String point, long[] hourStartMs, double[] kwh, ZoneId zone, double factor,
                                                   int windowDays) {
        double[] known = Arrays.stream(kwh).filter(v -> !Double.isNaN(v)).toArray();
        if (known.length < MIN_HOURS) {
            return Optional.empty();
        }
        double p95 = percentile(known, PEAK_PERCENTILE);
        int peakAt = -1;
        double shifted = 0;
        int hoursAbove = 0;
        for (int i = 0; i < kwh.length; i++) {
            if (Double.isNaN(kwh[i])) {
                continue;
            }
            if (peakAt < 0 || kwh[i] > kwh[peakAt]) {
                peakAt = i;
            }
            if (kwh[i] > p95) {
                shifted += kwh[i] - p95;
                hoursAbove++;
            }
        }
        double peak = kwh[peakAt];
        if (!(p95 > 0 && peak > factor * p95)) {
            return Optional.empty();
        }
        return Optional.of(new Opportunity(Kind.PEAK_DEMAND, point, null, null, shifted * 365.0 / windowDays, peak - p95,
                String.format(Locale.ROOT, "highest hourly demand %.1f kW at %s, %.1f × the 95th percentile hour of %.1f kW;"
                        + " %d hours of the last %d days exceeded it, by %.0f kWh in all (energy to shift)", peak,
                        localHour(hourStartMs[peakAt], zone), peak / p95, p95, hoursAbove, windowDays, shifted)));
    }

    private static String localHour(long ms, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), zone).toString().replace('T', ' ');
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

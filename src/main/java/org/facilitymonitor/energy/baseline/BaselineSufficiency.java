package org.facilitymonitor.energy.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CalTRACK's baseline data sufficiency: at least 90 % of the baseline's days must have both a
 * metered use and a daily temperature, and no metered use may be negative (net metering is out of
 * scope). Use above median + 3 × IQR is reported but does not fail the baseline.
 */
public final class BaselineSufficiency {

    public static final double MIN_DAY_COVERAGE = 0.9;

    public enum Status {
        PASS, FAIL, NO_DATA
    }

    /** A finding: a stable code (the reference implementation's warning name) and what it means. */
    public record Finding(String code, boolean critical, String detail) {
    }

    public record Result(Status status, int days, int daysWithUse, int daysWithTemperature, int validDays,
                         List<Finding> findings) {

        public boolean passed() {
            return status == Status.PASS;
        }

        /** The critical findings' details, for an error message. */
        public String reasons() {
            return String.join("; ", findings.stream().filter(Finding::critical).map(Finding::detail).toList());
        }
    }

    private BaselineSufficiency() {
    }

    /** @param periods the baseline's days or bills, covering the baseline period without gaps */
    public static Result check(List<UsagePeriod> periods) {
        int days = 0;
        int withUse = 0;
        int withTemp = 0;
        int valid = 0;
        List<Double> uses = new ArrayList<>();
        boolean negative = false;
        for (UsagePeriod p : periods) {
            days += p.days();
            if (p.hasUse()) {
                withUse += p.days();
                uses.add(p.usePerDay());
                negative |= p.usePerDay() < 0;
            }
            if (p.hasTemperature()) {
                withTemp += p.days();
            }
            if (p.hasUse() && p.hasTemperature()) {
                valid += p.days();
            }
        }
        List<Finding> findings = new ArrayList<>();
        if (withUse == 0) {
            findings.add(new Finding("no_data", true, "no metered use in the baseline's " + days + " days"));
            return new Result(Status.NO_DATA, days, withUse, withTemp, valid, findings);
        }
        if (negative) {
            findings.add(new Finding("negative_meter_values", true,
                    "negative metered use (net metering is not modelled)"));
        }
        coverage(findings, "too_many_days_with_missing_data", "with both a metered use and a temperature", valid, days);
        coverage(findings, "too_many_days_with_missing_meter_data", "with a metered use", withUse, days);
        coverage(findings, "too_many_days_with_missing_temperature_data",
                "with a daily temperature (more than half of the day's hours)", withTemp, days);
        double[] sorted = uses.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double limit = quantile(sorted, 0.5) + 3 * (quantile(sorted, 0.75) - quantile(sorted, 0.25));
        long extreme = Arrays.stream(sorted).filter(v -> v > limit).count();
        if (extreme > 0) {
            findings.add(new Finding("extreme_values_detected", false, String.format(
                    "%d period(s) with use per day above median + 3 × IQR (%.4g): check them", extreme, limit)));
        }
        boolean fail = findings.stream().anyMatch(Finding::critical);
        return new Result(fail ? Status.FAIL : Status.PASS, days, withUse, withTemp, valid, findings);
    }

    private static void coverage(List<Finding> findings, String code, String what, int n, int days) {
        if (days == 0 || n < MIN_DAY_COVERAGE * days) {
            findings.add(new Finding(code, true, String.format("%d of %d days %s (%.1f %%), fewer than 90 %%", n, days, what,
                    days == 0 ? 0 : 100.0 * n / days)));
        }
    }

    /** Linear interpolation between order statistics (what pandas and numpy do by default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

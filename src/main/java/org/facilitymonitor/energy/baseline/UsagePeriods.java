package org.facilitymonitor.energy.baseline;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Builds the periods of a fit or a prediction from metered use and daily temperatures (°F). */
public final class UsagePeriods {

    /** A bill: use over local days {@code [start, end)}. */
    public record Bill(LocalDate start, LocalDate end, double use) {
        public int days() {
            return (int) ChronoUnit.DAYS.between(start, end);
        }
    }

    /** A bill's temperatures count only when more than this share of its hours have a value (CalTRACK 2.2.3.2). */
    public static final double BILL_HOURLY_COVERAGE = 0.9;

    private UsagePeriods() {
    }

    /** One period per day from {@code from}: {@code use[i]} (NaN: none) and the day's mean temperature. */
    public static List<UsagePeriod> daily(LocalDate from, double[] use, DailyTemperatures temperaturesF) {
        List<UsagePeriod> out = new ArrayList<>(use.length);
        for (int i = 0; i < use.length; i++) {
            LocalDate day = from.plusDays(i);
            out.add(UsagePeriod.day(day, use[i], temperaturesF.mean(day)));
        }
        return out;
    }

    /**
     * One period per bill, use per day = use ÷ days. Its temperatures are the means of its days that
     * had enough hours, weighted by their number; none when fewer than 90 % of the bill's hours have a
     * value (the bill then stays out of the fit).
     */
    public static List<UsagePeriod> billing(List<Bill> bills, DailyTemperatures temperaturesF) {
        List<UsagePeriod> out = new ArrayList<>(bills.size());
        for (Bill b : bills) {
            int days = b.days();
            if (days <= 0) {
                throw new IllegalArgumentException("bill from " + b.start() + " to " + b.end() + " has no days");
            }
            int hours = 0;
            List<Double> kept = new ArrayList<>(days);
            for (int d = 0; d < days; d++) {
                LocalDate day = b.start().plusDays(d);
                hours += temperaturesF.hours(day);
                double t = temperaturesF.mean(day);
                if (!Double.isNaN(t)) {
                    kept.add(t);
                }
            }
            double[] temps = hours < BILL_HOURLY_COVERAGE * days * 24 ? new double[0]
                    : kept.stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new UsagePeriod(b.start(), days, b.use() / days, temps, temps.length));
        }
        return out;
    }
}

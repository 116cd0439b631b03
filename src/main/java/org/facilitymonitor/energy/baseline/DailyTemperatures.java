package org.facilitymonitor.energy.baseline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.NavigableMap;

/**
 * Daily mean outdoor temperatures from hourly values. A day is the span from one midnight to the
 * next in {@code zone}: the site's time zone by default (what CalTRACK's text says), or UTC to
 * reproduce the reference implementation, which labels and averages days in UTC. A day's mean is
 * the mean of its hourly values; it counts only with values for more than half of its hours
 * (more than 12 of 24; of 23 or 25 on the days clocks change), else it is NaN.
 */
public final class DailyTemperatures {

    private final LocalDate from;
    private final double[] means;
    private final int[] hours;

    private DailyTemperatures(LocalDate from, double[] means, int[] hours) {
        this.from = from;
        this.means = means;
        this.hours = hours;
    }

    /**
     * @param hourly hour start → the hour's value; hours outside {@code [from, to)} are ignored
     * @param from first day
     * @param to day after the last
     */
    public static DailyTemperatures of(NavigableMap<Instant, Double> hourly, ZoneId zone, LocalDate from, LocalDate to) {
        int days = (int) ChronoUnit.DAYS.between(from, to);
        double[] means = new double[days];
        int[] counts = new int[days];
        for (int d = 0; d < days; d++) {
            Instant start = from.plusDays(d).atStartOfDay(zone).toInstant();
            Instant end = from.plusDays(d + 1).atStartOfDay(zone).toInstant();
            double sum = 0;
            int n = 0;
            for (Double v : hourly.subMap(start, true, end, false).values()) {
                if (v != null && !Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            long hoursInDay = Duration.between(start, end).toHours();
            counts[d] = n;
            means[d] = 2L * n > hoursInDay ? sum / n : Double.NaN;
        }
        return new DailyTemperatures(from, means, counts);
    }

    public static DailyTemperatures utc(NavigableMap<Instant, Double> hourly, LocalDate from, LocalDate to) {
        return of(hourly, ZoneOffset.UTC, from, to);
    }

    /** Daily means given directly (e.g. a file of daily mean temperatures). */
    public static DailyTemperatures ofMeans(LocalDate from, double[] means) {
        int[] hours = new int[means.length];
        Arrays.fill(hours, 24);
        return new DailyTemperatures(from, means.clone(), hours);
    }

    public LocalDate from() {
        return from;
    }

    public LocalDate to() {
        return from.plusDays(means.length);
    }

    public int days() {
        return means.length;
    }

    /** The mean of {@code day}, NaN without enough hours or outside the range. */
    public double mean(LocalDate day) {
        int d = (int) ChronoUnit.DAYS.between(from, day);
        return d < 0 || d >= means.length ? Double.NaN : means[d];
    }

    public int hours(LocalDate day) {
        int d = (int) ChronoUnit.DAYS.between(from, day);
        return d < 0 || d >= hours.length ? 0 : hours[d];
    }

    /** The means of {@code [start, end)}, NaN where missing. */
    public double[] means(LocalDate start, LocalDate end) {
        int n = (int) ChronoUnit.DAYS.between(start, end);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = mean(start.plusDays(i));
        }
        return out;
    }

    public int sufficientDays() {
        int n = 0;
        for (double m : means) {
            if (!Double.isNaN(m)) {
                n++;
            }
        }
        return n;
    }
}

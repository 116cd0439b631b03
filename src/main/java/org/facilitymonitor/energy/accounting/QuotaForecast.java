package org.facilitymonitor.energy.accounting;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Usage of a month to date and its month-end forecast. Only complete days count: on {@code today}
 * the days of the month before today. Forecast = usage to date + mean of the last (up to) 7
 * complete days × the days of the month still to come (today included). A month that is over is
 * its usage; a month without a complete day yet forecasts 0 more.
 */
public final class QuotaForecast {

    public static final int FORECAST_DAYS = 7;

    private QuotaForecast() {
    }

    public record Status(YearMonth month, double quota, double used, int completeDays, double forecast) {

        public boolean crossed() {
            return used > quota;
        }

        public boolean forecastToCross() {
            return forecast > quota;
        }

        public double usedShare() {
            return quota > 0 ? used / quota : Double.NaN;
        }
    }

    /** {@code daily}: the month's daily figures from its first day (index 0 = the 1st); days past the complete ones are ignored. */
    public static Status status(YearMonth month, double quota, double[] daily, LocalDate today) {
        int length = month.lengthOfMonth();
        int complete;
        if (today.isAfter(month.atEndOfMonth())) {
            complete = length;
        } else if (today.isBefore(month.atDay(1))) {
            complete = 0;
        } else {
            complete = today.getDayOfMonth() - 1;
        }
        complete = Math.min(complete, daily.length);
        double used = 0;
        for (int d = 0; d < complete; d++) {
            used += finite(daily[d]);
        }
        int window = Math.min(FORECAST_DAYS, complete);
        double recent = 0;
        for (int d = complete - window; d < complete; d++) {
            recent += finite(daily[d]);
        }
        double mean = window == 0 ? 0 : recent / window;
        double forecast = used + mean * (length - complete);
        return new Status(month, quota, used, complete, forecast);
    }

    private static double finite(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}

package org.facilitymonitor.energy.baseline;

/**
 * Degree days by the daily method: a day's heating degree days for base {@code b} are
 * {@code max(0, b − T)}, its cooling degree days {@code max(0, T − b)}, with {@code T} the day's
 * mean temperature (same unit as {@code b}).
 */
public final class DegreeDays {

    private DegreeDays() {
    }

    public static double heating(double dailyMean, double base) {
        return Math.max(0, base - dailyMean);
    }

    public static double cooling(double dailyMean, double base) {
        return Math.max(0, dailyMean - base);
    }

    /** Mean heating degree days per day over days with a temperature (NaN days skipped); NaN if none. */
    public static double meanHeating(double[] dailyMeans, double base) {
        double sum = 0;
        int n = 0;
        for (double t : dailyMeans) {
            if (!Double.isNaN(t)) {
                sum += heating(t, base);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Mean cooling degree days per day over days with a temperature (NaN days skipped); NaN if none. */
    public static double meanCooling(double[] dailyMeans, double base) {
        double sum = 0;
        int n = 0;
        for (double t : dailyMeans) {
            if (!Double.isNaN(t)) {
                sum += cooling(t, base);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}

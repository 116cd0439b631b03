package org.facilitymonitor.energy.baseline;

import java.time.LocalDate;

/**
 * One observation of a baseline or reporting period: a day, or a bill of several days.
 *
 * @param start first day
 * @param days length in days (1 for a day)
 * @param usePerDay metered use divided by {@code days} (NaN: no reading)
 * @param temperaturesF daily mean temperatures (°F) of the days that had enough hours: one for a
 *     day, up to {@code days} for a bill; empty when none
 * @param weight least-squares weight: 1 for days, the bill's days for bills
 */
public record UsagePeriod(LocalDate start, int days, double usePerDay, double[] temperaturesF, double weight) {

    public static UsagePeriod day(LocalDate day, double use, double temperatureF) {
        return new UsagePeriod(day, 1, use, Double.isNaN(temperatureF) ? new double[0] : new double[] {temperatureF}, 1);
    }

    public LocalDate end() {
        return start.plusDays(days);
    }

    public boolean hasUse() {
        return !Double.isNaN(usePerDay);
    }

    public boolean hasTemperature() {
        return temperaturesF.length > 0;
    }

    public double heatingDegreeDays(double baseF) {
        return DegreeDays.meanHeating(temperaturesF, baseF);
    }

    public double coolingDegreeDays(double baseF) {
        return DegreeDays.meanCooling(temperaturesF, baseF);
    }
}

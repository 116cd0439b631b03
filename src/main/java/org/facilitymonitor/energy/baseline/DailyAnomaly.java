package org.facilitymonitor.energy.baseline;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One day's use against the prediction of a baseline fitted on the 365 days before it: anomalous
 * when it differs from the prediction by more than {@code sigmas} standard errors, either way. The
 * standard error is the baseline's residual standard deviation, √(Σ(y − ŷ)² / (n − p)) (the
 * numerator of ASHRAE Guideline 14's CV(RMSE)); the leverage of the day's temperature is left out,
 * which understates the interval by less than 1 % for temperatures inside the baseline's range.
 */
public record DailyAnomaly(LocalDate day, String model, double temperatureF, double metered, double expected,
                           double standardError, double sigmas, boolean anomalous) {

    /** Metered minus expected: positive is excess use, negative a shortfall. */
    public double excess() {
        return metered - expected;
    }

    /** Empty when the day has no use or temperature, the baseline fails sufficiency or no model qualifies. */
    public static Optional<DailyAnomaly> check(List<UsagePeriod> baseline, UsagePeriod day, double sigmas,
                                               CaltrackFitter fitter) {
        if (!day.hasUse() || !day.hasTemperature() || !BaselineSufficiency.check(baseline).passed()) {
            return Optional.empty();
        }
        CandidateModel m = fitter.fit(baseline).selected();
        if (m == null) {
            return Optional.empty();
        }
        BaselineStatistics s = BaselineStatistics.of(m, baseline);
        double se = s.cvRmse() * s.observedMean();
        double expected = m.predictPerDay(day);
        boolean anomalous = Math.abs(day.usePerDay() - expected) > sigmas * se;
        return Optional.of(new DailyAnomaly(day.start(), m.name(), day.temperaturesF()[0], day.usePerDay(), expected, se,
                sigmas, anomalous));
    }

    /** What the alarm says, in the meter's unit. */
    public String message(String unit) {
        double c = TemperatureUnit.C.fromFahrenheit(temperatureF);
        return String.format(Locale.ROOT, "%s: used %.1f %s, the weather-normalized baseline expected %.1f %s "
                        + "(±%.1f at %.1f °C, %s); %.1f %s %s (%.1f standard errors)", day, metered, unit, expected, unit,
                sigmas * standardError, c, model, Math.abs(excess()), unit, excess() >= 0 ? "above" : "below",
                standardError == 0 ? 0 : Math.abs(excess()) / standardError);
    }
}

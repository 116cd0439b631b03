package org.facilitymonitor.energy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A day far off the baseline's prediction is anomalous either way; a normal week is not; a thin baseline says nothing. */
class DailyAnomalyTest {

    private static final LocalDate FROM = LocalDate.parse("2025-01-01");
    private final CaltrackFitter fitter = new CaltrackFitter(CaltrackFitter.Settings.daily());

    private static List<UsagePeriod> year() {
        double[] t = SyntheticMeterTest.temperatures(21);
        return new ArrayList<>(SyntheticMeterTest.meter(t, 1.0, 22));
    }

    private static UsagePeriod day(int offset, double use, double t) {
        return UsagePeriod.day(FROM.plusDays(365 + offset), use, t);
    }

    @Test
    void aWeekOfOrdinaryDaysIsNormalAndASpikeOrADropIsAnomalous() {
        List<UsagePeriod> baseline = year();
        DailyAnomaly first = DailyAnomaly.check(baseline, day(0, 40 + 1.8 * (57 - 45), 45), 3, fitter).orElseThrow();
        double se = first.standardError();
        assertThat(se).isBetween(0.8, 1.2); // the generated noise: σ = 1 kWh/day
        for (int d = 0; d < 7; d++) {
            double t = 40 + 3 * d;
            double use = 40 + 1.8 * DegreeDays.heating(t, 57) + 3.1 * DegreeDays.cooling(t, 71) + (d % 2 == 0 ? 1.5 : -1.5);
            DailyAnomaly a = DailyAnomaly.check(baseline, day(d, use, t), 3, fitter).orElseThrow();
            assertThat(a.anomalous()).as("day %d", d).isFalse();
        }
        DailyAnomaly spike = DailyAnomaly.check(baseline, day(7, 40 + 1.8 * 7 + 12, 50), 3, fitter).orElseThrow();
        assertThat(spike.anomalous()).isTrue();
        assertThat(spike.expected()).isCloseTo(40 + 1.8 * 7, within(0.5));
        assertThat(spike.excess()).isCloseTo(12, within(0.5));
        assertThat(spike.message("kWh")).startsWith("2026-01-08: used 64.6 kWh, the weather-normalized baseline expected ")
                .contains("kWh above");
        DailyAnomaly drop = DailyAnomaly.check(baseline, day(8, 40 - 10, 65), 3, fitter).orElseThrow();
        assertThat(drop.anomalous()).isTrue();
        assertThat(drop.excess()).isCloseTo(-10, within(0.5));
        assertThat(drop.message("kWh")).contains("kWh below");
    }

    @Test
    void aBaselineWithTooFewDaysOrADayWithoutATemperatureGivesNoVerdict() {
        List<UsagePeriod> baseline = year();
        for (int d = 0; d < 60; d++) {
            baseline.set(d, UsagePeriod.day(FROM.plusDays(d), Double.NaN, 50));
        }
        assertThat(DailyAnomaly.check(baseline, day(0, 100, 50), 3, fitter)).isEmpty();
        assertThat(DailyAnomaly.check(year(), day(0, 100, Double.NaN), 3, fitter)).isEmpty();
        assertThat(DailyAnomaly.check(year(), day(0, Double.NaN, 50), 3, fitter)).isEmpty();
    }
}

package org.facilitymonitor.energy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.facilitymonitor.energy.baseline.CandidateModel.Status;
import org.facilitymonitor.energy.baseline.CandidateModel.Type;
import org.junit.jupiter.api.Test;

/**
 * A meter generated here from known balance points and slopes is recovered: the balance points
 * exactly on a clean series, the slopes within 1 % with noise (σ = 1 kWh/day on a base of 40); and
 * the failures of sufficiency name their reason.
 */
class SyntheticMeterTest {

    private static final LocalDate FROM = LocalDate.parse("2025-01-01");
    private static final int H = 57;
    private static final int C = 71;
    private static final double BASE = 40;
    private static final double HEATING = 1.8;
    private static final double COOLING = 3.1;

    /** A year of daily means: a seasonal swing of 18…88 °F with day-to-day weather on top. */
    static double[] temperatures(long seed) {
        Random r = new Random(seed);
        double[] t = new double[365];
        for (int d = 0; d < t.length; d++) {
            t[d] = 53 - 35 * Math.cos(2 * Math.PI * (d - 15) / 365.0) * 0.9 + 6 * r.nextGaussian();
        }
        return t;
    }

    static List<UsagePeriod> meter(double[] t, double noise, long seed) {
        Random r = new Random(seed);
        List<UsagePeriod> out = new ArrayList<>();
        for (int d = 0; d < t.length; d++) {
            double use = BASE + HEATING * DegreeDays.heating(t[d], H) + COOLING * DegreeDays.cooling(t[d], C)
                    + noise * r.nextGaussian();
            out.add(UsagePeriod.day(FROM.plusDays(d), use, t[d]));
        }
        return out;
    }

    @Test
    void aCleanSeriesGivesItsBalancePointsExactlyAndItsCoefficients() {
        CaltrackFitter.Fit fit = new CaltrackFitter(CaltrackFitter.Settings.daily()).fit(meter(temperatures(1), 0, 2));
        CandidateModel m = fit.selected();
        assertThat(m.type()).isEqualTo(Type.HDD_CDD);
        assertThat(m.heatingBalancePointF()).isEqualTo(H);
        assertThat(m.coolingBalancePointF()).isEqualTo(C);
        assertThat(m.intercept()).isCloseTo(BASE, within(1e-9));
        assertThat(m.heatingSlope()).isCloseTo(HEATING, within(1e-9));
        assertThat(m.coolingSlope()).isCloseTo(COOLING, within(1e-9));
        assertThat(m.adjustedRSquared()).isCloseTo(1, within(1e-12));
    }

    @Test
    void aNoisySeriesGivesItsSlopesWithinOnePercent() {
        for (long seed = 10; seed < 15; seed++) {
            CandidateModel m = new CaltrackFitter(CaltrackFitter.Settings.daily())
                    .fit(meter(temperatures(seed), 1.0, seed + 100)).selected();
            assertThat(m.type()).as("seed %d", seed).isEqualTo(Type.HDD_CDD);
            assertThat(m.heatingBalancePointF()).as("seed %d", seed).isBetween(H - 1, H + 1);
            assertThat(m.coolingBalancePointF()).as("seed %d", seed).isBetween(C - 1, C + 1);
            assertThat(m.heatingSlope()).as("seed %d", seed).isCloseTo(HEATING, withPercentage(1));
            assertThat(m.coolingSlope()).as("seed %d", seed).isCloseTo(COOLING, withPercentage(1));
        }
    }

    @Test
    void summerOnlyDataLeavesTheHeatingCandidatesUnattemptedWithTheirReason() {
        List<UsagePeriod> days = new ArrayList<>();
        for (int d = 0; d < 120; d++) {
            double t = 75 + 8 * Math.sin(d / 7.0);
            days.add(UsagePeriod.day(FROM.plusDays(d), 30 + 2 * DegreeDays.cooling(t, 72), t));
        }
        CaltrackFitter.Fit fit = new CaltrackFitter(CaltrackFitter.Settings.daily()).fit(days);
        CandidateModel hdd60 = fit.candidates().stream().filter(c -> c.name().equals("hdd_only_60")).findFirst().orElseThrow();
        assertThat(hdd60.status()).isEqualTo(Status.NOT_ATTEMPTED);
        assertThat(hdd60.reason()).isEqualTo("0 periods with HDD60 above zero, fewer than 10");
        CandidateModel hdd68 = fit.candidates().stream().filter(c -> c.name().equals("hdd_only_68")).findFirst().orElseThrow();
        assertThat(hdd68.status()).isEqualTo(Status.NOT_ATTEMPTED);
        assertThat(hdd68.reason()).isEqualTo("10.5 HDD68 degree days in all, fewer than 20");
        assertThat(fit.selected().name()).isEqualTo("cdd_only_72");
    }

    @Test
    void aBaselineWithTooFewMeteredDaysFailsNamingWhy() {
        double[] t = temperatures(5);
        List<UsagePeriod> days = new ArrayList<>(meter(t, 0, 6));
        for (int d = 100; d < 160; d++) {          // 60 days without a reading
            days.set(d, UsagePeriod.day(FROM.plusDays(d), Double.NaN, t[d]));
        }
        for (int d = 200; d < 205; d++) {          // 5 days without a temperature
            days.set(d, UsagePeriod.day(FROM.plusDays(d), days.get(d).usePerDay(), Double.NaN));
        }
        BaselineSufficiency.Result r = BaselineSufficiency.check(days);
        assertThat(r.status()).isEqualTo(BaselineSufficiency.Status.FAIL);
        assertThat(r.days()).isEqualTo(365);
        assertThat(r.daysWithUse()).isEqualTo(305);
        assertThat(r.daysWithTemperature()).isEqualTo(360);
        assertThat(r.validDays()).isEqualTo(300);
        assertThat(r.findings()).extracting(BaselineSufficiency.Finding::code)
                .containsExactly("too_many_days_with_missing_data", "too_many_days_with_missing_meter_data");
        assertThat(r.reasons()).isEqualTo("300 of 365 days with both a metered use and a temperature (82.2 %), fewer than 90 %; "
                + "305 of 365 days with a metered use (83.6 %), fewer than 90 %");

        days.set(10, UsagePeriod.day(FROM.plusDays(10), -3, t[10]));
        assertThat(BaselineSufficiency.check(days).findings()).extracting(BaselineSufficiency.Finding::code)
                .contains("negative_meter_values");
        assertThat(BaselineSufficiency.check(meter(t, 0, 6)).status()).isEqualTo(BaselineSufficiency.Status.PASS);
    }
}

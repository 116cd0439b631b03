package org.facilitymonitor.energy.waste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.facilitymonitor.energy.baseline.BaselineStatistics;
import org.facilitymonitor.energy.baseline.CaltrackFitter;
import org.facilitymonitor.energy.baseline.CandidateModel;
import org.facilitymonitor.energy.baseline.DegreeDays;
import org.facilitymonitor.energy.baseline.UsagePeriod;
import org.junit.jupiter.api.Test;

class WasteFinderTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final WasteFinder.OperatingHours OFFICE = new WasteFinder.OperatingHours(
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(19, 0));

    /**
     * Four weeks of an office: 10 kWh/h always on, 40 kWh/h while open, and on weekday evenings
     * 19–23 h lights left on (+15 kWh/h): 20 evenings × 4 h × 15 kWh = 1,200 kWh above the base load.
     */
    @Test
    void lightsLeftOnInTheEveningAreAfterHoursWasteScaledToAYear() {
        LocalDate from = LocalDate.parse("2026-03-02"); // a Monday, no clock change in the 28 days
        int hours = 28 * 24;
        long[] ms = new long[hours];
        double[] kwh = new double[hours];
        for (int h = 0; h < hours; h++) {
            Instant t = from.atStartOfDay(BERLIN).toInstant().plusSeconds(3600L * h);
            LocalDateTime local = LocalDateTime.ofInstant(t, BERLIN);
            ms[h] = t.toEpochMilli();
            boolean weekday = local.getDayOfWeek().getValue() <= 5;
            int hour = local.getHour();
            kwh[h] = 10 + (weekday && hour >= 7 && hour < 19 ? 30 : 0) + (weekday && hour >= 19 && hour < 23 ? 15 : 0);
        }
        kwh[5] = Double.NaN; // a missing hour counts nowhere
        WasteFinder.Opportunity o = WasteFinder.afterHours("office-main", ms, kwh, BERLIN, OFFICE, 28).orElseThrow();
        assertThat(o.kind()).isEqualTo(WasteFinder.Kind.AFTER_HOURS);
        assertThat(o.yearlyKwh()).isCloseTo(1200 * 365.0 / 28, within(1e-9));
        assertThat(o.evidence()).contains("against a base load of 10.0 kWh/h").contains("1200 kWh above it")
                .contains("MON,TUE,WED,THU,FRI 07:00-19:00");

        double[] tidy = kwh.clone();
        for (int h = 0; h < hours; h++) {
            if (tidy[h] == 25) {
                tidy[h] = 10;
            }
        }
        assertThat(WasteFinder.afterHours("office-main", ms, tidy, BERLIN, OFFICE, 28)).as("no waste after hours").isEmpty();
    }

    @Test
    void aBaseLoadTwentyPercentHigherThanTwelveWeeksBeforeIsCreep() {
        double[] earlier = new double[28 * 24];
        double[] recent = new double[28 * 24];
        for (int h = 0; h < earlier.length; h++) {
            earlier[h] = h % 24 < 7 ? 10 : 30;
            recent[h] = h % 24 < 7 ? 12 : 30;
        }
        WasteFinder.Opportunity o = WasteFinder.baseLoadCreep("m", recent, earlier, 12).orElseThrow();
        assertThat(o.yearlyKwh()).isCloseTo(2 * 8760, within(1e-9));
        assertThat(o.evidence()).isEqualTo("base load 12.0 kWh/h now against 10.0 kWh/h 12 weeks before (+20 %)");
        for (int h = 0; h < recent.length; h++) {
            recent[h] = h % 24 < 7 ? 10.9 : 30;
        }
        assertThat(WasteFinder.baseLoadCreep("m", recent, earlier, 12)).as("+9 %, under the 10 % threshold").isEmpty();
    }

    /** A gas meter heating to 60 °F, but on 20 warm days (70 °F) its boiler also ran: 25 kWh each beyond the base load. */
    @Test
    void heatingOnWarmDaysIsWasteAboveTheBalancePoint() {
        List<UsagePeriod> year = new ArrayList<>();
        LocalDate from = LocalDate.parse("2025-01-01");
        java.util.Random r = new java.util.Random(3);
        int warmWasted = 0;
        for (int d = 0; d < 365; d++) {
            double t = 50 - 25 * Math.cos(2 * Math.PI * d / 365.0) + 3 * r.nextGaussian();
            double use = 30 + 4 * DegreeDays.heating(t, 60) + r.nextGaussian();
            if (t > 65 && warmWasted < 20) {
                use += 25;
                warmWasted++;
            }
            year.add(UsagePeriod.day(from.plusDays(d), use, t));
        }
        CandidateModel m = new CaltrackFitter(CaltrackFitter.Settings.daily().withoutCooling()).fit(year).selected();
        BaselineStatistics s = BaselineStatistics.of(m, year);
        WasteFinder.Opportunity o = WasteFinder.heatingAboveBalancePoint("gas-main", year, m, s).orElseThrow();
        assertThat(warmWasted).isEqualTo(20);
        assertThat(o.kind()).isEqualTo(WasteFinder.Kind.HEATING_ABOVE_BALANCE_POINT);
        assertThat(o.yearlyKwh()).as("about 20 × 25 kWh, less what the fit absorbed").isBetween(350.0, 520.0);
        assertThat(o.evidence()).startsWith("on ").contains("warmer than the heating balance point");
    }
}

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
import org.facilitymonitor.assets.Carrier;
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

    /**
     * Offices of 15, 10, 8 and 12 W/m² and a school of 50 W/m²: the first office's peers are the
     * other three offices (median 10 W/m²), so it wastes 5 W/m² over its 2,000 m² all year.
     */
    @Test
    void anOfficeAboveTheMedianOfOtherOfficesPerSquareMetreWastesTheDifferenceAllYear() {
        var own = new WasteFinder.BuildingBaseLoad("a", "office", 2000, 30);
        List<WasteFinder.BuildingBaseLoad> platform = List.of(own, new WasteFinder.BuildingBaseLoad("b", "office", 1000, 10),
                new WasteFinder.BuildingBaseLoad("c", "office", 3000, 24), new WasteFinder.BuildingBaseLoad("d", "office", 500, 6),
                new WasteFinder.BuildingBaseLoad("e", "school", 1000, 50));
        WasteFinder.Opportunity o = WasteFinder.peerBaseLoad(own, platform).orElseThrow();
        assertThat(o.kind()).isEqualTo(WasteFinder.Kind.PEER_BASE_LOAD);
        assertThat(o.buildingId()).isEqualTo("a");
        assertThat(o.pointId()).isNull();
        assertThat(o.yearlyKwh()).isCloseTo(5 * 2000 * 8760 / 1000.0, within(1e-9));
        assertThat(o.evidence()).isEqualTo("base load 15.00 W/m² (30.0 kW over 2000 m²) against a median of 10.00 W/m²"
                + " among 3 other office buildings (+50 %)");

        assertThat(WasteFinder.peerBaseLoad(own, platform.subList(0, 2))).as("one peer is not enough").isEmpty();
        assertThat(WasteFinder.peerBaseLoad(new WasteFinder.BuildingBaseLoad("a", "office", 2000, 21.8), platform))
                .as("10.9 W/m²: 9 % above the median").isEmpty();
        assertThat(WasteFinder.peerBaseLoad(new WasteFinder.BuildingBaseLoad("e", "school", 1000, 50), platform))
                .as("no other school").isEmpty();
    }

    /**
     * Heating 5 kWh/h, +20 kWh/h from 6 to 11 h; cooling 2 kWh/h, +8 kWh/h from 9 to 17 h: at 9 and
     * 10 h both run above their base loads and 8 kWh of each such hour fought the heating.
     */
    @Test
    void heatingAndCoolingAboveTheirBaseLoadsInTheSameHourFightEachOther() {
        ZoneId utc = ZoneId.of("UTC");
        long from = LocalDate.parse("2026-03-02").atStartOfDay(utc).toInstant().toEpochMilli();
        int hours = 28 * 24;
        long[] ms = new long[hours];
        double[] heating = new double[hours];
        double[] cooling = new double[hours];
        double[] afternoonCooling = new double[hours];
        for (int h = 0; h < hours; h++) {
            ms[h] = from + h * 3_600_000L;
            int hour = h % 24;
            heating[h] = 5 + (hour >= 6 && hour < 11 ? 20 : 0);
            cooling[h] = 2 + (hour >= 9 && hour < 17 ? 8 : 0);
            afternoonCooling[h] = 2 + (hour >= 12 && hour < 17 ? 8 : 0);
        }
        heating[9] = Double.NaN; // the first day's 9 h has no heating figure: no overlap known
        WasteFinder.Opportunity o = WasteFinder.simultaneousHeatingCooling("lab", Carrier.ELECTRICITY, ms, heating, cooling,
                utc, 28).orElseThrow();
        assertThat(o.kind()).isEqualTo(WasteFinder.Kind.SIMULTANEOUS_HEATING_COOLING);
        assertThat(o.carrier()).isEqualTo(Carrier.ELECTRICITY);
        assertThat(o.yearlyKwh()).isCloseTo(55 * 8 * 365.0 / 28, within(1e-9));
        assertThat(o.evidence()).isEqualTo("in 55 hours of the last 28 days (the first at 2026-03-02 10:00) heating and"
                + " cooling both ran above their base loads (5.0 and 2.0 kWh/h): heating 1100 kWh and cooling 440 kWh above"
                + " them, 440 kWh of which fought each other (the smaller excess of each hour)");
        assertThat(WasteFinder.simultaneousHeatingCooling("lab", Carrier.ELECTRICITY, ms, heating, afternoonCooling, utc, 28))
                .as("cooling only after the heating stopped").isEmpty();
    }

    /**
     * 30 kW at night, 50 kW from 8 to 18 h (the 95th percentile hour), and three peaks of 100, 80 and
     * 70 kW: 100 kW is twice the 95th percentile, and 100 kWh lie above it.
     */
    @Test
    void aPeakTwiceTheNinetyFifthPercentileHourIsDemandToShift() {
        ZoneId utc = ZoneId.of("UTC");
        long from = LocalDate.parse("2026-03-02").atStartOfDay(utc).toInstant().toEpochMilli();
        int hours = 28 * 24;
        long[] ms = new long[hours];
        double[] kwh = new double[hours];
        for (int h = 0; h < hours; h++) {
            ms[h] = from + h * 3_600_000L;
            kwh[h] = h % 24 >= 8 && h % 24 < 18 ? 50 : 30;
        }
        int peakHour = 8 * 24 + 11;
        kwh[peakHour] = 100;
        kwh[peakHour + 1] = 80;
        kwh[15 * 24 + 10] = 70;
        WasteFinder.Opportunity o = WasteFinder.peakDemand("main", ms, kwh, utc, 1.5, 28).orElseThrow();
        assertThat(o.kind()).isEqualTo(WasteFinder.Kind.PEAK_DEMAND);
        assertThat(o.yearlyKwh()).isCloseTo(100 * 365.0 / 28, within(1e-9));
        assertThat(o.peakReductionKw()).isCloseTo(50, within(1e-9));
        assertThat(o.evidence()).isEqualTo("highest hourly demand 100.0 kW at 2026-03-10 11:00, 2.0 × the 95th percentile"
                + " hour of 50.0 kW; 3 hours of the last 28 days exceeded it, by 100 kWh in all (energy to shift)");

        kwh[peakHour] = 74;
        kwh[peakHour + 1] = 74;
        assertThat(WasteFinder.peakDemand("main", ms, kwh, utc, 1.5, 28)).as("74 kW: under 1.5 × 50 kW").isEmpty();
    }
}

package org.facilitymonitor.energy.tariffs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.energy.tariffs.Consumption.bump;
import static org.facilitymonitor.energy.tariffs.Consumption.perHour;
import static org.facilitymonitor.energy.tariffs.Consumption.readings;
import static org.facilitymonitor.energy.tariffs.Consumption.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.junit.jupiter.api.Test;

/** Every figure computed by hand: rates of 6 kWh/h (1 kWh per 10 minutes) keep the quantities exact doubles. */
class TariffCalculatorTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Summer (Jul–Sep) with a critical peak at noon, the rest of the year without; the valley ends at 07:10.
     * Workday rest: valley 00:00–07:10 and 22:00–24:00, flat 07:10–11:00 and 13:00–22:00, peak 11:00–13:00.
     */
    static final String TIME_OF_USE = """
            {"seasons": [
              {"name": "rest", "fromMonth": 10, "toMonth": 6,
               "prices": {"VALLEY": 0.30, "FLAT": 0.60, "PEAK": 0.90},
               "days": {
                 "WORKDAY": [{"from": "00:00", "to": "07:10", "period": "VALLEY"},
                             {"from": "07:10", "to": "11:00", "period": "FLAT"},
                             {"from": "11:00", "to": "13:00", "period": "PEAK"},
                             {"from": "13:00", "to": "22:00", "period": "FLAT"},
                             {"from": "22:00", "to": "24:00", "period": "VALLEY"}],
                 "WEEKEND": [{"from": "00:00", "to": "08:00", "period": "VALLEY"},
                             {"from": "08:00", "to": "24:00", "period": "FLAT"}]}},
              {"name": "summer", "fromMonth": 7, "toMonth": 9,
               "prices": {"VALLEY": 0.35, "FLAT": 0.70, "PEAK": 1.10, "CRITICAL_PEAK": 1.50},
               "days": {
                 "WORKDAY": [{"from": "00:00", "to": "07:10", "period": "VALLEY"},
                             {"from": "07:10", "to": "11:00", "period": "FLAT"},
                             {"from": "11:00", "to": "12:00", "period": "PEAK"},
                             {"from": "12:00", "to": "13:00", "period": "CRITICAL_PEAK"},
                             {"from": "13:00", "to": "22:00", "period": "FLAT"},
                             {"from": "22:00", "to": "24:00", "period": "VALLEY"}],
                 "WEEKEND": [{"from": "00:00", "to": "24:00", "period": "FLAT"}]}}],
             "fixedMonthlyCharge": 31}
            """;

    static final String FLAT_080 = """
            {"seasons": [{"name": "all year", "fromMonth": 1, "toMonth": 12, "prices": {"FLAT": 0.80},
              "days": {"WORKDAY": [{"from": "00:00", "to": "24:00", "period": "FLAT"}]}}],
             "fixedMonthlyCharge": 62}
            """;

    static TariffDefinition definition(String json, Carrier carrier) {
        try {
            TariffDefinitionParser.Result r = TariffDefinitionParser.parse(JSON.readTree(json), carrier);
            assertThat(r.errors()).isEmpty();
            return r.definition();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TariffCalculator electricity(HolidayCalendar holidays, TariffVersion... versions) {
        return new TariffCalculator(BERLIN, Carrier.ELECTRICITY, List.of(versions), holidays);
    }

    static TariffVersion version(String validFrom, String json, Carrier carrier) {
        return new TariffVersion(LocalDate.parse(validFrom), definition(json, carrier));
    }

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BERLIN).toInstant();
    }

    static void assertMoney(BigDecimal actual, String expected) {
        assertThat(actual).isEqualByComparingTo(expected);
    }

    static CostLine line(List<CostLine> lines, String item, String season) {
        return lines.stream().filter(l -> l.item().equals(item) && (season == null || season.equals(l.season())))
                .findFirst().orElseThrow(() -> new AssertionError("no line " + item + " " + season + " in " + lines));
    }

    @Test
    void aPeriodBoundaryInsideAQuarterHourSplitsItsReadingsLinearly() {
        TariffCalculator tariff = electricity(HolidayCalendar.NONE, version("2027-01-01", TIME_OF_USE, Carrier.ELECTRICITY));
        // Wednesday 13 January: readings at 06:50 (97), 07:05 (100), 07:20 (106); the valley ends at 07:10.
        ConsumptionFunction f = readings(Map.of(local("2027-01-13T06:50"), 97.0, local("2027-01-13T07:05"), 100.0,
                local("2027-01-13T07:20"), 106.0));

        IntervalCost cost = tariff.cost(f, local("2027-01-13T07:00"), local("2027-01-13T07:15"));

        // 07:00–07:05 at 0.2/min = 1, 07:05–07:10 at 0.4/min = 2 (valley 3); 07:10–07:15 = 2 (flat)
        assertThat(cost.quantity()).isEqualTo(5.0);
        assertThat(cost.lines()).hasSize(2);
        assertThat(line(cost.lines(), "VALLEY", "rest").quantity()).isEqualTo(3.0);
        assertMoney(line(cost.lines(), "VALLEY", "rest").amount(), "0.90");
        assertThat(line(cost.lines(), "FLAT", "rest").quantity()).isEqualTo(2.0);
        assertMoney(line(cost.lines(), "FLAT", "rest").amount(), "1.20");
        assertMoney(cost.amount(), "2.10");
        assertThat(tariff.slices(local("2027-01-13T07:00"), local("2027-01-13T07:15")))
                .extracting(Slice::from, Slice::to, Slice::period)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(local("2027-01-13T07:00"), local("2027-01-13T07:10"), Period.VALLEY),
                        org.assertj.core.groups.Tuple.tuple(local("2027-01-13T07:10"), local("2027-01-13T07:15"), Period.FLAT));
    }

    @Test
    void criticalPeakOnASummerWorkday() {
        TariffCalculator tariff = electricity(HolidayCalendar.NONE, version("2027-01-01", TIME_OF_USE, Carrier.ELECTRICITY));
        ConsumptionFunction f = perHour(6);

        IntervalCost noon = tariff.cost(f, local("2027-07-14T11:50"), local("2027-07-14T12:10"));
        assertMoney(line(noon.lines(), "PEAK", "summer").amount(), "1.10");
        assertMoney(line(noon.lines(), "CRITICAL_PEAK", "summer").amount(), "1.50");
        assertMoney(noon.amount(), "2.60");

        // Wednesday 14 July: valley 9 h 10 min = 55 kWh, flat 12 h 50 min = 77 kWh, peak 6, critical peak 6
        IntervalCost day = tariff.cost(f, local("2027-07-14T00:00"), local("2027-07-15T00:00"));
        assertThat(day.quantity()).isEqualTo(144.0);
        assertThat(line(day.lines(), "VALLEY", "summer").quantity()).isEqualTo(55.0);
        assertThat(line(day.lines(), "FLAT", "summer").quantity()).isEqualTo(77.0);
        assertThat(line(day.lines(), "CRITICAL_PEAK", "summer").quantity()).isEqualTo(6.0);
        assertMoney(day.amount(), "88.75"); // 19.25 + 53.90 + 6.60 + 9.00
    }

    @Test
    void weekendHolidayAndSwappedWorkday() {
        HolidayCalendar calendar = new HolidayCalendar(Map.of(LocalDate.parse("2027-01-06"), HolidayKind.HOLIDAY,
                LocalDate.parse("2027-01-17"), HolidayKind.WORKDAY));
        TariffCalculator tariff = electricity(calendar, version("2027-01-01", TIME_OF_USE, Carrier.ELECTRICITY));
        ConsumptionFunction f = perHour(6);

        // workday: valley 55 × 0.30 + flat 77 × 0.60 + peak 12 × 0.90 = 16.50 + 46.20 + 10.80
        assertMoney(dayCost(tariff, f, "2027-01-13"), "73.50");
        // weekend: valley 48 × 0.30 + flat 96 × 0.60 = 14.40 + 57.60
        assertMoney(dayCost(tariff, f, "2027-01-16"), "72.00");
        // Wednesday 6 January is a holiday: the weekend schedule (no HOLIDAY schedule given)
        assertMoney(dayCost(tariff, f, "2027-01-06"), "72.00");
        assertThat(tariff.slices(local("2027-01-06T00:00"), local("2027-01-06T01:00")).get(0).dayType())
                .isEqualTo(DayType.HOLIDAY);
        // Sunday 17 January is a swapped working day
        assertMoney(dayCost(tariff, f, "2027-01-17"), "73.50");
        assertThat(tariff.slices(local("2027-01-17T00:00"), local("2027-01-17T01:00")).get(0).dayType())
                .isEqualTo(DayType.WORKDAY);
    }

    @Test
    void seasonSwitchAtMidnight() {
        TariffCalculator tariff = electricity(HolidayCalendar.NONE, version("2027-01-01", TIME_OF_USE, Carrier.ELECTRICITY));

        IntervalCost night = tariff.cost(perHour(6), local("2027-06-30T22:00"), local("2027-07-01T02:00"));

        assertThat(line(night.lines(), "VALLEY", "rest").quantity()).isEqualTo(12.0);
        assertMoney(line(night.lines(), "VALLEY", "rest").amount(), "3.60");
        assertThat(line(night.lines(), "VALLEY", "summer").quantity()).isEqualTo(12.0);
        assertMoney(line(night.lines(), "VALLEY", "summer").amount(), "4.20");
        assertMoney(night.amount(), "7.80");
    }

    @Test
    void aVersionChangeMidMonthLeavesEarlierCostsAlone() {
        TariffVersion first = version("2027-01-01", TIME_OF_USE, Carrier.ELECTRICITY);
        TariffCalculator before = electricity(HolidayCalendar.NONE, first);
        TariffCalculator after = electricity(HolidayCalendar.NONE, first, version("2027-01-15", FLAT_080, Carrier.ELECTRICITY));
        ConsumptionFunction f = perHour(6);

        List<Instant> grid = TariffCalculator.quarterHours(local("2027-01-01T00:00"), local("2027-01-15T00:00"));
        assertThat(after.costs(f, grid)).isEqualTo(before.costs(f, grid));
        assertMoney(dayCost(after, f, "2027-01-15"), "115.20"); // 144 × 0.80

        MonthlyBill bill = after.bill(f, YearMonth.of(2027, 1));
        assertThat(bill.quantity()).isEqualTo(4464.0); // 31 × 144
        // 1–14 January (Friday 1st): 10 workdays × 73.50 + 4 weekend days × 72.00 = 1023.00 under the first version
        BigDecimal firstEnergy = bill.lines().stream().filter(l -> l.version().equals(first.validFrom())
                && l.kind() == LineKind.PERIOD).map(CostLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertMoney(firstEnergy, "1023.00");
        CostLine secondEnergy = bill.lines().stream().filter(l -> l.version().equals(LocalDate.parse("2027-01-15"))
                && l.kind() == LineKind.PERIOD).findFirst().orElseThrow();
        assertThat(secondEnergy.quantity()).isEqualTo(2448.0); // 17 days × 144
        assertMoney(secondEnergy.amount(), "1958.40");
        // fixed charges by share of the month's days: 31 × 14/31 and 62 × 17/31
        assertThat(bill.lines()).filteredOn(l -> l.kind() == LineKind.FIXED).extracting(CostLine::amount)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("14"), new BigDecimal("34"));
        assertMoney(bill.total(), "3029.40");
        assertMoney(bill.totalRounded(), "3029.40");
    }

    @Test
    void tieredWaterCrossesTiersMidMonth() {
        String tiers = """
                {"tiers": [{"upTo": 20, "price": 3.00}, {"upTo": 30, "price": 4.00}, {"price": 5.00}],
                 "fixedMonthlyCharge": 10}
                """;
        TariffCalculator water = new TariffCalculator(BERLIN, Carrier.WATER,
                List.of(version("2027-01-01", tiers, Carrier.WATER)), HolidayCalendar.NONE);
        // 19.5 m³ by 11 February 18:00, then 2 m³ in 6 hours (20 reached at 19:30), 20 m³ in the 17 days to 1 March
        // (30 reached 8.5/20 × 17 days = 7 days 5 h 24 min later: 19 February 05:24)
        ConsumptionFunction f = readings(Map.of(local("2027-02-01T00:00"), 0.0, local("2027-02-11T06:00"), 19.0,
                local("2027-02-11T18:00"), 19.5, local("2027-02-12T00:00"), 21.5, local("2027-03-01T00:00"), 41.5));

        MonthlyBill bill = water.bill(f, YearMonth.of(2027, 2));

        assertThat(bill.quantity()).isCloseTo(41.5, within(1e-12));
        assertThat(line(bill.lines(), "tier 1", null).quantity()).isCloseTo(20.0, within(1e-12));
        assertThat(line(bill.lines(), "tier 2", null).quantity()).isCloseTo(10.0, within(1e-12));
        assertThat(line(bill.lines(), "tier 3", null).quantity()).isCloseTo(11.5, within(1e-12));
        assertThat(bill.total()).isCloseTo(new BigDecimal("167.50"), within(new BigDecimal("1e-9"))); // 60 + 40 + 57.50 + 10
        assertMoney(bill.totalRounded(), "167.50");
        assertThat(bill.tierCrossings()).hasSize(2);
        assertThat(Duration.between(local("2027-02-11T19:30"), bill.tierCrossings().get(0).at()).abs())
                .isLessThanOrEqualTo(Duration.ofNanos(1000));
        assertThat(bill.tierCrossings().get(0).tier()).isEqualTo(2);
        assertThat(Duration.between(local("2027-02-19T05:24"), bill.tierCrossings().get(1).at()).abs())
                .isLessThanOrEqualTo(Duration.ofNanos(1000));

        // Priced quarter hour by quarter hour, the month costs the same energy as the bill.
        List<IntervalCost> quarters = water.costs(f, TariffCalculator.quarterHours(bill.from(), bill.to()));
        BigDecimal energy = quarters.stream().map(IntervalCost::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(energy).isCloseTo(new BigDecimal("157.50"), within(new BigDecimal("1e-9")));
        // the quarter hour 19:15–19:30 ends exactly at the crossing: all tier 1; 19:30–19:45 all tier 2
        IntervalCost before = quarters.stream().filter(q -> q.from().equals(local("2027-02-11T19:15"))).findFirst().orElseThrow();
        assertThat(before.lines()).extracting(CostLine::item).containsExactly("tier 1");
        IntervalCost after = quarters.stream().filter(q -> q.from().equals(local("2027-02-11T19:30"))).findFirst().orElseThrow();
        assertThat(after.lines()).extracting(CostLine::item).containsExactly("tier 2");
        assertThat(after.amount()).isCloseTo(new BigDecimal(1.0 / 12 * 4), within(new BigDecimal("1e-12")));
    }

    @Test
    void demandChargeOnTheMonthsHighestQuarterHour() {
        String flatWithDemand = """
                {"seasons": [{"name": "all year", "fromMonth": 1, "toMonth": 12, "prices": {"FLAT": 0.50},
                  "days": {"WORKDAY": [{"from": "00:00", "to": "24:00", "period": "FLAT"}]}}],
                 "demandChargePerKw": 20}
                """;
        TariffCalculator tariff = electricity(HolidayCalendar.NONE, version("2027-01-01", flatWithDemand, Carrier.ELECTRICITY));
        // 2 kWh/h all month (2 kW), plus 3 kWh spread over 10:05–10:20 on 20 January
        ConsumptionFunction f = sum(perHour(2), bump(local("2027-01-20T10:05"), local("2027-01-20T10:20"), 3.0));

        MonthlyBill bill = tariff.bill(f, YearMonth.of(2027, 1));

        // 10:00–10:15: 0.5 + 2 = 2.5 kWh → 10 kW; 10:15–10:30: 0.5 + 1 → 6 kW
        assertThat(bill.peakDemandKw()).isEqualTo(10.0);
        assertThat(bill.peakDemandAt()).isEqualTo(local("2027-01-20T10:00"));
        CostLine demand = line(bill.lines(), "demand", null);
        assertThat(demand.quantity()).isEqualTo(10.0);
        assertMoney(demand.amount(), "200");
        assertThat(bill.quantity()).isEqualTo(1491.0); // 31 × 24 × 2 + 3
        assertMoney(bill.total(), "945.50"); // 745.50 + 200
    }

    static final String DST = """
            {"seasons": [{"name": "all year", "fromMonth": 1, "toMonth": 12,
              "prices": {"VALLEY": 0.30, "PEAK": 0.90, "FLAT": 0.60},
              "days": {"WORKDAY": [{"from": "00:00", "to": "02:30", "period": "VALLEY"},
                                   {"from": "02:30", "to": "03:00", "period": "PEAK"},
                                   {"from": "03:00", "to": "24:00", "period": "FLAT"}]}}]}
            """;

    @Test
    void springForwardDayHas23HoursAndNoTimeInTheSkippedHour() {
        TariffCalculator tariff = electricity(HolidayCalendar.NONE, version("2027-01-01", DST, Carrier.ELECTRICITY));

        IntervalCost day = tariff.cost(perHour(6), local("2027-03-28T00:00"), local("2027-03-29T00:00"));

        assertThat(day.quantity()).isEqualTo(138.0); // 23 h
        assertThat(line(day.lines(), "VALLEY", null).quantity()).isEqualTo(12.0); // 00:00–02:00 CET
        assertThat(day.lines()).extracting(CostLine::item).doesNotContain("PEAK"); // 02:30–03:00 does not exist
        assertThat(line(day.lines(), "FLAT", null).quantity()).isEqualTo(126.0); // 03:00–24:00 CEST
        assertMoney(day.amount(), "79.20");
        assertThat(tariff.slices(local("2027-03-28T00:00"), local("2027-03-29T00:00")))
                .extracting(Slice::from, Slice::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-03-27T23:00:00Z"), Instant.parse("2027-03-28T01:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-03-28T01:00:00Z"), Instant.parse("2027-03-28T22:00:00Z")));
    }

    @Test
    void fallBackDayHas25HoursAndTheRepeatedHourTwice() {
        TariffCalculator tariff = electricity(HolidayCalendar.NONE, version("2027-01-01", DST, Carrier.ELECTRICITY));

        IntervalCost day = tariff.cost(perHour(6), local("2027-10-31T00:00"), local("2027-11-01T00:00"));

        assertThat(day.quantity()).isEqualTo(150.0); // 25 h
        assertThat(line(day.lines(), "VALLEY", null).quantity()).isEqualTo(18.0); // 2.5 h CEST + 0.5 h CET
        assertThat(line(day.lines(), "PEAK", null).quantity()).isEqualTo(6.0); // 02:30–03:00 twice
        assertThat(line(day.lines(), "FLAT", null).quantity()).isEqualTo(126.0);
        assertMoney(day.amount(), "86.40"); // 5.40 + 5.40 + 75.60
        assertThat(tariff.slices(local("2027-10-31T00:00"), local("2027-11-01T00:00")))
                .extracting(Slice::from, Slice::to, Slice::period)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-10-30T22:00:00Z"), Instant.parse("2027-10-31T00:30:00Z"), Period.VALLEY),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-10-31T00:30:00Z"), Instant.parse("2027-10-31T01:00:00Z"), Period.PEAK),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-10-31T01:00:00Z"), Instant.parse("2027-10-31T01:30:00Z"), Period.VALLEY),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-10-31T01:30:00Z"), Instant.parse("2027-10-31T02:00:00Z"), Period.PEAK),
                        org.assertj.core.groups.Tuple.tuple(Instant.parse("2027-10-31T02:00:00Z"), Instant.parse("2027-10-31T23:00:00Z"), Period.FLAT));
        // the month's demand grid has 4 quarter hours more on that day: 31 × 96 + 4 quarter hours
        assertThat(TariffCalculator.quarterHours(tariff.startOf(YearMonth.of(2027, 10)), tariff.startOf(YearMonth.of(2027, 11))))
                .hasSize(31 * 96 + 4 + 1);
    }

    @Test
    void daysBeforeTheFirstVersionAreUnpriced() {
        TariffCalculator tariff = electricity(HolidayCalendar.NONE, version("2027-01-15", FLAT_080, Carrier.ELECTRICITY));

        IntervalCost cost = tariff.cost(perHour(6), local("2027-01-14T12:00"), local("2027-01-15T12:00"));

        assertThat(cost.quantity()).isEqualTo(144.0);
        assertThat(cost.unpricedQuantity()).isEqualTo(72.0);
        assertMoney(cost.amount(), "57.60"); // 72 × 0.80
    }

    @Test
    void intervalsOfAnyLengthAddUpToTheMonth() {
        TariffCalculator tariff = electricity(new HolidayCalendar(Map.of(LocalDate.parse("2027-01-06"), HolidayKind.HOLIDAY)),
                version("2027-01-01", TIME_OF_USE, Carrier.ELECTRICITY), version("2027-01-15", FLAT_080, Carrier.ELECTRICITY));
        java.util.Random random = new java.util.Random(9);
        Map<Instant, Double> readings = new java.util.HashMap<>();
        double register = 0;
        for (Instant t = local("2026-12-31T23:53"); t.isBefore(local("2027-02-01T00:07")); t = t.plusSeconds(420)) {
            readings.put(t, register);
            register += random.nextInt(5) * 0.25;
        }
        ConsumptionFunction f = readings(readings);
        MonthlyBill bill = tariff.bill(f, YearMonth.of(2027, 1));
        List<Instant> boundaries = new java.util.ArrayList<>();
        for (Instant t = bill.from(); t.isBefore(bill.to()); t = t.plusSeconds(60 + random.nextInt(7200))) {
            boundaries.add(t);
        }
        boundaries.add(bill.to());

        List<IntervalCost> costs = tariff.costs(f, boundaries);

        BigDecimal energy = bill.lines().stream().filter(l -> l.kind() == LineKind.PERIOD).map(CostLine::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(costs.stream().map(IntervalCost::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isCloseTo(energy, within(new BigDecimal("1e-9")));
        assertThat(costs.stream().mapToDouble(IntervalCost::quantity).sum()).isCloseTo(bill.quantity(), within(1e-9));
        assertThat(bill.quantity()).isCloseTo(f.between(bill.from(), bill.to()), within(1e-9));
    }

    static BigDecimal dayCost(TariffCalculator tariff, ConsumptionFunction f, String day) {
        LocalDate d = LocalDate.parse(day);
        return tariff.cost(f, tariff.startOf(d), tariff.startOf(d.plusDays(1))).amount();
    }

    static JsonNode tree(String json) throws java.io.IOException {
        return JSON.readTree(json);
    }
}

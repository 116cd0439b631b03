package org.facilitymonitor.energy.waste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.facilitymonitor.alarms.AlarmService;
import org.facilitymonitor.energy.anomalies.AnomalyService;
import org.facilitymonitor.rules.RuleKind;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.FlatTariff;
import org.facilitymonitor.testing.OfficeHours;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Where the waste is, over REST, from hourly figures written in the rollup's schema for a site of
 * its own: an office meter whose base load grew from 10 to 12 kWh/h twelve weeks after the earlier
 * window and whose lights stay on weekday evenings 19–23 h in the last four weeks (+25 kWh/h). The
 * two opportunities are ranked by yearly kWh and priced with a flat tariff of 0.25 EUR/kWh.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class WasteOpportunitiesTest {

    private static final String SITE = """
            site: {id: waste-campus, name: Waste campus, timezone: Europe/Berlin}
            buildings: [{id: waste-office, name: Office}]
            assets:
              - {id: waste-office-meter, name: Office main meter, kind: Building_Electrical_Meter, building: waste-office,
                 points: [{id: waste-office-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
            """;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate TO = LocalDate.parse("2026-06-03"); // a Wednesday: the last day is a Tuesday

    @Inject
    TelemetryWriter writer;
    @Inject
    AnomalyService anomalies;
    @Inject
    AlarmService alarmService;

    /**
     * The daily checks on the same figures: five weeks before the end, a weekday without the evening
     * lights is normal after hours (and too early for a creep verdict); the last day raises one
     * after-hours alarm and one creep alarm, with the figures the finder gives on the written hours.
     */
    private void theDailyChecksRaiseAfterHoursUseAndCreepOnTheLastDayOnly(List<String> lines) {
        double[] kwh = lines.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf("value=") + 6, l.indexOf(',', l.indexOf("value="))))).toArray();
        long[] ms = lines.stream().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).toArray();
        WasteFinder.OperatingHours hours = new WasteFinder.OperatingHours(
                java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY), java.time.LocalTime.of(7, 0),
                java.time.LocalTime.of(19, 0));

        LocalDate normalDay = TO.minusDays(35);
        assertThat(normalDay.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
        var early = anomalies.checkAll("waste-campus", normalDay).hourly();
        var after = early.stream().filter(o -> o.kind() == RuleKind.AFTER_HOURS_USE).findFirst().orElseThrow();
        assertThat(after.anomalous()).isFalse();
        assertThat(after.action()).isEqualTo("NORMAL");
        assertThat(after.message()).isEqualTo(atFlatPrice(expected(normalDay, ms, kwh, hours)));
        assertThat(early).noneMatch(o -> o.kind() == RuleKind.BASE_LOAD_CREEP);
        assertThat(alarmService.countForRule(after.ruleId())).isZero();

        LocalDate last = TO.minusDays(1);
        var late = anomalies.checkAll("waste-campus", last).hourly();
        var lastAfter = late.stream().filter(o -> o.kind() == RuleKind.AFTER_HOURS_USE).findFirst().orElseThrow();
        WasteFinder.AfterHoursDay direct = expected(last, ms, kwh, hours);
        assertThat(direct.anomalous()).as("the test's own figures show the lights left on").isTrue();
        assertThat(lastAfter.message()).isEqualTo(atFlatPrice(direct));
        assertThat(lastAfter.message()).endsWith(String.format(java.util.Locale.ROOT, ", %.2f EUR", 0.25 * direct.excess()));
        assertThat(lastAfter.action()).isEqualTo(direct.anomalous() ? "RAISED" : "NORMAL");
        var creep = late.stream().filter(o -> o.kind() == RuleKind.BASE_LOAD_CREEP).findFirst().orElseThrow();
        assertThat(creep.anomalous()).isTrue();
        assertThat(creep.action()).isEqualTo("RAISED");
        assertThat(creep.message()).isEqualTo("base load 12.0 kWh/h lately against 10.0 kWh/h 12 weeks before (+20 %): 17520 kWh a year,"
                + " 4380.00 EUR a year");
        assertThat(alarmService.countForRule(creep.ruleId())).isEqualTo(1);
        assertThat(anomalies.checkAll("waste-campus", last).hourly().stream().filter(o -> o.kind() == RuleKind.BASE_LOAD_CREEP)
                .findFirst().orElseThrow().action()).isEqualTo("ALREADY_ACTIVE");
    }

    /** The finder's message with the excess priced at the test's flat 0.25 EUR/kWh, as the check appends it. */
    private static String atFlatPrice(WasteFinder.AfterHoursDay day) {
        return day.message() + (day.excess() > 0 ? String.format(java.util.Locale.ROOT, ", %.2f EUR", 0.25 * day.excess()) : "");
    }

    private static WasteFinder.AfterHoursDay expected(LocalDate day, long[] ms, double[] kwh, WasteFinder.OperatingHours hours) {
        int start = java.util.Arrays.binarySearch(ms, day.atStartOfDay(BERLIN).toInstant().toEpochMilli());
        int end = java.util.Arrays.binarySearch(ms, day.plusDays(1).atStartOfDay(BERLIN).toInstant().toEpochMilli());
        end = end < 0 ? ms.length : end;
        int history = java.util.Arrays.binarySearch(ms, day.minusDays(28).atStartOfDay(BERLIN).toInstant().toEpochMilli());
        return WasteFinder.afterHoursDay(day, java.util.Arrays.copyOfRange(ms, start, end), java.util.Arrays.copyOfRange(kwh, start, end),
                java.util.Arrays.copyOfRange(kwh, history, start), BERLIN, hours, 0.5).orElseThrow();
    }

    @Test
    void creepAndLightsLeftOnAreRankedWithTheirYearlyKwhAndCost() throws Exception {
        given().contentType("application/yaml").body(SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        FlatTariff.electricity("waste-campus", 0.25, "2026-01-01");

        List<String> lines = OfficeHours.lightsLeftOnAndCreep(
                "asset=waste-office-meter,building=waste-office,carrier=electricity,point=waste-office-energy,site=waste-campus",
                TO, BERLIN);
        writer.write(lines);

        JsonPath json = givenDoubles().queryParam("to", TO.toString()).get("/api/energy/sites/waste-campus/opportunities")
                .then().statusCode(200).extract().jsonPath();
        assertThat(json.getInt("metersLookedAt")).isEqualTo(1);
        assertThat(json.getList("opportunities")).hasSize(2);
        // 20 weekday evenings of the last 28 days × 4 h × 25 kWh above the 12 kWh/h base load, first
        assertThat(json.getString("opportunities[0].kind")).isEqualTo("AFTER_HOURS");
        assertThat(json.getDouble("opportunities[0].yearlyKwh")).isCloseTo(2000 * 365.0 / 28, within(1e-6));
        assertThat(json.getDouble("opportunities[0].yearlyCost")).isCloseTo(0.25 * 2000 * 365.0 / 28, within(0.005));
        assertThat(json.getString("opportunities[0].currency")).isEqualTo("EUR");
        assertThat(json.getString("opportunities[0].buildingId")).isEqualTo("waste-office");
        assertThat(json.getString("opportunities[1].kind")).isEqualTo("BASE_LOAD_CREEP");
        assertThat(json.getDouble("opportunities[1].yearlyKwh")).isCloseTo(2 * 8760, within(1e-6));
        assertThat(json.getDouble("opportunities[1].yearlyCost")).isCloseTo(0.25 * 2 * 8760, within(0.005));
        assertThat(json.getInt("opportunities[1].rank")).isEqualTo(2);
        assertThat(json.getDouble("totalYearlyKwh")).isCloseTo(2 * 8760 + 2000 * 365.0 / 28, within(1e-6));

        theDailyChecksRaiseAfterHoursUseAndCreepOnTheLastDayOnly(lines);

        given().get("/api/energy/sites/no-such-site/opportunities").then().statusCode(404);
        given().queryParam("to", "June").get("/api/energy/sites/waste-campus/opportunities").then().statusCode(422);
    }
}

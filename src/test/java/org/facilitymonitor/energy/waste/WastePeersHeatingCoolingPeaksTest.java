package org.facilitymonitor.energy.waste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.FlatTariff;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Where the waste is, for buildings, over REST, from 28 days of hourly figures written in the
 * rollup's schema (Europe/Berlin, no clock change):
 * <ul>
 * <li>an office of 2,000 m² imported with a base load of 30 kW (15 W/m²) against two offices of
 *     another site, set over REST, of 10 W/m² and 12 W/m² (median 11 W/m²);</li>
 * <li>its main meter peaks at 90, 60 and 48 kW in three working hours (95th percentile 30 kW), under
 *     a tariff of 0.25 EUR/kWh and 10 EUR/kW a month of demand;</li>
 * <li>a lab whose boiler runs 7–11 h and whose chiller runs 9–17 h on weekdays: at 9 and 10 h both
 *     run, the chiller 8 kWh above its base load, the boiler 20; the lab has no peer lab.</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class WastePeersHeatingCoolingPeaksTest {

    private static final String CAMPUS = """
            site: {id: peer-campus, name: Peer campus, timezone: Europe/Berlin}
            buildings:
              - {id: peer-office, name: Office, floorAreaM2: 2000, useType: " Office "}
              - {id: peer-lab, name: Lab, floorAreaM2: 1000, useType: lab}
            assets:
              - {id: peer-office-meter, name: Office main meter, kind: Building_Electrical_Meter, building: peer-office,
                 points: [{id: peer-office-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
              - {id: peer-lab-meter, name: Lab main meter, kind: Building_Electrical_Meter, building: peer-lab,
                 points: [{id: peer-lab-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
              - {id: peer-lab-chiller, name: Lab chiller, kind: Chiller, building: peer-lab, parent: peer-lab-meter,
                 points: [{id: peer-lab-chiller-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
              - {id: peer-lab-boiler, name: Lab boiler, kind: Boiler, building: peer-lab,
                 points: [{id: peer-lab-boiler-heat, name: Q, quantity: heat, unit: kWh, kind: cumulative,
                           measurement: heating, field: heat_kwh, carrier: heat}]}
            """;
    private static final String ELSEWHERE = """
            site: {id: peer-elsewhere, name: Elsewhere, timezone: Europe/Berlin}
            buildings: [{id: peer-other-1, name: Other office 1}, {id: peer-other-2, name: Other office 2}]
            assets:
              - {id: peer-other-1-meter, name: Main meter 1, kind: Building_Electrical_Meter, building: peer-other-1,
                 points: [{id: peer-other-1-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
              - {id: peer-other-2-meter, name: Main meter 2, kind: Building_Electrical_Meter, building: peer-other-2,
                 points: [{id: peer-other-2-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
            """;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate TO = LocalDate.parse("2026-06-03");
    private static final LocalDate FROM = TO.minusDays(28);

    @Inject
    TelemetryWriter writer;

    @Test
    void peersSimultaneousHeatingAndCoolingAndPeaksAreRankedWithTheirYearlyKwhAndCost() throws Exception {
        given().contentType("application/yaml").body(CAMPUS.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        given().contentType("application/yaml").body(ELSEWHERE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        putOffice("peer-other-1", 1000);
        putOffice("peer-other-2", 500);
        given().contentType(ContentType.JSON).body("{\"building\": \"peer-other-1\", \"name\": \"Plant room\"}")
                .put("/api/zones/peer-other-1-plant").then().statusCode(201);
        JsonPath other = givenDoubles().get("/api/buildings/peer-other-1").then().statusCode(200).extract().jsonPath();
        assertThat(other.getDouble("floorAreaM2")).as("a zone put into the building keeps its floor area").isEqualTo(1000.0);
        assertThat(other.getString("useType")).isEqualTo("office");
        JsonPath office = givenDoubles().get("/api/buildings/peer-office").then().statusCode(200).extract().jsonPath();
        assertThat(office.getString("useType")).as("imported ' Office ', stored trimmed in lower case").isEqualTo("office");
        assertThat(givenDoubles().get("/api/sites/peer-campus/export").then().statusCode(200).extract().jsonPath()
                .getDouble("buildings.find { it.id == 'peer-office' }.floorAreaM2")).isEqualTo(2000.0);
        given().contentType(ContentType.JSON).body("{\"site\": \"peer-elsewhere\", \"name\": \"Bad\", \"floorAreaM2\": -1}")
                .put("/api/buildings/peer-bad").then().statusCode(422).body("errors[0].field", equalTo("buildings[0].floorAreaM2"));
        FlatTariff.electricity("peer-campus", 0.25, "2026-01-01", 10);

        List<String> lines = new ArrayList<>();
        write(lines, "peer-campus", "peer-office", "peer-office-meter", "peer-office-energy", "electricity", t -> {
            Map<LocalDateTime, Double> peaks = Map.of(LocalDateTime.parse("2026-05-20T10:00"), 90.0,
                    LocalDateTime.parse("2026-05-20T11:00"), 60.0, LocalDateTime.parse("2026-05-27T10:00"), 48.0);
            return peaks.getOrDefault(t, 30.0);
        });
        write(lines, "peer-campus", "peer-lab", "peer-lab-meter", "peer-lab-energy", "electricity", t -> 20.0);
        write(lines, "peer-campus", "peer-lab", "peer-lab-chiller", "peer-lab-chiller-energy", "electricity",
                t -> 2.0 + (weekday(t) && t.getHour() >= 9 && t.getHour() < 17 ? 8 : 0));
        write(lines, "peer-campus", "peer-lab", "peer-lab-boiler", "peer-lab-boiler-heat", "heat",
                t -> 5.0 + (weekday(t) && t.getHour() >= 7 && t.getHour() < 11 ? 20 : 0));
        write(lines, "peer-elsewhere", "peer-other-1", "peer-other-1-meter", "peer-other-1-energy", "electricity", t -> 10.0);
        write(lines, "peer-elsewhere", "peer-other-2", "peer-other-2-meter", "peer-other-2-energy", "electricity", t -> 6.0);
        writer.write(lines);

        JsonPath json = givenDoubles().queryParam("to", TO.toString()).get("/api/energy/sites/peer-campus/opportunities")
                .then().statusCode(200).extract().jsonPath();
        assertThat(json.getInt("metersLookedAt")).isEqualTo(3);
        assertThat(json.getList("opportunities.kind")).containsExactly("PEER_BASE_LOAD", "SIMULTANEOUS_HEATING_COOLING",
                "PEAK_DEMAND");

        // (15 − 11) W/m² × 2,000 m² × 8,760 h
        assertThat(json.getString("opportunities[0].buildingId")).isEqualTo("peer-office");
        assertThat(json.getString("opportunities[0].pointId")).isNull();
        assertThat(json.getString("opportunities[0].carrier")).isEqualTo("ELECTRICITY");
        assertThat(json.getDouble("opportunities[0].yearlyKwh")).isCloseTo(70_080, within(1e-6));
        assertThat(json.getDouble("opportunities[0].yearlyCost")).isCloseTo(0.25 * 70_080, within(0.005));
        assertThat(json.getString("opportunities[0].evidence")).isEqualTo("base load 15.00 W/m² (30.0 kW over 2000 m²)"
                + " against a median of 11.00 W/m² among 2 other office buildings (+36 %)");

        // 20 weekdays × 2 hours × 8 kWh of cooling against the heating, at the electricity price
        assertThat(json.getString("opportunities[1].buildingId")).isEqualTo("peer-lab");
        assertThat(json.getString("opportunities[1].carrier")).isEqualTo("ELECTRICITY");
        assertThat(json.getDouble("opportunities[1].yearlyKwh")).isCloseTo(320 * 365.0 / 28, within(1e-6));
        assertThat(json.getDouble("opportunities[1].yearlyCost")).isCloseTo(0.25 * 320 * 365.0 / 28, within(0.005));
        assertThat(json.getString("opportunities[1].evidence")).contains("in 40 hours of the last 28 days")
                .contains("(5.0 and 2.0 kWh/h)").contains("heating 800 kWh and cooling 320 kWh above them");

        // 60 + 30 + 18 kWh above the 30 kW 95th percentile; the peak 60 kW lower at 10 EUR/kW for 12 months
        assertThat(json.getString("opportunities[2].pointId")).isEqualTo("peer-office-energy");
        assertThat(json.getDouble("opportunities[2].yearlyKwh")).isCloseTo(108 * 365.0 / 28, within(1e-6));
        assertThat(json.getDouble("opportunities[2].yearlyCost")).isCloseTo(7200.00, within(0.005));
        assertThat(json.getString("opportunities[2].costBasis")).isEqualTo("demand");
        assertThat(json.getString("opportunities[2].evidence")).isEqualTo("highest hourly demand 90.0 kW at 2026-05-20"
                + " 10:00, 3.0 × the 95th percentile hour of 30.0 kW; 3 hours of the last 28 days exceeded it, by 108 kWh"
                + " in all (energy to shift)");

        assertThat(json.getString("opportunities.evidence")).doesNotContain("peer-other").doesNotContain("Other office");
        assertThat(json.getList("notes", String.class)).as("the lab's base load is known, but it has no peer")
                .contains("peer-lab: 0 other lab building(s) with a floor area and hourly figures; comparing the base load"
                        + " with peers needs 2");
    }

    private static void putOffice(String id, double floorAreaM2) {
        given().contentType(ContentType.JSON).body("{\"site\": \"peer-elsewhere\", \"name\": \"Other " + id + "\","
                + " \"floorAreaM2\": " + floorAreaM2 + ", \"useType\": \"OFFICE\"}").put("/api/buildings/" + id)
                .then().statusCode(200);
    }

    private static boolean weekday(LocalDateTime t) {
        return t.getDayOfWeek().getValue() <= 5;
    }

    private static void write(List<String> lines, String site, String building, String asset, String point, String carrier,
                              Function<LocalDateTime, Double> kwhAt) {
        for (Instant t = FROM.atStartOfDay(BERLIN).toInstant(); t.isBefore(TO.atStartOfDay(BERLIN).toInstant());
                t = t.plusSeconds(3600)) {
            double kwh = kwhAt.apply(LocalDateTime.ofInstant(t, BERLIN));
            lines.add("consumption_1h,asset=" + asset + ",building=" + building + ",carrier=" + carrier + ",point=" + point
                    + ",site=" + site + " value=" + kwh + ",energy_kwh=" + kwh + ",coverage=1.0 " + t.toEpochMilli());
        }
    }
}

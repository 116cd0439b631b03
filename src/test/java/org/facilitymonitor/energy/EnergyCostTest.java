package org.facilitymonitor.energy;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.facilitymonitor.energy.costs.CostJob;
import org.facilitymonitor.testing.EnergyRollups;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.Test;

/** A meter's readings through ingest, priced with its site's tariff: a period boundary inside a quarter hour, demand, a correction. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class EnergyCostTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long MIN = 60_000;
    private static final String SITE = """
            site: {id: cost-site, name: Cost site, timezone: Europe/Berlin}
            buildings: [{id: cost-hall, name: Hall}]
            assets:
              - id: cost-meter
                name: Meter
                kind: Building_Electrical_Meter
                building: cost-hall
                points:
                  - {id: cost-meter-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                     measurement: electricity, field: energy_kwh}
            """;
    private static final String TARIFF = """
            {"seasons": [{"name": "all year", "fromMonth": 1, "toMonth": 12, "prices": {"VALLEY": %s, "FLAT": %s},
              "days": {"WORKDAY": [{"from": "00:00", "to": "07:10", "period": "VALLEY"},
                                   {"from": "07:10", "to": "24:00", "period": "FLAT"}]}}],
             "fixedMonthlyCharge": 120.00, "demandChargePerKw": 38.00}
            """;

    @InjectStack
    NativeStack stack;
    @Inject
    CostJob costs;

    @Test
    void aMonthPricedFromTheReadingsAndRepricedAfterACorrection() throws Exception {
        given().contentType("application/yaml").body(SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        LocalDate day = LocalDate.now(BERLIN).minusDays(2);
        YearMonth month = YearMonth.from(day);
        int tariff = given().contentType(ContentType.JSON).body("{\"siteId\": \"cost-site\", \"carrier\": \"ELECTRICITY\","
                + " \"name\": \"Grid\", \"currency\": \"EUR\"}").post("/api/tariffs").then().statusCode(201)
                .extract().path("id");
        given().contentType(ContentType.JSON).body("{\"validFrom\": \"" + month.minusMonths(1).atDay(1)
                + "\", \"definition\": " + TARIFF.formatted("0.30", "0.60")
                + ", \"reason\": \"the contract\"}").post("/api/tariffs/" + tariff + "/versions")
                .then().statusCode(201);

        // the docs' example: 97 at 06:50, 100 at 07:05, 106 at 07:20; the register is at 102 at 07:10
        long t = day.atTime(6, 50).atZone(BERLIN).toInstant().toEpochMilli();
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "cost-site", "office-edge", StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(System.nanoTime(), List.of(new Object[] { "cost-meter-energy", t, 97.0 },
                    new Object[] { "cost-meter-energy", t + 15 * MIN, 100.0 },
                    new Object[] { "cost-meter-energy", t + 30 * MIN, 106.0 })));
        }
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        EnergyRollups.awaitComputed(influx, "cost-meter-energy", t + 30 * MIN, MetricSource.IN_PROCESS);

        given().contentType(ContentType.JSON).post("/api/energy/sites/cost-site/costs/recompute?month=" + month).then().statusCode(200)
                .body("bills", equalTo(1));
        JsonPath bill = bill(month);
        // valley 5 kWh × 0.30 + flat 4 kWh × 0.60 = 3.90; peak quarter 07:00–07:15 holds 5 kWh = 20 kW × 38 = 760; fixed 120
        assertThat(bill.getDouble("bills[0].quantity")).isCloseTo(9.0, within(1e-9));
        assertThat(bill.getDouble("bills[0].bill.peakDemandKw")).isCloseTo(20.0, within(1e-9));
        assertThat(line(bill, "VALLEY")).isCloseTo(5.0, within(1e-9));
        assertThat(line(bill, "FLAT")).isCloseTo(4.0, within(1e-9));
        assertThat(bill.getDouble("bills[0].total")).isCloseTo(883.90, within(1e-9));
        double stored = influx.query("SELECT sum(\"amount\") FROM \"cost_1d\" WHERE \"point\" = 'cost-meter-energy'")
                .get(0).rows().get(0).get(1).asDouble();
        assertThat(stored).isCloseTo(3.90, within(1e-9));

        // the month's report: the site's cost components add up to the bill, and all of it is charged back to the
        // only department there is (the meter has none: _unassigned)
        String csv = given().queryParam("site", "cost-site").queryParam("from", month.atDay(1).toString())
                .queryParam("to", month.plusMonths(1).atDay(1).toString()).queryParam("format", "csv")
                .get("/api/energy/reports").then().statusCode(200).extract().asString();
        assertThat(costSum(csv, "cost-site")).isCloseTo(883.90, within(1e-9));
        assertThat(costSum(csv, "_unassigned")).isCloseTo(883.90, within(1e-9));

        // a correction of the version in force reprices the month: flat 0.70 → 5 × 0.30 + 4 × 0.70 = 4.30
        given().contentType(ContentType.JSON).body("{\"definition\": " + TARIFF.formatted("0.30", "0.70")
                + ", \"reason\": \"flat price misread\"}")
                .put("/api/tariffs/" + tariff + "/versions/" + month.minusMonths(1).atDay(1)).then().statusCode(200);
        assertThat(costs.drainCorrections()).isGreaterThanOrEqualTo(1);
        assertThat(bill(month).getDouble("bills[0].total")).isCloseTo(884.30, within(1e-9));
    }

    @Test
    void badCostQueriesAreNamed() {
        given().queryParam("site", "demo-campus").queryParam("month", "March").get("/api/energy/costs").then()
                .statusCode(422).body("errors[0].field", equalTo("month"));
        given().queryParam("site", "demo-campus").queryParam("month", "2026-03").queryParam("carrier", "steam")
                .get("/api/energy/costs").then().statusCode(422).body("errors[0].field", equalTo("carrier"));
        given().contentType(ContentType.JSON).post("/api/energy/sites/no-such-site/costs/recompute?month=2026-03").then().statusCode(404);
    }

    /** The amounts of the report's cost rows of one scope (site or department id); amount is the column before the currency. */
    private static double costSum(String csv, String scopeId) throws java.io.IOException {
        double sum = 0;
        boolean inCosts = false;
        for (org.apache.commons.csv.CSVRecord r : org.apache.commons.csv.CSVFormat.RFC4180.parse(
                new java.io.StringReader(csv.replace("\uFEFF", "")))) {
            if (r.get(0).startsWith("# ")) {
                inCosts = r.get(0).equals("# costs");
            } else if (inCosts && r.size() > 3 && r.get(1).equals(scopeId) && "EUR".equals(r.get(r.size() - 1))) {
                sum += Double.parseDouble(r.get(r.size() - 2));
            }
        }
        return sum;
    }

    private static JsonPath bill(YearMonth month) {
        return givenDoubles().queryParam("site", "cost-site").queryParam("month", month.toString()).get("/api/energy/costs")
                .then().statusCode(200).extract().jsonPath();
    }

    private static double line(JsonPath bill, String item) {
        List<Double> q = bill.getList("bills[0].bill.lines.findAll { it.item == '" + item + "' }.quantity", Double.class);
        return q.stream().mapToDouble(Double::doubleValue).sum();
    }
}

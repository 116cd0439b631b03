package org.facilitymonitor.energy.savings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.energy.baseline.CaltrackFitter;
import org.facilitymonitor.energy.baseline.DailyTemperatures;
import org.facilitymonitor.energy.baseline.DegreeDays;
import org.facilitymonitor.energy.baseline.SavingsAnalysis;
import org.facilitymonitor.energy.baseline.UsagePeriod;
import org.facilitymonitor.energy.baseline.UsagePeriods;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.FlatTariff;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Interventions over REST on a site of their own: daily figures written in the rollup's schema (a
 * heating-sensitive meter, 10 % less after the intervention), the weather imported hourly; the
 * savings, an adjustment, the money at a flat 0.25 EUR/kWh and the payback equal a direct
 * computation; bad requests name what is wrong.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class InterventionRestTest {

    private static final String SITE = """
            site: {id: save-campus, name: Savings campus, timezone: Europe/Berlin}
            buildings: [{id: save-office, name: Office}]
            assets:
              - {id: save-office-meter, name: Office main meter, kind: Building_Electrical_Meter, building: save-office,
                 points: [{id: save-office-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh},
                          {id: save-office-water, name: W, quantity: volume, unit: m3, kind: cumulative,
                           measurement: water, field: volume_m3}]}
            """;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate BASELINE_FROM = LocalDate.parse("2025-01-01");
    private static final LocalDate EFFECTIVE = BASELINE_FROM.plusDays(365);
    private static final int REPORTING_DAYS = 90;

    @Inject
    TelemetryWriter writer;

    @Test
    void savingsMoneyAndAdjustmentsEqualTheDirectComputation() throws Exception {
        given().contentType("application/yaml").body(SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        FlatTariff.electricity("save-campus", 0.25, "2024-12-01");

        int days = 365 + REPORTING_DAYS;
        java.util.Random r = new java.util.Random(5);
        double[] tempF = new double[days];
        double[] use = new double[days];
        StringBuilder csv = new StringBuilder("time,temperature\n");
        List<String> lines = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate day = BASELINE_FROM.plusDays(d);
            tempF[d] = 50 - 22 * Math.cos(2 * Math.PI * d / 365.0) + 4 * r.nextGaussian();
            use[d] = (200 + 6 * DegreeDays.heating(tempF[d], 58) + 3 * r.nextGaussian()) * (d >= 365 ? 0.9 : 1.0);
            for (int h = 0; h < 24; h++) {
                csv.append(day).append('T').append(String.format("%02d", h)).append(":00,").append(tempF[d]).append('\n');
            }
            lines.add("consumption_1d,asset=save-office-meter,building=save-office,carrier=electricity,point=save-office-energy,"
                    + "site=save-campus value=" + use[d] + ",energy_kwh=" + use[d] + ",coverage=1.0 "
                    + day.atStartOfDay(BERLIN).toInstant().toEpochMilli());
        }
        writer.write(lines);
        given().contentType("text/csv").queryParam("unit", "degF").body(csv.toString())
                .post("/api/energy/sites/save-campus/weather/import").then().statusCode(200).body("hours", equalTo(days * 24 - 2));
        // two spring clock changes: 02:00 of those days does not exist and lands in 03:00

        long id = ((Number) given().contentType(ContentType.JSON).body(Map.of("siteId", "save-campus", "scope", "METER",
                        "scopeId", "save-office-energy", "name", "Heat pump tuning", "effectiveOn", EFFECTIVE.toString(),
                        "cost", 1000, "currency", "EUR", "expectedSavingsKwh", 5000)).post("/api/energy/interventions")
                .then().statusCode(201).body("baselineFrom", equalTo(BASELINE_FROM.toString())).extract().path("id")).longValue();
        given().contentType(ContentType.JSON).body(Map.of("from", EFFECTIVE.plusDays(10).toString(),
                "to", EFFECTIVE.plusDays(20).toString(), "kwhPerDay", 5, "reason", "a meeting room opened"))
                .post("/api/energy/interventions/" + id + "/adjustments").then().statusCode(201);

        LocalDate to = EFFECTIVE.plusDays(REPORTING_DAYS);
        JsonPath json = givenDoubles().queryParam("to", to.toString()).get("/api/energy/interventions/" + id + "/savings")
                .then().statusCode(200).extract().jsonPath();

        java.util.TreeMap<java.time.Instant, Double> hourly = new java.util.TreeMap<>();
        for (int d = 0; d < days; d++) {
            for (int h = 0; h < 24; h++) {
                hourly.put(BASELINE_FROM.plusDays(d).atTime(h, 0).atZone(BERLIN).toInstant(), tempF[d]);
            }
        }
        List<UsagePeriod> periods = UsagePeriods.daily(BASELINE_FROM, use, DailyTemperatures.of(hourly, BERLIN, BASELINE_FROM, to));
        SavingsAnalysis direct = SavingsAnalysis.of(periods.subList(0, 365), periods.subList(365, days),
                List.of(new SavingsAnalysis.Adjustment(EFFECTIVE.plusDays(10), EFFECTIVE.plusDays(20), 5, "room")),
                new org.facilitymonitor.energy.weather.TypicalYear().dailyF(), CaltrackFitter.Settings.daily());

        assertThat(json.getString("model.name")).isEqualTo(direct.model().name());
        assertThat(json.getInt("reportingDays")).isEqualTo(REPORTING_DAYS);
        assertThat(json.getDouble("adjustments")).isCloseTo(50, within(1e-9));
        assertThat(json.getDouble("avoided")).isCloseTo(direct.avoided(), within(1e-6));
        assertThat(json.getDouble("avoided") / json.getDouble("modelled")).as("about the 10 % the meter was cut").isBetween(0.08, 0.12);
        assertThat(json.getDouble("uncertainty90")).isCloseTo(direct.uncertainty(), within(1e-6));
        assertThat(json.getString("normalYearNote")).isEqualTo("normal-year savings after a full reporting year (90 of 365 days so far)");
        double cost = Math.round(0.25 * direct.avoided() * 100) / 100.0;
        assertThat(json.getDouble("money.avoidedCost")).isCloseTo(cost, within(0.006));
        double yearly = json.getDouble("money.yearlySavings");
        assertThat(yearly).isCloseTo(0.25 * direct.avoided() * 365 / REPORTING_DAYS, within(0.01));
        assertThat(json.getDouble("money.simplePaybackYears")).isCloseTo(1000 / yearly, within(1e-9));
        assertThat(json.getString("money.currency")).isEqualTo("EUR");
        assertThat(json.getDouble("daily[89].cumulative")).isCloseTo(direct.avoided(), within(1e-6));
        assertThat(json.getDouble("daily[89].cumulativeHigh") - json.getDouble("daily[89].cumulative"))
                .isCloseTo(direct.uncertainty(), within(1e-6));
        assertThat(json.getString("method")).isEqualTo("daily");

        // the billing method: twelve calendar-month bills before the intervention, January to March after it
        DailyTemperatures temps = DailyTemperatures.of(hourly, BERLIN, BASELINE_FROM, to);
        List<UsagePeriods.Bill> baseBills = new ArrayList<>();
        List<UsagePeriods.Bill> reportBills = new ArrayList<>();
        for (LocalDate start = BASELINE_FROM; start.plusMonths(1).compareTo(to) <= 0; start = start.plusMonths(1)) {
            double sum = 0;
            for (LocalDate d = start; d.isBefore(start.plusMonths(1)); d = d.plusDays(1)) {
                sum += use[(int) java.time.temporal.ChronoUnit.DAYS.between(BASELINE_FROM, d)];
            }
            (start.isBefore(EFFECTIVE) ? baseBills : reportBills).add(new UsagePeriods.Bill(start, start.plusMonths(1), sum));
        }
        SavingsAnalysis billed = SavingsAnalysis.of(UsagePeriods.billing(baseBills, temps), UsagePeriods.billing(reportBills, temps),
                List.of(new SavingsAnalysis.Adjustment(EFFECTIVE.plusDays(10), EFFECTIVE.plusDays(20), 5, "room")),
                new org.facilitymonitor.energy.weather.TypicalYear().dailyF(), CaltrackFitter.Settings.billing());
        JsonPath bills = givenDoubles().queryParam("to", to.toString()).queryParam("method", "billing")
                .get("/api/energy/interventions/" + id + "/savings").then().statusCode(200).extract().jsonPath();
        assertThat(baseBills).hasSize(12);
        assertThat(bills.getString("method")).isEqualTo("billing");
        assertThat(bills.getString("baselineFrom")).isEqualTo(BASELINE_FROM.toString());
        assertThat(bills.getList("bills.start")).containsExactly("2026-01-01", "2026-02-01", "2026-03-01");
        assertThat(bills.getList("bills.days")).containsExactly(31, 28, 31);
        assertThat(bills.getInt("quality.periods")).isEqualTo(12);
        assertThat(bills.getInt("quality.days")).isEqualTo(365);
        assertThat(bills.getString("model.name")).isEqualTo(billed.model().name());
        assertThat(bills.getInt("reportingDays")).isEqualTo(REPORTING_DAYS);
        assertThat(bills.getDouble("adjustments")).isCloseTo(50, within(1e-9));
        assertThat(bills.getDouble("avoided")).isCloseTo(billed.avoided(), within(1e-6));
        assertThat(bills.getDouble("uncertainty90")).isCloseTo(billed.uncertainty(), within(1e-6));
        assertThat(bills.getDouble("avoided")).as("the billing and daily methods see the same 10 % cut")
                .isCloseTo(json.getDouble("avoided"), within(0.1 * json.getDouble("avoided")));
        assertThat(bills.getDouble("money.avoidedCost")).isCloseTo(0.25 * billed.avoided(), within(0.006));
        assertThat(bills.getDouble("daily[2].cumulative")).isCloseTo(billed.avoided(), within(1e-6));
        given().queryParam("method", "monthly").get("/api/energy/interventions/" + id + "/savings").then().statusCode(422)
                .body("errors.field", hasItems("method"));
        assertThat(json.getString("typicalYear")).isEqualTo(org.facilitymonitor.energy.weather.TypicalYear.BUNDLED);
        assertThat(json.getDouble("normalYearBaseline")).isCloseTo(direct.normalYearBaseline(), within(1e-6));

        // the site's own typical year: 10 °C every day (hours of 01-01 … 12-31, 29 February skipped)
        StringBuilder year = new StringBuilder("day,temperature\n");
        for (LocalDate d = LocalDate.parse("2024-01-01"); d.getYear() == 2024; d = d.plusDays(1)) {
            for (int h = 1; h <= 24; h++) {
                year.append(String.format("%02d-%02d %02d:00,%s%n", d.getMonthValue(), d.getDayOfMonth(), h, h % 2 == 0 ? "9" : "11"));
            }
        }
        given().contentType("text/csv").queryParam("unit", "degC").queryParam("source", "flat test year").body(year.toString())
                .put("/api/energy/sites/save-campus/weather/typical-year").then().statusCode(200)
                .body("own", equalTo(true)).body("rows", equalTo(366 * 24)).body("skippedLeapDay", equalTo(24))
                .body("daily.size()", equalTo(365));
        JsonPath own = givenDoubles().queryParam("to", to.toString()).get("/api/energy/interventions/" + id + "/savings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(own.getString("typicalYear")).isEqualTo("flat test year");
        assertThat(own.getDouble("normalYearBaseline")).isCloseTo(365 * direct.model().predictPerDay(50.0), within(1e-6));
        assertThat(own.getDouble("avoided")).as("the typical year changes only the normal year").isEqualTo(json.getDouble("avoided"));
        given().delete("/api/energy/sites/save-campus/weather/typical-year").then().statusCode(204);
        given().get("/api/energy/sites/save-campus/weather/typical-year").then().statusCode(200).body("own", equalTo(false))
                .body("source", equalTo(org.facilitymonitor.energy.weather.TypicalYear.BUNDLED));
    }

    /**
     * Gas tariffs price m³: avoided kWh become m³ by the calorific value of each day; reporting days
     * before the first calorific value are left unpriced and the yearly figure scales the priced days.
     */
    @Test
    void gasSavingsArePricedInCubicMetresByTheCalorificValueOfEachDay() throws Exception {
        String building = """
                site: {id: gas-campus, name: Gas campus, timezone: Europe/Berlin}
                buildings: [{id: gas-hall, name: Hall}]
                """;
        given().contentType("application/yaml").body(building.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        LocalDate pricedFrom = EFFECTIVE.plusDays(30);
        // before the meter exists, so no gas rollup is marked for recomputation over the figures written below
        given().contentType(ContentType.JSON).body(Map.of("values", List.of(Map.of("validFrom", pricedFrom.toString(),
                "kwhPerM3", 10.0)))).put("/api/energy/sites/gas-campus/calorific-values").then().statusCode(200);
        given().contentType("application/yaml").body((building + """
                assets:
                  - {id: gas-hall-meter, name: Hall gas meter, kind: Building_Gas_Meter, building: gas-hall,
                     points: [{id: gas-hall-volume, name: V, quantity: volume, unit: m3, kind: cumulative,
                               measurement: gas, field: volume_m3}]}
                """).getBytes(StandardCharsets.UTF_8)).post("/api/sites/import").then().statusCode(200);
        FlatTariff.gas("gas-campus", 0.80, "2024-12-01");

        int days = 365 + REPORTING_DAYS;
        java.util.Random r = new java.util.Random(7);
        StringBuilder csv = new StringBuilder("time,temperature\n");
        List<String> lines = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate day = BASELINE_FROM.plusDays(d);
            double tempF = 50 - 22 * Math.cos(2 * Math.PI * d / 365.0) + 4 * r.nextGaussian();
            double kwh = (40 + 20 * DegreeDays.heating(tempF, 60) + 5 * r.nextGaussian()) * (d >= 365 ? 0.85 : 1.0);
            for (int h = 0; h < 24; h++) {
                csv.append(day).append('T').append(String.format("%02d", h)).append(":00,").append(tempF).append('\n');
            }
            lines.add("consumption_1d,asset=gas-hall-meter,building=gas-hall,carrier=gas,point=gas-hall-volume,site=gas-campus"
                    + " value=" + kwh / 10 + ",energy_kwh=" + kwh + ",coverage=1.0 " + day.atStartOfDay(BERLIN).toInstant().toEpochMilli());
        }
        writer.write(lines);
        given().contentType("text/csv").queryParam("unit", "degF").body(csv.toString())
                .post("/api/energy/sites/gas-campus/weather/import").then().statusCode(200);
        long id = ((Number) given().contentType(ContentType.JSON).body(Map.of("siteId", "gas-campus", "scope", "METER",
                        "scopeId", "gas-hall-volume", "name", "Boiler replaced", "effectiveOn", EFFECTIVE.toString(),
                        "cost", 20000, "currency", "EUR")).post("/api/energy/interventions")
                .then().statusCode(201).body("carrier", equalTo("GAS")).extract().path("id")).longValue();

        JsonPath json = givenDoubles().queryParam("to", EFFECTIVE.plusDays(REPORTING_DAYS).toString())
                .get("/api/energy/interventions/" + id + "/savings").then().statusCode(200).extract().jsonPath();

        assertThat(json.getInt("reportingDays")).isEqualTo(REPORTING_DAYS);
        List<Map<String, Object>> daily = json.getList("daily");
        double pricedM3 = 0;
        double allKwh = 0;
        for (Map<String, Object> d : daily) {
            double avoided = ((Number) d.get("avoided")).doubleValue();
            allKwh += avoided;
            if (!LocalDate.parse((String) d.get("day")).isBefore(pricedFrom)) {
                pricedM3 += avoided / 10.0;
            }
        }
        assertThat(allKwh).isCloseTo(json.getDouble("avoided"), within(1e-6));
        assertThat(pricedM3).as("the boiler saves gas").isGreaterThan(100);
        assertThat(json.getDouble("money.avoidedCost")).isCloseTo(0.80 * pricedM3, within(0.006));
        assertThat(json.getDouble("money.yearlySavings")).isCloseTo(0.80 * pricedM3 * 365 / (REPORTING_DAYS - 30), within(0.01));
        assertThat(json.getDouble("money.simplePaybackYears")).isCloseTo(20000 / json.getDouble("money.yearlySavings"), within(1e-9));
        assertThat(json.getString("money.note")).contains("converted to m³ by the site's calorific value")
                .contains("30 days without a calorific value are not priced");
    }

    @Test
    void badInterventionsAndAdjustmentsNameEveryProblem() {
        given().contentType("application/yaml").body(SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("siteId", "save-campus", "scope", "ROOF", "name", "x",
                        "cost", -5)).post("/api/energy/interventions").then().statusCode(422)
                .body("errors.field", hasItems("scope", "effectiveOn", "cost", "currency"));
        given().contentType(ContentType.JSON).body(Map.of("siteId", "save-campus", "scope", "METER", "scopeId", "save-office-water",
                        "name", "x", "effectiveOn", "2026-01-01")).post("/api/energy/interventions").then().statusCode(422)
                .body("errors.message", hasItems("water has no energy figure: ELECTRICITY, GAS or HEAT"));
        given().contentType(ContentType.JSON).body(Map.of("siteId", "save-campus", "scope", "BUILDING", "scopeId", "save-office",
                        "name", "x", "effectiveOn", "2026-01-01")).post("/api/energy/interventions").then().statusCode(422)
                .body("errors.message", hasItems("required: ELECTRICITY, GAS or HEAT"));
        given().contentType(ContentType.JSON).body(Map.of("siteId", "save-campus", "scope", "METER", "scopeId", "save-office-energy",
                        "name", "x", "effectiveOn", "2026-01-01", "workOrderId", 999999)).post("/api/energy/interventions")
                .then().statusCode(422).body("errors.field", hasItems("workOrderId"));
        long id = ((Number) given().contentType(ContentType.JSON).body(Map.of("siteId", "save-campus", "scope", "BUILDING",
                        "scopeId", "save-office", "carrier", "electricity", "name", "LED", "effectiveOn", "2024-06-01"))
                .post("/api/energy/interventions").then().statusCode(201).body("carrier", equalTo("ELECTRICITY"))
                .extract().path("id")).longValue();
        given().contentType(ContentType.JSON).body(Map.of("from", "2024-05-01", "to", "2024-04-01", "kwhPerDay", 0))
                .post("/api/energy/interventions/" + id + "/adjustments").then().statusCode(422)
                .body("errors.field", hasItems("from", "to", "kwhPerDay", "reason"));
        given().get("/api/energy/interventions/" + id + "/savings?to=2024-06-10").then().statusCode(200)
                .body("sufficiency.status", equalTo("NO_DATA"));
        given().get("/api/energy/interventions/987654321").then().statusCode(404);
    }
}

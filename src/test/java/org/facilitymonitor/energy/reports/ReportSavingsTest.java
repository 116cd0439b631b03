package org.facilitymonitor.energy.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.apache.commons.csv.CSVRecord;
import org.facilitymonitor.energy.baseline.DegreeDays;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.FlatTariff;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.OfficeHours;
import org.junit.jupiter.api.Test;

/**
 * The report's savings and waste sections over REST, on a site of their own with figures written
 * in the rollup's schema: the office meter's daily use follows the heating degree days for a year
 * and is cut by 10 % from 2026-01-01 (a fitted model), the weather imported hourly; the lab meter
 * has no daily figures (no model) but hourly figures with a base load grown from 10 to 12 kWh/h and
 * weekday evening lights (+25 kWh/h) in February. The February report's figures equal the savings
 * and opportunities endpoints' and the figures the test wrote; a flat tariff of 0.25 EUR/kWh prices
 * them.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class ReportSavingsTest {

    private static final String SITE = """
            site: {id: rsave-campus, name: Report savings campus, timezone: Europe/Berlin}
            departments: [{id: rsave-ops, name: Operations}, {id: rsave-lab, name: Laboratory}]
            buildings: [{id: rsave-office, name: Office}, {id: rsave-hall, name: Lab hall}]
            assets:
              - {id: rsave-office-meter, name: Office main meter, kind: Building_Electrical_Meter, building: rsave-office,
                 department: rsave-ops,
                 points: [{id: rsave-office-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
              - {id: rsave-lab-meter, name: Lab main meter, kind: Building_Electrical_Meter, building: rsave-hall,
                 department: rsave-lab,
                 points: [{id: rsave-lab-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
              - {id: rsave-gas-meter, name: Gas meter, kind: Building_Gas_Meter, building: rsave-office, department: rsave-ops,
                 points: [{id: rsave-gas-volume, name: V, quantity: volume, unit: m3, kind: cumulative, measurement: gas,
                           field: volume_m3}]}
            """;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate BASELINE_FROM = LocalDate.parse("2025-01-01");
    private static final LocalDate EFFECTIVE = BASELINE_FROM.plusDays(365);
    private static final LocalDate FROM = LocalDate.parse("2026-02-01");
    private static final LocalDate TO = LocalDate.parse("2026-03-01"); // a Sunday: the 28 days before hold 20 weekdays

    @Inject
    TelemetryWriter writer;
    @Inject
    ReportAssembler assembler;

    private static long intervention(String name, String point, LocalDate effective) {
        return ((Number) given().contentType(ContentType.JSON).body(Map.of("siteId", "rsave-campus", "scope", "METER",
                "scopeId", point, "name", name, "effectiveOn", effective.toString())).post("/api/energy/interventions")
                .then().statusCode(201).extract().path("id")).longValue();
    }

    private static byte[] report(String format, String lang, String departments) {
        var request = given().queryParam("site", "rsave-campus").queryParam("from", FROM.toString())
                .queryParam("to", TO.toString()).queryParam("format", format).queryParam("lang", lang);
        if (departments != null) {
            request = request.queryParam("departments", departments);
        }
        return request.get("/api/energy/reports").then().statusCode(200).extract().asByteArray();
    }

    @Test
    void theMonthsSavingsAndOpportunitiesEqualTheEndpoints() throws Exception {
        given().contentType("application/yaml").body(SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        FlatTariff.electricity("rsave-campus", 0.25, "2024-12-01");
        writeOfficeDaysAndWeather();
        writeLabHours();

        long office = intervention("Heating controls", "rsave-office-energy", EFFECTIVE);
        long lab = intervention("Lab fume hoods", "rsave-lab-energy", LocalDate.parse("2026-02-10"));
        intervention("Too late for February", "rsave-office-energy", TO);

        JsonPath savings = givenDoubles().queryParam("to", TO.toString()).get("/api/energy/interventions/" + office + "/savings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(savings.getString("model.name")).as("the test's figures fit a model").isNotNull();
        List<Map<String, Object>> daily = savings.getList("daily");
        double monthAvoided = 0;
        double monthModelled = 0;
        for (Map<String, Object> d : daily) {
            if (!LocalDate.parse((String) d.get("day")).isBefore(FROM)) {
                monthAvoided += ((Number) d.get("avoided")).doubleValue();
                monthModelled += ((Number) d.get("modelled")).doubleValue();
            }
        }
        Map<String, Object> last = daily.get(daily.size() - 1);
        assertThat(last.get("day")).isEqualTo("2026-02-28");

        Map<String, List<CSVRecord>> csv = ReportFiles.csvBlocks(report("csv", "en", null));
        List<CSVRecord> rows = csv.get("savings");
        assertThat(rows).extracting(r -> r.get(0)).as("in effect before March, by effective day")
                .containsExactly("Intervention", "Heating controls", "Lab fume hoods");
        CSVRecord row = rows.get(1);
        assertThat(row.get(1)).isEqualTo("Meter rsave-office-energy");
        assertThat(row.get(2)).isEqualTo("Electricity");
        assertThat(row.get(3)).isEqualTo(EFFECTIVE.toString());
        double avoided = Double.parseDouble(row.get(4));
        assertThat(avoided).as("February's avoided kWh, as the savings endpoint's days").isCloseTo(monthAvoided, within(1e-6));
        assertThat(avoided / monthModelled).as("about the 10 % the meter was cut").isBetween(0.08, 0.12);
        assertThat(Double.parseDouble(row.get(5))).as("January and February").isCloseTo(savings.getDouble("avoided"), within(1e-6))
                .isGreaterThan(avoided * 1.5);
        assertThat(Double.parseDouble(row.get(5))).isCloseTo(((Number) last.get("cumulative")).doubleValue(), within(1e-6));
        assertThat(Double.parseDouble(row.get(6))).isCloseTo(((Number) last.get("cumulativeLow")).doubleValue(), within(1e-6));
        assertThat(Double.parseDouble(row.get(7))).isCloseTo(savings.getDouble("avoided") + savings.getDouble("uncertainty90"),
                within(1e-6));
        assertThat(Double.parseDouble(row.get(8))).as("February's avoided kWh at 0.25 EUR").isCloseTo(0.25 * monthAvoided,
                within(0.011));
        assertThat(row.get(9)).isEqualTo("EUR");
        assertThat(Double.parseDouble(row.get(10))).isEqualTo(savings.getDouble("model.adjustedRSquared"));
        assertThat(Double.parseDouble(row.get(11))).isEqualTo(savings.getDouble("quality.cvRmse"));
        assertThat(Double.parseDouble(row.get(12))).isEqualTo(savings.getDouble("fractionalSavingsUncertainty"));
        assertThat(row.get(13)).isEmpty();
        CSVRecord noModel = rows.get(2);
        assertThat(noModel.get(4)).as("no figures without a model").isEmpty();
        assertThat(noModel.get(13)).startsWith("No baseline model: ")
                .contains(given().queryParam("to", TO.toString()).get("/api/energy/interventions/" + lab + "/savings")
                        .then().statusCode(200).extract().jsonPath().getString("sufficiency.status"));

        JsonPath waste = givenDoubles().queryParam("to", TO.toString()).get("/api/energy/sites/rsave-campus/opportunities")
                .then().statusCode(200).extract().jsonPath();
        List<CSVRecord> opportunities = csv.get("opportunities");
        List<Map<String, Object>> found = waste.getList("opportunities");
        assertThat(found).as("the lab's lights and creep at least (another change may add kinds)").hasSizeGreaterThanOrEqualTo(2);
        assertThat(opportunities).as("header and one row per opportunity of the endpoint").hasSize(found.size() + 1);
        for (int k = 0; k < found.size(); k++) {
            Map<String, Object> o = found.get(k);
            CSVRecord r = opportunities.get(k + 1);
            assertThat(r.get(0)).isEqualTo(String.valueOf(((Number) o.get("rank")).intValue()));
            assertThat(r.get(2)).isEqualTo(o.get("pointId"));
            assertThat(Double.parseDouble(r.get(6))).isEqualTo(((Number) o.get("yearlyKwh")).doubleValue());
            assertThat(r.get(9)).isEqualTo(o.get("evidence"));
        }
        CSVRecord lights = opportunities.stream().filter(r -> r.get(1).equals("Use after hours")).findFirst().orElseThrow();
        CSVRecord creep = opportunities.stream().filter(r -> r.get(1).equals("Base load creep")).findFirst().orElseThrow();
        assertThat(lights.toList()).startsWith("1", "Use after hours", "rsave-lab-energy", "Lab main meter", "Lab hall",
                "Electricity");
        assertThat(Integer.parseInt(creep.get(0))).isGreaterThan(1);
        assertThat(creep.get(2)).isEqualTo("rsave-lab-energy");
        // 20 weekday evenings of February × 4 h × 25 kWh; the base load 2 kWh/h higher all year
        assertThat(Double.parseDouble(lights.get(6))).isCloseTo(2000 * 365.0 / 28, within(1e-6));
        assertThat(Double.parseDouble(creep.get(6))).isCloseTo(2 * 8760, within(1e-6));
        assertThat(Double.parseDouble(creep.get(7))).isCloseTo(0.25 * 2 * 8760, within(0.005));
        assertThat(creep.get(8)).isEqualTo("EUR");

        // as the report job builds it: a thread of its own, without a request context or a user (the gas meter's
        // heating check reads the registry there)
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        EnergyReport background;
        try {
            background = thread.submit(() -> assembler.assemble("rsave-campus", FROM, TO, ReportLanguage.EN,
                    java.util.Set.of())).get();
        } finally {
            thread.shutdown();
        }
        assertThat(background.savings()).extracting(EnergyReport.SavingsRow::avoided).first()
                .isEqualTo(Double.parseDouble(row.get(4)));
        assertThat(background.opportunities()).extracting(EnergyReport.Opportunity::yearlyKwh)
                .containsExactlyElementsOf(found.stream().map(o -> ((Number) o.get("yearlyKwh")).doubleValue()).toList());

        List<CSVRecord> ops = ReportFiles.csvBlocks(report("csv", "en", "rsave-ops")).get("savings");
        assertThat(ops).extracting(r -> r.get(0)).as("the operations department's meter only")
                .containsExactly("Intervention", "Heating controls");

        byte[] xlsx = report("xlsx", "zh-CN", null);
        assertThat(ReportFiles.sheetNames(xlsx)).endsWith("节能量", "能源浪费分析");
        assertThat(ReportFiles.xlsxSum(xlsx, 9, 4, 0, "Heating controls")).isCloseTo(monthAvoided, within(1e-6));
        assertThat(ReportFiles.cellText(xlsx, 10, 1, 1)).isEqualTo("非工作时间用能");
        assertThat(ReportFiles.cellText(xlsx, 10, opportunities.indexOf(creep), 1)).isEqualTo("基础负荷攀升");
        assertThat(ReportFiles.cellText(xlsx, 9, 2, 13)).startsWith("无基线模型：");

        assumeTrue(PdfFonts.find(List.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), true).isPresent(),
                "fonts-wqy-microhei not installed");
        assertThat(ReportFiles.pdfText(report("pdf", "zh-CN", null))).contains("节能量", "能源浪费分析", "非工作时间用能",
                "基础负荷攀升", "Heating controls");
    }

    /** Use = (200 + 6 kWh per heating degree day above 58 °F + noise) a day, 10 % less from the intervention's day. */
    private void writeOfficeDaysAndWeather() throws Exception {
        int days = (int) java.time.temporal.ChronoUnit.DAYS.between(BASELINE_FROM, TO);
        java.util.Random r = new java.util.Random(11);
        StringBuilder csv = new StringBuilder("time,temperature\n");
        List<String> lines = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate day = BASELINE_FROM.plusDays(d);
            double tempF = 50 - 22 * Math.cos(2 * Math.PI * d / 365.0) + 4 * r.nextGaussian();
            double use = (200 + 6 * DegreeDays.heating(tempF, 58) + 3 * r.nextGaussian()) * (day.isBefore(EFFECTIVE) ? 1.0 : 0.9);
            for (int h = 0; h < 24; h++) {
                csv.append(day).append('T').append(String.format("%02d", h)).append(":00,").append(tempF).append('\n');
            }
            lines.add("consumption_1d,asset=rsave-office-meter,building=rsave-office,carrier=electricity,"
                    + "point=rsave-office-energy,site=rsave-campus value=" + use + ",energy_kwh=" + use + ",coverage=1.0 "
                    + day.atStartOfDay(BERLIN).toInstant().toEpochMilli());
        }
        writer.write(lines);
        given().contentType("text/csv").queryParam("unit", "degF").body(csv.toString())
                .post("/api/energy/sites/rsave-campus/weather/import").then().statusCode(200);
    }

    private void writeLabHours() throws Exception {
        List<String> lines = OfficeHours.lightsLeftOnAndCreep(
                "asset=rsave-lab-meter,building=rsave-hall,carrier=electricity,point=rsave-lab-energy,site=rsave-campus", TO, BERLIN);
        writer.write(lines);
    }
}

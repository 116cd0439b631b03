package org.facilitymonitor.energy;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.EnergyRollups;
import org.facilitymonitor.testing.Ingested;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.InfluxProbe.Series;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Energy dashboard, with its template variables resolved (the PostgreSQL ones
 * against the registry, the InfluxQL ones against InfluxDB) and substituted as Grafana does, runs
 * against meter readings published through the broker and rolled up, and shows the figures
 * computed here by hand.
 *
 * <p>Two whole local days, 20 and 19 days ago (no other test publishes meter readings there; an
 * earlier reading of a point would change its later days, so the points used here are ones the
 * rollup test does not touch). Hourly register readings from 00:00 of the first day to 00:00 after
 * the second, constant per hour, so every interval's consumption is the rate times its length:
 * <ul>
 * <li>office-elec-main-energy: 10 + h kWh in hour h of day 1, 12 + h on day 2 (516 and 564 kWh);
 * <li>office-elec-it-energy (sub-meter of the office main): 3 kWh/h, then 4 (72 and 96);
 * <li>dorm-elec-main-energy: 5 kWh/h, then 6 (120 and 144);
 * <li>office-water-volume: 0.5 m³/h (12 and 12); dorm-water-volume: 1 m³/h (24 and 24), its
 * readings at 03:00 and 04:00 of day 1 missing, so hours 02, 03 and 04 are estimated.
 * </ul>
 * Electricity is priced with a tariff created here (valley 00–08 at 0.30, flat 08–24 at 0.60) by
 * the cost job; department rows are written in the accounting's schema.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class EnergyDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long HOUR = 3_600_000;
    private static final double EPS = 1e-9;

    @InjectStack
    NativeStack stack;
    @Inject
    EntityManager em;
    @Inject
    TelemetryWriter writer;

    private long day1;
    private long day2;
    private long end;

    @Test
    void everyPanelShowsTheHandComputedFigures() throws Exception {
        JsonNode dashboard = JSON.readTree(NativeStack.repositoryRoot().resolve("grafana/dashboards/energy.json").toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("energy");
        LocalDate first = LocalDate.now(BERLIN).minusDays(20);
        day1 = first.atStartOfDay(BERLIN).toInstant().toEpochMilli();
        day2 = first.plusDays(1).atStartOfDay(BERLIN).toInstant().toEpochMilli();
        end = first.plusDays(2).atStartOfDay(BERLIN).toInstant().toEpochMilli();

        publishTwoDaysOfMeterReadings();
        writeDepartmentRows();
        priceElectricity(first);

        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        Map<String, String> variables = resolveVariables(dashboard.path("templating").path("list"), influx);
        assertThat(variables).containsEntry("site", "demo-campus").containsEntry("tz", "Europe/Berlin")
                .containsEntry("main", "office-elec-main-energy");

        Map<String, List<List<Series>>> results = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("rawQuery").asBoolean()).isTrue();
                assertThat(target.path("datasource").path("uid").asText()).isEqualTo("fm-influxdb");
                String query = substitute(target.get("query").asText(), variables);
                assertThat(query).as("panel '%s' uses only known variables", panel.path("title").asText())
                        .doesNotContainPattern("\\$[A-Za-z_{]");
                results.computeIfAbsent(panel.path("title").asText(), k -> new ArrayList<>()).add(influx.query(query));
            }
        }
        assertThat(results).hasSize(15);
        Map<String, Double> gauges = new TreeMap<>();
        for (Series s : results.get("Quota used this month (%)").get(0)) {
            gauges.put(s.tags().path("department").asText() + " " + s.tags().path("carrier").asText(),
                    s.rows().get(0).get(1).asDouble());
        }
        assertThat(gauges).containsOnlyKeys("administration electricity", "administration water");
        assertThat(gauges.get("administration electricity")).isCloseTo(105.0, within(EPS));
        assertThat(gauges.get("administration water")).isCloseTo(20.0, within(EPS));

        assertThat(daily(results.get("Energy per building and day (kWh)").get(0), "building"))
                .isEqualTo(Map.of("office electricity", List.of(516.0, 564.0), "dorm electricity", List.of(120.0, 144.0)));
        assertThat(daily(results.get("Water and gas per building and day (m³)").get(0), "building"))
                .isEqualTo(Map.of("office water", List.of(12.0, 12.0), "dorm water", List.of(24.0, 24.0)));
        assertThat(dailyAt(results.get("Energy per department and day (kWh)").get(0), "department")).isEqualTo(Map.of(
                "administration electricity", Map.of(day1, 100.0),
                "it-services electricity", Map.of(day1, 200.0, day2, 250.0),
                "it-services gas", Map.of(day2, 31.5)));
        assertThat(dailyAt(results.get("Water and gas per department and day (m³)").get(0), "department")).isEqualTo(Map.of(
                "administration water", Map.of(day1, 7.5),
                "it-services gas", Map.of(day2, 3.0)));

        // valley 00-08 at 0.30, flat 08-24 at 0.60; office main + dorm main (the IT sub-meter is inside the office main)
        Map<String, Map<Long, Double>> costPerDay = dailyAt(results.get("Cost per day by tariff period").get(0), "item");
        assertThat(costPerDay.keySet()).containsExactly("FLAT ", "VALLEY ");
        assertThat(costPerDay.get("VALLEY ")).containsOnlyKeys(day1, day2);
        assertThat(costPerDay.get("VALLEY ").get(day1)).isCloseTo((108 + 40) * 0.30, within(1e-6));
        assertThat(costPerDay.get("VALLEY ").get(day2)).isCloseTo((124 + 48) * 0.30, within(1e-6));
        assertThat(costPerDay.get("FLAT ").get(day1)).isCloseTo((408 + 80) * 0.60, within(1e-6));
        assertThat(costPerDay.get("FLAT ").get(day2)).isCloseTo((440 + 96) * 0.60, within(1e-6));
        Map<String, double[]> costTable = new TreeMap<>();
        for (Series s : results.get("Cost per building and tariff period").get(0)) {
            assertThat(s.tags().path("carrier").asText()).isEqualTo("electricity");
            JsonNode row = s.rows().get(0);
            costTable.put(s.tags().path("building").asText() + " " + s.tags().path("item").asText(),
                    new double[] { row.get(1).asDouble(), row.get(2).asDouble() });
        }
        // the canteen's main meter has no readings on these days: priced at nothing
        assertThat(costTable.keySet()).containsExactly("canteen FLAT", "canteen VALLEY", "dorm FLAT", "dorm VALLEY",
                "office FLAT", "office VALLEY");
        assertThat(costTable.get("canteen FLAT")).containsExactly(0.0, 0.0);
        assertThat(costTable.get("canteen VALLEY")).containsExactly(0.0, 0.0);
        assertThat(costTable.get("office VALLEY")).containsExactly(new double[] { 232, 232 * 0.30 }, within(1e-6));
        assertThat(costTable.get("office FLAT")).containsExactly(new double[] { 848, 848 * 0.60 }, within(1e-6));
        assertThat(costTable.get("dorm VALLEY")).containsExactly(new double[] { 88, 88 * 0.30 }, within(1e-6));
        assertThat(costTable.get("dorm FLAT")).containsExactly(new double[] { 176, 176 * 0.60 }, within(1e-6));

        List<List<Series>> heatmap = results.get("Load profile: energy per hour of day (kWh)");
        assertThat(heatmap).hasSize(24);
        for (int h = 0; h < 24; h++) {
            assertThat(heatmap.get(h)).hasSize(1);
            Map<Long, Double> cells = new TreeMap<>();
            for (JsonNode row : heatmap.get(h).get(0).rows()) {
                cells.put(row.get(0).asLong(), row.get(1).asDouble());
            }
            // a bucket starting before the range holds the first hours of day 1: it lies left of the panel's range
            cells.keySet().removeIf(t -> t < day1);
            assertThat(cells).as("hour %d: office main + dorm main (the IT sub-meter is inside the office main)", h)
                    .isEqualTo(Map.of(day1, 15.0 + h, day2, 18.0 + h));
        }

        Map<String, JsonNode> top = byTag(results.get("Top consumers").get(0), "point");
        assertThat(top.keySet()).containsExactlyInAnyOrder("office-elec-main-energy", "office-elec-it-energy",
                "dorm-elec-main-energy", "office-water-volume", "dorm-water-volume");
        assertRow(top.get("office-elec-main-energy"), 1080.0, 1080.0);
        assertRow(top.get("office-elec-it-energy"), 168.0, 168.0);
        assertRow(top.get("dorm-elec-main-energy"), 264.0, 264.0);
        assertRow(top.get("office-water-volume"), 24.0, null);
        assertRow(top.get("dorm-water-volume"), 48.0, null);

        // 5 meters × 48 hours, 3 of them estimated
        assertThat(single(results.get("Estimated hours").get(0))).isCloseTo(100.0 * 3 / 240, within(EPS));
        assertThat(single(results.get("Mean coverage").get(0))).isCloseTo(100.0 * 237 / 240, within(EPS));
        Map<String, JsonNode> quality = byTag(results.get("Data quality per meter").get(0), "point");
        assertThat(quality).hasSize(5);
        for (var meter : quality.entrySet()) {
            boolean gap = meter.getKey().equals("dorm-water-volume");
            JsonNode row = meter.getValue();
            assertThat(row.get(1).asDouble()).as(meter.getKey()).isCloseTo(gap ? 6.25 : 0.0, within(EPS));
            assertThat(row.get(2).asDouble()).as(meter.getKey()).isCloseTo(gap ? 93.75 : 100.0, within(EPS));
            assertThat(row.get(3).asLong() + row.get(4).asLong()).as("resets and rollovers").isZero();
        }

        assertThat(dailyAt(results.get("Untracked share per day: $main minus its sub-meters (%)").get(0), null).get(""))
                .hasSize(2).hasEntrySatisfying(day1, v -> assertThat(v).isCloseTo(100.0 * 444 / 516, within(EPS)))
                .hasEntrySatisfying(day2, v -> assertThat(v).isCloseTo(100.0 * 468 / 564, within(EPS)));
        Series mainAndSubs = results.get("Main meter and its sub-meters per day: $main").get(0).get(0);
        assertThat(mainAndSubs.columns()).containsExactly("time", "main", "sub-meters", "untracked");
        assertThat(mainAndSubs.rows()).hasSize(2);
        assertThat(numbers(mainAndSubs.rows().get(0))).containsExactly(day1, 516.0, 72.0, 444.0);
        assertThat(numbers(mainAndSubs.rows().get(1))).containsExactly(day2, 564.0, 96.0, 468.0);
        assertThat(single(results.get("Untracked over the range").get(0))).isCloseTo(100.0 * 912 / 1080, within(EPS));
    }

    /**
     * Grafana's substitution: $timeFilter as its InfluxQL time condition, variables by value (${name:raw}
     * unescaped; the dashboard uses it outside regexes), multi-values as (a|b).
     */
    private String substitute(String query, Map<String, String> variables) {
        String out = query.replace("$timeFilter", "time >= " + day1 + "ms and time <= " + (end - 1) + "ms");
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            out = out.replace("${" + name + ":raw}", variables.get(name)).replace("$" + name, variables.get(name));
        }
        return out;
    }

    /** Each variable in dashboard order, as Grafana resolves it: single values the first option, All as .* or (a|b|…). */
    private Map<String, String> resolveVariables(JsonNode list, InfluxProbe influx) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (JsonNode v : list) {
            String name = v.get("name").asText();
            String query = substitute(v.get("query").asText(), resolved);
            List<String> options = new ArrayList<>();
            if ("fm-postgres".equals(v.path("datasource").path("uid").asText())) {
                QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(query).getResultList())
                        .forEach(o -> options.add(String.valueOf(o)));
            } else {
                for (Series s : influx.query(query)) {
                    s.rows().forEach(r -> options.add(r.get(1).asText()));
                }
            }
            assertThat(options).as("options of variable %s (%s)", name, query).isNotEmpty();
            switch (name) {
                case "building" -> assertThat(options).contains("office", "dorm");
                case "carrier" -> assertThat(options).contains("electricity", "water");
                case "nested" -> assertThat(options).contains("office-elec-it-energy", "office-elec-admin-energy")
                        .doesNotContain("office-water-volume", "dorm-water-volume", "office-elec-main-energy");
                case "main" -> assertThat(options).contains("office-elec-main-energy", "campus-water-main-volume")
                        .doesNotContain("office-elec-it-energy");
                case "subs" -> assertThat(options).contains("office-elec-it-energy", "office-elec-admin-energy")
                        .doesNotContain("office-elec-main-energy", "office-elec-it-power");
                default -> { }
            }
            if (!v.path("includeAll").asBoolean()) {
                String chosen = switch (name) {
                    case "site" -> "demo-campus";
                    case "main" -> "office-elec-main-energy";
                    default -> options.get(0);
                };
                assertThat(options).contains(chosen);
                resolved.put(name, chosen);
            } else if (v.hasNonNull("allValue")) {
                resolved.put(name, v.get("allValue").asText());
            } else {
                resolved.put(name, "(" + String.join("|", options) + ")");
            }
        }
        return resolved;
    }

    private void publishTwoDaysOfMeterReadings() throws Exception {
        double officeMain = 1000;
        double it = 2000;
        double dormMain = 3000;
        double officeWater = 400;
        double dormWater = 500;
        long seq = System.nanoTime();
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", "office-edge", StackTestResource.EDGE_PASSWORD)) {
            for (int i = 0; i <= 48; i++) {
                long ts = day1 + i * HOUR;
                List<Object[]> readings = new ArrayList<>();
                readings.add(new Object[] { "office-elec-main-energy", ts, officeMain });
                readings.add(new Object[] { "office-elec-it-energy", ts, it });
                readings.add(new Object[] { "dorm-elec-main-energy", ts, dormMain });
                readings.add(new Object[] { "office-water-volume", ts, officeWater });
                if (i != 3 && i != 4) {
                    readings.add(new Object[] { "dorm-water-volume", ts, dormWater });
                }
                edge.publish(edge.batch(seq++, readings));
                int day = i / 24;
                int hour = i % 24;
                officeMain += 10 + hour + 2 * day;
                it += 3 + day;
                dormMain += 5 + day;
                officeWater += 0.5;
                dormWater += 1;
            }
        }
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        MetricSource service = MetricSource.IN_PROCESS;
        for (String point : List.of("office-elec-main-energy", "office-elec-it-energy", "dorm-elec-main-energy",
                "office-water-volume", "dorm-water-volume")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Ingested.completely(influx, point, end, service));
        }
        EnergyRollups.awaitIdle(service);
    }

    /** An electricity tariff for the demo campus, then the months of the two days priced (energy.costs writes cost_1d). */
    private void priceElectricity(LocalDate first) {
        int tariff = given().contentType(ContentType.JSON).body("{\"siteId\": \"demo-campus\", \"carrier\": \"ELECTRICITY\","
                + " \"name\": \"Dashboard grid\", \"currency\": \"EUR\"}").post("/api/tariffs").then().statusCode(201)
                .extract().path("id");
        given().contentType(ContentType.JSON).body("{\"validFrom\": \"" + YearMonth.from(first).minusMonths(1).atDay(1)
                + "\", \"definition\": {\"seasons\": [{\"name\": \"all year\", \"fromMonth\": 1, \"toMonth\": 12,"
                + " \"prices\": {\"VALLEY\": 0.30, \"FLAT\": 0.60}, \"days\": {\"WORKDAY\": ["
                + "{\"from\": \"00:00\", \"to\": \"08:00\", \"period\": \"VALLEY\"},"
                + " {\"from\": \"08:00\", \"to\": \"24:00\", \"period\": \"FLAT\"}]}}]},"
                + " \"reason\": \"dashboard fixture\"}").post("/api/tariffs/" + tariff + "/versions")
                .then().statusCode(201);
        for (YearMonth month : new java.util.TreeSet<>(List.of(YearMonth.from(first), YearMonth.from(first.plusDays(1))))) {
            given().contentType(ContentType.JSON).post("/api/energy/sites/demo-campus/costs/recompute?month=" + month).then().statusCode(200);
        }
    }

    /** Rows of department_consumption_1d in the accounting's schema: local midnight, tags site/department/carrier. */
    private void writeDepartmentRows() throws Exception {
        writer.write(List.of(
                "department_consumption_1d,carrier=electricity,department=administration,site=demo-campus value=100.0,energy_kwh=100.0 " + day1,
                "department_consumption_1d,carrier=electricity,department=it-services,site=demo-campus value=200.0,energy_kwh=200.0 " + day1,
                "department_consumption_1d,carrier=electricity,department=it-services,site=demo-campus value=250.0,energy_kwh=250.0 " + day2,
                "department_consumption_1d,carrier=water,department=administration,site=demo-campus value=7.5 " + day1,
                "department_consumption_1d,carrier=gas,department=it-services,site=demo-campus value=3.0,energy_kwh=31.5 " + day2,
                "department_consumption_1d,carrier=electricity,department=other-site,site=elsewhere value=9.0,energy_kwh=9.0 " + day1,
                // two quota checks: the gauge shows the later one
                "quota_status,carrier=electricity,department=administration,site=demo-campus quota=1000.0,used=400.0,"
                        + "forecast=900.0,share=0.4 " + (day1 + HOUR),
                "quota_status,carrier=electricity,department=administration,site=demo-campus quota=1000.0,used=1050.0,"
                        + "forecast=1400.0,share=1.05 " + (day2 + HOUR),
                "quota_status,carrier=water,department=administration,site=demo-campus quota=50.0,used=10.0,"
                        + "forecast=30.0,share=0.2 " + (day2 + HOUR),
                "quota_status,carrier=electricity,department=other-site,site=elsewhere quota=1.0,used=9.0,"
                        + "forecast=9.0,share=9.0 " + (day2 + HOUR)));
    }

    /** Series of a time-series query by "tag carrier", values in time order; every timestamp is day 1 or day 2. */
    private Map<String, List<Double>> daily(List<Series> series, String tag) {
        Map<String, List<Double>> out = new TreeMap<>();
        dailyAt(series, tag).forEach((k, v) -> {
            assertThat(v.keySet()).containsExactly(day1, day2);
            out.put(k, new ArrayList<>(v.values()));
        });
        return out;
    }

    private static Map<String, Map<Long, Double>> dailyAt(List<Series> series, String tag) {
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (Series s : series) {
            String key = tag == null ? "" : s.tags().path(tag).asText() + " " + s.tags().path("carrier").asText();
            Map<Long, Double> values = new TreeMap<>();
            for (JsonNode row : s.rows()) {
                values.put(row.get(0).asLong(), row.get(1).asDouble());
            }
            assertThat(out.put(key, values)).as("one series per %s", key).isNull();
        }
        return out;
    }

    private static Map<String, JsonNode> byTag(List<Series> series, String tag) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (Series s : series) {
            assertThat(s.rows()).hasSize(1);
            out.put(s.tags().path(tag).asText(), s.rows().get(0));
        }
        return out;
    }

    private static void assertRow(JsonNode row, double consumption, Double kwh) {
        assertThat(row.get(1).asDouble()).isCloseTo(consumption, within(EPS));
        if (kwh == null) {
            assertThat(row.get(2).isNull()).as("no kWh for water").isTrue();
        } else {
            assertThat(row.get(2).asDouble()).isCloseTo(kwh, within(EPS));
        }
    }

    private static List<Number> numbers(JsonNode row) {
        List<Number> out = new ArrayList<>();
        out.add(row.get(0).asLong());
        for (int i = 1; i < row.size(); i++) {
            out.add(row.get(i).asDouble());
        }
        return out;
    }

    private static double single(List<Series> series) {
        assertThat(series).hasSize(1);
        assertThat(series.get(0).rows()).hasSize(1);
        return series.get(0).rows().get(0).get(1).asDouble();
    }
}

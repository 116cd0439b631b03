package org.facilitymonitor.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.energy.anomalies.AnomalyService;
import org.facilitymonitor.energy.savings.SavingsSeries;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.InfluxProbe.Series;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestUsers;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Energy savings dashboard (panels, variables and the anomaly annotations), with
 * its template variables resolved and substituted as Grafana does, returns the figures of the REST
 * savings answer, to 1e-9 relative, after the savings series were written by the job's code (every
 * intervention, no user) and by the refresh endpoint.
 *
 * <p>A site of its own in Berlin time with one electricity meter: 395 local days of daily use written
 * in the rollup's schema ({@code consumption_1d}) and hourly temperatures imported over REST. Use =
 * 120 + 7 kWh per °C below 16 °C plus noise; from the intervention's day (365 days in) 25 % less;
 * one day 20 days after it five times the normal use (the anomaly). The reporting period runs on to
 * yesterday, its last 25 days without data (they count in no sum). A second intervention 10 days
 * after the first fills the interventions table; an adjustment added to the first is written by
 * the refresh endpoint over the job's figures.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class SavingsDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = "savings-dash";
    private static final String POINT = "savings-dash-meter-energy";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Pattern SQL_TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([a-z_.]+)\\)");
    private static final String SITE_YAML = """
            site: {id: savings-dash, name: Savings dashboard site, timezone: Europe/Berlin}
            buildings: [{id: savings-dash-office, name: Office}]
            assets:
              - {id: savings-dash-meter, name: Main meter, kind: Building_Electrical_Meter, building: savings-dash-office,
                 points: [{id: savings-dash-meter-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                           measurement: electricity, field: energy_kwh}]}
            """;

    @InjectStack
    NativeStack stack;
    @Inject
    EntityManager em;
    @Inject
    TelemetryWriter writer;
    @Inject
    AnomalyService anomalies;
    @Inject
    SavingsSeries series;

    private long rangeFrom;
    private long rangeTo;

    @Test
    void everyPanelShowsTheRestSavings() throws Exception {
        JsonNode dashboard = JSON.readTree(NativeStack.repositoryRoot().resolve("grafana/dashboards/savings.json").toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("savings");
        assertThat(dashboard.get("title").asText()).isEqualTo("Energy savings");

        LocalDate today = LocalDate.now(ZONE);
        LocalDate first = today.minusDays(420);
        LocalDate effective = first.plusDays(365);
        LocalDate anomalyDay = effective.plusDays(20);
        writeUseAndWeather(first, 395, effective, anomalyDay);

        long id = createIntervention("Boiler replacement", effective);
        long second = createIntervention("Night setback", effective.plusDays(10));

        // the job's code: every intervention, no user
        double writtenBefore = Metrics.value("fm_energy_savings_writes_total{outcome=\"written\"}");
        assertThat(series.writeAll()).isGreaterThanOrEqualTo(2);
        assertThat(Metrics.value("fm_energy_savings_writes_total{outcome=\"written\"}") - writtenBefore)
                .isGreaterThanOrEqualTo(2);
        JsonNode before = savings(id);

        // an adjustment, then the refresh endpoint rewrites the same days (only by a manager of the site)
        given().contentType("application/json").body(Map.of("from", effective.plusDays(5).toString(),
                        "to", effective.plusDays(8).toString(), "kwhPerDay", 7.5, "reason", "a lab ran three days"))
                .post("/api/energy/interventions/" + id + "/adjustments").then().statusCode(201);
        givenAs(TestUsers.user(Roles.VIEWER, SITE)).contentType("application/json").post("/api/energy/interventions/" + id + "/savings/refresh")
                .then().statusCode(403);
        givenAs(TestUsers.user(Roles.MANAGER, "demo-campus")).contentType("application/json").post("/api/energy/interventions/" + id + "/savings/refresh")
                .then().statusCode(404);
        JsonNode written = JSON.readTree(givenAs(TestUsers.user(Roles.MANAGER, SITE)).contentType("application/json")
                .post("/api/energy/interventions/" + id + "/savings/refresh").then().statusCode(200).extract().asString());
        assertThat(written.get("intervention").asLong()).isEqualTo(id);
        assertThat(written.get("days").asInt()).isEqualTo(55);
        assertThat(written.get("quality").asBoolean()).isTrue();

        JsonNode rest = savings(id);
        assertThat(rest.path("sufficiency").path("status").asText()).isEqualTo("PASS");
        assertThat(rest.get("reportingDays").asInt()).as("30 days with use, the last 25 without").isEqualTo(30);
        assertThat(rest.get("daily")).hasSize(55);
        assertThat(rest.get("adjustments").asDouble()).isEqualTo(3 * 7.5);
        assertThat(rest.get("avoided").asDouble()).as("the adjustment changed the savings the dashboard must show")
                .isNotEqualTo(before.get("avoided").asDouble());
        assertThat(rest.get("avoided").asDouble()).as("25 % saved on most days").isPositive();
        JsonNode restSecond = savings(second);

        List<Object[]> raised = raiseTheAnomalyAndAnotherAlarm(anomalyDay);
        try {
            rangeFrom = effective.minusDays(30).atStartOfDay(ZONE).toInstant().toEpochMilli();
            rangeTo = today.atStartOfDay(ZONE).toInstant().toEpochMilli();
            InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
            Map<String, String> variables = resolveVariables(dashboard.path("templating").path("list"), id, second);

            Map<String, List<Object>> results = new LinkedHashMap<>();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String title = panel.path("title").asText() + " " + target.path("refId").asText();
                    String uid = target.path("datasource").path("uid").asText();
                    String query = substitute(target.path(uid.equals("fm-postgres") ? "rawSql" : "query").asText(), variables);
                    assertThat(query).as("%s uses only known variables and macros", title).doesNotContainPattern("\\$[A-Za-z_{]");
                    assertThat(target.path("rawQuery").asBoolean()).isTrue();
                    if (uid.equals("fm-influxdb")) {
                        results.put(title, new ArrayList<>(influx.query(query)));
                    } else {
                        assertThat(uid).isEqualTo("fm-postgres");
                        results.put(title, sql(query));
                    }
                }
            }
            assertThat(results).hasSize(10);

            assertMeteredVsModelled(influxResult(results, "Metered vs modelled per day (kWh) A"), rest);
            assertCumulative(influxResult(results, "Cumulative avoided energy with its 90 % band (kWh) A"), rest);

            JsonNode model = rest.get("model");
            JsonNode quality = rest.get("quality");
            assertClose(stat(results, "Adjusted R² A"), model.get("adjustedRSquared").asDouble());
            assertClose(stat(results, "CV(RMSE) A"), quality.get("cvRmse").asDouble());
            assertClose(stat(results, "NMBE A"), quality.get("nmbe").asDouble());
            assertClose(stat(results, "FSU A"), rest.get("fractionalSavingsUncertainty").asDouble());
            assertClose(stat(results, "Avoided so far A"), rest.get("avoided").asDouble());
            assertClose(stat(results, "90 % uncertainty (±) A"), rest.get("uncertainty90").asDouble());
            assertThat(quality.get("cvRmse").asDouble()).as("a baseline with noise").isBetween(0.01, 0.3);

            Map<String, String> names = new TreeMap<>();
            for (Object row : results.get("Interventions and their avoided energy A")) {
                Object[] r = (Object[]) row;
                names.put((String) r[0], (String) r[1]);
            }
            assertThat(names).isEqualTo(Map.of(Long.toString(id), "Boiler replacement", Long.toString(second), "Night setback"));
            Map<String, JsonNode> figures = new TreeMap<>();
            for (Series s : influxResult(results, "Interventions and their avoided energy B")) {
                assertThat(s.rows()).hasSize(1);
                assertThat(s.columns()).containsExactly("time", "avoided (kWh)", "± 90 % (kWh)", "adjusted R²");
                figures.put(s.tags().path("intervention").asText(), s.rows().get(0));
            }
            assertThat(figures.keySet()).as("joined by id with the PostgreSQL rows").isEqualTo(names.keySet());
            for (JsonNode r : List.of(rest, restSecond)) {
                JsonNode row = figures.get(r.get("intervention").asText());
                assertClose(row.get(1).asDouble(), r.get("avoided").asDouble());
                assertClose(row.get(2).asDouble(), r.get("uncertainty90").asDouble());
                assertClose(row.get(3).asDouble(), r.path("model").get("adjustedRSquared").asDouble());
            }
            assertThat(figures.get(Long.toString(second)).get(1).asDouble()).isNotEqualTo(rest.get("avoided").asDouble());

            assertAnnotations(dashboard, variables, anomalyDay, raised);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("delete from alarm where site_id = ?1 and message = 'savings fixture threshold alarm'")
                        .setParameter(1, SITE).executeUpdate();
                em.createNativeQuery("delete from rule where site_id = ?1 and name = 'savings fixture'")
                        .setParameter(1, SITE).executeUpdate();
            });
        }
    }

    /** Day by day: metered, modelled and modelled + adjustments of every counted day, and their sums. */
    private void assertMeteredVsModelled(List<Series> result, JsonNode rest) {
        assertThat(result).hasSize(1);
        Series s = result.get(0);
        assertThat(s.columns()).containsExactly("time", "metered", "modelled", "modelled + adjustments");
        Map<Long, JsonNode> byDay = restDays(rest);
        double metered = 0;
        double modelled = 0;
        int counted = 0;
        for (JsonNode row : s.rows()) {
            JsonNode day = byDay.get(row.get(0).asLong());
            assertThat(day).as("a row at a reporting day's local midnight: %s", row).isNotNull();
            if (day.get("metered").isNull()) {
                assertThat(row.get(1).isNull() && row.get(2).isNull() && row.get(3).isNull()).as("%s", row).isTrue();
                continue;
            }
            counted++;
            assertClose(row.get(1).asDouble(), day.get("metered").asDouble());
            assertClose(row.get(2).asDouble(), day.get("modelled").asDouble());
            assertClose(row.get(3).asDouble(), day.get("modelled").asDouble() + day.get("adjustment").asDouble());
            metered += row.get(1).asDouble();
            modelled += row.get(2).asDouble();
        }
        assertThat(counted).isEqualTo(rest.get("reportingDays").asInt());
        assertClose(metered, rest.get("metered").asDouble());
        assertClose(modelled, rest.get("modelled").asDouble());
    }

    /** Every reporting day's cumulative avoided energy and band; the last equals the total ± its uncertainty. */
    private void assertCumulative(List<Series> result, JsonNode rest) {
        assertThat(result).hasSize(1);
        Series s = result.get(0);
        assertThat(s.columns()).containsExactly("time", "cumulative", "90 % low", "90 % high");
        assertThat(s.rows()).hasSize(rest.get("daily").size());
        Map<Long, JsonNode> byDay = restDays(rest);
        for (JsonNode row : s.rows()) {
            JsonNode day = byDay.get(row.get(0).asLong());
            assertThat(day).as("a row at a reporting day's local midnight: %s", row).isNotNull();
            assertClose(row.get(1).asDouble(), day.get("cumulative").asDouble());
            assertClose(row.get(2).asDouble(), day.get("cumulativeLow").asDouble());
            assertClose(row.get(3).asDouble(), day.get("cumulativeHigh").asDouble());
        }
        JsonNode last = s.rows().get(s.rows().size() - 1);
        double avoided = rest.get("avoided").asDouble();
        double band = rest.get("uncertainty90").asDouble();
        assertClose(last.get(1).asDouble(), avoided);
        assertClose(last.get(2).asDouble(), avoided - band);
        assertClose(last.get(3).asDouble(), avoided + band);
        assertThat(band).isPositive();
    }

    /** The annotation query returns the anomaly alarm alone, over the anomalous local day, not the site's other alarm. */
    private void assertAnnotations(JsonNode dashboard, Map<String, String> variables, LocalDate anomalyDay,
                                   List<Object[]> raised) {
        List<String> queries = new ArrayList<>();
        for (JsonNode a : dashboard.path("annotations").path("list")) {
            if ("fm-postgres".equals(a.path("datasource").path("uid").asText())) {
                assertThat(a.path("rawQuery").asText()).isEqualTo(a.path("target").path("rawSql").asText());
                queries.add(substitute(a.path("target").path("rawSql").asText(), variables));
            }
        }
        assertThat(queries).hasSize(1);
        List<Object> rows = sql(queries.get(0));
        assertThat(rows).hasSize(1);
        Object[] row = (Object[]) rows.get(0);
        Object[] alarm = raised.get(0);
        assertThat(((Number) row[0]).longValue()).as("from the anomalous day's local midnight")
                .isEqualTo(anomalyDay.atStartOfDay(ZONE).toInstant().toEpochMilli());
        assertThat(((Number) row[1]).longValue()).as("to its end (the alarm is active, its last day that one)")
                .isEqualTo(anomalyDay.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli());
        assertThat(row[2]).isEqualTo(alarm[1]);
        assertThat((String) row[2]).startsWith(anomalyDay + ": used ").contains(" above ");
        assertThat(row[3]).isEqualTo(alarm[2] + "," + POINT);
    }

    /** The anomaly check of the anomalous day raises its alarm; a threshold alarm on the same site is raised by hand. */
    private List<Object[]> raiseTheAnomalyAndAnotherAlarm(LocalDate anomalyDay) {
        var outcome = anomalies.check(SITE, anomalyDay).stream().filter(o -> o.pointId().equals(POINT)).findFirst().orElseThrow();
        assertThat(outcome.action()).isEqualTo("RAISED");
        long other = anomalyDay.atStartOfDay(ZONE).toInstant().toEpochMilli() + 3 * 3_600_000L;
        return QuarkusTransaction.requiringNew().call(() -> {
            Number rule = (Number) em.createNativeQuery("insert into rule (name, site_id, asset_id, point_id, kind, params,"
                    + " severity, created_at, updated_at) values ('savings fixture', ?1, 'savings-dash-meter', ?2,"
                    + " 'THRESHOLD', '{}', 'MAJOR', now(), now()) returning id").setParameter(1, SITE).setParameter(2, POINT)
                    .getSingleResult();
            em.createNativeQuery("insert into alarm (rule_id, site_id, asset_id, point_id, severity, status, message,"
                    + " raised_at, last_ts) values (?1, ?2, 'savings-dash-meter', ?3, 'MAJOR', 'ACTIVE_UNACK',"
                    + " 'savings fixture threshold alarm', ?4, ?4)").setParameter(1, rule.longValue()).setParameter(2, SITE)
                    .setParameter(3, POINT).setParameter(4, java.sql.Timestamp.from(Instant.ofEpochMilli(other))).executeUpdate();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select a.id, a.message, a.severity from alarm a join rule r"
                    + " on r.id = a.rule_id where a.site_id = ?1 and r.kind = 'ENERGY_ANOMALY'").setParameter(1, SITE)
                    .getResultList();
            assertThat(rows).hasSize(1);
            return rows;
        });
    }

    /**
     * The site, 395 local days of use from {@code first} in consumption_1d (local midnights, the
     * rollup's tags and fields) and the same days' hourly temperatures (one value per local day) imported.
     */
    private void writeUseAndWeather(LocalDate first, int days, LocalDate effective, LocalDate anomalyDay) throws Exception {
        given().contentType("application/yaml").body(SITE_YAML.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        Random random = new Random(12);
        List<String> lines = new ArrayList<>();
        StringBuilder csv = new StringBuilder("time,temperature\n");
        for (int d = 0; d < days; d++) {
            LocalDate day = first.plusDays(d);
            double celsius = 9 + 11 * Math.sin(2 * Math.PI * (d - 100) / 365.0) + 2 * random.nextGaussian();
            double use = 120 + 7 * Math.max(0, 16 - celsius) + 4 * random.nextGaussian();
            if (!day.isBefore(effective)) {
                use *= 0.75;
            }
            if (day.equals(anomalyDay)) {
                use = 5 * (120 + 7 * Math.max(0, 16 - celsius));
            }
            long start = day.atStartOfDay(ZONE).toInstant().toEpochMilli();
            lines.add("consumption_1d,asset=savings-dash-meter,building=savings-dash-office,carrier=electricity,point=" + POINT
                    + ",site=" + SITE + " value=" + use + ",energy_kwh=" + use + ",coverage=1.0 " + start);
            for (Instant h = Instant.ofEpochMilli(start); h.isBefore(day.plusDays(1).atStartOfDay(ZONE).toInstant());
                 h = h.plusSeconds(3600)) {
                csv.append(h).append(',').append(celsius).append('\n');
            }
        }
        writer.write(lines);
        given().contentType("text/csv").queryParam("unit", "degC").body(csv.toString())
                .post("/api/energy/sites/" + SITE + "/weather/import").then().statusCode(200);
    }

    private long createIntervention(String name, LocalDate effective) {
        return given().contentType("application/json").body(Map.of("siteId", SITE, "scope", "METER", "scopeId", POINT,
                        "name", name, "effectiveOn", effective.toString())).post("/api/energy/interventions")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static JsonNode savings(long id) throws Exception {
        return JSON.readTree(given().get("/api/energy/interventions/" + id + "/savings").then().statusCode(200)
                .extract().asString());
    }

    /** Each variable in dashboard order: site and intervention chosen, All as (a|b|…) like Grafana's regex format. */
    private Map<String, String> resolveVariables(JsonNode list, long id, long second) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (JsonNode v : list) {
            String name = v.get("name").asText();
            assertThat(v.path("datasource").path("uid").asText()).isEqualTo("fm-postgres");
            Map<String, String> options = new LinkedHashMap<>(); // value -> text
            for (Object row : sql(substitute(v.get("query").asText(), resolved))) {
                if (row instanceof Object[] r) {
                    options.put(String.valueOf(r[1]), String.valueOf(r[0]));
                } else {
                    options.put(String.valueOf(row), String.valueOf(row));
                }
            }
            switch (name) {
                case "site" -> {
                    assertThat(options).containsEntry(SITE, "Savings dashboard site");
                    resolved.put(name, SITE);
                }
                case "intervention" -> {
                    assertThat(options).containsExactly(Map.entry(Long.toString(id), "Boiler replacement"),
                            Map.entry(Long.toString(second), "Night setback"));
                    resolved.put(name, Long.toString(id));
                }
                case "interventions" -> {
                    assertThat(v.path("includeAll").asBoolean()).isTrue();
                    assertThat(options.keySet()).containsExactly(Long.toString(id), Long.toString(second));
                    resolved.put(name, "(" + String.join("|", options.keySet()) + ")");
                }
                default -> throw new AssertionError("unexpected variable " + name);
            }
        }
        return resolved;
    }

    /** Grafana's substitution: $timeFilter and $__timeFilter(column) as the range, variables by value. */
    private String substitute(String query, Map<String, String> variables) {
        String out = query.replace("$timeFilter", "time >= " + rangeFrom + "ms and time <= " + (rangeTo - 1) + "ms");
        Matcher m = SQL_TIME_FILTER.matcher(out);
        out = m.replaceAll("$1 BETWEEN '" + Instant.ofEpochMilli(rangeFrom) + "' AND '" + Instant.ofEpochMilli(rangeTo - 1) + "'");
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String name : names) {
            out = out.replace("${" + name + ":raw}", variables.get(name)).replace("$" + name, variables.get(name));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Object> sql(String query) {
        return QuarkusTransaction.requiringNew().call(() -> (List<Object>) em.createNativeQuery(query).getResultList());
    }

    @SuppressWarnings("unchecked")
    private static List<Series> influxResult(Map<String, List<Object>> results, String title) {
        assertThat(results).containsKey(title);
        return (List<Series>) (List<?>) results.get(title);
    }

    private static double stat(Map<String, List<Object>> results, String title) {
        List<Series> s = influxResult(results, title);
        assertThat(s).hasSize(1);
        assertThat(s.get(0).rows()).hasSize(1);
        return s.get(0).rows().get(0).get(1).asDouble();
    }

    /** REST days by their local midnight (ms). */
    private static Map<Long, JsonNode> restDays(JsonNode rest) {
        Map<Long, JsonNode> out = new HashMap<>();
        for (JsonNode d : rest.get("daily")) {
            out.put(LocalDate.parse(d.get("day").asText()).atStartOfDay(ZONE).toInstant().toEpochMilli(), d);
        }
        return out;
    }

    private static void assertClose(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected)
                .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(expected), 1e-6));
    }
}

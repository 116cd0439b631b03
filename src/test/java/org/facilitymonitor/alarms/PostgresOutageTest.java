package org.facilitymonitor.alarms;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RuleActivity;
import org.facilitymonitor.testing.RuleSetVersion;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault test (docs/testing.md, "Fault tests"): PostgreSQL down while rules fire on 20 assets.
 * Telemetry keeps being stored meanwhile; once
 * PostgreSQL is back, exactly one alarm, one work order and one alert per asset and rule exist, none twice.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class PostgresOutageTest {

    private static final Logger LOG = Logger.getLogger(PostgresOutageTest.class.getName());
    private static final String SITE = "demo-campus";

    @InjectStack
    NativeStack stack;
    @Inject
    EntityManager em;

    private final List<Long> rules = new ArrayList<>();

    @AfterEach
    void removeRules() {
        given().delete("/api/notifications/persons/t09"); // keeps later test classes' e-mail off the shared SMTP server
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("delete from work_order_event where work_order_id in (select id from work_order where"
                    + " rule_id in (:ids))").setParameter("ids", rules.isEmpty() ? List.of(-1L) : rules).executeUpdate();
            em.createNativeQuery("delete from work_order where rule_id in (:ids)")
                    .setParameter("ids", rules.isEmpty() ? List.of(-1L) : rules).executeUpdate();
            for (long id : rules) {
                em.createNativeQuery("delete from alarm_event where alarm_id in (select id from alarm where rule_id = ?1)")
                        .setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from alarm where rule_id = ?1").setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from rule where id = ?1").setParameter(1, id).executeUpdate();
            }
            em.createNativeQuery("update rule_set_version set version = version + 1").executeUpdate();
        });
    }

    @Test
    void rulesFiringOnTwentyAssetsWhilePostgresIsDownGiveExactlyTwentyAlarmsAfterwards() throws Exception {
        // one instantaneous point on each of 20 assets
        Map<String, String> pointByAsset = new LinkedHashMap<>();
        for (Map<String, Object> p : given().queryParam("site", SITE).queryParam("kind", "instantaneous")
                .queryParam("size", 1000).get("/api/points").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items")) {
            pointByAsset.putIfAbsent((String) p.get("asset"), (String) p.get("id"));
        }
        assertThat(pointByAsset).hasSizeGreaterThanOrEqualTo(20);
        List<String> points = new ArrayList<>(pointByAsset.values()).subList(0, 20);
        List<String> assets = new ArrayList<>(pointByAsset.keySet()).subList(0, 20);
        // open work orders left by other test classes would (rightly) suppress these alarms
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update work_order set state = 'CANCELLED',"
                + " cancelled_at = now() where asset_id in (:assets) and state not in ('CLOSED', 'CANCELLED')")
                .setParameter("assets", assets).executeUpdate());
        given().contentType(ContentType.JSON).body("{\"name\": \"Crew\"}").put("/api/notifications/teams/crew");
        given().contentType(ContentType.JSON).body("{\"name\": \"T09\", \"email\": \"t09@crew.example.org\","
                + " \"channels\": [\"EMAIL\"], \"minSeverity\": \"INFO\", \"teams\": [\"crew\"]}")
                .put("/api/notifications/persons/t09");
        for (String point : points) {
            rules.add(given().contentType(ContentType.JSON).body(Map.of("name", "T09 " + point, "pointId", point,
                    "kind", "THRESHOLD", "severity", "MAJOR", "createsWorkOrder", true, "workOrderPriority", "P3",
                    "params", Map.of("direction", "BELOW", "limit", 1e6, "clearLimit", 1e6)))
                    .post("/api/rules").then().statusCode(201).extract().jsonPath().getLong("id"));
        }
        RuleSetVersion.awaitLoaded(stack);

        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        double concludedBefore = RuleActivity.concluded(MetricSource.IN_PROCESS);
        double retriesBefore = Metrics.value("fm_alarms_write_retries_total");
        long t0 = System.currentTimeMillis() - 60_000;
        long seqBase = System.currentTimeMillis() * 10;
        stack.stop("postgres");
        try {
            try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, "office-edge", StackTestResource.EDGE_PASSWORD)) {
                for (int round = 0; round < 3; round++) { // the condition holds on every reading
                    List<Object[]> readings = new ArrayList<>();
                    for (String point : points) {
                        // within every quantity's plausible range, so that none is rejected as out-of-range
                        readings.add(new Object[] {point, t0 + round * 1_000L, 0.5 + round / 10.0});
                    }
                    edge.publish(edge.batch(seqBase + round, readings));
                }
            }
            // telemetry is not interrupted: every reading is stored while PostgreSQL is down
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    countBySeq(influx, seqBase) == 60);
            // the engine raised once per rule (the condition holding on later readings adds nothing), and the
            // recorder has failed to write at least twice: the alarms wait for PostgreSQL
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Metrics.value("fm_alarms_write_retries_total") >= retriesBefore + 2
                            && RuleActivity.concluded(MetricSource.IN_PROCESS) - concludedBefore >= 20);
            assertThat(RuleActivity.concluded(MetricSource.IN_PROCESS) - concludedBefore)
                    .as("raise conclusions: one per rule").isEqualTo(20);
        } finally {
            stack.startComponent("postgres");
        }
        // every conclusion the engine reached is written: nothing more can change the alarms below
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> RuleActivity.allConclusionsWritten(MetricSource.IN_PROCESS));
        assertThat(activeAlarms()).as("exactly one alarm per asset and rule").isEqualTo(20);
        long events = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from alarm_event e join alarm a on a.id = e.alarm_id where a.rule_id in (:ids)"
                        + " and e.type = 'RAISED'").setParameter("ids", rules).getSingleResult()).longValue());
        assertThat(events).as("each raised once").isEqualTo(20);
        long workOrders = count("select count(*) from work_order where rule_id in (:ids)");
        assertThat(workOrders).as("one work order per asset and rule").isEqualTo(20);
        long alerts = count("select count(*) from notify_outbox where kind = 'ALARM' and recipient = 'person:t09'"
                + " and event_key in (select 'alarm:' || id || ':raised' from alarm where rule_id in (:ids))");
        assertThat(alerts).as("one alert per alarm for the crew member").isEqualTo(20);
        LOG.info("T09: 60 readings stored during the outage; after recovery 20 alarms, 20 work orders, 20 alerts");
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql)
                .setParameter("ids", rules).getSingleResult()).longValue());
    }

    private long activeAlarms() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                    "select count(*) from alarm where status <> 'CLEARED' and rule_id in (:ids)")
                    .setParameter("ids", rules).getSingleResult()).longValue());
        } catch (RuntimeException e) {
            return -1; // PostgreSQL still coming back
        }
    }

    private static long countBySeq(InfluxProbe influx, long seqBase) {
        long total = 0;
        for (InfluxProbe.Series s : influx.query("SELECT count(\"seq\") FROM /.*/ WHERE \"seq\" >= " + seqBase
                + " AND \"seq\" < " + (seqBase + 3))) {
            for (com.fasterxml.jackson.databind.JsonNode row : s.rows()) {
                total += row.get(1).asLong();
            }
        }
        return total;
    }
}

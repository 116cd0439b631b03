package org.facilitymonitor.alarms;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.Ingested;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RuleActivity;
import org.facilitymonitor.testing.RuleSetVersion;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rules over REST, evaluated on the real ingest stream, raising alarms in the real PostgreSQL. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class RulesAndAlarmsTest {

    static final String SITE = "demo-campus";
    static final long SEC = 1_000;

    @InjectStack
    NativeStack stack;
    @Inject
    EntityManager em;
    @Inject
    AlarmService alarmService;

    private final List<Long> rules = new ArrayList<>();
    private static long seq = System.currentTimeMillis() * 10;

    /** Other test classes leave open work orders on dorm-ahu-1, which would suppress these alarms. */
    @org.junit.jupiter.api.BeforeEach
    void noOpenWorkOrdersOnTheAsset() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update work_order set state = 'CANCELLED',"
                + " cancelled_at = now() where asset_id = 'dorm-ahu-1' and state not in ('CLOSED', 'CANCELLED')")
                .executeUpdate());
    }

    @AfterEach
    void removeRulesAndAlarms() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (long id : rules) {
                em.createNativeQuery("delete from alarm_event where alarm_id in (select id from alarm where rule_id = ?1)")
                        .setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from alarm where rule_id = ?1").setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from rule where id = ?1").setParameter(1, id).executeUpdate();
            }
            em.createNativeQuery("delete from maintenance_window").executeUpdate();
            em.createNativeQuery("update rule_set_version set version = version + 1").executeUpdate();
        });
    }

    long createRule(Map<String, Object> rule) {
        long id = given().contentType(ContentType.JSON).body(rule).post("/api/rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        rules.add(id);
        return id;
    }

    /** Until the engine evaluates the rules as they are now (each change bumps rule_set_version). */
    void awaitRulesLoaded() {
        RuleSetVersion.awaitLoaded(stack);
    }

    static Map<String, Object> threshold(String point, double limit, String forAtLeast, double clearLimit) {
        return Map.of("name", "limit on " + point, "pointId", point, "kind", "THRESHOLD", "severity", "MAJOR",
                "params", Map.of("direction", "ABOVE", "limit", limit, "for", forAtLeast, "clearLimit", clearLimit));
    }

    void publish(String edgeId, String point, long ts, Object value, boolean historical) {
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, edgeId, StackTestResource.EDGE_PASSWORD)) {
            List<Object[]> readings = new ArrayList<>();
            readings.add(new Object[] {point, ts, value});
            edge.publish(TestEdge.batch(SITE, edgeId, seq++, historical, readings));
        }
    }

    /** Publishes value at ts0 + i s for each i; all in one batch per reading, in order. */
    void series(String point, long ts0, double... values) {
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, "dorm-edge", StackTestResource.EDGE_PASSWORD)) {
            for (int i = 0; i < values.length; i++) {
                List<Object[]> readings = new ArrayList<>();
                readings.add(new Object[] {point, ts0 + i * SEC, values[i]});
                edge.publish(TestEdge.batch(SITE, "dorm-edge", seq++, false, readings));
            }
        }
    }

    static List<Map<String, Object>> alarms(long ruleId) {
        JsonPath all = given().queryParam("asset", "dorm-ahu-1").queryParam("limit", 1000).get("/api/alarms").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : all.<Map<String, Object>>getList("$")) {
            if (((Number) a.get("ruleId")).longValue() == ruleId) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void theDemoRulesAreValid() throws Exception {
        List<Map<String, Object>> demo = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                java.nio.file.Path.of("demo/demo-rules.json").toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() { });
        assertThat(demo).hasSizeGreaterThanOrEqualTo(6);
        for (Map<String, Object> rule : demo) {
            createRule(rule);
        }
        assertThat(given().get("/api/rules").then().statusCode(200).extract().jsonPath().<String>getList("kind"))
                .contains("THRESHOLD", "STARTS_PER_WINDOW", "RATE_OF_CHANGE", "NIGHT_FLOW", "COUNTER_ANOMALY", "STALE");
    }

    @Test
    void aBadRuleIsRefusedNamingEveryField() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "pointId", "no-such-point", "kind", "THRESHOLD",
                "severity", "LOUD", "params", Map.of("direction", "UP", "for", "soon", "colour", 1)))
                .post("/api/rules").then().statusCode(422)
                .body("errors.field", hasItem("pointId"))
                .body("errors.field", hasItem("severity"))
                .body("errors.field", hasItem("params.direction"))
                .body("errors.field", hasItem("params.limit"))
                .body("errors.field", hasItem("params.for"))
                .body("errors.field", hasItem("params.colour"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "pointId", "dorm-ahu-1-filter-dp",
                "kind", "STARTS_PER_WINDOW", "severity", "MINOR", "params", Map.of("maxStarts", 6, "window", "1h")))
                .post("/api/rules").then().statusCode(422).body("errors[0].message", containsString("state point"));
    }

    @Test
    void aThresholdHeldForItsDurationRaisesOneAlarmThatClearsWithHysteresisAndReopensInAStorm() {
        long rule = createRule(threshold("dorm-ahu-1-filter-dp", 400, "5s", 380));
        long t0 = System.currentTimeMillis() - 120 * SEC;
        awaitRulesLoaded();

        series("dorm-ahu-1-filter-dp", t0, 390, 410, 412, 414, 416, 417, 418); // above from t0+1 s: raised at t0+6 s
        await().atMost(Duration.ofSeconds(15)).until(() -> alarms(rule).size() == 1);
        Map<String, Object> a = alarms(rule).get(0);
        assertThat(a.get("status")).isEqualTo("ACTIVE_UNACK");
        assertThat(Instant.parse((String) a.get("raisedAt"))).isEqualTo(Instant.ofEpochMilli(t0 + 6 * SEC));
        assertThat(((Number) a.get("triggerValue")).doubleValue()).isEqualTo(418.0);
        assertThat((String) a.get("message")).contains("dorm-ahu-1-filter-dp", "418", "above", "400");
        long alarmId = ((Number) a.get("id")).longValue();

        // the same readings again (a redelivery) change nothing
        series("dorm-ahu-1-filter-dp", t0, 390, 410, 412, 414, 416, 417, 418);
        // 395 is below the limit but above the clear level: still active; 370 clears
        series("dorm-ahu-1-filter-dp", t0 + 10 * SEC, 395, 370);
        await().atMost(Duration.ofSeconds(15)).until(() -> "CLEARED".equals(alarms(rule).get(0).get("status")));
        assertThat(Instant.parse((String) alarms(rule).get(0).get("clearedAt"))).isEqualTo(Instant.ofEpochMilli(t0 + 11 * SEC));

        // raised again within the storm window: the same alarm reopens
        series("dorm-ahu-1-filter-dp", t0 + 20 * SEC, 450, 450, 450, 450, 450, 450, 450);
        await().atMost(Duration.ofSeconds(15)).until(() -> !"CLEARED".equals(alarms(rule).get(0).get("status")));
        List<Map<String, Object>> after = alarms(rule);
        assertThat(after).hasSize(1);
        assertThat(((Number) after.get(0).get("id")).longValue()).isEqualTo(alarmId);
        assertThat(after.get(0).get("occurrences")).isEqualTo(2);

        JsonPath detail = given().get("/api/alarms/" + alarmId).then().statusCode(200).extract().jsonPath();
        assertThat(detail.<String>getList("history.type")).containsExactly("RAISED", "CLEARED", "REOPENED");

        String acknowledgedBy = given().contentType(ContentType.JSON).body(Map.of("comment", "filter on order"))
                .post("/api/alarms/" + alarmId + "/acknowledge").then().statusCode(200).body("status", org.hamcrest.Matchers.is("ACTIVE_ACK"))
                .extract().jsonPath().getString("acknowledgedBy");
        assertThat(acknowledgedBy).isEqualTo(org.facilitymonitor.testing.RestRequests.adminUsername());
        given().contentType(ContentType.JSON).body(Map.of("comment", "again"))
                .post("/api/alarms/" + alarmId + "/acknowledge").then().statusCode(409)
                .body("detail", containsString("acknowledged by " + acknowledgedBy));

        // a clear judged from an old reading (a restarted engine fed a redelivered batch) changes nothing
        org.facilitymonitor.rules.RuleSpec spec = new org.facilitymonitor.rules.RuleSpec(rule, "limit", SITE, "dorm-ahu-1",
                "dorm-ahu-1-filter-dp", org.facilitymonitor.rules.Severity.MAJOR, false,
                new org.facilitymonitor.rules.RuleSpec.Stale(Duration.ofMinutes(1)));
        alarmService.apply(new org.facilitymonitor.rules.RuleEvent(org.facilitymonitor.rules.RuleEvent.Type.CLEAR, spec,
                t0 + 12 * SEC, 100, "old"));
        assertThat(alarms(rule).get(0).get("status")).isEqualTo("ACTIVE_ACK");

        // at most one active alarm per asset and rule, whoever inserts it
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "insert into alarm (rule_id, site_id, asset_id, point_id, severity, status, message, raised_at, last_ts)"
                        + " values (?1, 'demo-campus', 'dorm-ahu-1', 'dorm-ahu-1-filter-dp', 'MAJOR', 'ACTIVE_UNACK', 'x',"
                        + " now(), now())").setParameter(1, rule).executeUpdate()))
                .hasStackTraceContaining("alarm_one_active_per_asset_rule");
    }

    @Test
    void historicalReadingsNeverRaiseLiveAlarms() throws Exception {
        long rule = createRule(threshold("dorm-ahu-1-supply-temp", 30, "0s", 30));
        awaitRulesLoaded();
        double evaluatedBefore = RuleActivity.evaluated(MetricSource.IN_PROCESS);
        double concludedBefore = RuleActivity.concluded(MetricSource.IN_PROCESS);
        long t0 = System.currentTimeMillis() - 3_600 * SEC;
        publish("dorm-edge", "dorm-ahu-1-supply-temp", t0, 80.0, true);
        publish("dorm-edge", "dorm-ahu-1-supply-temp", t0 + SEC, 81.0, true);
        long marker = System.currentTimeMillis();
        publish("dorm-edge", "dorm-ahu-1-supply-temp", marker, 20.0, false); // a live reading after them, below
        // The live marker went through ingest and the engine after the historical readings (one subscription,
        // handled in arrival order), and whatever the engine concluded meanwhile is in PostgreSQL.
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                Ingested.completely(influx, "dorm-ahu-1-supply-temp", marker, MetricSource.IN_PROCESS)
                        && RuleActivity.allConclusionsWritten(MetricSource.IN_PROCESS));
        assertThat(RuleActivity.evaluated(MetricSource.IN_PROCESS)).as("live readings evaluated: the marker")
                .isGreaterThan(evaluatedBefore);
        assertThat(RuleActivity.concluded(MetricSource.IN_PROCESS)).as("conclusions from the historical readings")
                .isEqualTo(concludedBefore);
        assertThat(alarms(rule)).isEmpty();
        publish("dorm-edge", "dorm-ahu-1-supply-temp", marker + SEC, 81.0, false);
        await().atMost(Duration.ofSeconds(15)).until(() -> alarms(rule).size() == 1);
    }

    @Inject
    org.facilitymonitor.notify.UnacknowledgedAlarms unacknowledged;

    @Test
    void anUnacknowledgedCriticalAlarmIsOfferedForRemindersUntilAcknowledged() {
        long rule = createRule(Map.of("name", "supply too hot", "pointId", "dorm-ahu-1-supply-temp", "kind", "THRESHOLD",
                "severity", "CRITICAL", "params", Map.of("direction", "ABOVE", "limit", 60, "clearLimit", 50)));
        awaitRulesLoaded();
        publish("dorm-edge", "dorm-ahu-1-supply-temp", System.currentTimeMillis(), 75.0, false);
        await().atMost(Duration.ofSeconds(15)).until(() -> alarms(rule).size() == 1);
        String id = String.valueOf(alarms(rule).get(0).get("id"));
        List<org.facilitymonitor.notify.UnacknowledgedAlarms.Alarm> offered = unacknowledged.unacknowledged();
        assertThat(offered).filteredOn(a -> a.alarmId().equals(id)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(org.facilitymonitor.rules.Severity.CRITICAL);
            assertThat(a.site()).isEqualTo(SITE);
            assertThat(a.subject()).contains("dorm-ahu-1-supply-temp", "75");
            assertThat(a.targets().teams()).containsExactly("crew");
        });
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/alarms/" + id + "/acknowledge")
                .then().statusCode(200);
        assertThat(unacknowledged.unacknowledged()).noneMatch(a -> a.alarmId().equals(id));
    }

    @Test
    void anAlarmDuringPlannedMaintenanceIsRecordedAsSuppressed() {
        long rule = createRule(threshold("dorm-ahu-1-return-temp", 30, "0s", 30));
        Instant now = Instant.now();
        given().contentType(ContentType.JSON).body(Map.of("assetId", "dorm-ahu-1", "startsAt", now.minusSeconds(600).toString(),
                "endsAt", now.plusSeconds(600).toString(), "reason", "filter change")).post("/api/maintenance-windows")
                .then().statusCode(201);
        awaitRulesLoaded();
        publish("dorm-edge", "dorm-ahu-1-return-temp", now.toEpochMilli(), 40.0, false);
        await().atMost(Duration.ofSeconds(15)).until(() -> alarms(rule).size() == 1);
        Map<String, Object> a = alarms(rule).get(0);
        assertThat(a.get("suppressed")).isEqualTo(true);
        assertThat((String) a.get("suppressionReason")).contains("planned maintenance", "filter change");
    }
}

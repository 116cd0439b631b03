package org.facilitymonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RuleActivity;
import org.facilitymonitor.testing.RuleSetVersion;
import org.facilitymonitor.testing.ServiceProcess;
import org.facilitymonitor.testing.StackDb;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, point 2, with the packaged service as a process: PostgreSQL is down while a meter reset and a
 * threshold crossing are evaluated; their readings are stored and acknowledged, so the broker will never
 * deliver them again, and the service is SIGKILLed with both conclusions only in memory. After PostgreSQL
 * and the service are back, the journal in InfluxDB gives each alarm exactly once, and the threshold
 * rule's work order.
 */
class RuleConclusionAfterKillIT {

    private static final String PASSWORD = "it-edge-password";
    private static final String SITE = "demo-campus";
    private static final String EDGE = "dorm-edge";
    private static final String METER = "dorm-water-volume";
    private static final String FILTER = "dorm-ahu-1-filter-dp";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NativeStack stack;

    @BeforeAll
    static void startStack() {
        stack = NativeStack.start(NativeStack.repositoryRoot(), "rule-kill-it");
        stack.addMqttUser(EDGE, PASSWORD);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A short grace and interval, so the restarted service's sweep runs within seconds. */
    private static final Map<String, String> ENV = Map.of("FM_ALARMS_SWEEP_GRACE", "PT5S", "FM_ALARMS_SWEEP_INTERVAL", "3s");

    @Test
    void conclusionsAcknowledgedWhilePostgresWasDownSurviveASigkill() throws Exception {
        StackDb db = new StackDb(stack);
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        int port = ServiceProcess.freePort();
        long t0 = System.currentTimeMillis() - 10 * 60_000;
        long seq = System.currentTimeMillis() * 10;
        long counterRule;
        long thresholdRule;
        long reset = t0 + 120_000;
        long crossing = t0 + 125_000;
        ServiceProcess first = ServiceProcess.start(stack, port, "fm-service-rule-kill", "rule-kill-1", ENV)
                .awaitReady(Duration.ofSeconds(90));
        try {
            counterRule = createRule(first, Map.of("name", "Water meter reset", "pointId", METER, "kind", "COUNTER_ANOMALY",
                    "severity", "MAJOR", "params", Map.of("maxPerHour", 0)));
            thresholdRule = createRule(first, Map.of("name", "Filter clogged while PostgreSQL was down", "pointId", FILTER,
                    "kind", "THRESHOLD", "severity", "CRITICAL", "createsWorkOrder", true, "workOrderPriority", "P2",
                    "params", Map.of("direction", "ABOVE", "limit", 450, "clearLimit", 150)));
            RuleSetVersion.awaitLoaded(RuleSetVersion.current(stack), first::metric);

            // the engine learns the register and a normal pressure drop while PostgreSQL is up
            publish(TestEdge.batch(SITE, EDGE, seq++, false, List.<Object[]>of(new Object[] {METER, t0, 1200.0},
                    new Object[] {FILTER, t0, 200.0})));
            publish(TestEdge.batch(SITE, EDGE, seq++, false, List.<Object[]>of(new Object[] {METER, t0 + 60_000, 1201.5})));
            await().atMost(Duration.ofSeconds(30)).until(() -> first.metric("fm_rules_readings_evaluated") >= 3
                    && first.metric("fm_ingest_pending_messages") == 0 && RuleActivity.allConclusionsWritten(first::metric));
            assertThat(RuleActivity.concluded(first::metric)).as("nothing concluded from normal readings").isZero();

            stack.stop("postgres");
            publish(TestEdge.batch(SITE, EDGE, seq++, false, List.<Object[]>of(new Object[] {METER, reset, 3.25})));
            publish(TestEdge.batch(SITE, EDGE, seq++, false, List.<Object[]>of(new Object[] {FILTER, crossing, 520.0})));
            // acknowledged: stored, nothing pending in the service; concluded and journalled, not written
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.of(
                    influx.countWhere("\"point\" = '" + METER + "' AND time = " + reset + "ms"),
                    influx.countWhere("\"point\" = '" + FILTER + "' AND time = " + crossing + "ms"),
                    first.metric("fm_ingest_pending_messages"), first.metric("fm_rules_journal_written_total"),
                    first.metric("fm_alarms_conclusions_pending") >= 1, first.metric("fm_alarms_write_retries_total") >= 1))
                    .as("stored, stored, pending messages, journalled, conclusions waiting, failed writes")
                    .containsExactly(1L, 1L, 0.0, 2.0, true, true));
            assertThat(RuleActivity.concluded(first::metric)).as("a reset and a crossing").isEqualTo(2);
            assertThat(first.metric("fm_alarms_conclusions_written_total")).isZero();
            assertThat(journal(influx, counterRule)).as("the reset's journal entries").isEqualTo(1);
            assertThat(journal(influx, thresholdRule)).as("the crossing's journal entries").isEqualTo(1);
        } finally {
            first.kill();
        }
        stack.startComponent("postgres");
        assertThat(db.number("select count(*) from alarm where rule_id in (?, ?)", counterRule, thresholdRule))
                .as("nothing reached PostgreSQL before the kill").isZero();

        try (ServiceProcess second = ServiceProcess.start(stack, port, "fm-service-rule-kill", "rule-kill-2", ENV)
                .awaitReady(Duration.ofSeconds(90))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> second.metric("fm_alarms_sweep_recovered_total") >= 2);
            // one more complete pass after the recovery: nothing further may follow
            double runs = second.metric("fm_alarms_sweep_runs_total");
            await().atMost(Duration.ofSeconds(30)).until(() -> second.metric("fm_alarms_sweep_runs_total") >= runs + 1);
            assertThat(second.metric("fm_alarms_sweep_recovered_total")).isEqualTo(2);

            Map<String, Object> meter = db.rows("select status, message, raised_at, trigger_value, occurrences from alarm"
                    + " where rule_id = ?", counterRule).get(0);
            assertThat(db.number("select count(*) from alarm where rule_id = ?", counterRule)).as("reset alarms").isEqualTo(1);
            assertThat(meter.get("status")).isEqualTo("ACTIVE_UNACK");
            assertThat(meter.get("message")).isEqualTo(METER + " register fell from 1201.500 to 3.250 (meter reset, rollover or"
                    + " replacement)");
            assertThat(((java.sql.Timestamp) meter.get("raised_at")).getTime()).isEqualTo(reset);
            assertThat(meter.get("occurrences")).isEqualTo(1);

            assertThat(db.number("select count(*) from alarm where rule_id = ?", thresholdRule)).as("filter alarms").isEqualTo(1);
            assertThat(db.number("select count(*) from alarm_event e join alarm a on a.id = e.alarm_id where a.rule_id in"
                    + " (?, ?) and e.type = 'RAISED'", counterRule, thresholdRule)).as("each raised once").isEqualTo(2);
            List<Map<String, Object>> orders = db.rows("select w.priority, w.title from work_order w where w.rule_id = ?",
                    thresholdRule);
            assertThat(orders).as("the condition rule's work order").containsExactly(Map.of("priority", "P2",
                    "title", "Filter clogged while PostgreSQL was down on dorm-ahu-1"));
            assertThat(db.rows("select outcome from rule_conclusion where rule_id in (?, ?)", counterRule, thresholdRule))
                    .containsExactly(Map.of("outcome", "APPLIED"), Map.of("outcome", "APPLIED"));
            System.out.printf("RuleConclusionAfterKillIT: 2 conclusions journalled while PostgreSQL was down, readings"
                    + " acknowledged, SIGKILL; after the restart the sweep recovered both: 1 reset alarm, 1 filter alarm,"
                    + " 1 P2 work order%n");
        }
    }

    private long createRule(ServiceProcess service, Map<String, Object> rule) throws Exception {
        HttpResponse<String> created = service.send("POST", "/api/rules", JSON.writeValueAsString(rule));
        assertThat(created.statusCode()).as("rule: %s", created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asLong();
    }

    private static void publish(byte[] batch) {
        try (TestEdge e = new TestEdge(stack.mqttUrl(), SITE, EDGE, PASSWORD)) {
            e.publish(batch);
        }
    }

    private static int journal(InfluxProbe influx, long rule) {
        return influx.query("SELECT \"message\" FROM \"fm_rule_conclusion\" WHERE \"rule_id\" = '" + rule + "'").stream()
                .mapToInt(s -> s.rows().size()).sum();
    }
}

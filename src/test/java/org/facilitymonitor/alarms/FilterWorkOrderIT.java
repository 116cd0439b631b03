package org.facilitymonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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
 * Issue 4, point 7: "filter ΔP rising → exactly one work order, also with the same messages
 * redelivered and with two service instances running", against the packaged service as two real
 * processes.
 *
 * <p><b>Setup, and why.</b> Two instances (client ids {@code fm-service-filter-a}/{@code -b}) share
 * one subscription group ({@code FM_MQTT_SHARED_GROUP}), the way docs/scaling.md scales out: the broker
 * hands each data message to one of them. Rule state is per instance, so each instance's engine
 * sees only its share of the readings. The rule must therefore be decidable on any share: each
 * batch carries five readings of {@code dorm-ahu-1-filter-dp} one second apart and the rule wants
 * the ΔP above 450 Pa for 3 s, so once the filter is past the limit, every batch on its own holds
 * the condition and <em>whichever instance gets such a batch raises</em>. Both instances do raise
 * (their {@code fm_rules_events} say so); what keeps the outcome at one alarm and one work order is
 * the database: the partial unique index {@code alarm_one_active_per_asset_rule} (the loser of the
 * race fails on it, retries, and finds the active alarm: it counts a repeat) and, behind it,
 * {@code work_order_open_per_rule}. Partitioning by site instead would send all readings of the
 * dorm to one instance and prove nothing about two instances.
 *
 * <p><b>Redelivery and a crash.</b> The whole series is then published again with the same seqs,
 * timestamps and values (an edge resending what it thinks unacknowledged); half-way through,
 * instance b is killed with SIGKILL (messages it had received but not acknowledged are redelivered
 * by the broker to its persistent session) and started again with the same client id. Its new
 * engine starts from the active alarms in PostgreSQL, so it neither raises again nor clears (the
 * series never falls below the clear limit of 150 Pa: a restarted engine has no last timestamp, and
 * a redelivered reading older than the alarm that is below the clear limit does clear it today,
 * with {@code cleared_at} before {@code raised_at}; {@code AlarmService.apply} does not compare the
 * conclusion's time with the alarm's). Finally new, higher readings follow, so the restarted
 * instance consumes live data too.
 */
class FilterWorkOrderIT {

    private static final String EDGE = "dorm-edge";
    private static final String EDGE_PASSWORD = "it-dorm-edge-password";
    private static final String POINT = "dorm-ahu-1-filter-dp";
    private static final String ASSET = "dorm-ahu-1";
    private static final int BATCHES = 40;
    private static final int PER_BATCH = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SHARED = Map.of("FM_MQTT_SHARED_GROUP", "fm-filter-it");
    /** Instance b holds what it received for a second before writing and acknowledging it, so the kill hits unacknowledged messages. */
    private static final Map<String, String> SHARED_SLOW = Map.of("FM_MQTT_SHARED_GROUP", "fm-filter-it",
            "FM_INGEST_WRITE_LINGER", "PT1S", "FM_INGEST_WRITE_BATCH_POINTS", "1000000");

    private static NativeStack stack;

    @BeforeAll
    static void startStack() {
        stack = NativeStack.start(NativeStack.repositoryRoot(), "filter-wo-it");
        stack.addMqttUser(EDGE, EDGE_PASSWORD);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRisingFilterPressureOpensExactlyOneWorkOrderAcrossTwoInstancesRedeliveryAndAKill() throws Exception {
        StackDb db = new StackDb(stack);
        int portB = ServiceProcess.freePort();
        ServiceProcess a = ServiceProcess.start(stack, ServiceProcess.freePort(), "fm-service-filter-a", "filter-a", SHARED);
        ServiceProcess b = ServiceProcess.start(stack, portB, "fm-service-filter-b", "filter-b", SHARED_SLOW);
        try {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            HttpResponse<String> created = a.send("POST", "/api/rules", JSON.writeValueAsString(Map.of(
                    "name", "Filter clogged (IT)", "pointId", POINT, "kind", "THRESHOLD", "severity", "MAJOR",
                    "createsWorkOrder", true, "workOrderPriority", "P2",
                    "params", Map.of("direction", "ABOVE", "limit", 450, "for", "3s", "clearLimit", 150))));
            assertThat(created.statusCode()).as("rule created: %s", created.body()).isEqualTo(201);
            long rule = JSON.readTree(created.body()).get("id").asLong();
            RuleSetVersion.awaitLoaded(RuleSetVersion.current(stack), a::metric, b::metric);

            // Phase 1: the rising series, 200 readings from 200 Pa, +10 Pa a second (above 450 Pa from the 26th).
            long t0 = System.currentTimeMillis() - 10 * 60_000;
            long seq0 = System.currentTimeMillis() * 1000;
            List<byte[]> series = new ArrayList<>();
            for (int batch = 0; batch < BATCHES; batch++) {
                series.add(batch(seq0 + batch, t0, batch));
            }
            try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", EDGE, EDGE_PASSWORD)) {
                series.forEach(edge::publish);
            }
            ServiceProcess firstB = b;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                    a.metric("fm_ingest_messages_received_total") + firstB.metric("fm_ingest_messages_received_total")
                            >= BATCHES && idle(a) && idle(firstB));
            double receivedA1 = a.metric("fm_ingest_messages_received_total");
            double receivedB1 = b.metric("fm_ingest_messages_received_total");
            double raisesA = a.metric("fm_rules_events");
            double raisesB = b.metric("fm_rules_events");
            double retriesA = a.metric("fm_alarms_write_retries_total");
            double retriesB = b.metric("fm_alarms_write_retries_total");
            assertThat(receivedA1).as("messages instance a consumed").isPositive();
            assertThat(receivedB1).as("messages instance b consumed").isPositive();
            assertThat(receivedA1 + receivedB1).as("each message to one instance of the group").isEqualTo(BATCHES);
            assertThat(raisesA).as("instance a's engine raised the alarm on its share of the readings").isEqualTo(1);
            assertThat(raisesB).as("instance b's engine raised the alarm on its share of the readings").isEqualTo(1);
            Map<String, Object> alarm = onlyAlarm(db, rule);
            assertThat(((Number) alarm.get("occurrences")).intValue())
                    .as("the second raise counted on the one alarm, not a second alarm").isEqualTo(2);
            long workOrder = onlyWorkOrder(db, rule);
            assertThat(alarm.get("work_order_id")).as("the alarm's work order").isEqualTo(workOrder);

            // Phase 2: the same 40 messages again; instance b is SIGKILLed after 20 and started again.
            double pendingAtKill;
            double receivedBBeforeKill;
            try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", EDGE, EDGE_PASSWORD)) {
                for (int i = 0; i < BATCHES / 2; i++) {
                    edge.publish(series.get(i));
                }
                // b holds its share of the last messages for a second before writing: kill it while it does
                ServiceProcess slow = b;
                AtomicReference<Double> pending = new AtomicReference<>(0.0);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    pending.set(slow.metric("fm_ingest_pending_messages"));
                    return pending.get() > 0;
                });
                pendingAtKill = pending.get();
                receivedBBeforeKill = b.metric("fm_ingest_messages_received_total");
                b.kill();
                for (int i = BATCHES / 2; i < BATCHES; i++) {
                    edge.publish(series.get(i));
                }
                b = ServiceProcess.start(stack, portB, "fm-service-filter-b", "filter-b-restarted", SHARED)
                        .awaitReady(Duration.ofSeconds(90));
                // New, higher readings after the restart: live data for both instances.
                for (int batch = BATCHES; batch < BATCHES + 10; batch++) {
                    edge.publish(batch(seq0 + batch, t0, batch));
                }
            }
            // Every phase-2 message was handled before anything is asserted about what it did not cause: all
            // readings of the 10 new messages are stored, the instances received at least the 50 messages
            // between them, nothing is pending and every conclusion is written.
            ServiceProcess restarted = b;
            InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
            String newReadings = "\"point\" = '" + POINT + "' AND time >= " + (t0 + BATCHES * PER_BATCH * 1000L) + "ms";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                    influx.countWhere(newReadings) == 10 * PER_BATCH
                            && a.metric("fm_ingest_messages_received_total") - receivedA1 + (receivedBBeforeKill - receivedB1)
                                    + restarted.metric("fm_ingest_messages_received_total") >= BATCHES + 10
                            && idle(a) && idle(restarted));
            double receivedA2 = a.metric("fm_ingest_messages_received_total") - receivedA1;
            double receivedB2 = b.metric("fm_ingest_messages_received_total");

            double receivedPhase2 = receivedA2 + (receivedBBeforeKill - receivedB1) + receivedB2;
            assertThat(pendingAtKill).as("messages b had received and not acknowledged when it was killed").isPositive();
            assertThat(receivedPhase2).as("phase 2: 50 messages published, plus b's unacknowledged ones delivered again")
                    .isGreaterThanOrEqualTo(BATCHES + 10);
            assertThat(receivedA2).as("messages instance a consumed after phase 1").isPositive();
            assertThat(receivedB2).as("messages the restarted instance b consumed").isPositive();
            assertThat(a.metric("fm_rules_events")).as("instance a: no new raise or clear on redelivered readings")
                    .isEqualTo(raisesA);
            assertThat(b.metric("fm_rules_events"))
                    .as("restarted instance b starts from the active alarm: neither raises again nor clears").isZero();
            Map<String, Object> after = onlyAlarm(db, rule);
            assertThat(after.get("id")).as("the same alarm").isEqualTo(alarm.get("id"));
            assertThat(((Number) after.get("occurrences")).intValue()).as("occurrences after redelivery and the kill")
                    .isEqualTo(2);
            assertThat(onlyWorkOrder(db, rule)).as("still the one work order").isEqualTo(workOrder);
            for (ServiceProcess s : List.of(a, b)) {
                JsonNode page = JSON.readTree(s.get("/api/work-orders?asset=" + ASSET));
                assertThat(page.get("total").asLong()).as("work orders of %s over REST: %s", ASSET, page).isEqualTo(1);
                assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(workOrder);
            }
            JsonNode alarms = JSON.readTree(a.get("/api/alarms?asset=" + ASSET));
            assertThat(alarms).as("alarms of %s over REST", ASSET).hasSize(1);
            assertThat(alarms.get(0).get("status").asText()).isEqualTo("ACTIVE_UNACK");

            System.out.printf("FilterWorkOrderIT: phase 1 (%d messages) consumed a=%.0f b=%.0f, engine raises a=%.0f b=%.0f,"
                            + " alarm write retries a=%.0f b=%.0f; phase 2: b killed with %.0f pending, after it a consumed %.0f,"
                            + " restarted b %.0f (%.0f with the DUP flag), %.0f deliveries for 50 messages; alarm %s"
                            + " (occurrences 2), work order %d%n",
                    BATCHES, receivedA1, receivedB1, raisesA, raisesB, retriesA, retriesB, pendingAtKill, receivedA2,
                    receivedB2, b.metric("fm_ingest_messages_redelivered_total"), receivedPhase2, alarm.get("id"), workOrder);
        } finally {
            a.close();
            b.close();
        }
    }

    /** Batch n: readings n*5 … n*5+4, one second apart, rising 10 Pa a second from 200 Pa. */
    private static byte[] batch(long seq, long t0, int n) {
        List<Object[]> readings = new ArrayList<>();
        for (int r = 0; r < PER_BATCH; r++) {
            int i = n * PER_BATCH + r;
            readings.add(new Object[] { POINT, t0 + i * 1000L, 200.0 + 10 * i });
        }
        return TestEdge.batch("demo-campus", EDGE, seq, false, readings);
    }

    /** Nothing pending in ingest, and every conclusion the engine reached written (not just taken off the queue). */
    private static boolean idle(ServiceProcess s) throws Exception {
        return s.metric("fm_ingest_pending_messages") == 0 && RuleActivity.allConclusionsWritten(s::metric);
    }

    private static Map<String, Object> onlyAlarm(StackDb db, long rule) {
        List<Map<String, Object>> all = db.rows("select id, status, occurrences, work_order_id from alarm where rule_id = ?", rule);
        assertThat(all).as("alarms of the rule").hasSize(1);
        assertThat(all.get(0).get("status")).as("the alarm is active").isEqualTo("ACTIVE_UNACK");
        return all.get(0);
    }

    private static long onlyWorkOrder(StackDb db, long rule) {
        List<Map<String, Object>> all = db.rows("select id, kind, state, priority from work_order where rule_id = ?", rule);
        assertThat(all).as("work orders of the rule").hasSize(1);
        assertThat(all.get(0)).containsEntry("kind", "CONDITION").containsEntry("state", "REQUESTED")
                .containsEntry("priority", "P2");
        return ((Number) all.get(0).get("id")).longValue();
    }
}

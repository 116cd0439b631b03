package org.facilitymonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RuleActivity;
import org.facilitymonitor.testing.RuleSetVersion;
import org.facilitymonitor.testing.ServiceProcess;
import org.facilitymonitor.testing.StackDb;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, point 7: "service killed between work-order creation and e-mail → exactly one e-mail
 * after restart", with the packaged service as a real process, a real SMTP server (GreenMail, in
 * this test) and SIGKILL.
 *
 * <p>The kill must land after the alarm, its work order and their outbox rows committed and before
 * anything was sent. The first run therefore has the dispatcher switched off
 * ({@code FM_NOTIFY_DISPATCH_ENABLED=false}: rows are enqueued, never claimed), which makes that
 * window as wide as the test wants; the restart has it on. The second test is the other window the
 * outbox section of docs/notifications.md names: the SMTP server already holds the e-mail but the
 * service dies before it hears
 * "250 OK" and marks the row. GreenMail's delivery handler runs before it answers the DATA command,
 * so blocking it there makes that window deterministic too. Delivery is at least once, so that
 * e-mail arrives twice, both copies carrying the same {@code X-FM-Delivery} (the outbox id) for the
 * receiver to drop one.
 */
class WorkOrderEmailAfterKillIT {

    private static final String PASSWORD = "it-edge-password";
    private static final String CREW_MAIL = "ana@crew.example.org";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NativeStack stack;
    private GreenMail smtp;

    @BeforeAll
    static void startStack() {
        stack = NativeStack.start(NativeStack.repositoryRoot(), "wo-mail-kill-it");
        stack.addMqttUser("dorm-edge", PASSWORD);
        stack.addMqttUser("office-edge", PASSWORD);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(NativeStack.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void killedBetweenWorkOrderAndEmailSendsEachEmailExactlyOnceAfterTheRestart() throws Exception {
        StackDb db = new StackDb(stack);
        String ruleName = "Filter clogged before the kill";
        int port = ServiceProcess.freePort();
        Map<String, String> paused = env(Map.of("FM_NOTIFY_DISPATCH_ENABLED", "false"));
        ServiceProcess first = ServiceProcess.start(stack, port, "fm-service-mail-kill", "mail-kill-1", paused)
                .awaitReady(Duration.ofSeconds(90));
        long rule;
        List<byte[]> series;
        try {
            rule = setUp(first, ruleName, "dorm-ahu-1-filter-dp");
            series = risingSeries("dorm-edge", "dorm-ahu-1-filter-dp", 12);
            publish("dorm-edge", series);
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox(db, rule).size() == 2);
        } finally {
            first.kill();
        }
        // Read once the process is gone, so this is what the restart finds: nothing sent, nothing claimed.
        assertThat(smtp.getReceivedMessages()).as("e-mails before the kill").isEmpty();
        assertThat(outbox(db, rule)).as("outbox rows at the kill").allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("PENDING");
            assertThat(((Number) row.get("attempts")).intValue()).isZero();
        });
        long alarm = db.number("select id from alarm where rule_id = ?", rule);
        long workOrder = db.number("select id from work_order where rule_id = ?", rule);

        try (ServiceProcess second = ServiceProcess.start(stack, port, "fm-service-mail-kill", "mail-kill-2", env(Map.of()))
                .awaitReady(Duration.ofSeconds(90))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> mails(ruleName).size() >= 2);
            // The same readings again plus newer ones above the limit: no new alarm, order or e-mail may follow.
            // Proof that they were handled: the newest reading is stored, nothing is pending, every conclusion is
            // written; then a marker work order's e-mail shows a dispatch run after all of that.
            double receivedBefore = second.metric("fm_ingest_messages_received_total");
            publish("dorm-edge", series);
            List<byte[]> newer = risingSeries("dorm-edge", "dorm-ahu-1-filter-dp", 4);
            publish("dorm-edge", newer);
            InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
            long newest = lastTs(newer);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    second.metric("fm_ingest_messages_received_total") >= receivedBefore + series.size() + newer.size()
                            && influx.countWhere("\"point\" = 'dorm-ahu-1-filter-dp' AND time = " + newest + "ms") == 1
                            && second.metric("fm_ingest_pending_messages") == 0
                            && RuleActivity.allConclusionsWritten(second::metric));
            assertThat(RuleActivity.concluded(second::metric)).as("conclusions of the restarted engine: the alarm is"
                    + " active, readings above the limit add nothing").isZero();
            long marker = awaitMarkerMail(second);

            List<MimeMessage> mails = mails(ruleName);
            assertThat(subjects(mails)).as("e-mails after the restart").containsExactlyInAnyOrder(
                    "[CRITICAL] " + ruleName + " on dorm-ahu-1",
                    "[CRITICAL] Work order " + workOrder + " (P1): " + ruleName + " on dorm-ahu-1");
            assertThat(header(mails, "X-FM-Event-Key")).containsExactlyInAnyOrder("alarm:" + alarm + ":raised",
                    "wo:" + workOrder + ":opened");
            assertThat(smtp.getReceivedMessages()).as("nothing else in the inbox but the marker's e-mail").hasSize(3);
            assertThat(outbox(db, rule)).as("outbox rows after the restart").allSatisfy(row -> {
                assertThat(row.get("status")).isEqualTo("SENT");
                assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
            });
            assertThat(db.number("select count(*) from alarm where rule_id = ?", rule)).as("alarms").isEqualTo(1);
            assertThat(db.number("select count(*) from work_order where rule_id = ?", rule)).as("work orders").isEqualTo(1);
            assertThat(second.metric("fm_notify_sent_total{channel=\"email\"}")).as("e-mails the restart sent, the marker's"
                    + " included").isEqualTo(3);
            System.out.printf("WorkOrderEmailAfterKillIT: killed with 2 PENDING rows (alarm %d, work order %d); after the"
                    + " restart 2 e-mails, none more once the readings were handled again (marker work order %d)%n", alarm,
                    workOrder, marker);
        }
    }

    @Test
    void killedAfterTheSmtpServerHadTheMailButBeforeItWasMarkedSentSendsItOnceMore() throws Exception {
        StackDb db = new StackDb(stack);
        String ruleName = "Filter clogged during the send";
        // Hold the first e-mail inside GreenMail's DATA handling (message received, "250 OK" not yet sent).
        CountDownLatch inServer = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<String> heldKey = new AtomicReference<>();
        MessageDeliveryHandler deliver = smtp.getUserManager().getMessageDeliveryHandler();
        smtp.getUserManager().setMessageDeliveryHandler((message, to) -> {
            if (first.compareAndSet(true, false)) {
                heldKey.set(message.getMessage().getHeader("X-FM-Event-Key", null));
                inServer.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return deliver.handle(message, to);
        });
        // A short lease, so the row is taken again soon after the restart; the send timeout below it.
        Map<String, String> shortLease = env(Map.of("FM_NOTIFY_LEASE", "PT15S", "FM_NOTIFY_SEND_TIMEOUT", "PT10S"));
        int port = ServiceProcess.freePort();
        ServiceProcess firstRun = ServiceProcess.start(stack, port, "fm-service-mail-mark", "mail-mark-1", shortLease)
                .awaitReady(Duration.ofSeconds(90));
        long rule;
        try {
            rule = setUp(firstRun, ruleName, "office-ahu-1-filter-dp");
            publish("office-edge", risingSeries("office-edge", "office-ahu-1-filter-dp", 12));
            assertThat(inServer.await(60, TimeUnit.SECONDS)).as("the first e-mail reached the SMTP server").isTrue();
        } finally {
            firstRun.kill();
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> mails(ruleName).size() == 1);
        List<Map<String, Object>> atKill = outbox(db, rule);
        assertThat(atKill).as("outbox rows at the kill").hasSize(2);
        Map<String, Object> held = atKill.stream().filter(r -> r.get("event_key").equals(heldKey.get())).findFirst().orElseThrow();
        assertThat(held.get("status")).as("the held row: claimed, sent, never marked").isEqualTo("PENDING");
        assertThat(((Number) held.get("attempts")).intValue()).isEqualTo(1);
        long heldId = ((Number) held.get("id")).longValue();

        try (ServiceProcess second = ServiceProcess.start(stack, port, "fm-service-mail-mark", "mail-mark-2", shortLease)
                .awaitReady(Duration.ofSeconds(90))) {
            await().atMost(Duration.ofSeconds(45)).until(() -> outbox(db, rule).stream()
                    .allMatch(row -> "SENT".equals(row.get("status"))));
            awaitMarkerMail(second); // a dispatch run after both rows were sent: no further copy follows
            List<MimeMessage> mails = mails(ruleName);
            assertThat(mails).as("the held e-mail twice, the other once").hasSize(3);
            List<MimeMessage> copies = new ArrayList<>();
            for (MimeMessage m : mails) {
                if (heldKey.get().equals(m.getHeader("X-FM-Event-Key", null))) {
                    copies.add(m);
                }
            }
            assertThat(copies).as("copies of %s (at least once)", heldKey.get()).hasSize(2);
            assertThat(header(copies, "X-FM-Delivery")).as("both copies carry the outbox id, for the receiver to drop one")
                    .containsExactly(String.valueOf(heldId), String.valueOf(heldId));
            assertThat(outbox(db, rule)).allSatisfy(row -> assertThat(row.get("status")).isEqualTo("SENT"));
            assertThat(db.number("select attempts from notify_outbox where id = ?", heldId)).as("attempts of the held row")
                    .isEqualTo(2);
            System.out.printf("WorkOrderEmailAfterKillIT (at least once): %s held in the SMTP server at the kill, sent"
                    + " again after the restart once its lease expired%n", heldKey.get());
        }
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("FM_SMTP_HOST", "127.0.0.1",
                "FM_SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "FM_NOTIFY_DISPATCH_INTERVAL", "1s"));
        env.putAll(extra);
        return env;
    }

    /** The crew (one member who wants e-mail) and a P1 work-order rule on the point; returns the rule id. */
    private static long setUp(ServiceProcess service, String ruleName, String point) throws Exception {
        assertThat(service.send("PUT", "/api/notifications/teams/crew", "{\"name\": \"Crew\"}").statusCode()).isBetween(200, 201);
        HttpResponse<String> person = service.send("PUT", "/api/notifications/persons/ana-it", JSON.writeValueAsString(Map.of(
                "name", "Ana", "email", CREW_MAIL, "channels", List.of("EMAIL"), "minSeverity", "INFO",
                "teams", List.of("crew"))));
        assertThat(person.statusCode()).as("person: %s", person.body()).isBetween(200, 201);
        HttpResponse<String> created = service.send("POST", "/api/rules", JSON.writeValueAsString(Map.of(
                "name", ruleName, "pointId", point, "kind", "THRESHOLD", "severity", "CRITICAL",
                "createsWorkOrder", true, "workOrderPriority", "P1",
                "params", Map.of("direction", "ABOVE", "limit", 450, "for", "3s", "clearLimit", 150))));
        assertThat(created.statusCode()).as("rule: %s", created.body()).isEqualTo(201);
        long rule = JSON.readTree(created.body()).get("id").asLong();
        RuleSetVersion.awaitLoaded(RuleSetVersion.current(stack), service::metric);
        return rule;
    }

    /**
     * Opens a work order over REST (on an asset no rule here watches) and waits for its e-mail to the crew:
     * the dispatcher claims due rows oldest first, so any row due before it has been claimed by then.
     * Returns the marker order's id.
     */
    private long awaitMarkerMail(ServiceProcess service) throws Exception {
        HttpResponse<String> opened = service.send("POST", "/api/work-orders", JSON.writeValueAsString(Map.of(
                "assetId", "campus-gas-main", "title", "Outbox marker", "priority", "P4")));
        assertThat(opened.statusCode()).as("marker work order: %s", opened.body()).isEqualTo(201);
        long id = JSON.readTree(opened.body()).get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> mails("Work order " + id + " (P4): Outbox marker").size() == 1);
        return id;
    }

    private static long seq = System.currentTimeMillis() * 1000;

    /** Batches of five readings one second apart, rising 20 Pa a second from 200 Pa (above 450 Pa from the 13th). */
    private static List<byte[]> risingSeries(String edge, String point, int batches) {
        long t0 = System.currentTimeMillis() - 5 * 60_000;
        List<byte[]> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Object[]> readings = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                int i = b * 5 + r;
                readings.add(new Object[] { point, t0 + i * 1000L, 200.0 + 20 * i });
            }
            out.add(TestEdge.batch("demo-campus", edge, seq++, false, readings));
        }
        return out;
    }

    /** The latest reading time in the batches. */
    private static long lastTs(List<byte[]> batches) throws java.io.IOException {
        long last = Long.MIN_VALUE;
        for (byte[] batch : batches) {
            for (com.fasterxml.jackson.databind.JsonNode r : JSON.readTree(batch).get("readings")) {
                last = Math.max(last, r.get("ts").asLong());
            }
        }
        return last;
    }

    private static void publish(String edge, List<byte[]> batches) {
        try (TestEdge e = new TestEdge(stack.mqttUrl(), "demo-campus", edge, PASSWORD)) {
            batches.forEach(e::publish);
        }
    }

    private static List<Map<String, Object>> outbox(StackDb db, long rule) {
        return db.rows("select o.id, o.event_key, o.status, o.attempts from notify_outbox o where o.event_key in"
                + " (select 'alarm:' || id || ':raised' from alarm where rule_id = ?"
                + "  union select 'wo:' || id || ':opened' from work_order where rule_id = ?) order by o.id", rule, rule);
    }

    private List<MimeMessage> mails(String subjectPart) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().contains(subjectPart)) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<String> subjects(List<MimeMessage> mails) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mails) {
            out.add(m.getSubject());
        }
        return out;
    }

    private static List<String> header(List<MimeMessage> mails, String name) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mails) {
            out.add(m.getHeader(name, null));
        }
        return out;
    }
}

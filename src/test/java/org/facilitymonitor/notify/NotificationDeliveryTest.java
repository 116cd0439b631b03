package org.facilitymonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionalException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.facilitymonitor.notify.Notification.Kind;
import org.facilitymonitor.notify.Notification.Targets;
import org.facilitymonitor.rules.Severity;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.OutboxMarker;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectSmtp;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestSubscriber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications through the outbox to real servers: GreenMail (SMTP), a JDK HTTP server (webhooks),
 * the stack's Mosquitto (alerts), PostgreSQL (outbox, preferences). Tests use the test profile's
 * quick dispatch (1 s, the scheduler's minimum), retries (0.2 s doubling, at most 1 s) and 4 attempts at most.
 * The webhook receiver listens on the loopback over plain http, which the service refuses unless told
 * otherwise: this class runs with the lab settings that allow both, for 127.0.0.1 only, and reaches
 * the receiver by a name ({@value #HOOKS}) that the test resolver answers with 127.0.0.1.
 */
@QuarkusTest
@TestProfile(NotificationDeliveryTest.LabWebhooks.class)
@WithTestResource(StackTestResource.class)
class NotificationDeliveryTest {

    /** Plain http and the loopback allowed for webhooks, as a lab without TLS would set them. */
    public static class LabWebhooks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fm.notify.webhooks.allow-http", "true", "fm.notify.webhooks.allowed-networks", "127.0.0.1/32");
        }
    }

    static final String HOOKS = "hooks.fm.test";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer hooks;
    private static final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Accepted request bodies by path. */
    private static final Map<String, List<String>> accepted = new ConcurrentHashMap<>();
    private static final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private static final List<String> hostHeaders = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean deadHookRepaired = new AtomicBoolean();

    @InjectSmtp
    GreenMail smtp;
    @InjectStack
    NativeStack stack;
    @Inject
    NotificationService notifications;
    @Inject
    ReminderJob reminders;
    @Inject
    EmailChannel email;
    @Inject
    EntityManager em;
    @Inject
    TestHostResolver dns;

    /** /flaky answers 500 twice then 204; /dead answers 503 until repaired. */
    @BeforeAll
    static void startHooks() throws IOException {
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int n = requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            idempotencyKeys.add(path + " " + exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            hostHeaders.add(path + " " + exchange.getRequestHeaders().getFirst("Host"));
            boolean ok = path.equals("/flaky") ? n > 2 : path.equals("/dead") && deadHookRepaired.get();
            if (ok) {
                accepted.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(body);
            }
            byte[] reply = ok ? new byte[0] : "try later".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 204 : path.equals("/dead") ? 503 : 500, ok ? -1 : reply.length);
            if (!ok) {
                exchange.getResponseBody().write(reply);
            }
            exchange.close();
        });
        hooks.start();
    }

    @AfterAll
    static void stopHooks() {
        hooks.stop(0);
    }

    @BeforeEach
    void resolveHooks() {
        dns.answer(HOOKS, "127.0.0.1");
    }

    private static String hook(String path) {
        return "http://" + HOOKS + ":" + hooks.getAddress().getPort() + path;
    }

    private static void putPerson(String id, String json) {
        given().contentType(ContentType.JSON).body(json).put("/api/notifications/persons/" + id).then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    private NotificationService.EnqueueResult enqueue(Notification n) {
        return QuarkusTransaction.requiringNew().call(() -> notifications.enqueue(n));
    }

    private static List<Map<String, Object>> outbox(String eventKey) {
        return given().queryParam("eventKey", eventKey).get("/api/notifications/outbox").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    private static Map<String, Object> onlyRow(String eventKey) {
        List<Map<String, Object>> rows = outbox(eventKey);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private List<MimeMessage> mails(String subject) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return subject.equals(m.getSubject());
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    private static Notification notification(String key, Severity severity, String subject, Targets targets) {
        return new Notification(key, Kind.ALARM, "demo-campus", severity, subject,
                "Burner lockout on canteen-boiler-1 at 03:12", targets);
    }

    @Test
    void anEventEnqueuedTwiceSendsOneEmailToTheRightAddress() throws Exception {
        putPerson("t-mail-ana", """
                {"name": "Ana", "email": "ana@crew.example.org", "channels": ["EMAIL"], "minSeverity": "MAJOR",
                 "sites": ["demo-campus"]}""");
        Notification n = notification("alarm:t-mail:raised", Severity.CRITICAL, "Boiler 1 lockout",
                Targets.persons("t-mail-ana"));

        assertThat(enqueue(n)).isEqualTo(new NotificationService.EnqueueResult(1, 0));
        assertThat(enqueue(n)).isEqualTo(new NotificationService.EnqueueResult(0, 1));
        assertThat(enqueue(notification("alarm:t-mail-minor:raised", Severity.MINOR, "Minor thing",
                Targets.persons("t-mail-ana")))).isEqualTo(new NotificationService.EnqueueResult(0, 0));

        await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(onlyRow("alarm:t-mail:raised").get("status")));
        List<MimeMessage> received = mails("[CRITICAL] Boiler 1 lockout");
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getAllRecipients()).extracting(Object::toString).containsExactly("ana@crew.example.org");
        assertThat(GreenMailUtil.getBody(received.get(0))).contains("Burner lockout on canteen-boiler-1")
                .contains("alarm:t-mail:raised");
        Map<String, Object> row = onlyRow("alarm:t-mail:raised");
        assertThat(row.get("attempts")).isEqualTo(1);
        assertThat(row.get("recipient")).isEqualTo("person:t-mail-ana");

        OutboxMarker.awaitDispatchRun(notifications, smtp); // a run after the row was sent: it is not sent again
        assertThat(mails("[CRITICAL] Boiler 1 lockout")).hasSize(1);
    }

    @Test
    void aWebhookThatFailsTwiceIsDeliveredOnceOnTheThirdAttempt() throws Exception {
        putPerson("t-hook", """
                {"name": "Hook", "webhookUrl": "%s", "channels": ["WEBHOOK"]}""".formatted(hook("/flaky")));
        double sentBefore = Metrics.value("fm_notify_sent_total{channel=\"webhook\"}");
        double failedBefore = Metrics.value("fm_notify_failed_total{channel=\"webhook\"}");

        enqueue(notification("wo:t-hook:escalated", Severity.MAJOR, "Work order 17 late", Targets.persons("t-hook")));

        await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(onlyRow("wo:t-hook:escalated").get("status")));
        Map<String, Object> row = onlyRow("wo:t-hook:escalated");
        assertThat(row.get("attempts")).isEqualTo(3);
        // the status code only: a receiver's answer is not echoed into the outbox
        assertThat((String) row.get("lastError")).isEqualTo("IOException: HTTP 500 from " + HOOKS);
        assertThat(requests.get("/flaky").get()).isEqualTo(3);
        assertThat(accepted.get("/flaky")).hasSize(1);
        JsonNode body = JSON.readTree(accepted.get("/flaky").get(0));
        assertThat(body.get("eventKey").asText()).isEqualTo("wo:t-hook:escalated");
        assertThat(body.get("severity").asText()).isEqualTo("MAJOR");
        assertThat(body.get("recipient").asText()).isEqualTo("person:t-hook");
        assertThat(idempotencyKeys.stream().filter(k -> k.startsWith("/flaky ")).distinct())
                .containsExactly("/flaky fm-notification-" + row.get("id"));
        // sent to the address the guard checked, under the URL's own name
        assertThat(hostHeaders.stream().filter(h -> h.startsWith("/flaky ")).distinct())
                .containsExactly("/flaky " + HOOKS + ":" + hooks.getAddress().getPort());
        assertThat(Metrics.value("fm_notify_sent_total{channel=\"webhook\"}") - sentBefore).isEqualTo(1);
        assertThat(Metrics.value("fm_notify_failed_total{channel=\"webhook\"}") - failedBefore).isEqualTo(2);
    }

    @Test
    void aDeliveryFailingEveryAttemptIsDeadListedAndCanBeRetried() throws Exception {
        putPerson("t-dead", """
                {"name": "Dead", "webhookUrl": "%s", "channels": ["WEBHOOK"]}""".formatted(hook("/dead")));
        double deadBefore = Metrics.value("fm_notify_dead_total{channel=\"webhook\"}");

        enqueue(notification("alarm:t-dead:raised", Severity.WARNING, "Filter dP high", Targets.persons("t-dead")));

        await().atMost(Duration.ofSeconds(20)).until(() -> "DEAD".equals(onlyRow("alarm:t-dead:raised").get("status")));
        Map<String, Object> row = onlyRow("alarm:t-dead:raised");
        assertThat(row.get("attempts")).isEqualTo(4);
        assertThat((String) row.get("lastError")).isEqualTo("IOException: HTTP 503 from " + HOOKS);
        OutboxMarker.awaitDispatchRun(notifications, smtp); // a run after the row went dead: it is not tried again
        assertThat(requests.get("/dead").get()).isEqualTo(4);
        assertThat(Metrics.value("fm_notify_dead_total{channel=\"webhook\"}") - deadBefore).isEqualTo(1);
        given().queryParam("status", "DEAD").get("/api/notifications/outbox").then().statusCode(200)
                .body("items.eventKey", hasItem("alarm:t-dead:raised"));
        long dead = given().get("/api/notifications/outbox/summary").then().statusCode(200).extract().jsonPath()
                .getLong("DEAD");
        assertThat(dead).isGreaterThanOrEqualTo(1);

        deadHookRepaired.set(true);
        given().contentType(ContentType.JSON).post("/api/notifications/outbox/" + row.get("id") + "/retry").then().statusCode(200)
                .body("status", equalTo("PENDING")).body("attempts", equalTo(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(onlyRow("alarm:t-dead:raised").get("status")));
        assertThat(onlyRow("alarm:t-dead:raised").get("attempts")).isEqualTo(1);
        assertThat(requests.get("/dead").get()).isEqualTo(5);
        assertThat(accepted.get("/dead")).hasSize(1);
        given().contentType(ContentType.JSON).post("/api/notifications/outbox/" + row.get("id") + "/retry").then().statusCode(409);
    }

    @Test
    void crewAppsGetOneMqttAlertPerEventOnTheSiteSeverityTopic() throws Exception {
        given().contentType(ContentType.JSON).body("{\"name\": \"Crew\"}").put("/api/notifications/teams/t-crew").then()
                .statusCode(201);
        putPerson("t-crew-1", """
                {"name": "One", "channels": ["MQTT"], "teams": ["t-crew"]}""");
        putPerson("t-crew-2", """
                {"name": "Two", "channels": ["MQTT"], "minSeverity": "CRITICAL", "teams": ["t-crew"]}""");
        try (TestSubscriber crewApp = new TestSubscriber(stack.mqttUrl(), stack.setting("FM_MQTT_USERNAME"),
                stack.setting("FM_MQTT_PASSWORD"), "fm/v1/+/alerts/#")) {
            enqueue(notification("alarm:t-mqtt:raised", Severity.CRITICAL, "Chiller trip", Targets.teams("t-crew")));

            await().atMost(Duration.ofSeconds(15)).until(() -> crewApp.received().stream()
                    .anyMatch(m -> m.payload().contains("alarm:t-mqtt:raised")));
            // A later alert on the same topic, from the same connection: once the crew app has it, any second
            // copy of the first would have arrived before it (the outbox sends oldest first, the broker in order).
            enqueue(notification("alarm:t-mqtt-marker:raised", Severity.CRITICAL, "Marker", Targets.teams("t-crew")));
            await().atMost(Duration.ofSeconds(15)).until(() -> crewApp.received().stream()
                    .anyMatch(m -> m.payload().contains("alarm:t-mqtt-marker:raised")));
            List<TestSubscriber.Received> alerts = crewApp.received().stream()
                    .filter(m -> m.payload().contains("alarm:t-mqtt:raised")).toList();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).topic()).isEqualTo("fm/v1/demo-campus/alerts/critical");
            JsonNode alert = JSON.readTree(alerts.get(0).payload());
            assertThat(alert.get("subject").asText()).isEqualTo("Chiller trip");
            assertThat(alert.get("kind").asText()).isEqualTo("ALARM");
            assertThat(alert.has("recipient")).isFalse();
        }
        Map<String, Object> row = onlyRow("alarm:t-mqtt:raised");
        assertThat(row.get("channel")).isEqualTo("MQTT");
        assertThat(row.get("status")).isEqualTo("SENT");
    }

    /**
     * An instance claimed a row, sent the e-mail and died before marking it sent: once its lease
     * expires another run claims the row and sends it again: two e-mails in all, never a third.
     */
    @Test
    void aRowClaimedByACrashedSenderIsSentAgainOnceAfterItsLeaseExpires() throws Exception {
        putPerson("t-lease", """
                {"name": "Lease", "email": "lease@crew.example.org", "channels": ["EMAIL"]}""");
        String key = "wo:t-lease:created";
        QuarkusTransaction.requiringNew().run(() -> {
            notifications.enqueue(notification(key, Severity.MAJOR, "Work order 99 created", Targets.persons("t-lease")));
            // as the crashed instance's claim left it, committed with the row so no dispatcher sees it unclaimed
            em.createNativeQuery("""
                    update notify_outbox set attempts = 1, claimed_by = 'crashed-instance',
                           claimed_until = now() + interval '3 seconds' where event_key = :key""")
                    .setParameter("key", key).executeUpdate();
        });
        OutboxEntry claimed = QuarkusTransaction.requiringNew()
                .call(() -> OutboxEntry.<OutboxEntry>find("eventKey", key).singleResult());
        email.send(claimed.delivery());
        assertThat(mails("[MAJOR] Work order 99 created")).hasSize(1);
        assertThat(onlyRow(key).get("status")).isEqualTo("PENDING");
        assertThat(onlyRow(key).get("claimedBy")).isEqualTo("crashed-instance");

        await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(onlyRow(key).get("status")));
        Map<String, Object> row = onlyRow(key);
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("claimedBy")).isNotEqualTo("crashed-instance");
        OutboxMarker.awaitDispatchRun(notifications, smtp); // a run after the row was sent again: never a third copy
        assertThat(mails("[MAJOR] Work order 99 created")).hasSize(2);
    }

    @Test
    void anUnacknowledgedCriticalAlarmGetsEachReminderOnce() {
        putPerson("t-remind", """
                {"name": "Remind", "email": "remind@crew.example.org", "channels": ["EMAIL"]}""");
        Instant now = Instant.now();
        var critical = new UnacknowledgedAlarms.Alarm("t-alarm-1", "demo-campus", Severity.CRITICAL,
                now.minus(Duration.ofMinutes(16)), "Boiler 2 lockout", "Still locked out", Targets.persons("t-remind"));
        var major = new UnacknowledgedAlarms.Alarm("t-alarm-2", "demo-campus", Severity.MAJOR,
                now.minus(Duration.ofMinutes(16)), "Pump vibration", "", Targets.persons("t-remind"));
        var fresh = new UnacknowledgedAlarms.Alarm("t-alarm-3", "demo-campus", Severity.CRITICAL,
                now.minus(Duration.ofMinutes(5)), "Fresh", "", Targets.persons("t-remind"));

        assertThat(reminders.remind(List.of(critical, major, fresh))).isEqualTo(1);
        assertThat(reminders.remind(List.of(critical, major, fresh))).isZero();
        assertThat(onlyRow("reminder:t-alarm-1:1").get("kind")).isEqualTo("REMINDER");
        assertThat(outbox("reminder:t-alarm-2:1")).isEmpty();
        assertThat(outbox("reminder:t-alarm-3:1")).isEmpty();

        // fifteen minutes later, as far as the reminder state knows
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update notify_reminder set last_reminded_at = last_reminded_at - interval '16 minutes' where alarm_id = 't-alarm-1'")
                .executeUpdate());
        assertThat(reminders.remind(List.of(critical))).isEqualTo(1);
        assertThat(outbox("reminder:t-alarm-1:2")).hasSize(1);

        await().atMost(Duration.ofSeconds(15)).until(() -> mails("[CRITICAL] Reminder 2: Boiler 2 lockout (unacknowledged)")
                .size() == 1);
        assertThat(mails("[CRITICAL] Reminder 1: Boiler 2 lockout (unacknowledged)")).hasSize(1);
    }

    @Test
    void enqueueOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> notifications.enqueue(notification("alarm:t-notx:raised", Severity.INFO, "x",
                Targets.persons("t-mail-ana")))).isInstanceOf(TransactionalException.class);
    }

    @Test
    void preferencesCrudWithEveryErrorListed() {
        given().contentType(ContentType.JSON).body("""
                {"name": "Operations", "email": "ops@crew.example.org", "channels": ["EMAIL"], "minSeverity": "MAJOR",
                 "sites": ["demo-campus"]}""").put("/api/notifications/teams/t-ops").then().statusCode(201)
                .body("minSeverity", equalTo("MAJOR"));
        given().contentType(ContentType.JSON).body("{\"name\": \"Ops\"}").put("/api/notifications/teams/t-ops").then()
                .statusCode(200).body("minSeverity", equalTo("INFO"));
        given().contentType(ContentType.JSON).body("""
                {"name": "", "channels": ["EMAIL", "WEBHOOK"], "webhookUrl": "ftp://x", "sites": ["Bad Site"],
                 "teams": ["t-ops", "t-nope"]}""").put("/api/notifications/persons/t-pref").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("name", "email", "webhookUrl", "sites[0]", "teams[1]"));
        given().get("/api/notifications/persons/t-pref").then().statusCode(404);

        given().contentType(ContentType.JSON).body("""
                {"name": "Pref", "email": "pref@crew.example.org", "channels": ["EMAIL", "MQTT"], "minSeverity": "MINOR",
                 "teams": ["t-ops"]}""").put("/api/notifications/persons/t-pref").then().statusCode(201)
                .body("teams", org.hamcrest.Matchers.contains("t-ops"))
                .body("channels", containsInAnyOrder("EMAIL", "MQTT"));
        given().get("/api/notifications/teams/t-ops").then().statusCode(200)
                .body("members", org.hamcrest.Matchers.contains("t-pref"));
        given().queryParam("team", "t-ops").get("/api/notifications/persons").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains("t-pref"));

        given().delete("/api/notifications/teams/t-ops").then().statusCode(204);
        given().get("/api/notifications/persons/t-pref").then().statusCode(200).body("teams", org.hamcrest.Matchers.empty());
        given().delete("/api/notifications/persons/t-pref").then().statusCode(204);
        given().delete("/api/notifications/persons/t-pref").then().statusCode(404);
    }
}

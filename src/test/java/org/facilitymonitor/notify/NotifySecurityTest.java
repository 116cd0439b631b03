package org.facilitymonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.facilitymonitor.notify.Notification.Kind;
import org.facilitymonitor.notify.Notification.Targets;
import org.facilitymonitor.rules.Severity;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectSmtp;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Notifications attacked, with the production webhook settings (https only, public addresses only,
 * no allow-list): SSRF through webhook URLs when saved and, by DNS rebinding, when sent; header
 * injection into e-mail through names and subjects (a real SMTP server, GreenMail, receives what
 * goes out); personal data and changes by role and site.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class NotifySecurityTest {

    private static final String PUBLIC = "203.0.113.10";

    @InjectSmtp
    GreenMail smtp;
    @Inject
    NotificationService notifications;
    @Inject
    TestHostResolver dns;

    private static ValidatableResponse putPerson(String id, String json) {
        return given().contentType(ContentType.JSON).body(json).put("/api/notifications/persons/" + id).then();
    }

    private static Map<String, Object> onlyRow(String eventKey) {
        List<Map<String, Object>> rows = given().queryParam("eventKey", eventKey).get("/api/notifications/outbox").then()
                .statusCode(200).extract().jsonPath().getList("items");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private void enqueue(String key, String subject, Targets targets) {
        QuarkusTransaction.requiringNew().run(() -> notifications.enqueue(new Notification(key, Kind.ALARM,
                "demo-campus", Severity.CRITICAL, subject, "Burner lockout", targets)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://127.0.0.1:8086/api/v2/query", "https://169.254.169.254/latest/meta-data/",
            "https://10.0.0.1/hook", "https://[::1]:8080/api/points", "https://localhost:8080/api/points",
            "https://loopback.fm.test/hook", "http://public.fm.test/hook" })
    void aWebhookToAnAddressThatIsNotPublicIsRefusedWhenSaved(String url) {
        dns.answer("loopback.fm.test", "127.0.0.1");
        dns.answer("public.fm.test", PUBLIC);
        String reason = given().contentType(ContentType.JSON).body(Map.of("name", "Mallory", "webhookUrl", url,
                "channels", List.of("WEBHOOK"))).put("/api/notifications/persons/t-ssrf").then().statusCode(422)
                .body("errors.field", contains("webhookUrl")).extract().jsonPath().getString("errors[0].message");
        assertThat(reason).matches(url.startsWith("http:") ? "must be an absolute https URL .*"
                : "host \\S+ (is|resolves to \\S+,) (a loopback|a link-local|a private) address");
        given().get("/api/notifications/persons/t-ssrf").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("name", "Mallory's team", "webhookUrl", url))
                .put("/api/notifications/teams/t-ssrf").then().statusCode(422).body("errors.field", contains("webhookUrl"));
    }

    /**
     * The name resolves to a public address when the webhook is saved and to the loopback when it
     * is sent (DNS rebinding): the delivery is refused before connecting, DEAD at once with the
     * reason, and the URL's secret path is in no error.
     */
    @Test
    void aWebhookWhoseNameNowResolvesToTheLoopbackIsNotSentAndDeadAtOnce() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r instanceof ExtLogRecord e ? e.getFormattedMessage() : String.valueOf(r.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try {
            dns.answer("rebind.fm.test", PUBLIC);
            putPerson("t-rebind", """
                    {"name": "Rebind", "webhookUrl": "https://rebind.fm.test/hooks/T0-secret-token", "channels": ["WEBHOOK"]}""")
                    .statusCode(201).body("webhookUrl", equalTo("https://rebind.fm.test/hooks/T0-secret-token"));
            dns.answer("rebind.fm.test", "127.0.0.1");

            enqueue("alarm:t-rebind:raised", "Boiler 3 lockout", Targets.persons("t-rebind"));

            await().atMost(Duration.ofSeconds(15)).until(() -> "DEAD".equals(onlyRow("alarm:t-rebind:raised").get("status")));
            Map<String, Object> row = onlyRow("alarm:t-rebind:raised");
            assertThat(row.get("attempts")).isEqualTo(1);
            assertThat(row.get("lastError"))
                    .isEqualTo("webhook refused: host rebind.fm.test resolves to 127.0.0.1, a loopback address");
            // the dispatcher's warning is in the captured log, and no line of the log has the URL
            assertThat(logged).anyMatch(l -> l.contains("notification " + row.get("id") + " (alarm:t-rebind:raised, WEBHOOK to "
                    + "person:t-rebind) is DEAD, not retried: webhook refused"));
            assertThat(logged).noneMatch(l -> l.contains("secret-token"));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
    }

    @Test
    void lineBreaksAndControlCharactersInNamesAndAddressesAreRefused() {
        putPerson("t-inject", """
                {"name": "Ana\\r\\nBcc: evil@attacker.example.org", "email": "ana@crew.example.org\\r\\nBcc: evil@attacker.example.org",
                 "channels": ["EMAIL"]}""").statusCode(422)
                .body("errors.field", containsInAnyOrder("email", "name"))
                .body("errors.message", everyItem(equalTo("must not contain line breaks or control characters")));
        putPerson("t-inject", """
                {"name": "Ana\\u0000", "email": "ana@crew.example.org", "channels": ["EMAIL"]}""").statusCode(422)
                .body("errors.field", contains("name"));
        given().contentType(ContentType.JSON).body("{\"name\": \"Crew\\nBcc: evil@attacker.example.org\"}")
                .put("/api/notifications/teams/t-inject").then().statusCode(422).body("errors.field", contains("name"));
        given().get("/api/notifications/persons/t-inject").then().statusCode(404);
        given().get("/api/notifications/teams/t-inject").then().statusCode(404);
    }

    /** A subject built from data (an alarm title, a rule name) carrying a header: one subject line, no extra recipient. */
    @Test
    void anInjectedBccInASubjectArrivesAsOneSubjectLineToTheRecipientOnly() throws Exception {
        putPerson("t-subject", """
                {"name": "Subject", "email": "subject@crew.example.org", "channels": ["EMAIL"]}""")
                .statusCode(anyOf(equalTo(200), equalTo(201)));

        enqueue("alarm:t-subject:raised", "Boiler 4 lockout\r\nBcc: evil@attacker.example.org\r\n\r\nfake body",
                Targets.persons("t-subject"));

        String subject = "[CRITICAL] Boiler 4 lockout Bcc: evil@attacker.example.org fake body";
        await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(onlyRow("alarm:t-subject:raised").get("status")));
        List<MimeMessage> received = Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject() != null && m.getSubject().contains("Boiler 4 lockout");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
        assertThat(received).hasSize(1); // GreenMail stores one copy per envelope recipient
        MimeMessage mail = received.get(0);
        assertThat(mail.getSubject()).isEqualTo(subject);
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("subject@crew.example.org");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(smtp.getReceivedMessagesForDomain("attacker.example.org")).isEmpty();
    }

    @Test
    void onlyAdminsAndEngineersSeeAddressesAndChangePeople() {
        dns.answer("chat.fm.test", PUBLIC);
        putPerson("t-private", """
                {"name": "Private", "email": "private@crew.example.org", "webhookUrl": "https://chat.fm.test/hooks/secret",
                 "channels": ["EMAIL"], "sites": ["demo-campus"]}""").statusCode(anyOf(equalTo(200), equalTo(201)));
        given().contentType(ContentType.JSON).body("""
                {"name": "Private team", "email": "team@crew.example.org", "webhookUrl": "https://chat.fm.test/hooks/team"}""")
                .put("/api/notifications/teams/t-private").then().statusCode(anyOf(equalTo(200), equalTo(201)));
        enqueue("alarm:t-private:raised", "Chiller trip", Targets.persons("t-private"));
        long rowId = ((Number) onlyRow("alarm:t-private:raised").get("id")).longValue();

        TestUser engineer = TestUsers.user(Roles.ENGINEER);
        givenAs(engineer).get("/api/notifications/persons/t-private").then().statusCode(200)
                .body("email", equalTo("private@crew.example.org"))
                .body("webhookUrl", equalTo("https://chat.fm.test/hooks/secret"));
        givenAs(engineer).get("/api/notifications/outbox/" + rowId).then().statusCode(200)
                .body("address", equalTo("private@crew.example.org")).body("recipient", equalTo("person:t-private"));

        for (String role : List.of(Roles.VIEWER, Roles.CREW, Roles.MANAGER)) {
            TestUser user = TestUsers.user(role);
            givenAs(user).get("/api/notifications/persons/t-private").then().statusCode(200)
                    .body("name", equalTo("Private")).body("email", nullValue()).body("webhookUrl", nullValue());
            givenAs(user).get("/api/notifications/persons").then().statusCode(200)
                    .body("id", hasItem("t-private")).body("email", everyItem(nullValue()))
                    .body("webhookUrl", everyItem(nullValue()));
            givenAs(user).get("/api/notifications/teams/t-private").then().statusCode(200)
                    .body("email", nullValue()).body("webhookUrl", nullValue());
            givenAs(user).contentType(ContentType.JSON).body("{\"name\": \"Taken over\"}")
                    .put("/api/notifications/persons/t-private").then().statusCode(403);
            givenAs(user).delete("/api/notifications/persons/t-private").then().statusCode(403);
            givenAs(user).delete("/api/notifications/teams/t-private").then().statusCode(403);
        }
        givenAs(TestUsers.user(Roles.MANAGER)).get("/api/notifications/outbox/" + rowId).then().statusCode(200)
                .body("subject", equalTo("Chiller trip")).body("address", nullValue()).body("recipient", nullValue())
                .body("lastError", nullValue());
        givenAs(TestUsers.user(Roles.MANAGER)).contentType(ContentType.JSON).post("/api/notifications/outbox/" + rowId + "/retry").then().statusCode(403);
        givenAs(TestUsers.user(Roles.CREW)).get("/api/notifications/outbox").then().statusCode(403);
        givenAs(TestUsers.user(Roles.VIEWER)).get("/api/notifications/outbox/summary").then().statusCode(403);
        anonymous().get("/api/notifications/persons").then().statusCode(401);
        given().get("/api/notifications/persons/t-private").then().statusCode(200).body("name", equalTo("Private"));
    }

    @Test
    void aSiteEngineerSeesAndManagesThePeopleOfItsSitesOnly() {
        dns.answer("chat.fm.test", PUBLIC);
        putPerson("t-campus", """
                {"name": "Campus", "email": "campus@crew.example.org", "channels": ["EMAIL"], "sites": ["demo-campus"]}""")
                .statusCode(anyOf(equalTo(200), equalTo(201)));
        putPerson("t-other", """
                {"name": "Other", "email": "other@crew.example.org", "channels": ["EMAIL"], "sites": ["t-other-site"]}""")
                .statusCode(anyOf(equalTo(200), equalTo(201)));
        enqueue("alarm:t-campus:raised", "Campus alarm", Targets.persons("t-campus"));
        QuarkusTransaction.requiringNew().run(() -> notifications.enqueue(new Notification("alarm:t-other:raised",
                Kind.ALARM, "t-other-site", Severity.CRITICAL, "Other alarm", "", Targets.persons("t-other"))));
        long otherRow = ((Number) onlyRow("alarm:t-other:raised").get("id")).longValue();
        TestUser campus = TestUsers.user(Roles.ENGINEER, "demo-campus");

        givenAs(campus).get("/api/notifications/persons").then().statusCode(200)
                .body("id", hasItem("t-campus")).body("id", not(hasItem("t-other")));
        givenAs(campus).get("/api/notifications/persons/t-other").then().statusCode(404)
                .body("detail", equalTo("person 't-other' does not exist"));
        givenAs(campus).contentType(ContentType.JSON).body("{\"name\": \"Mine\", \"sites\": [\"demo-campus\"]}")
                .put("/api/notifications/persons/t-other").then().statusCode(404);
        givenAs(campus).delete("/api/notifications/persons/t-other").then().statusCode(404);
        givenAs(campus).contentType(ContentType.JSON).body("{\"name\": \"Spy\", \"sites\": [\"t-other-site\"]}")
                .put("/api/notifications/persons/t-spy").then().statusCode(404);
        givenAs(campus).contentType(ContentType.JSON).body("{\"name\": \"Everywhere\"}")
                .put("/api/notifications/persons/t-spy").then().statusCode(422).body("errors.field", contains("sites"));
        givenAs(campus).contentType(ContentType.JSON).body("{\"name\": \"Campus 2\", \"sites\": [\"demo-campus\"]}")
                .put("/api/notifications/persons/t-campus").then().statusCode(200).body("name", equalTo("Campus 2"));

        givenAs(campus).get("/api/notifications/outbox/" + otherRow).then().statusCode(404);
        givenAs(campus).contentType(ContentType.JSON).post("/api/notifications/outbox/" + otherRow + "/retry").then().statusCode(404);
        givenAs(campus).queryParam("size", 1000).get("/api/notifications/outbox").then().statusCode(200)
                .body("items.site", everyItem(equalTo("demo-campus"))).body("items.eventKey", hasItem("alarm:t-campus:raised"));
        given().get("/api/notifications/outbox/" + otherRow).then().statusCode(200).body("site", equalTo("t-other-site"))
                .body("address", notNullValue());
    }

    /** Parameter constraints answer 400 with the parameter named, as everywhere in the platform (ProblemMapper). */
    @Test
    void queryParametersAreBounded() {
        given().queryParam("size", 5000).get("/api/notifications/outbox").then().statusCode(400)
                .body("errors.field", contains("size")).body("errors.message", contains("must be between 1 and 1000"));
        given().queryParam("page", -1).get("/api/notifications/outbox").then().statusCode(400)
                .body("errors.field", contains("page"));
        given().queryParam("eventKey", "k".repeat(201)).get("/api/notifications/outbox").then().statusCode(400)
                .body("errors.field", contains("eventKey"));
        given().queryParam("team", "Not An Id").get("/api/notifications/persons").then().statusCode(400)
                .body("errors.field", contains("team"));
    }
}

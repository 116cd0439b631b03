package org.facilitymonitor.notify;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.maintenance.EscalationService;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.OutboxMarker;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectSmtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A late work-order step through the real notifier: {@link EscalationService} → {@code stepLate} of
 * {@link WorkOrderNotifications} → outbox → dispatcher → an e-mail in the SMTP server (GreenMail), to
 * the supervisors and the order's team, once per order and step. The escalation job is not
 * scheduled here; the test runs it, with the settable clock placing the order in the past.
 */
@QuarkusTest
@TestProfile(EscalationEmailTest.RealNotifierProfile.class)
@WithTestResource(StackTestResource.class)
class EscalationEmailTest {

    /** The settable clock, the escalation and plan jobs not scheduled; the notifier is the real one. */
    public static class RealNotifierProfile implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(MutableClock.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fm.maintenance.escalation.every", "off", "fm.maintenance.plans.every", "off");
        }
    }

    private static final String SUPERVISOR = "sam@supervisors.example.org";
    private static final String HVAC_TECH = "hana@hvac.example.org";
    private static final String CREW_MEMBER = "carl@crew.example.org";
    private static final Pattern ESCALATED_AT = Pattern.compile("escalated (\\S+)\\n");

    @InjectSmtp
    GreenMail smtp;
    @Inject
    EscalationService escalation;
    @Inject
    NotificationService notifications;
    @Inject
    MutableClock clock;

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    @Test
    void aLateStepIsEmailedOnceToTheSupervisorsAndTheOrdersTeam() throws Exception {
        putTeam("supervisors"); // the default of fm.notify.work-orders.supervisors
        putTeam("hvac");
        putTeam("crew"); // told about new orders, not about late steps
        putPerson("sup-sam", SUPERVISOR, "supervisors");
        putPerson("tech-hana", HVAC_TECH, "hvac");
        putPerson("crew-carl", CREW_MEMBER, "crew");

        // A P2 request five hours ago, dispatched to hvac (bob) ten minutes later: on time. Its start was due
        // four hours after the request, so it is an hour late now; completion is due a day after the request.
        Instant requested = Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
        Instant startDue = requested.plus(Duration.ofHours(4));
        clock.set(requested);
        long id = given().contentType(ContentType.JSON).body(Map.of("assetId", "canteen-boiler-2", "title", "Burner noise",
                "priority", "P2")).post("/api/work-orders").then().statusCode(201)
                .body("startDue", equalTo(startDue.toString())).extract().jsonPath().getLong("id");
        clock.set(requested.plus(Duration.ofMinutes(10)));
        given().contentType(ContentType.JSON).body(Map.of("to", "DISPATCHED", "team", "hvac",
                "assignee", "bob")).post("/api/work-orders/" + id + "/transitions").then().statusCode(200);
        clock.reset();

        Instant before = Instant.now();
        assertThat(escalation.escalateLateSteps()).as("steps escalated by the first run").isEqualTo(1);
        Instant after = Instant.now();

        String startKey = "wo:" + id + ":late:START";
        await().atMost(Duration.ofSeconds(30)).until(() -> mails(startKey).size() >= 2);
        List<MimeMessage> late = mails(startKey);
        assertThat(recipients(late)).as("recipients of the late-step e-mail").containsExactlyInAnyOrder(SUPERVISOR, HVAC_TECH);
        Instant escalatedAt = null;
        for (MimeMessage m : late) {
            assertThat(m.getSubject()).isEqualTo("[CRITICAL] Late: work order " + id + " step START was due " + startDue);
            String body = body(m);
            assertThat(body).contains("Work order " + id + ": Burner noise\n", "Asset: canteen-boiler-2\n",
                    "Step: START due " + startDue + ", escalated ", "Priority P2 -> P1\n", "Assignee: bob, team: hvac\n",
                    "Severity: CRITICAL\n", "Kind: ESCALATION\n").endsWith("Event: " + startKey);
            Matcher at = ESCALATED_AT.matcher(body);
            assertThat(at.find()).as("escalation time in %s", body).isTrue();
            Instant in = Instant.parse(at.group(1));
            assertThat(in).as("escalated at, between the run's start and end").isBetween(before, after);
            if (escalatedAt != null) {
                assertThat(in).as("the same escalation in both e-mails").isEqualTo(escalatedAt);
            }
            escalatedAt = in;
        }
        given().get("/api/work-orders/" + id).then().statusCode(200).body("priority", equalTo("P1"))
                .body("state", equalTo("DISPATCHED"));

        // A second run finds the step escalated already: it escalates nothing and enqueues nothing. Once a
        // dispatch run has passed after it, the inbox still holds one late-step e-mail per recipient.
        assertThat(escalation.escalateLateSteps()).as("steps escalated by the second run").isZero();
        OutboxMarker.awaitDispatchRun(notifications, smtp);
        assertThat(recipients(mails(startKey))).as("late-step e-mails after the second run")
                .containsExactlyInAnyOrder(SUPERVISOR, HVAC_TECH);
        assertThat(given().queryParam("eventKey", startKey).get("/api/notifications/outbox").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("items"))
                .as("outbox rows of the late step").hasSize(2)
                .allSatisfy(row -> {
                    assertThat(row.get("status")).isEqualTo("SENT");
                    assertThat(row.get("attempts")).isEqualTo(1);
                });
        given().get("/api/work-orders/" + id).then().body("priority", equalTo("P1"));

        // The next step going late is news of its own: one more e-mail each, the priority already at the top.
        clock.set(requested.plus(Duration.ofDays(1)).plusSeconds(1));
        assertThat(escalation.escalateLateSteps()).as("steps escalated once completion is late").isEqualTo(1);
        String completeKey = "wo:" + id + ":late:COMPLETE";
        await().atMost(Duration.ofSeconds(30)).until(() -> mails(completeKey).size() >= 2);
        OutboxMarker.awaitDispatchRun(notifications, smtp);
        List<MimeMessage> completeLate = mails(completeKey);
        assertThat(recipients(completeLate)).containsExactlyInAnyOrder(SUPERVISOR, HVAC_TECH);
        for (MimeMessage m : completeLate) {
            assertThat(m.getSubject()).isEqualTo("[CRITICAL] Late: work order " + id + " step COMPLETE was due "
                    + requested.plus(Duration.ofDays(1)));
            assertThat(body(m)).contains("Step: COMPLETE due " + requested.plus(Duration.ofDays(1)), "Priority P1 -> P1\n");
        }
        assertThat(recipients(mails(startKey))).as("the start step's e-mails, not sent again")
                .containsExactlyInAnyOrder(SUPERVISOR, HVAC_TECH);
        assertThat(recipientsOfAnyLateStep()).as("a crew member is not told about late steps").doesNotContain(CREW_MEMBER);
    }

    private static void putTeam(String id) {
        given().contentType(ContentType.JSON).body(Map.of("name", id)).put("/api/notifications/teams/" + id).then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    private static void putPerson(String id, String email, String team) {
        given().contentType(ContentType.JSON).body(Map.of("name", id, "email", email, "channels", List.of("EMAIL"),
                "minSeverity", "INFO", "teams", List.of(team))).put("/api/notifications/persons/" + id).then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));
    }

    /** E-mails of one event, by the event key every e-mail carries in a header. */
    private List<MimeMessage> mails(String eventKey) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (eventKey.equals(m.getHeader("X-FM-Event-Key", null))) {
                out.add(m);
            }
        }
        return out;
    }

    private List<String> recipientsOfAnyLateStep() throws MessagingException {
        List<MimeMessage> late = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String key = m.getHeader("X-FM-Event-Key", null);
            if (key != null && key.contains(":late:")) {
                late.add(m);
            }
        }
        return recipients(late);
    }

    private static List<String> recipients(List<MimeMessage> mails) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mails) {
            for (Address a : m.getAllRecipients()) {
                out.add(a.toString());
            }
        }
        return out;
    }

    /** The decoded text (what the reader sees, whatever the transfer encoding). */
    private static String body(MimeMessage m) throws IOException, MessagingException {
        return ((String) m.getContent()).replace("\r\n", "\n");
    }
}

package org.facilitymonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.facilitymonitor.notify.Notification.Kind;
import org.facilitymonitor.notify.Notification.Targets;
import org.facilitymonitor.rules.Severity;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectSmtp;
import org.junit.jupiter.api.Test;

/**
 * demo/demo-people.json, loaded through the REST API as demo/people.py does, defines every team the
 * service notifies (alarms, work orders, escalations), and an alarm reaches the people of its
 * teams by e-mail according to their minimum severity.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class DemoPeopleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectSmtp
    GreenMail smtp;
    @Inject
    NotificationService notifications;

    @Test
    void theDemosTeamsAreTheOnesTheServiceNotifiesAndItsPeopleGetTheirAlarms() throws Exception {
        JsonNode people = JSON.readTree(NativeStack.repositoryRoot().resolve("demo/demo-people.json").toFile());
        people.get("teams").fields().forEachRemaining(team -> given().contentType(ContentType.JSON)
                .body(team.getValue().toString()).put("/api/notifications/teams/" + team.getKey())
                .then().statusCode(anyOf(equalTo(200), equalTo(201))));
        people.get("persons").fields().forEachRemaining(person -> given().contentType(ContentType.JSON)
                .body(person.getValue().toString()).put("/api/notifications/persons/" + person.getKey())
                .then().statusCode(anyOf(equalTo(200), equalTo(201))));

        Set<String> notified = new HashSet<>();
        for (String setting : List.of("fm.alarms.notify-teams", "fm.notify.work-orders.teams",
                "fm.notify.work-orders.supervisors")) {
            notified.addAll(ConfigProvider.getConfig().getValues(setting, String.class));
        }
        assertThat(notified).containsExactlyInAnyOrder("crew", "supervisors");
        for (String team : notified) {
            assertThat(people.get("teams").has(team)).as("team %s is in demo-people.json", team).isTrue();
            List<String> mailedMembers = given().get("/api/notifications/persons?team=" + team).then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.channels.contains('EMAIL') && it.email != null }.id");
            assertThat(mailedMembers).as("members of %s with e-mail", team).isNotEmpty();
        }

        String key = "demo-people:" + System.nanoTime();
        List<String> alarmTeams = ConfigProvider.getConfig().getValues("fm.alarms.notify-teams", String.class);
        QuarkusTransaction.requiringNew().run(() -> {
            notifications.enqueue(alarm(key + ":critical", Severity.CRITICAL, alarmTeams));
            notifications.enqueue(alarm(key + ":minor", Severity.MINOR, alarmTeams));
        });
        // On a timeout the outbox rows of both alarms are in the message: their status, attempts and last error.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recipients(key + ":critical"))
                .as("mails of the critical alarm; its outbox rows: %s", outbox(key + ":critical"))
                .contains("mia.weber@demo-campus.example", "jonas.berg@demo-campus.example"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recipients(key + ":minor"))
                .as("mails of the minor alarm; its outbox rows: %s", outbox(key + ":minor"))
                .contains("mia.weber@demo-campus.example"));
        // Every row of the minor alarm is sent: Jonas (MAJOR and up) had none, and gets no e-mail.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outbox(key + ":minor"))
                .isNotEmpty().allSatisfy(row -> assertThat(row).containsEntry("status", "SENT")));
        assertThat(recipients(key + ":minor")).doesNotContain("jonas.berg@demo-campus.example",
                "sara.lind@demo-campus.example");
        assertThat(recipients(key + ":critical")).doesNotContain("sara.lind@demo-campus.example");
    }

    private static Notification alarm(String key, Severity severity, List<String> teams) {
        return new Notification(key, Kind.ALARM, "demo-campus", severity, "Heating pump 1 bearing vibration",
                "canteen-pump-hw-1-vibration above 7.1 mm/s for 30s", new Targets(Set.of(), Set.copyOf(teams)));
    }

    private static List<Map<String, Object>> outbox(String eventKey) {
        return given().queryParam("eventKey", eventKey).get("/api/notifications/outbox").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("items").stream()
                .map(row -> {
                    Map<String, Object> kept = new TreeMap<>();
                    for (String field : List.of("recipient", "channel", "status", "attempts", "lastError")) {
                        kept.put(field, row.get(field));
                    }
                    return kept;
                }).toList();
    }

    private List<String> recipients(String eventKey) throws MessagingException {
        List<String> to = new ArrayList<>();
        for (MimeMessage m : Arrays.asList(smtp.getReceivedMessages())) {
            if (eventKey.equals(m.getHeader("X-FM-Event-Key", null))) {
                Arrays.stream(m.getAllRecipients()).forEach(a -> to.add(a.toString()));
            }
        }
        return to;
    }
}

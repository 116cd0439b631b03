package org.facilitymonitor.alarms;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.OutboxMarker;
import org.facilitymonitor.testing.RuleActivity;
import org.facilitymonitor.testing.RuleSetVersion;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectSmtp;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.junit.jupiter.api.Test;

/**
 * The loop end to end: the real edge agent (its jar, as a process) simulates the dormitory with a
 * clogging AHU filter → broker → ingest → a rule → one alarm → one work order → e-mails in the SMTP
 * server's inbox.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class ReadingToEmailTest {

    private static final Logger LOG = Logger.getLogger(ReadingToEmailTest.class.getName());

    @InjectStack
    NativeStack stack;
    @InjectSmtp
    GreenMail smtp;
    @Inject
    EntityManager em;
    @Inject
    NotificationService notifications;

    @Test
    void aCloggingFilterOnTheEdgeEndsAsOneWorkOrderAndAnEmail() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update work_order set state = 'CANCELLED',"
                + " cancelled_at = now() where asset_id = 'dorm-ahu-1' and state not in ('CLOSED', 'CANCELLED')")
                .executeUpdate()); // an open order left by another test class would suppress the alarm
        Path repo = NativeStack.repositoryRoot();
        Path jar = repo.resolve("edge-agent/target/edge-agent.jar");
        if (!Files.isRegularFile(jar)) {
            fail("the edge agent jar " + jar + " is missing: build it first (cd edge-agent && ./mvnw package"
                    + " -Dmaven.test.skip=true); bin/test-all does");
        }
        given().contentType(ContentType.JSON).body("{\"name\": \"Crew\"}").put("/api/notifications/teams/crew");
        given().contentType(ContentType.JSON).body("""
                {"name": "Ana", "email": "ana@crew.example.org", "channels": ["EMAIL"], "minSeverity": "INFO",
                 "teams": ["crew"]}""").put("/api/notifications/persons/ana-e2e");
        long rule = given().contentType(ContentType.JSON).body(Map.of("name", "E2E filter clogged",
                        "pointId", "dorm-ahu-1-filter-dp", "kind", "THRESHOLD", "severity", "CRITICAL",
                        "createsWorkOrder", true, "workOrderPriority", "P1",
                        "params", Map.of("direction", "ABOVE", "limit", 1000, "for", "3s", "clearLimit", 500)))
                .post("/api/rules").then().statusCode(201).extract().jsonPath().getLong("id");
        RuleSetVersion.awaitLoaded(stack);

        Path dir = Files.createTempDirectory(repo.resolve("target"), "e2e-mail-agent");
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                site: demo-campus
                edge: dorm-edge
                broker: {url: "%s"}
                sampling: {period: 1s}
                simulate:
                  site-file: %s
                  buildings: [dorm]
                  faults: [{asset: dorm-ahu-1, fault: filter-clogging, after: 0s, params: {pa-per-day: 10000000}}]
                queue: {dir: %s}
                status: {interval: 5s}
                """.formatted(stack.mqttUrl(), repo.resolve("demo/demo-campus.yaml"), dir.resolve("data")));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", jar.toString(), "run", "--config", config.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("FM_AGENT_"));
        pb.environment().put("FM_AGENT_BROKER_PASSWORD", StackTestResource.EDGE_PASSWORD);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        Process agent = pb.start();
        try {
            // ~116 Pa/s on top of ~280 Pa: above 1,000 Pa within about 10 s, held 3 s
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> mails("Work order").size() == 1 && alarmMails().size() == 1);
            // More readings above the limit must not add anything: the engine evaluates several more of them
            // (one a second from the agent) before the agent stops.
            double evaluated = RuleActivity.evaluated(MetricSource.IN_PROCESS);
            await().atMost(Duration.ofSeconds(30)).until(() -> RuleActivity.evaluated(MetricSource.IN_PROCESS) >= evaluated + 3);
        } finally {
            agent.destroy();
            agent.waitFor(15, TimeUnit.SECONDS);
        }
        // what the engine concluded is in PostgreSQL, and the outbox has sent everything enqueued until now
        await().atMost(Duration.ofSeconds(30)).until(() -> RuleActivity.allConclusionsWritten(MetricSource.IN_PROCESS));
        OutboxMarker.awaitDispatchRun(notifications, smtp);
        List<Object[]> alarms = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id, work_order_id, status from alarm where rule_id = ?1").setParameter(1, rule).getResultList());
        assertThat(alarms).as("one alarm").hasSize(1);
        Number workOrder = (Number) alarms.get(0)[1];
        assertThat(workOrder).as("the alarm opened a work order").isNotNull();
        List<?> orders = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select id from work_order where rule_id = ?1").setParameter(1, rule).getResultList());
        assertThat(orders).as("exactly one work order").hasSize(1);
        given().get("/api/work-orders/" + workOrder.longValue()).then().statusCode(200)
                .body("priority", org.hamcrest.Matchers.is("P1")).body("state", org.hamcrest.Matchers.is("REQUESTED"))
                .body("assetId", org.hamcrest.Matchers.is("dorm-ahu-1"));
        assertThat(alarmMails()).hasSize(1);
        assertThat(mails("Work order " + workOrder.longValue() + " (P1): E2E filter clogged on dorm-ahu-1")).hasSize(1);
        assertThat(mails("Work order")).as("no other work order").hasSize(1);
        MimeMessage alarmMail = alarmMails().get(0);
        assertThat(alarmMail.getAllRecipients()[0].toString()).isEqualTo("ana@crew.example.org");
        assertThat(alarmMail.getSubject()).startsWith("[CRITICAL]").contains("dorm-ahu-1");
        LOG.info("reading -> alarm " + alarms.get(0)[0] + " -> work order " + workOrder + " -> 2 e-mails");
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update rule set enabled = false where id = ?1").setParameter(1, rule).executeUpdate();
            em.createNativeQuery("update rule_set_version set version = version + 1").executeUpdate();
            em.createNativeQuery("update work_order set state = 'CANCELLED', cancelled_at = now() where rule_id = ?1")
                    .setParameter(1, rule).executeUpdate();
        });
        // ana would otherwise get every later test class's work-order e-mail: hundreds of them slow the
        // shared SMTP server down until sends time out
        given().delete("/api/notifications/persons/ana-e2e").then().statusCode(204);
    }

    /** The alarm's own e-mail (the work order's subject names the rule too). */
    private List<MimeMessage> alarmMails() throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mails("E2E filter clogged")) {
            if (!m.getSubject().contains("Work order")) {
                out.add(m);
            }
        }
        return out;
    }

    private List<MimeMessage> mails(String subjectPart) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                if (m.getSubject() != null && m.getSubject().contains(subjectPart)
                        && Arrays.toString(m.getAllRecipients()).contains("ana@crew.example.org")) {
                    out.add(m);
                }
            } catch (jakarta.mail.MessagingException e) {
                // not ours
            }
        }
        return out;
    }
}

package org.facilitymonitor.testing;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.UUID;
import org.facilitymonitor.notify.Notification;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.rules.Severity;

/**
 * Proof that the in-process outbox dispatcher ran after a moment, for tests that then assert that it
 * sent nothing more. A marker e-mail enqueued now reaches the SMTP server only through a dispatch
 * run; a run claims due rows oldest first and sends them one after the other, so once the marker
 * is in the inbox, every row that was due before it has been claimed and sent (or failed).
 */
public final class OutboxMarker {

    private static final String PERSON = "outbox-marker";
    private static final String ADDRESS = "outbox-marker@test.example.org";

    private OutboxMarker() {
    }

    /** Enqueues a marker e-mail and waits until the SMTP server has it. */
    public static void awaitDispatchRun(NotificationService notifications, GreenMail smtp) {
        given().contentType(ContentType.JSON)
                .body("{\"name\": \"Outbox marker\", \"email\": \"" + ADDRESS + "\", \"channels\": [\"EMAIL\"]}")
                .put("/api/notifications/persons/" + PERSON).then().statusCode(anyOf(equalTo(200), equalTo(201)));
        String key = "test-marker:" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> notifications.enqueue(new Notification(key, Notification.Kind.ALARM,
                "demo-campus", Severity.CRITICAL, "Outbox marker " + key, "", Notification.Targets.persons(PERSON))));
        await("marker " + key + " e-mailed").atMost(Duration.ofSeconds(30)).until(() -> received(smtp, key));
    }

    private static boolean received(GreenMail smtp, String key) throws MessagingException {
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().endsWith("Outbox marker " + key)) {
                return true;
            }
        }
        return false;
    }
}

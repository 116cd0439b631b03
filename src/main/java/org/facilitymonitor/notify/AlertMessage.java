package org.facilitymonitor.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.facilitymonitor.rules.Severity;

/**
 * The JSON of a webhook POST and of an MQTT alert. {@code id} is the outbox row: the same on every
 * attempt, so a receiver can drop the rare second copy (a send whose success was not recorded).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AlertMessage(long id, String eventKey, Notification.Kind kind, String site, Severity severity, String subject,
        String body, Instant createdAt, String recipient) {

    static AlertMessage of(Delivery d, boolean withRecipient) {
        return new AlertMessage(d.id(), d.eventKey(), d.kind(), d.site(), d.severity(), d.subject(), d.body(),
                d.createdAt(), withRecipient ? d.recipient() : null);
    }
}

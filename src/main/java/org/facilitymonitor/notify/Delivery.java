package org.facilitymonitor.notify;

import java.time.Instant;
import org.facilitymonitor.rules.Severity;

/** A claimed outbox row handed to a channel; {@code id} is stable across attempts (receivers may de-duplicate on it). */
record Delivery(long id, String eventKey, String recipient, Channel channel, String address, Notification.Kind kind,
        String site, Severity severity, String subject, String body, Instant createdAt, int attempt) {
}

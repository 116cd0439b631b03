package org.facilitymonitor.maintenance;

import java.time.Instant;

/**
 * Where work-order news goes out (e-mail, webhook, crew app: the notify feature implements it).
 * Methods are called inside the transaction that records the news, so an outbox insert commits or
 * rolls back with it; an exception rolls the escalation back and the next job run retries it.
 */
public interface MaintenanceNotifier {

    /** A step passed its due time: tell the supervisor (of {@code team}, or the site's). Once per order and step. */
    void stepLate(LateStep notice);

    /** A work order was created (not called when an idempotent open returned an existing one). */
    default void opened(long workOrderId, String assetId, String title, Priority priority) {
    }

    record LateStep(long workOrderId, String assetId, String title, Step step, Instant dueAt, Instant escalatedAt,
            Priority priorityBefore, Priority priorityAfter, String assignee, String team) {
    }
}

package org.facilitymonitor.energy.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Which report a subscription owes now: on and after its day of the month (in the site's time
 * zone) the previous calendar month's, unless it was created after this month's day (then from
 * next month on). Later runs in the same month answer the same period again; the delivery claim
 * makes that harmless and lets a run missed on the day catch up. Pure.
 */
final class DueReports {

    /** A subscription as this needs it. */
    record Subscription(long id, int dayOfMonth, Instant createdAt, ZoneId zone) {
    }

    /** The local dates [from, to) of the report owed. */
    record Due(long subscriptionId, LocalDate from, LocalDate to) {
    }

    private DueReports() {
    }

    static Optional<Due> due(Subscription s, Instant now) {
        LocalDate today = now.atZone(s.zone()).toLocalDate();
        LocalDate dueDay = today.withDayOfMonth(s.dayOfMonth());
        if (today.isBefore(dueDay) || s.createdAt().atZone(s.zone()).toLocalDate().isAfter(dueDay)) {
            return Optional.empty();
        }
        LocalDate to = today.withDayOfMonth(1);
        return Optional.of(new Due(s.id(), to.minusMonths(1), to));
    }
}

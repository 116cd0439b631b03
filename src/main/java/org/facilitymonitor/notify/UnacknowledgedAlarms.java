package org.facilitymonitor.notify;

import java.time.Instant;
import java.util.List;
import org.facilitymonitor.rules.Severity;

/**
 * The alarms that are still unacknowledged (ACTIVE_UNACK), as the reminder job sees them
 * ({@link AlarmNotifications} reads them from the alarms feature). The job asks every
 * {@code fm.notify.reminders.check-interval}, keeps those at least {@code fm.notify.reminders.min-severity},
 * and enqueues reminder n of an alarm with event key {@code reminder:{alarmId}:{n}}. An alarm
 * acknowledged after the list was taken may still get the reminder being enqueued at that moment.
 */
public interface UnacknowledgedAlarms {

    /** An unacknowledged alarm and who should be reminded of it. */
    record Alarm(String alarmId, String site, Severity severity, Instant raisedAt, String subject, String body,
            Notification.Targets targets) {
    }

    /** Alarms unacknowledged now; called outside any transaction. */
    List<Alarm> unacknowledged();
}

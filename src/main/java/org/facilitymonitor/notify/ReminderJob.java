package org.facilitymonitor.notify;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.facilitymonitor.platform.SqlValues;

/**
 * Reminds people of unacknowledged critical alarms through the outbox. Each reminder has its own
 * event key ({@code reminder:{alarmId}:{n}}), so two instances checking at once, or a check retried
 * after a crash, enqueue it once.
 */
@ApplicationScoped
public class ReminderJob {

    private static final String RECORD = """
            insert into notify_reminder (alarm_id, reminders_sent, last_reminded_at) values (:alarm, :n, :now)
            on conflict (alarm_id) do update set reminders_sent = excluded.reminders_sent,
                last_reminded_at = excluded.last_reminded_at
             where notify_reminder.reminders_sent < excluded.reminders_sent
            """;

    @Inject
    UnacknowledgedAlarms alarms;
    @Inject
    NotificationService notifications;
    @Inject
    NotifyConfig config;
    @Inject
    EntityManager em;
    @Inject
    Clock clock;

    private ReminderPolicy policy;

    @PostConstruct
    void init() {
        policy = new ReminderPolicy(config.reminders().interval(), config.reminders().maxCount(), clock);
    }

    @Scheduled(every = "{fm.notify.reminders.check-interval}", delayed = "{fm.notify.reminders.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.reminders().enabled()) {
            return;
        }
        try {
            remind(alarms.unacknowledged());
        } catch (RuntimeException e) {
            Log.warnf("reminder check failed (retried at the next check): %s", e.getMessage());
        }
    }

    /** Enqueues the reminders due now for these alarms (one transaction per alarm); returns how many. */
    public int remind(List<UnacknowledgedAlarms.Alarm> unacknowledged) {
        int enqueued = 0;
        for (UnacknowledgedAlarms.Alarm alarm : unacknowledged) {
            if (alarm.severity().atLeast(config.reminders().minSeverity())
                    && QuarkusTransaction.requiringNew().call(() -> remind(alarm))) {
                enqueued++;
            }
        }
        return enqueued;
    }

    private boolean remind(UnacknowledgedAlarms.Alarm alarm) {
        List<?> state = em.createNativeQuery(
                "select reminders_sent, last_reminded_at from notify_reminder where alarm_id = :alarm for update")
                .setParameter("alarm", alarm.alarmId()).getResultList();
        int sent = 0;
        Instant last = null;
        if (!state.isEmpty()) {
            Object[] row = (Object[]) state.get(0);
            sent = ((Number) row[0]).intValue();
            last = SqlValues.instant(row[1]);
        }
        OptionalInt due = policy.due(alarm.raisedAt(), last, sent);
        if (due.isEmpty()) {
            return false;
        }
        int n = due.getAsInt();
        Instant now = policy.now();
        notifications.enqueue(new Notification("reminder:" + alarm.alarmId() + ":" + n, Notification.Kind.REMINDER,
                alarm.site(), alarm.severity(), "Reminder " + n + ": " + alarm.subject() + " (unacknowledged)",
                alarm.body(), alarm.targets()));
        em.createNativeQuery(RECORD).setParameter("alarm", alarm.alarmId()).setParameter("n", n)
                .setParameter("now", now).executeUpdate();
        Log.debugf("reminder %d for alarm %s enqueued", n, alarm.alarmId());
        return true;
    }

}

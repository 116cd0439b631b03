package org.facilitymonitor.alarms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.notify.Notification;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.notify.Severity;
import org.facilitymonitor.notify.UnacknowledgedAlarms;

/** Alarms as notifications: a new alarm goes to the configured teams through the outbox, in the alarm's transaction. */
@ApplicationScoped
public class PlatformAlarmHooks implements AlarmHooks, UnacknowledgedAlarms {

    @Inject
    NotificationService notifications;
    @Inject
    AlarmConfig config;

    @Override
    public void raised(org.facilitymonitor.alarms.Alarm alarm, String ruleName) {
        notifications.enqueue(new Notification("alarm:" + alarm.id + ":raised", Notification.Kind.ALARM, alarm.siteId,
                Severity.valueOf(alarm.severity.name()), ruleName + " on " + alarm.assetId, body(alarm),
                new Notification.Targets(Set.of(), Set.copyOf(config.notifyTeams()))));
    }

    @Override
    @Transactional
    public List<UnacknowledgedAlarms.Alarm> unacknowledged() {
        return org.facilitymonitor.alarms.Alarm.<org.facilitymonitor.alarms.Alarm>list(
                        "status = ?1 and suppressed = false", AlarmStatus.ACTIVE_UNACK).stream()
                .map(a -> new UnacknowledgedAlarms.Alarm(Long.toString(a.id), a.siteId,
                        Severity.valueOf(a.severity.name()), a.raisedAt, "Unacknowledged: " + a.message, body(a),
                        new Notification.Targets(Set.of(), Set.copyOf(config.notifyTeams()))))
                .toList();
    }

    private static String body(org.facilitymonitor.alarms.Alarm a) {
        return a.message + "\n\nAsset: " + a.assetId + "\nPoint: " + a.pointId + "\nSeverity: " + a.severity
                + "\nRaised: " + a.raisedAt + "\nAlarm: /api/alarms/" + a.id
                + (a.workOrderId == null ? "" : "\nWork order: /api/work-orders/" + a.workOrderId);
    }
}

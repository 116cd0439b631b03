package org.facilitymonitor.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.facilitymonitor.alarms.AlarmConfig;
import org.facilitymonitor.alarms.AlarmListener;
import org.facilitymonitor.alarms.AlarmService;

/**
 * Alarms through the outbox: a new alarm goes to the teams of {@code fm.alarms.notify-teams}, in the
 * alarm's transaction, and the reminder job is offered the alarms still unacknowledged.
 */
@ApplicationScoped
class AlarmNotifications implements AlarmListener, UnacknowledgedAlarms {

    @Inject
    NotificationService notifications;
    @Inject
    AlarmService alarms;
    @Inject
    AlarmConfig config;

    // The alarm entity goes by its full name: UnacknowledgedAlarms.Alarm shadows it in this class.
    @Override
    public void raised(org.facilitymonitor.alarms.Alarm alarm, String ruleName) {
        notifications.enqueue(new Notification("alarm:" + alarm.id + ":raised", Notification.Kind.ALARM, alarm.siteId,
                alarm.severity, ruleName + " on " + alarm.assetId, body(alarm), targets()));
    }

    @Override
    public List<UnacknowledgedAlarms.Alarm> unacknowledged() {
        return alarms.unacknowledged().stream()
                .map(a -> new UnacknowledgedAlarms.Alarm(Long.toString(a.id), a.siteId, a.severity, a.raisedAt,
                        "Unacknowledged: " + a.message, body(a), targets()))
                .toList();
    }

    private Notification.Targets targets() {
        return new Notification.Targets(Set.of(), Set.copyOf(config.notifyTeams()));
    }

    private static String body(org.facilitymonitor.alarms.Alarm a) {
        return a.message + "\n\nAsset: " + a.assetId + "\nPoint: " + a.pointId + "\nSeverity: " + a.severity
                + "\nRaised: " + a.raisedAt + "\nAlarm: /api/alarms/" + a.id
                + (a.workOrderId == null ? "" : "\nWork order: /api/work-orders/" + a.workOrderId);
    }
}

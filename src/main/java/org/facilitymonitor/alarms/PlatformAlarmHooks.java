package org.facilitymonitor.alarms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;
import jakarta.persistence.EntityManager;
import org.facilitymonitor.maintenance.Priority;
import org.facilitymonitor.maintenance.WorkOrderService;
import org.facilitymonitor.notify.Notification;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.notify.Severity;
import org.facilitymonitor.notify.UnacknowledgedAlarms;

/**
 * Alarms joined to work orders and notifications, in the alarm's transaction: a condition rule's
 * alarm opens (idempotently) its work order, an asset with an open order has new alarms suppressed,
 * and a new alarm goes to the configured teams through the outbox.
 */
@ApplicationScoped
public class PlatformAlarmHooks implements AlarmHooks, UnacknowledgedAlarms {

    @Inject
    NotificationService notifications;
    @Inject
    AlarmConfig config;
    @Inject
    WorkOrderService workOrders;
    @Inject
    EntityManager em;

    @Override
    public boolean hasOpenWorkOrder(String assetId) {
        return ((Number) em.createNativeQuery("select count(*) from work_order where asset_id = ?1"
                + " and state not in ('CLOSED', 'CANCELLED')").setParameter(1, assetId).getSingleResult()).longValue() > 0;
    }

    @Override
    public Long openWorkOrder(org.facilitymonitor.alarms.Alarm alarm, String ruleName, String priority) {
        return workOrders.openForCondition(alarm.assetId, alarm.ruleId, ruleName + " on " + alarm.assetId,
                Priority.valueOf(priority == null ? "P3" : priority), "alarm " + alarm.id + ": " + alarm.message).id();
    }

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

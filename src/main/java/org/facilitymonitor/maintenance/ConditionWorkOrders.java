package org.facilitymonitor.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.facilitymonitor.alarms.Alarm;
import org.facilitymonitor.alarms.AlarmWorkOrders;

/**
 * Work orders for alarms: a condition rule's alarm opens its corrective order (idempotently, one
 * open per asset and rule), and an asset with an open order has new alarms suppressed, except while that
 * order is a person's request nobody has dispatched yet.
 */
@ApplicationScoped
class ConditionWorkOrders implements AlarmWorkOrders {

    @Inject
    WorkOrderService workOrders;

    @Override
    public boolean hasOpenWorkOrder(String assetId) {
        return workOrders.hasOrderSuppressingAlarms(assetId);
    }

    @Override
    public long openWorkOrder(Alarm alarm, String ruleName, String priority) {
        return workOrders.openForCondition(alarm.assetId, alarm.ruleId, title(ruleName, alarm.assetId),
                Priority.valueOf(priority == null ? "P3" : priority), "alarm " + alarm.id + ": " + alarm.message).id();
    }

    /** A rule name may take the whole title column (200); the title keeps its start and ends with an ellipsis. */
    static String title(String ruleName, String assetId) {
        String title = ruleName + " on " + assetId;
        if (title.length() <= WorkOrderService.TITLE_MAX) {
            return title;
        }
        int end = WorkOrderService.TITLE_MAX - 1;
        if (Character.isHighSurrogate(title.charAt(end - 1))) {
            end--;
        }
        return title.substring(0, end).stripTrailing() + "\u2026";
    }
}

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
        return workOrders.openForCondition(alarm.assetId, alarm.ruleId, ruleName + " on " + alarm.assetId,
                Priority.valueOf(priority == null ? "P3" : priority), "alarm " + alarm.id + ": " + alarm.message).id();
    }
}

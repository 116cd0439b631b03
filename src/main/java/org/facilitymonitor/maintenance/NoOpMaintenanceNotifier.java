package org.facilitymonitor.maintenance;

import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/** Used until a notifier is deployed: logs escalations only. Any other {@link MaintenanceNotifier} bean replaces it. */
@DefaultBean
@ApplicationScoped
public class NoOpMaintenanceNotifier implements MaintenanceNotifier {

    @Override
    public void stepLate(LateStep notice) {
        Log.infof("work order %d: %s step late (due %s), priority %s -> %s; no notifier deployed", notice.workOrderId(),
                notice.step(), notice.dueAt(), notice.priorityBefore(), notice.priorityAfter());
    }
}

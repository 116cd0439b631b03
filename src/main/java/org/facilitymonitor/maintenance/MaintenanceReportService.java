package org.facilitymonitor.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.facilitymonitor.maintenance.WorkOrderReports.Facts;
import org.facilitymonitor.maintenance.WorkOrderReports.Report;

/** Loads the orders requested in a window and hands them to {@link WorkOrderReports}. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class MaintenanceReportService {

    @Inject
    Clock clock;

    public Report report(Instant from, Instant to) {
        var orders = WorkOrder.<WorkOrder>list("requestedAt >= ?1 and requestedAt < ?2", from, to).stream()
                .map(Facts::of).toList();
        return WorkOrderReports.compute(from, to, orders, clock.instant());
    }
}

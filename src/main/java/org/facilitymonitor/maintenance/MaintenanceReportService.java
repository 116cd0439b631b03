package org.facilitymonitor.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.facilitymonitor.maintenance.WorkOrderReports.Facts;
import org.facilitymonitor.maintenance.WorkOrderReports.Report;
import org.facilitymonitor.security.CurrentUser;

/** Loads the orders requested in a window and hands them to {@link WorkOrderReports}. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class MaintenanceReportService {

    @Inject
    Clock clock;
    @Inject
    CurrentUser user;

    /** Over the orders of the user's sites. */
    public Report report(Instant from, Instant to) {
        Optional<Set<String>> sites = Scope.sites(user);
        List<WorkOrder> loaded = sites.isEmpty()
                ? WorkOrder.list("requestedAt >= ?1 and requestedAt < ?2", from, to)
                : sites.get().isEmpty() ? List.of()
                : WorkOrder.list("requestedAt >= ?1 and requestedAt < ?2 and siteId in ?3", from, to, sites.get());
        var orders = loaded.stream().map(Facts::of).toList();
        return WorkOrderReports.compute(from, to, orders, clock.instant());
    }
}

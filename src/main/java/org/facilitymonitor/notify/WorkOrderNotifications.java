package org.facilitymonitor.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.maintenance.MaintenanceNotifier;
import org.facilitymonitor.maintenance.Priority;
import org.facilitymonitor.rules.Severity;

/** Work-order news through the outbox: a new order to the crew teams, a late step to the supervisors. */
@ApplicationScoped
public class WorkOrderNotifications implements MaintenanceNotifier {

    @ConfigMapping(prefix = "fm.notify.work-orders")
    public interface Config {
        /** Teams told about every new work order (besides the order's own team). */
        @WithDefault("crew")
        java.util.List<String> teams();

        /** Teams told when a step is late (escalation). */
        @WithDefault("supervisors")
        java.util.List<String> supervisors();
    }

    @Inject
    NotificationService notifications;
    @Inject
    Config config;

    @Override
    public void opened(long workOrderId, String assetId, String title, Priority priority) {
        notifications.enqueue(new Notification("wo:" + workOrderId + ":opened", Notification.Kind.WORK_ORDER,
                site(assetId), severity(priority), "Work order " + workOrderId + " (" + priority + "): " + title,
                "Asset: " + assetId + "\nPriority: " + priority + "\nWork order: /api/work-orders/" + workOrderId
                        + "\nRequest link of the asset: /request/" + assetId,
                new Notification.Targets(Set.of(), Set.copyOf(config.teams()))));
    }

    @Override
    public void stepLate(LateStep n) {
        Set<String> teams = new HashSet<>(config.supervisors());
        if (n.team() != null && !n.team().isBlank()) {
            teams.add(n.team());
        }
        notifications.enqueue(new Notification("wo:" + n.workOrderId() + ":late:" + n.step(),
                Notification.Kind.ESCALATION, site(n.assetId()), severity(n.priorityAfter()),
                "Late: work order " + n.workOrderId() + " step " + n.step() + " was due " + n.dueAt(),
                "Work order " + n.workOrderId() + ": " + n.title() + "\nAsset: " + n.assetId() + "\nStep: " + n.step()
                        + " due " + n.dueAt() + ", escalated " + n.escalatedAt() + "\nPriority " + n.priorityBefore()
                        + " -> " + n.priorityAfter() + "\nAssignee: " + n.assignee() + ", team: " + n.team(),
                new Notification.Targets(Set.of(), teams)));
    }

    private static String site(String assetId) {
        Asset a = Asset.findById(assetId);
        return a == null ? "unknown" : a.siteId;
    }

    static Severity severity(Priority p) {
        return switch (p) {
            case P1 -> Severity.CRITICAL;
            case P2 -> Severity.MAJOR;
            case P3 -> Severity.MINOR;
            case P4 -> Severity.INFO;
        };
    }
}

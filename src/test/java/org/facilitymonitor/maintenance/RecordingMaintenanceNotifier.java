package org.facilitymonitor.maintenance;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what would have been notified, for the tests of {@link MaintenanceTestProfile}. */
@Alternative
@Singleton
public class RecordingMaintenanceNotifier implements MaintenanceNotifier {

    private final List<LateStep> late = new CopyOnWriteArrayList<>();
    private final List<Long> opened = new CopyOnWriteArrayList<>();

    @Override
    public void stepLate(LateStep notice) {
        late.add(notice);
    }

    @Override
    public void opened(long workOrderId, String assetId, String title, Priority priority) {
        opened.add(workOrderId);
    }

    public List<LateStep> lateFor(long workOrderId) {
        return late.stream().filter(n -> n.workOrderId() == workOrderId).toList();
    }

    public long openedCount(long workOrderId) {
        return opened.stream().filter(id -> id == workOrderId).count();
    }
}

package org.facilitymonitor.maintenance;

/**
 * Where a work order stands; the legal moves between these are in {@link WorkOrderLifecycle}.
 * REOPENED means "back with the crew": it behaves like DISPATCHED (assignee kept); see
 * docs/maintenance.md.
 */
public enum WorkOrderState {
    REQUESTED, DISPATCHED, IN_PROGRESS, COMPLETED, ACCEPTED, VERIFIED, REOPENED, RATED, CLOSED, CANCELLED;

    public boolean isOpen() {
        return this != CLOSED && this != CANCELLED;
    }
}

package org.facilitymonitor.maintenance;

import static org.facilitymonitor.maintenance.WorkOrderState.ACCEPTED;
import static org.facilitymonitor.maintenance.WorkOrderState.CANCELLED;
import static org.facilitymonitor.maintenance.WorkOrderState.CLOSED;
import static org.facilitymonitor.maintenance.WorkOrderState.COMPLETED;
import static org.facilitymonitor.maintenance.WorkOrderState.DISPATCHED;
import static org.facilitymonitor.maintenance.WorkOrderState.IN_PROGRESS;
import static org.facilitymonitor.maintenance.WorkOrderState.RATED;
import static org.facilitymonitor.maintenance.WorkOrderState.REOPENED;
import static org.facilitymonitor.maintenance.WorkOrderState.REQUESTED;
import static org.facilitymonitor.maintenance.WorkOrderState.VERIFIED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The one table of legal work-order transitions (pure; the service and the tests both read it). */
public final class WorkOrderLifecycle {

    private static final Map<WorkOrderState, Set<WorkOrderState>> NEXT = new EnumMap<>(WorkOrderState.class);

    static {
        NEXT.put(REQUESTED, EnumSet.of(DISPATCHED, CANCELLED));
        // DISPATCHED -> DISPATCHED reassigns to another technician or team.
        NEXT.put(DISPATCHED, EnumSet.of(DISPATCHED, IN_PROGRESS, CANCELLED));
        NEXT.put(IN_PROGRESS, EnumSet.of(COMPLETED));
        NEXT.put(COMPLETED, EnumSet.of(ACCEPTED, VERIFIED, REOPENED));
        NEXT.put(REOPENED, EnumSet.of(IN_PROGRESS, DISPATCHED));
        NEXT.put(ACCEPTED, EnumSet.of(RATED, CLOSED));
        NEXT.put(VERIFIED, EnumSet.of(RATED, CLOSED));
        NEXT.put(RATED, EnumSet.of(CLOSED));
        NEXT.put(CLOSED, EnumSet.noneOf(WorkOrderState.class));
        NEXT.put(CANCELLED, EnumSet.noneOf(WorkOrderState.class));
    }

    private WorkOrderLifecycle() {
    }

    public static Set<WorkOrderState> allowedFrom(WorkOrderState from) {
        return Collections.unmodifiableSet(NEXT.get(from));
    }

    public static boolean isAllowed(WorkOrderState from, WorkOrderState to) {
        return NEXT.get(from).contains(to);
    }

    /** E.g. "work order 42 is COMPLETED; allowed: ACCEPTED, VERIFIED, REOPENED". */
    public static String refusal(long id, WorkOrderState from) {
        Set<WorkOrderState> next = NEXT.get(from);
        String allowed = next.isEmpty() ? "none" : next.stream().map(Enum::name).collect(Collectors.joining(", "));
        return "work order " + id + " is " + from + "; allowed: " + allowed;
    }
}

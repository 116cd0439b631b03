package org.facilitymonitor.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each step may take per priority. Dispatch, start and complete are measured from the
 * request (they are promises to the requester); accept from the completion.
 */
public final class DeadlineTable {

    /** The allowed durations of one priority. */
    public record Limits(Duration dispatch, Duration start, Duration complete, Duration accept) {
    }

    /** Due times fixed when an order is requested. */
    public record DueTimes(Instant dispatch, Instant start, Instant complete) {
    }

    private final Map<Priority, Limits> limits;

    public DeadlineTable(Map<Priority, Limits> limits) {
        for (Priority p : Priority.values()) {
            if (!limits.containsKey(p)) {
                throw new IllegalArgumentException("no deadlines for " + p);
            }
        }
        this.limits = new EnumMap<>(limits);
    }

    /** The table configured under {@code fm.maintenance.deadlines}. */
    public static DeadlineTable of(MaintenanceConfig.Deadlines d) {
        return new DeadlineTable(Map.of(Priority.P1, limits(d.p1()), Priority.P2, limits(d.p2()),
                Priority.P3, limits(d.p3()), Priority.P4, limits(d.p4())));
    }

    private static Limits limits(MaintenanceConfig.StepDeadlines s) {
        return new Limits(s.dispatch(), s.start(), s.complete(), s.accept());
    }

    public Limits limits(Priority priority) {
        return limits.get(priority);
    }

    public DueTimes dueTimes(Priority priority, Instant requestedAt) {
        Limits l = limits.get(priority);
        return new DueTimes(requestedAt.plus(l.dispatch()), requestedAt.plus(l.start()), requestedAt.plus(l.complete()));
    }

    public Instant acceptDue(Priority priority, Instant completedAt) {
        return completedAt.plus(limits.get(priority).accept());
    }
}

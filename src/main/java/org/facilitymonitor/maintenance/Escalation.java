package org.facilitymonitor.maintenance;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which steps of a work order are late: a step is late once the clock has passed its due
 * time while the order is still in a state where the step is pending. Pure; the job around it
 * does the SQL, the locking and the notifying.
 */
public final class Escalation {

    /** A step past its due time. */
    public record LateStep(Step step, Instant dueAt) {
    }

    private static final Map<Step, Set<WorkOrderState>> PENDING_IN = Map.of(
            Step.DISPATCH, EnumSet.of(WorkOrderState.REQUESTED),
            Step.START, EnumSet.of(WorkOrderState.REQUESTED, WorkOrderState.DISPATCHED),
            // A reopened order is being redone: only its completion is pending again.
            Step.COMPLETE, EnumSet.of(WorkOrderState.REQUESTED, WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS,
                    WorkOrderState.REOPENED),
            Step.ACCEPT, EnumSet.of(WorkOrderState.COMPLETED));

    private final Clock clock;

    public Escalation(Clock clock) {
        this.clock = clock;
    }

    /** The states in which {@code step} is still to be done. */
    public static Set<WorkOrderState> pendingIn(Step step) {
        return PENDING_IN.get(step);
    }

    /** Late steps, in step order; {@code dueTimes} may hold null for a step without a due time yet. */
    public List<LateStep> lateSteps(WorkOrderState state, Map<Step, Instant> dueTimes) {
        Instant now = clock.instant();
        List<LateStep> late = new ArrayList<>();
        for (Step step : Step.values()) {
            Instant due = dueTimes.get(step);
            if (due != null && PENDING_IN.get(step).contains(state) && now.isAfter(due)) {
                late.add(new LateStep(step, due));
            }
        }
        return late;
    }
}

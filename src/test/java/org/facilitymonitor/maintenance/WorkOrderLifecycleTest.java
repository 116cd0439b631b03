package org.facilitymonitor.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.maintenance.WorkOrderState.*;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkOrderLifecycleTest {

    @Test
    void theTableIsTheDocumentedOne() {
        Map<WorkOrderState, Set<WorkOrderState>> expected = Map.of(
                REQUESTED, EnumSet.of(DISPATCHED, CANCELLED),
                DISPATCHED, EnumSet.of(DISPATCHED, IN_PROGRESS, CANCELLED),
                IN_PROGRESS, EnumSet.of(COMPLETED),
                COMPLETED, EnumSet.of(ACCEPTED, VERIFIED, REOPENED),
                REOPENED, EnumSet.of(IN_PROGRESS, DISPATCHED),
                ACCEPTED, EnumSet.of(RATED, CLOSED),
                VERIFIED, EnumSet.of(RATED, CLOSED),
                RATED, EnumSet.of(CLOSED),
                CLOSED, EnumSet.noneOf(WorkOrderState.class),
                CANCELLED, EnumSet.noneOf(WorkOrderState.class));
        for (WorkOrderState from : WorkOrderState.values()) {
            assertThat(WorkOrderLifecycle.allowedFrom(from)).as("from %s", from).isEqualTo(expected.get(from));
            for (WorkOrderState to : WorkOrderState.values()) {
                assertThat(WorkOrderLifecycle.isAllowed(from, to)).isEqualTo(expected.get(from).contains(to));
            }
        }
    }

    @Test
    void refusalNamesTheStateAndTheAllowedOnesInLifecycleOrder() {
        assertThat(WorkOrderLifecycle.refusal(42, COMPLETED))
                .isEqualTo("work order 42 is COMPLETED; allowed: ACCEPTED, VERIFIED, REOPENED");
        assertThat(WorkOrderLifecycle.refusal(7, DISPATCHED))
                .isEqualTo("work order 7 is DISPATCHED; allowed: DISPATCHED, IN_PROGRESS, CANCELLED");
        assertThat(WorkOrderLifecycle.refusal(1, CLOSED)).isEqualTo("work order 1 is CLOSED; allowed: none");
    }

    @Test
    void everyStateIsReachableAndEveryOpenStateCanStillEnd() {
        assertThat(reachableFrom(REQUESTED)).containsExactlyInAnyOrder(WorkOrderState.values());
        for (WorkOrderState s : WorkOrderState.values()) {
            if (s.isOpen()) {
                assertThat(reachableFrom(s)).as("from %s", s).contains(CLOSED);
            } else {
                assertThat(WorkOrderLifecycle.allowedFrom(s)).isEmpty();
            }
        }
        assertThat(EnumSet.allOf(WorkOrderState.class).stream().filter(s -> WorkOrderLifecycle.isAllowed(s, CANCELLED)))
                .as("cancellable only before work started").containsExactlyInAnyOrder(REQUESTED, DISPATCHED);
    }

    private static Set<WorkOrderState> reachableFrom(WorkOrderState start) {
        Set<WorkOrderState> seen = EnumSet.of(start);
        ArrayDeque<WorkOrderState> todo = new ArrayDeque<>(Set.of(start));
        while (!todo.isEmpty()) {
            for (WorkOrderState next : WorkOrderLifecycle.allowedFrom(todo.pop())) {
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }
}

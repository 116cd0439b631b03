package org.facilitymonitor.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.maintenance.Escalation.LateStep;
import org.junit.jupiter.api.Test;

/** The pure escalation core, the deadline table and priority raising. */
class WorkOrderEscalationTest {

    private static final Instant T0 = Instant.parse("2026-03-29T00:30:00Z");
    private static final DeadlineTable TABLE = new DeadlineTable(Map.of(
            Priority.P1, limits("PT15M", "PT1H", "PT4H", "P1D"),
            Priority.P2, limits("PT1H", "PT4H", "P1D", "P2D"),
            Priority.P3, limits("PT4H", "P1D", "P3D", "P3D"),
            Priority.P4, limits("P1D", "P5D", "P10D", "P5D")));

    @Test
    void dueTimesCountFromTheRequestAndAcceptFromTheCompletion() {
        DeadlineTable.DueTimes due = TABLE.dueTimes(Priority.P2, T0);
        assertThat(due.dispatch()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(due.start()).isEqualTo(Instant.parse("2026-03-29T04:30:00Z"));
        assertThat(due.complete()).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
        assertThat(TABLE.acceptDue(Priority.P4, T0)).isEqualTo(Instant.parse("2026-04-03T00:30:00Z"));
    }

    @Test
    void aStepIsLateOnlyOnceTheClockHasPassedItsDueTime() {
        Map<Step, Instant> due = dues(TABLE.dueTimes(Priority.P1, T0), null);
        Instant dispatchDue = T0.plus(Duration.ofMinutes(15));
        assertThat(at(dispatchDue.minusMillis(1)).lateSteps(WorkOrderState.REQUESTED, due)).isEmpty();
        assertThat(at(dispatchDue).lateSteps(WorkOrderState.REQUESTED, due)).isEmpty();
        assertThat(at(dispatchDue.plusMillis(1)).lateSteps(WorkOrderState.REQUESTED, due))
                .containsExactly(new LateStep(Step.DISPATCH, dispatchDue));
    }

    @Test
    void onlyPendingStepsCanBeLate() {
        Instant completed = T0.plus(Duration.ofHours(2));
        Map<Step, Instant> due = dues(TABLE.dueTimes(Priority.P1, T0), TABLE.acceptDue(Priority.P1, completed));
        Escalation muchLater = at(T0.plus(Duration.ofDays(10)));
        assertThat(steps(muchLater.lateSteps(WorkOrderState.REQUESTED, due)))
                .containsExactly(Step.DISPATCH, Step.START, Step.COMPLETE);
        assertThat(steps(muchLater.lateSteps(WorkOrderState.DISPATCHED, due))).containsExactly(Step.START, Step.COMPLETE);
        assertThat(steps(muchLater.lateSteps(WorkOrderState.IN_PROGRESS, due))).containsExactly(Step.COMPLETE);
        assertThat(steps(muchLater.lateSteps(WorkOrderState.REOPENED, due))).containsExactly(Step.COMPLETE);
        assertThat(steps(muchLater.lateSteps(WorkOrderState.COMPLETED, due))).containsExactly(Step.ACCEPT);
        for (WorkOrderState done : List.of(WorkOrderState.ACCEPTED, WorkOrderState.VERIFIED, WorkOrderState.RATED,
                WorkOrderState.CLOSED, WorkOrderState.CANCELLED)) {
            assertThat(muchLater.lateSteps(done, due)).as("in %s", done).isEmpty();
        }
    }

    @Test
    void noAcceptDueTimeBeforeCompletion() {
        Map<Step, Instant> due = dues(TABLE.dueTimes(Priority.P1, T0), null);
        assertThat(at(T0.plus(Duration.ofDays(30))).lateSteps(WorkOrderState.COMPLETED, due)).isEmpty();
    }

    @Test
    void priorityRisesOneLevelAndStopsAtP1() {
        assertThat(Priority.P4.raised()).isEqualTo(Priority.P3);
        assertThat(Priority.P3.raised()).isEqualTo(Priority.P2);
        assertThat(Priority.P2.raised()).isEqualTo(Priority.P1);
        assertThat(Priority.P1.raised()).isEqualTo(Priority.P1);
        assertThat(Priority.parse(" p2")).contains(Priority.P2);
        assertThat(Priority.parse("P5")).isEmpty();
    }

    private static Escalation at(Instant now) {
        return new Escalation(Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<Step, Instant> dues(DeadlineTable.DueTimes d, Instant accept) {
        Map<Step, Instant> due = new EnumMap<>(Step.class);
        due.put(Step.DISPATCH, d.dispatch());
        due.put(Step.START, d.start());
        due.put(Step.COMPLETE, d.complete());
        if (accept != null) {
            due.put(Step.ACCEPT, accept);
        }
        return due;
    }

    private static List<Step> steps(List<LateStep> late) {
        return late.stream().map(LateStep::step).toList();
    }

    private static DeadlineTable.Limits limits(String dispatch, String start, String complete, String accept) {
        return new DeadlineTable.Limits(Duration.parse(dispatch), Duration.parse(start), Duration.parse(complete),
                Duration.parse(accept));
    }
}

package org.facilitymonitor.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.maintenance.WorkOrder.Kind.CONDITION;
import static org.facilitymonitor.maintenance.WorkOrder.Kind.PLAN;
import static org.facilitymonitor.maintenance.WorkOrder.Kind.REQUEST;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.maintenance.WorkOrderReports.Facts;
import org.facilitymonitor.maintenance.WorkOrderReports.Mtbf;
import org.facilitymonitor.maintenance.WorkOrderReports.OnTime;
import org.facilitymonitor.maintenance.WorkOrderReports.Report;
import org.facilitymonitor.maintenance.WorkOrderReports.Satisfaction;
import org.junit.jupiter.api.Test;

/** The report definitions on a fixture whose figures are worked out by hand in the comments. */
class WorkOrderReportsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void figuresOfAKnownFixture() {
        List<Facts> orders = List.of(
                // A: on time everywhere; rated 4
                order(1, REQUEST, WorkOrderState.CLOSED, "pump", "ops", "alpha", 4, 0, 10, 30, 90, 120,
                        15, 60, 240, 90 + 1440),
                // B: dispatched and started late, completed on time; rated 2
                order(2, CONDITION, WorkOrderState.RATED, "pump", "ops", "beta", 2, 120, 30, 120, 180, 200,
                        15, 60, 240, 180 + 1440),
                // C: cancelled before dispatch: counts nowhere but the order count
                order(3, REQUEST, WorkOrderState.CANCELLED, "pump", "ops", null, null, 360, null, null, null, null,
                        15, 60, 240, null),
                // D: plan order, dispatch overdue at "now"; not a failure
                order(4, PLAN, WorkOrderState.REQUESTED, "boiler", "ops", "alpha", null, 60, null, null, null, null,
                        240, 1440, 4320, null),
                // E: accepted two hours after completion with one allowed: late acceptance; rated 5
                order(5, REQUEST, WorkOrderState.CLOSED, "boiler", null, null, 5, 180, 20, 60, 120, 240,
                        240, 1440, 4320, 120 + 60),
                // G: fresh request, nothing due yet
                order(6, REQUEST, WorkOrderState.REQUESTED, "pump", "ops", null, null, 480, null, null, null, null,
                        1440, 7200, 14400, null),
                // F: requested the day before the window
                order(7, REQUEST, WorkOrderState.CLOSED, "pump", "ops", "alpha", 1, -1440, 1, 2, 3, 4,
                        15, 60, 240, 1440));

        Report r = WorkOrderReports.compute(T0, T0.plus(Duration.ofDays(1)), orders, T0.plus(Duration.ofHours(10)));

        assertThat(r.orders()).isEqualTo(6);
        // MTTA: A 10, B 30, E 20 minutes
        assertThat(r.mtta().count()).isEqualTo(3);
        assertThat(r.mtta().meanMinutes()).isEqualTo(20.0);
        // MTTR: request -> completion A 90, B 180, E 120; start -> completion 60 each
        assertThat(r.mttr().count()).isEqualTo(3);
        assertThat(r.mttr().meanMinutes()).isEqualTo(130.0);
        assertThat(r.mttr().repairCount()).isEqualTo(3);
        assertThat(r.mttr().meanRepairMinutes()).isEqualTo(60.0);
        // dispatch: A, E on time; B late; D overdue; G not due; C cancelled
        // start: A, E on time; B late; D and G not due. complete: A, B, E on time. accept: A, B on time, E late.
        assertThat(r.onTime()).containsExactly(
                new OnTime(Step.DISPATCH, 4, 2, 2, 0.5),
                new OnTime(Step.START, 3, 2, 1, 2.0 / 3),
                new OnTime(Step.COMPLETE, 3, 3, 0, 1.0),
                new OnTime(Step.ACCEPT, 3, 2, 1, 2.0 / 3));
        assertThat(r.satisfactionByDepartment()).containsExactly(
                new Satisfaction(WorkOrderReports.NONE, 1, 5.0), new Satisfaction("ops", 2, 3.0));
        assertThat(r.satisfactionByTeam()).containsExactly(new Satisfaction(WorkOrderReports.NONE, 1, 5.0),
                new Satisfaction("alpha", 1, 4.0), new Satisfaction("beta", 1, 2.0));
        // pump failures at 0 h, 2 h, 8 h (C cancelled, F outside): (8 h - 0 h) / 2; boiler: only E (D is a plan)
        assertThat(r.mtbfByAsset()).containsExactly(new Mtbf("boiler", 1, null), new Mtbf("pump", 3, 4.0));
    }

    @Test
    void anEmptyWindowHasCountsOfZeroAndNoMeans() {
        Report r = WorkOrderReports.compute(T0, T0.plusSeconds(60), List.of(), T0);
        assertThat(r.mtta().meanMinutes()).isNull();
        assertThat(r.mttr().meanMinutes()).isNull();
        assertThat(r.onTime()).allSatisfy(o -> assertThat(o.rate()).isNull());
        assertThat(r.mtbfByAsset()).isEmpty();
    }

    /** Times in minutes: requested from T0, the others after the request; null when not (yet) done. */
    private static Facts order(long id, WorkOrder.Kind kind, WorkOrderState state, String asset, String department,
            String team, Integer rating, int requested, Integer dispatched, Integer started, Integer completed,
            Integer accepted, int dispatchDue, int startDue, int completeDue, Integer acceptDue) {
        Instant req = T0.plus(Duration.ofMinutes(requested));
        Map<Step, Instant> due = new EnumMap<>(Step.class);
        due.put(Step.DISPATCH, after(req, dispatchDue));
        due.put(Step.START, after(req, startDue));
        due.put(Step.COMPLETE, after(req, completeDue));
        if (acceptDue != null) {
            due.put(Step.ACCEPT, after(req, acceptDue));
        }
        return new Facts(id, kind, state, asset, department, team, rating, req, after(req, dispatched),
                after(req, started), after(req, completed), after(req, accepted), due);
    }

    private static Instant after(Instant t, Integer minutes) {
        return minutes == null ? null : t.plus(Duration.ofMinutes(minutes));
    }
}

package org.facilitymonitor.maintenance;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.facilitymonitor.maintenance.WorkOrderViews.Opened;
import org.facilitymonitor.maintenance.WorkOrderViews.TransitionRequest;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java API for rules and plans, escalation and reports, on the real PostgreSQL with a settable clock. */
@QuarkusTest
@TestProfile(MaintenanceTestProfile.class)
@WithTestResource(StackTestResource.class)
class WorkOrderServiceTest {

    static final String ASSET = "canteen-boiler-2";

    @Inject
    WorkOrderService service;
    @Inject
    EscalationService escalation;
    @Inject
    RecordingMaintenanceNotifier notifier;
    @Inject
    MutableClock clock;
    @Inject
    EntityManager em;

    /** Each test method shares one persistence context for its service calls: read fresh state over REST. */
    @BeforeEach
    void systemTime() {
        clock.reset();
    }

    /** The clock is shared by every class of the profile: leave it on system time for whichever class runs next. */
    @AfterEach
    void backToSystemTime() {
        clock.reset();
    }

    @Test
    void openForConditionTwiceGivesTheSameOrder() {
        long rule = uniqueRule();
        Opened first = service.openForCondition(ASSET, rule, "Supply temperature high", Priority.P2, "alarm 1");
        Opened second = service.openForCondition(ASSET, rule, "Supply temperature high", Priority.P2, "alarm 1 again");
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(openCount(ASSET, rule)).isEqualTo(1);
        assertThat(service.history(first.id())).hasSize(1);
        assertThat(notifier.openedCount(first.id())).isEqualTo(1);
        var view = service.find(first.id()).orElseThrow();
        assertThat(view.kind()).isEqualTo(WorkOrder.Kind.CONDITION);
        assertThat(view.ruleId()).isEqualTo(rule);
        assertThat(view.origin()).isEqualTo("alarm 1");
        assertThat(view.requester()).isEqualTo("rule:" + rule);
        assertThat(view.departmentId()).isEqualTo("facilities");
        // the same rule on another asset is another order
        assertThat(service.openForCondition("canteen-boiler-1", rule, "Supply temperature high", Priority.P2, "alarm 2")
                .id()).isNotEqualTo(first.id());
    }

    @Test
    void openForConditionFromManyThreadsAtOnceCreatesOneOrder() throws Exception {
        for (int round = 0; round < 5; round++) {
            long rule = uniqueRule();
            List<Opened> results = concurrently(8,
                    () -> service.openForCondition(ASSET, rule, "Short-cycling", Priority.P3, "burner starts"));
            assertThat(results.stream().map(Opened::id).distinct()).hasSize(1);
            assertThat(results.stream().filter(Opened::created)).hasSize(1);
            assertThat(openCount(ASSET, rule)).isEqualTo(1);
        }
    }

    @Test
    void aClosedOrCancelledConditionOrderLetsTheNextFiringOpenANewOne() {
        long rule = uniqueRule();
        long first = service.openForCondition(ASSET, rule, "Leak", Priority.P1, "night flow").id();
        service.transition(first, cancel());
        Opened second = service.openForCondition(ASSET, rule, "Leak", Priority.P1, "night flow");
        assertThat(second.created()).isTrue();
        assertThat(second.id()).isNotEqualTo(first);
        assertThat(service.openForCondition(ASSET, rule, "Leak", Priority.P1, "night flow").id()).isEqualTo(second.id());
    }

    @Test
    void openForPlanIsOnePerOccurrenceWhateverItsState() throws Exception {
        long plan = uniqueRule();
        Opened first = service.openForPlan(plan, "2027-01", ASSET, "Annual boiler service", "see manual", Priority.P4,
                "hvac", List.of("burner cleaned", "flue gas measured"));
        assertThat(first.created()).isTrue();
        assertThat(service.openForPlan(plan, "2027-01", ASSET, "Annual boiler service", null, Priority.P4, "hvac",
                List.of()).id()).isEqualTo(first.id());
        service.transition(first.id(), cancel());
        Opened again = service.openForPlan(plan, "2027-01", ASSET, "Annual boiler service", null, Priority.P4, "hvac",
                List.of());
        assertThat(again.created()).isFalse();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.state()).isEqualTo(WorkOrderState.CANCELLED);
        List<Opened> racing = concurrently(6, () -> service.openForPlan(plan, "2027-02", ASSET, "Annual boiler service",
                null, Priority.P4, "hvac", List.of("burner cleaned")));
        assertThat(racing.stream().map(Opened::id).distinct()).hasSize(1);
        assertThat(racing.stream().filter(Opened::created)).hasSize(1);
        assertThat(racing.get(0).id()).isNotEqualTo(first.id());

        var view = service.find(first.id()).orElseThrow();
        assertThat(view.team()).isEqualTo("hvac");
        assertThat(view.checklist()).extracting(WorkOrderViews.ChecklistResult::item)
                .containsExactly("burner cleaned", "flue gas measured");
        long second = racing.get(0).id();
        service.transition(second, new TransitionRequest("DISPATCHED", "planner", null, null, "hvac", null, null, null,
                null, null));
        service.transition(second, new TransitionRequest("IN_PROGRESS", "bob", null, null, null, null, null, null, null,
                null));
        assertThatThrownBy(() -> service.transition(second, new TransitionRequest("COMPLETED", "bob", null, null, null,
                "done", null, 30, List.of(), null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors())
                        .containsExactly(new ProblemException.FieldError("checklist", "no result for 'burner cleaned'")));
        var done = service.transition(second, new TransitionRequest("COMPLETED", "bob", null, null, null, "done", null, 30,
                List.of(new WorkOrderViews.ChecklistResult("burner cleaned", false, "nozzle worn"),
                        new WorkOrderViews.ChecklistResult("extra: pump checked", true, null)), null));
        assertThat(done.checklist()).containsExactly(
                new WorkOrderViews.ChecklistResult("burner cleaned", false, "nozzle worn"),
                new WorkOrderViews.ChecklistResult("extra: pump checked", true, null));
    }

    @Test
    void aLateStepEscalatesOnceJustAfterItsDueTime() throws Exception {
        Instant t0 = Instant.parse("2028-05-10T06:00:00Z");
        clock.set(t0);
        long id = request("P2");
        Instant dispatchDue = t0.plus(Duration.ofHours(1));

        clock.set(dispatchDue);
        escalation.escalateLateSteps();
        assertThat(notifier.lateFor(id)).isEmpty();
        given().get("/api/work-orders/" + id).then().body("priority", equalTo("P2"));

        clock.set(dispatchDue.plusSeconds(1));
        List<Integer> runs = concurrently(4, escalation::escalateLateSteps);
        assertThat(notifier.lateFor(id)).singleElement().satisfies(n -> {
            assertThat(n.step()).isEqualTo(Step.DISPATCH);
            assertThat(n.dueAt()).isEqualTo(dispatchDue);
            assertThat(n.escalatedAt()).isEqualTo(dispatchDue.plusSeconds(1));
            assertThat(n.priorityBefore()).isEqualTo(Priority.P2);
            assertThat(n.priorityAfter()).isEqualTo(Priority.P1);
        });
        assertThat(runs.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(1);
        // the priority rises; due times stay as promised at the request
        given().get("/api/work-orders/" + id).then().body("priority", equalTo("P1"))
                .body("startDue", equalTo("2028-05-10T10:00:00Z"));

        clock.set(dispatchDue.plus(Duration.ofMinutes(30)));
        escalation.escalateLateSteps();
        assertThat(notifier.lateFor(id)).hasSize(1);

        // start due at t0 + 4 h: escalated once more, priority stays P1
        clock.set(t0.plus(Duration.ofHours(4)).plusSeconds(1));
        escalation.escalateLateSteps();
        escalation.escalateLateSteps();
        assertThat(notifier.lateFor(id)).extracting(MaintenanceNotifier.LateStep::step)
                .containsExactly(Step.DISPATCH, Step.START);
        assertThat(notifier.lateFor(id).get(1).priorityAfter()).isEqualTo(Priority.P1);
        assertThat(escalationRows(id)).isEqualTo(2);

        List<WorkOrderViews.EventView> history = service.history(id);
        assertThat(history).filteredOn(e -> e.kind() == WorkOrderEvent.Kind.ESCALATION)
                .extracting(WorkOrderViews.EventView::at, WorkOrderViews.EventView::priority, WorkOrderViews.EventView::comment)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(dispatchDue.plusSeconds(1), Priority.P1,
                                "DISPATCH step late (due 2028-05-10T07:00:00Z); priority P2 -> P1"),
                        org.assertj.core.groups.Tuple.tuple(t0.plus(Duration.ofHours(4)).plusSeconds(1), Priority.P1,
                                "START step late (due 2028-05-10T10:00:00Z); priority P1 -> P1"));
    }

    @Test
    void aStepDoneInTimeNeverEscalates() {
        Instant t0 = Instant.parse("2028-07-01T06:00:00Z");
        clock.set(t0);
        long id = request("P1");
        clock.set(t0.plus(Duration.ofMinutes(15)));
        service.transition(id, new TransitionRequest("DISPATCHED", "dispatcher", null, "bob", null, null, null, null,
                null, null));
        clock.set(t0.plus(Duration.ofMinutes(59)));
        service.transition(id, new TransitionRequest("IN_PROGRESS", "bob", null, null, null, null, null, null, null, null));
        clock.set(t0.plus(Duration.ofHours(3)));
        escalation.escalateLateSteps();
        assertThat(notifier.lateFor(id)).isEmpty();
        // complete due at t0 + 4 h
        clock.set(t0.plus(Duration.ofHours(4)).plusMillis(1));
        escalation.escalateLateSteps();
        assertThat(notifier.lateFor(id)).extracting(MaintenanceNotifier.LateStep::step).containsExactly(Step.COMPLETE);
    }

    @Test
    void reportsOverAKnownFixture() {
        Instant t0 = Instant.parse("2031-06-01T00:00:00Z");
        clock.set(t0);
        // O1: P1 request; dispatched +10 min (due 15), started +20 (due 60), completed +70 (due 240), accepted +100
        long o1 = given().contentType(ContentType.JSON).body(Map.of("assetId", "campus-gas-main", "title",
                "Gas smell", "requester", "erin", "priority", "P1")).post("/api/work-orders").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        at(t0, 10, o1, "DISPATCHED", "dispatcher", Map.of("team", "hvac", "assignee", "bob"));
        at(t0, 20, o1, "IN_PROGRESS", "bob", Map.of());
        at(t0, 70, o1, "COMPLETED", "bob", Map.of());
        at(t0, 100, o1, "ACCEPTED", "erin", Map.of());
        at(t0, 110, o1, "RATED", "erin", Map.of("rating", 4));
        // O2: rule order 5 h later, P1; dispatched +40 (late), started +60 (exactly due: on time), completed +120
        clock.set(t0.plus(Duration.ofHours(5)));
        long o2 = service.openForCondition("campus-gas-main", uniqueRule(), "Pressure low", Priority.P1,
                "alarm").id();
        Instant t5 = t0.plus(Duration.ofHours(5));
        at(t5, 40, o2, "DISPATCHED", "dispatcher", Map.of("team", "electrical", "assignee", "ann"));
        at(t5, 60, o2, "IN_PROGRESS", "ann", Map.of());
        at(t5, 120, o2, "COMPLETED", "ann", Map.of());
        at(t5, 180, o2, "VERIFIED", "carol-engineer", Map.of());
        at(t5, 190, o2, "RATED", "carol-engineer", Map.of("rating", 2));
        clock.set(t0.plus(Duration.ofHours(9)));

        JsonPath r = given().get("/api/maintenance/reports?from=2031-06-01T00:00:00Z&to=2031-06-02T00:00:00Z").then()
                .statusCode(200).extract().jsonPath();
        assertThat(r.getInt("orders")).isEqualTo(2);
        assertThat(r.getInt("mtta.count")).isEqualTo(2);
        assertThat(r.getDouble("mtta.meanMinutes")).isEqualTo(25.0);
        assertThat(r.getDouble("mttr.meanMinutes")).isEqualTo(95.0);
        assertThat(r.getDouble("mttr.meanRepairMinutes")).isEqualTo(55.0);
        assertThat(r.getList("onTime.step")).containsExactly("DISPATCH", "START", "COMPLETE", "ACCEPT");
        assertThat(r.getList("onTime.decided", Integer.class)).containsExactly(2, 2, 2, 2);
        assertThat(r.getList("onTime.late", Integer.class)).containsExactly(1, 0, 0, 0);
        assertThat(r.getList("onTime.rate", Double.class)).containsExactly(0.5, 1.0, 1.0, 1.0);
        assertThat(r.getList("satisfactionByDepartment", Map.class))
                .containsExactly(Map.of("group", "facilities", "count", 2, "meanRating", 3.0f));
        assertThat(r.getList("satisfactionByTeam", Map.class)).containsExactly(
                Map.of("group", "electrical", "count", 1, "meanRating", 2.0f),
                Map.of("group", "hvac", "count", 1, "meanRating", 4.0f));
        assertThat(r.getList("mtbfByAsset", Map.class))
                .containsExactly(Map.of("assetId", "campus-gas-main", "failures", 2, "mtbfHours", 5.0f));
        given().get("/api/maintenance/reports?from=2031-06-02T00:00:00Z&to=2031-06-01T00:00:00Z").then().statusCode(400);
        given().get("/api/maintenance/reports?from=yesterday").then().statusCode(400);
    }

    private void at(Instant base, int minutes, long id, String to, String actor, Map<String, Object> extra) {
        clock.set(base.plus(Duration.ofMinutes(minutes)));
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("to", to);
        body.put("actor", actor);
        given().contentType(ContentType.JSON).body(body).post("/api/work-orders/" + id + "/transitions").then()
                .statusCode(200).body("state", equalTo(to));
    }

    private long request(String priority) {
        return given().contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Noise", "requester", "frank",
                "priority", priority)).post("/api/work-orders").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static TransitionRequest cancel() {
        return new TransitionRequest("CANCELLED", "dispatcher", "duplicate", null, null, null, null, null, null, null);
    }

    private long openCount(String asset, long rule) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from work_order where asset_id = ?1 and rule_id = ?2 and state not in ('CLOSED', 'CANCELLED')")
                .setParameter(1, asset).setParameter(2, rule).getSingleResult()).longValue());
    }

    private long escalationRows(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from work_order_escalation where work_order_id = ?1").setParameter(1, id)
                .getSingleResult()).longValue());
    }

    private static long uniqueRule() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new java.util.ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

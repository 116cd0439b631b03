package org.facilitymonitor.maintenance;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.facilitymonitor.maintenance.WorkOrderViews.Opened;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java API for rules and plans, escalation and reports, on the real PostgreSQL with a settable clock.
 * What a user does (transitions, reads) goes over REST, logged in.
 */
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
        assertThat(history(first.id())).hasSize(1);
        assertThat(notifier.openedCount(first.id())).isEqualTo(1);
        JsonPath view = view(first.id());
        assertThat(view.getString("kind")).isEqualTo("CONDITION");
        assertThat(view.getLong("ruleId")).isEqualTo(rule);
        assertThat(view.getString("origin")).isEqualTo("alarm 1");
        assertThat(view.getString("requester")).isEqualTo("rule:" + rule);
        assertThat(view.getString("departmentId")).isEqualTo("facilities");
        assertThat(view.getString("siteId")).isEqualTo("demo-campus");
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
        move(first, cancel());
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
        move(first.id(), cancel());
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

        JsonPath view = view(first.id());
        assertThat(view.getString("team")).isEqualTo("hvac");
        assertThat(view.getList("checklist.item")).containsExactly("burner cleaned", "flue gas measured");
        long second = racing.get(0).id();
        move(second, Map.of("to", "DISPATCHED", "team", "hvac"));
        move(second, Map.of("to", "IN_PROGRESS"));
        given().contentType(ContentType.JSON).body(Map.of("to", "COMPLETED", "notes", "done", "labourMinutes", 30))
                .post("/api/work-orders/" + second + "/transitions").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.contains("checklist"))
                .body("errors[0].message", equalTo("no result for 'burner cleaned'"));
        JsonPath done = given().contentType(ContentType.JSON).body(Map.of("to", "COMPLETED", "notes", "done",
                "labourMinutes", 30, "checklist", List.of(Map.of("item", "burner cleaned", "passed", false, "note", "nozzle worn"),
                        Map.of("item", "extra: pump checked", "passed", true))))
                .post("/api/work-orders/" + second + "/transitions").then().statusCode(200).extract().jsonPath();
        assertThat(done.getList("checklist.item")).containsExactly("burner cleaned", "extra: pump checked");
        assertThat(done.getList("checklist.passed")).containsExactly(false, true);
        assertThat(done.getList("checklist.note")).containsExactly("nozzle worn", null);
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

        List<Map<String, Object>> history = history(id);
        assertThat(history).filteredOn(e -> "ESCALATION".equals(e.get("kind")))
                .extracting(e -> e.get("at"), e -> e.get("priority"), e -> e.get("comment"), e -> e.get("actor"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(dispatchDue.plusSeconds(1).toString(), "P1",
                                "DISPATCH step late (due 2028-05-10T07:00:00Z); priority P2 -> P1", "escalation"),
                        org.assertj.core.groups.Tuple.tuple(t0.plus(Duration.ofHours(4)).plusSeconds(1).toString(), "P1",
                                "START step late (due 2028-05-10T10:00:00Z); priority P1 -> P1", "escalation"));
    }

    @Test
    void aStepDoneInTimeNeverEscalates() {
        Instant t0 = Instant.parse("2028-07-01T06:00:00Z");
        clock.set(t0);
        long id = request("P1");
        clock.set(t0.plus(Duration.ofMinutes(15)));
        move(id, Map.of("to", "DISPATCHED", "assignee", "bob"));
        clock.set(t0.plus(Duration.ofMinutes(59)));
        move(id, Map.of("to", "IN_PROGRESS"));
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
        TestUsers.TestUser erin = TestUsers.user(Roles.CREW);
        TestUsers.TestUser frank = TestUsers.user(Roles.CREW, "demo-campus");
        TestUsers.TestUser engineer = TestUsers.user(Roles.ENGINEER);
        // O1: erin's P1 request; dispatched +10 min (due 15), started +20 (due 60), completed +70 (due 240), accepted +100
        long o1 = givenAs(erin).contentType(ContentType.JSON).body(Map.of("assetId", "campus-gas-main", "title",
                "Gas smell", "priority", "P1")).post("/api/work-orders").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        at(t0, 10, o1, "DISPATCHED", engineer, Map.of("team", "hvac", "assignee", "bob"));
        at(t0, 20, o1, "IN_PROGRESS", frank, Map.of());
        at(t0, 70, o1, "COMPLETED", frank, Map.of());
        at(t0, 100, o1, "ACCEPTED", erin, Map.of());
        at(t0, 110, o1, "RATED", erin, Map.of("rating", 4));
        // O2: frank's P1 request 5 h later; dispatched +40 (late), started +60 (exactly due: on time), completed +120,
        // verified by an engineer, then rated by frank
        clock.set(t0.plus(Duration.ofHours(5)));
        long o2 = givenAs(frank).contentType(ContentType.JSON).body(Map.of("assetId", "campus-gas-main", "title",
                "Pressure low", "priority", "P1")).post("/api/work-orders").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        Instant t5 = t0.plus(Duration.ofHours(5));
        at(t5, 40, o2, "DISPATCHED", engineer, Map.of("team", "electrical", "assignee", "ann"));
        at(t5, 60, o2, "IN_PROGRESS", erin, Map.of());
        at(t5, 120, o2, "COMPLETED", erin, Map.of());
        at(t5, 180, o2, "VERIFIED", engineer, Map.of());
        at(t5, 190, o2, "RATED", frank, Map.of("rating", 2));
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
        given().get("/api/maintenance/reports?from=2031-06-02T00:00:00Z&to=2031-06-01T00:00:00Z").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.contains("from"));
        given().get("/api/maintenance/reports?from=yesterday").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.contains("from"));
        given().get("/api/maintenance/reports?from=2030-01-01T00:00:00Z&to=2031-06-01T00:00:00Z").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.contains("to"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("366 days"));
    }

    private void at(Instant base, int minutes, long id, String to, TestUsers.TestUser as, Map<String, Object> extra) {
        clock.set(base.plus(Duration.ofMinutes(minutes)));
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("to", to);
        givenAs(as).contentType(ContentType.JSON).body(body).post("/api/work-orders/" + id + "/transitions").then()
                .statusCode(200).body("state", equalTo(to));
    }

    private long request(String priority) {
        return given().contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Noise", "contact", "frank",
                "priority", priority)).post("/api/work-orders").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static Map<String, Object> cancel() {
        return Map.of("to", "CANCELLED", "comment", "duplicate");
    }

    private static void move(long id, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post("/api/work-orders/" + id + "/transitions").then()
                .statusCode(200).body("state", equalTo(body.get("to")));
    }

    private static JsonPath view(long id) {
        return given().get("/api/work-orders/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> history(long id) {
        return given().get("/api/work-orders/" + id + "/history").then().statusCode(200).extract().jsonPath().getList("$");
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

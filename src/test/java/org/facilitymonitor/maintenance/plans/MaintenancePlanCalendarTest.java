package org.facilitymonitor.maintenance.plans;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.calendar;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.calendarPlan;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.create;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.orderKeys;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.run;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.facilitymonitor.maintenance.MaintenanceTestProfile;
import org.facilitymonitor.maintenance.plans.PlanViews.RunResult;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calendar plans generated at chosen instants (site Europe/Berlin): month ends, a DST change, a leap day,
 * catch-up, FLOATING after a completion, and exactly one order per occurrence when run twice and concurrently.
 */
@QuarkusTest
@TestProfile(MaintenanceTestProfile.class)
@WithTestResource(StackTestResource.class)
class MaintenancePlanCalendarTest {

    @Inject
    MutableClock clock;
    @Inject
    PlanGenerator generator;
    @Inject
    EntityManager em;

    @AfterEach
    void systemTime() {
        clock.reset();
        PlanTestSupport.disableAllPlans();
    }

    @Test
    void monthlyOnThe31stClampsToMonthEndsOncePerOccurrence() throws Exception {
        long plan = create(calendarPlan("Monthly boiler check", calendar("months", 1, "2027-01-31", "08:00", "FIXED", null)));

        clock.set(Instant.parse("2027-01-31T06:59:59Z")); // 07:59:59 CET: not yet
        assertThat(run(plan).getList("generated")).isEmpty();

        clock.set(Instant.parse("2027-02-01T12:00:00Z"));
        JsonPath first = run(plan);
        assertThat(first.getList("generated.key")).containsExactly("2027-01-31");
        assertThat(first.getList("generated.dueAt")).containsExactly("2027-01-31T07:00:00Z"); // 08:00 CET
        assertThat(first.getList("generated.created")).containsExactly(true);
        assertThat(run(plan).getList("generated")).isEmpty(); // the same instant again

        clock.set(Instant.parse("2027-03-01T12:00:00Z"));
        List<RunResult> racing = concurrently(2, () -> generator.run(plan));
        assertThat(racing.stream().flatMap(r -> r.generated().stream()).filter(PlanViews.Generated::created)
                .map(PlanViews.Generated::key)).containsExactly("2027-02-28");
        assertThat(run(plan).getList("generated")).isEmpty();

        clock.set(Instant.parse("2027-04-01T12:00:00Z"));
        JsonPath march = run(plan);
        assertThat(march.getList("generated.key")).containsExactly("2027-03-31");
        assertThat(march.getList("generated.dueAt")).containsExactly("2027-03-31T06:00:00Z"); // 08:00 CEST
        clock.set(Instant.parse("2027-05-01T12:00:00Z"));
        assertThat(run(plan).getList("generated.key")).containsExactly("2027-04-30");
        clock.set(Instant.parse("2027-05-15T12:00:00Z"));
        List<RunResult> again = concurrently(2, () -> generator.run(plan));
        assertThat(again.stream().flatMap(r -> r.generated().stream())).isEmpty();

        assertThat(orderKeys(em, plan)).containsExactly("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30");
        long order = first.getLong("generated[0].workOrderId");
        given().get("/api/work-orders/" + order).then().statusCode(200)
                .body("kind", org.hamcrest.Matchers.equalTo("PLAN"))
                .body("planId", org.hamcrest.Matchers.equalTo((int) plan))
                .body("occurrenceKey", org.hamcrest.Matchers.equalTo("2027-01-31"))
                .body("priority", org.hamcrest.Matchers.equalTo("P4"))
                .body("team", org.hamcrest.Matchers.equalTo("hvac"))
                .body("checklist.item", org.hamcrest.Matchers.contains("burner cleaned", "flue gas measured"))
                .body("description", org.hamcrest.Matchers.containsString("Due 2027-01-31T08:00+01:00 (Europe/Berlin)"));
        assertThat(given().get("/api/maintenance/plans/" + plan).then().statusCode(200).extract().jsonPath()
                .getString("calendar.lastGeneratedKey")).isEqualTo("2027-04-30");

        JsonPath preview = given().queryParam("from", "2027-01-01").queryParam("to", "2027-06-30")
                .get("/api/maintenance/plans/" + plan + "/occurrences").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getList("key")).containsExactly("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30",
                "2027-05-31", "2027-06-30");
        assertThat(preview.getList("localDueAt")).containsExactly("2027-01-31T08:00+01:00", "2027-02-28T08:00+01:00",
                "2027-03-31T08:00+02:00", "2027-04-30T08:00+02:00", "2027-05-31T08:00+02:00", "2027-06-30T08:00+02:00");
    }

    @Test
    void dailyAt0230AcrossTheSpringForwardAndAYearlyPlanFromALeapDay() {
        long daily = create(calendarPlan("Daily round", calendar("days", 1, "2027-03-27", "02:30", "FIXED", 5)));
        clock.set(Instant.parse("2027-03-29T12:00:00Z"));
        JsonPath r = run(daily);
        assertThat(r.getList("generated.key")).containsExactly("2027-03-27", "2027-03-28", "2027-03-29");
        // 02:30 CET; 02:30 does not exist on the 28th → 03:30 CEST; 02:30 CEST
        assertThat(r.getList("generated.dueAt")).containsExactly("2027-03-27T01:30:00Z", "2027-03-28T01:30:00Z",
                "2027-03-29T00:30:00Z");
        assertThat(given().queryParam("from", "2027-03-28").queryParam("to", "2027-03-28")
                .get("/api/maintenance/plans/" + daily + "/occurrences").then().statusCode(200).extract().jsonPath()
                .getList("localDueAt")).containsExactly("2027-03-28T03:30+02:00");
        assertThat(run(daily).getList("generated")).isEmpty();

        long yearly = create(calendarPlan("Annual service", calendar("years", 1, "2028-02-29", "09:00", "FIXED", null)));
        clock.set(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(run(yearly).getList("generated.dueAt")).containsExactly("2028-02-29T08:00:00Z");
        clock.set(Instant.parse("2029-03-01T00:00:00Z"));
        JsonPath common = run(yearly);
        assertThat(common.getList("generated.key")).containsExactly("2029-02-28");
        assertThat(common.getList("generated.dueAt")).containsExactly("2029-02-28T08:00:00Z");
        assertThat(orderKeys(em, yearly)).containsExactly("2028-02-29", "2029-02-28");
    }

    @Test
    void missedOccurrencesBeyondTheCatchUpAreSkippedAndCounted() {
        long plan = create(calendarPlan("Daily check", calendar("days", 1, "2027-03-01", "08:00", "FIXED", null)));
        clock.set(Instant.parse("2027-03-05T12:00:00Z"));
        JsonPath r = run(plan);
        assertThat(r.getList("generated.key")).containsExactly("2027-03-05");
        assertThat(r.getList("skipped")).containsExactly("2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04");
        clock.set(Instant.parse("2027-03-06T12:00:00Z"));
        assertThat(generator.runAll()).isEqualTo(1); // what the scheduled job calls: every enabled plan (only this one)
        assertThat(generator.runAll()).isZero();
        assertThat(orderKeys(em, plan)).containsExactly("2027-03-05", "2027-03-06");
        given().get("/api/maintenance/plans/" + plan).then().statusCode(200)
                .body("skippedOccurrences", org.hamcrest.Matchers.equalTo(4));
    }

    @Test
    void floatingPlanFallsDueOneIntervalAfterTheLastCompletion() {
        Map<String, Object> body = calendarPlan("Filter change", calendar("days", 10, "2027-06-01", "09:00", "FLOATING", null));
        body.put("leadTime", "P1D");
        long plan = create(body);

        clock.set(Instant.parse("2027-05-31T06:00:00Z")); // the order opens one day before 09:00 CEST
        assertThat(run(plan).getList("generated")).isEmpty();
        clock.set(Instant.parse("2027-05-31T08:00:00Z"));
        JsonPath first = run(plan);
        assertThat(first.getList("generated.key")).containsExactly("2027-06-01");
        assertThat(first.getList("generated.dueAt")).containsExactly("2027-06-01T07:00:00Z");
        assertThat(run(plan).getList("generated")).isEmpty();

        long order = first.getLong("generated[0].workOrderId");
        clock.set(Instant.parse("2027-06-03T08:00:00Z"));
        transition(order, Map.of("to", "DISPATCHED", "team", "hvac"));
        transition(order, Map.of("to", "IN_PROGRESS"));
        clock.set(Instant.parse("2027-06-03T10:00:00Z"));
        transition(order, Map.of("to", "COMPLETED", "checklist", List.of(
                Map.of("item", "burner cleaned", "passed", true), Map.of("item", "flue gas measured", "passed", true))));

        assertThat(run(plan).getList("generated")).isEmpty(); // next: 2027-06-13, opened on the 12th
        assertThat(given().get("/api/maintenance/plans/" + plan + "/occurrences").then().statusCode(200).extract()
                .jsonPath().getList("key")).containsExactly("2027-06-13");
        clock.set(Instant.parse("2027-06-12T06:59:59Z"));
        assertThat(run(plan).getList("generated")).isEmpty();
        clock.set(Instant.parse("2027-06-12T08:00:00Z"));
        JsonPath next = run(plan);
        assertThat(next.getList("generated.key")).containsExactly("2027-06-13");
        assertThat(next.getList("generated.dueAt")).containsExactly("2027-06-13T07:00:00Z");
        assertThat(orderKeys(em, plan)).containsExactly("2027-06-01", "2027-06-13");
    }

    private static void transition(long order, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post("/api/work-orders/" + order + "/transitions").then()
                .statusCode(200);
    }

    private static <T> List<T> concurrently(int threads, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

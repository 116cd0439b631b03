package org.facilitymonitor.maintenance.plans;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.ASSET;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.calendar;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.calendarPlan;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.create;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.run;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.maintenance.MaintenanceTestProfile;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plan CRUD over REST and its 422 answers naming every bad field. */
@QuarkusTest
@TestProfile(MaintenanceTestProfile.class)
@WithTestResource(StackTestResource.class)
class MaintenancePlanApiTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void systemTime() {
        clock.reset();
        PlanTestSupport.disableAllPlans();
    }

    @Test
    void everyBadFieldIsNamed() {
        given().contentType(ContentType.JSON).body("{}").post("/api/maintenance/plans").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("title", "assetId", "calendar"));

        Map<String, Object> bad = new HashMap<>(Map.of("assetId", "no-such-asset", "title", "x", "priority", "P9",
                "leadTime", "two days", "checklist", List.of("a", " ")));
        bad.put("calendar", Map.of("interval", "fortnights", "every", 0, "start", "2027-02-30", "timeOfDay", "25:00",
                "anchoring", "SOMETIMES", "catchUp", 0));
        given().contentType(ContentType.JSON).body(bad).post("/api/maintenance/plans").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("assetId", "priority", "leadTime", "checklist[1]",
                        "calendar.interval", "calendar.every", "calendar.start", "calendar.timeOfDay",
                        "calendar.anchoring", "calendar.catchUp"));

        Map<String, Object> floatingOnADay = calendarPlan("x", calendar("monthsOnDay", 1, "2027-01-31", "08:00", "FLOATING", null));
        given().contentType(ContentType.JSON).body(floatingOnADay).post("/api/maintenance/plans").then().statusCode(422)
                .body("errors.field", contains("calendar.dayOfMonth"));
        ((Map<String, Object>) floatingOnADay.get("calendar")).put("dayOfMonth", 31);
        given().contentType(ContentType.JSON).body(floatingOnADay).post("/api/maintenance/plans").then().statusCode(422)
                .body("errors.field", contains("calendar.anchoring"))
                .body("errors[0].message", containsString("FLOATING"));

        Map<String, Object> both = calendarPlan("x", calendar("days", 1, "2027-01-01", "08:00", "FIXED", null));
        both.put("usage", Map.of("pointId", "canteen-boiler-2-burner", "measure", "runHours", "every", 100));
        given().contentType(ContentType.JSON).body(both).post("/api/maintenance/plans").then().statusCode(422)
                .body("errors.field", contains("calendar"));

        given().contentType(ContentType.JSON).body(usage(Map.of("pointId", "nope", "measure", "hours", "every", -1,
                "leadFraction", 1.5, "jumps", "SOMETIMES", "since", "yesterday"))).post("/api/maintenance/plans").then()
                .statusCode(422).body("errors.field", containsInAnyOrder("usage.pointId", "usage.measure",
                        "usage.every", "usage.leadFraction", "usage.jumps", "usage.since"));
        given().contentType(ContentType.JSON).body(usage(Map.of("pointId", "canteen-boiler-1-burner", "measure",
                "consumption", "every", 100, "lead", 100))).post("/api/maintenance/plans").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("usage.pointId", "usage.measure", "usage.lead"))
                .body("errors.message", hasItem(containsString("belongs to asset 'canteen-boiler-1'")))
                .body("errors.message", hasItem(containsString("needs a cumulative point")));
    }

    @Test
    void createReadReplaceDeleteAndPreview() {
        Map<String, Object> mondays = calendar("weeksOn", 2, "2027-01-04", "07:30", "FIXED", 3);
        mondays.put("daysOfWeek", List.of("MONDAY"));
        long id = create(calendarPlan("Weekly round", mondays));
        given().get("/api/maintenance/plans/" + id).then().statusCode(200)
                .body("kind", equalTo("CALENDAR")).body("siteId", equalTo("demo-campus"))
                .body("timezone", equalTo("Europe/Berlin")).body("calendar.interval", equalTo("weeksOn"))
                .body("calendar.catchUp", equalTo(3)).body("priority", equalTo("P4"));
        // weeksOn without days
        given().contentType(ContentType.JSON).body(calendarPlan("Weekly round", calendar("weeksOn", 2, "2027-01-04",
                "07:30", "FIXED", 3))).put("/api/maintenance/plans/" + id).then().statusCode(422)
                .body("errors.field", contains("calendar.daysOfWeek"));
        Map<String, Object> cal = calendar("weeksOn", 2, "2027-01-04", "07:30", "FIXED", 3);
        cal.put("daysOfWeek", List.of("MONDAY", "thursday"));
        given().contentType(ContentType.JSON).body(calendarPlan("Fortnightly round", cal))
                .put("/api/maintenance/plans/" + id).then().statusCode(200).body("title", equalTo("Fortnightly round"))
                .body("calendar.daysOfWeek", contains("MONDAY", "THURSDAY"));
        given().queryParam("from", "2027-01-01").queryParam("to", "2027-01-31")
                .get("/api/maintenance/plans/" + id + "/occurrences").then().statusCode(200)
                .body("key", contains("2027-01-04", "2027-01-07", "2027-01-18", "2027-01-21"))
                .body("dueAt[0]", equalTo("2027-01-04T06:30:00Z"));
        given().queryParam("from", "2027-02-01").queryParam("to", "2027-01-01")
                .get("/api/maintenance/plans/" + id + "/occurrences").then().statusCode(422)
                .body("errors.field", contains("to"));
        given().queryParam("asset", ASSET).get("/api/maintenance/plans").then().statusCode(200)
                .body("id", hasItem((int) id));

        given().delete("/api/maintenance/plans/" + id).then().statusCode(204);
        given().get("/api/maintenance/plans/" + id).then().statusCode(404);
        given().contentType("application/json").post("/api/maintenance/plans/" + id + "/run").then().statusCode(404);

        long used = create(calendarPlan("Daily", calendar("days", 1, "2027-01-01", "08:00", "FIXED", null)));
        clock.set(Instant.parse("2027-01-01T12:00:00Z"));
        run(used);
        given().delete("/api/maintenance/plans/" + used).then().statusCode(409)
                .body("detail", containsString("disable it"));
        Map<String, Object> disabled = calendarPlan("Daily", calendar("days", 1, "2027-01-01", "08:00", "FIXED", null));
        disabled.put("enabled", false);
        given().contentType(ContentType.JSON).body(disabled).put("/api/maintenance/plans/" + used).then().statusCode(200)
                .body("enabled", equalTo(false)).body("calendar.lastGeneratedKey", equalTo("2027-01-01"));

        long usagePlan = create(usage(Map.of("pointId", "canteen-boiler-2-burner", "measure", "starts", "every", 500,
                "leadFraction", 0.9)));
        var view = given().get("/api/maintenance/plans/" + usagePlan).then().statusCode(200)
                .body("usage.jumps", equalTo("ORDER_PER_INTERVAL")).body("kind", equalTo("USAGE")).extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(view.getDouble("usage.lead"))
                .isCloseTo(50.0, org.assertj.core.api.Assertions.within(1e-9));
        given().get("/api/maintenance/plans/" + usagePlan + "/occurrences").then().statusCode(409);
    }

    private static Map<String, Object> usage(Map<String, Object> usage) {
        return new HashMap<>(Map.of("assetId", ASSET, "title", "Burner service", "usage", usage));
    }
}

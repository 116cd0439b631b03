package org.facilitymonitor.maintenance.plans;

import static org.facilitymonitor.testing.RestRequests.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** REST helpers of the plan tests. */
final class PlanTestSupport {

    static final String ASSET = "canteen-boiler-2";

    private PlanTestSupport() {
    }

    static Map<String, Object> calendarPlan(String title, Map<String, Object> calendar) {
        Map<String, Object> plan = new HashMap<>();
        plan.put("assetId", ASSET);
        plan.put("title", title);
        plan.put("description", "see the manual");
        plan.put("team", "hvac");
        plan.put("priority", "P4");
        plan.put("checklist", List.of("burner cleaned", "flue gas measured"));
        plan.put("calendar", calendar);
        return plan;
    }

    static Map<String, Object> calendar(String interval, int every, String start, String timeOfDay, String anchoring,
            Integer catchUp) {
        Map<String, Object> c = new HashMap<>();
        c.put("interval", interval);
        c.put("every", every);
        c.put("start", start);
        c.put("timeOfDay", timeOfDay);
        c.put("anchoring", anchoring);
        if (catchUp != null) {
            c.put("catchUp", catchUp);
        }
        return c;
    }

    static long create(Map<String, Object> plan) {
        return given().contentType(ContentType.JSON).body(plan).post("/api/maintenance/plans").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    static JsonPath run(long planId) {
        return given().contentType("application/json").post("/api/maintenance/plans/" + planId + "/run").then().statusCode(200).extract().jsonPath();
    }

    /**
     * Disables every plan left by a test, so a service with the scheduler on (another test profile, later in
     * the same database) does not generate their occurrences at the real time.
     */
    static void disableAllPlans() {
        QuarkusTransaction.requiringNew().run(() -> io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                .createNativeQuery("update maintenance_plan set enabled = false").executeUpdate());
    }

    /** The plan's orders' occurrence keys, from the database. */
    @SuppressWarnings("unchecked")
    static List<String> orderKeys(EntityManager em, long planId) {
        return QuarkusTransaction.requiringNew().call(() -> (List<String>) em.createNativeQuery(
                "select occurrence_key from work_order where plan_id = :plan order by requested_at, id")
                .setParameter("plan", planId).getResultList());
    }
}

package org.facilitymonitor.energy.savings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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

/**
 * A work order or a maintenance plan marked as an energy measure becomes an intervention when its
 * work order is accepted (not before), once, effective the local day after the completion.
 */
@QuarkusTest
@TestProfile(MaintenanceTestProfile.class)
@WithTestResource(StackTestResource.class)
class EnergyMeasureTest {

    private static final String BOILER = "canteen-boiler-2";

    @Inject
    EnergyMeasureService measures;
    @Inject
    MutableClock clock;

    @AfterEach
    void systemTime() {
        clock.reset();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> io.quarkus.hibernate.orm.panache.Panache
                .getEntityManager().createNativeQuery("update maintenance_plan set enabled = false").executeUpdate());
    }

    @Test
    void anAcceptedMarkedWorkOrderBecomesOneInterventionFromTheDayAfterItsCompletion() {
        long order = given().contentType(ContentType.JSON).body(Map.of("assetId", BOILER, "title", "Replace burner with a"
                + " modulating one", "description", "saves gas at part load", "priority", "P3")).post("/api/work-orders")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long measure = given().contentType(ContentType.JSON).body(Map.of("workOrderId", order, "scope", "METER",
                        "scopeId", "campus-gas-main-volume", "cost", 4800, "currency", "EUR", "expectedSavingsKwh", 30000))
                .post("/api/energy/measures").then().statusCode(201).body("carrier", equalTo("GAS"))
                .body("siteId", equalTo("demo-campus")).body("interventions", org.hamcrest.Matchers.empty())
                .extract().jsonPath().getLong("id");
        given().contentType(ContentType.JSON).body(Map.of("workOrderId", order, "scope", "BUILDING", "scopeId", "canteen",
                "carrier", "GAS")).post("/api/energy/measures").then().statusCode(409);

        move(order, Map.of("to", "DISPATCHED", "team", "hvac"));
        move(order, Map.of("to", "IN_PROGRESS"));
        clock.set(Instant.parse("2026-03-10T22:30:00Z")); // 23:30 in Berlin: the local day is still the 10th
        move(order, Map.of("to", "COMPLETED", "notes", "burner replaced"));
        clock.reset();
        given().get("/api/work-orders/" + order).then().statusCode(200).body("state", equalTo("COMPLETED"));
        measures.createDue();
        assertThat(interventions(measure)).as("completed, not yet accepted: no intervention").isEmpty();

        move(order, Map.of("to", "ACCEPTED"));
        EnergyMeasureService.Sweep sweep = measures.createDue();
        assertThat(sweep.created()).isGreaterThanOrEqualTo(1);
        List<Integer> made = interventions(measure);
        assertThat(made).hasSize(1);
        JsonPath i = given().get("/api/energy/interventions/" + made.get(0)).then().statusCode(200).extract().jsonPath();
        assertThat(i.getString("name")).isEqualTo("Replace burner with a modulating one");
        assertThat(i.getString("description")).isEqualTo("saves gas at part load");
        assertThat(i.getString("effectiveOn")).isEqualTo("2026-03-11");
        assertThat(i.getString("scope")).isEqualTo("METER");
        assertThat(i.getString("scopeId")).isEqualTo("campus-gas-main-volume");
        assertThat(i.getDouble("cost")).isEqualTo(4800.0);
        assertThat(i.getDouble("expectedSavingsKwh")).isEqualTo(30000.0);
        assertThat(i.getLong("workOrderId")).isEqualTo(order);
        assertThat(i.getString("createdBy")).isEqualTo("energy-measure:" + measure);

        measures.createDue();
        assertThat(interventions(measure)).as("a second pass makes no second intervention").isEqualTo(made);
    }

    @Test
    void everyVerifiedWorkOrderOfAMarkedPlanBecomesAnIntervention() {
        Map<String, Object> calendar = new HashMap<>(Map.of("interval", "months", "every", 1, "start", "2027-01-15",
                "timeOfDay", "08:00", "anchoring", "FIXED"));
        long plan = given().contentType(ContentType.JSON).body(Map.of("assetId", BOILER, "title", "Retune the heating curve",
                "team", "hvac", "priority", "P4", "calendar", calendar)).post("/api/maintenance/plans").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long measure = given().contentType(ContentType.JSON).body(Map.of("planId", plan, "scope", "BUILDING",
                "scopeId", "canteen", "carrier", "gas")).post("/api/energy/measures").then().statusCode(201)
                .body("carrier", equalTo("GAS")).body("planId", equalTo((int) plan)).extract().jsonPath().getLong("id");

        clock.set(Instant.parse("2027-01-15T08:00:00Z"));
        long order = given().contentType("application/json").post("/api/maintenance/plans/" + plan + "/run").then()
                .statusCode(200).extract().jsonPath().getLong("generated[0].workOrderId");
        move(order, Map.of("to", "DISPATCHED", "team", "hvac"));
        move(order, Map.of("to", "IN_PROGRESS"));
        move(order, Map.of("to", "COMPLETED", "notes", "curve lowered by 3 K"));
        move(order, Map.of("to", "VERIFIED"));
        clock.reset();
        measures.createDue();

        List<Integer> made = interventions(measure);
        assertThat(made).hasSize(1);
        JsonPath i = given().get("/api/energy/interventions/" + made.get(0)).then().statusCode(200).extract().jsonPath();
        assertThat(i.getString("name")).isEqualTo("Retune the heating curve");
        assertThat(i.getLong("planId")).isEqualTo(plan);
        assertThat(i.getLong("workOrderId")).isEqualTo(order);
        assertThat(i.getString("scope")).isEqualTo("BUILDING");
        assertThat(i.getString("carrier")).isEqualTo("GAS");
        assertThat(i.getString("effectiveOn")).isEqualTo("2027-01-16");
    }

    @Test
    void badMeasuresNameEveryProblem() {
        given().contentType(ContentType.JSON).body(Map.of("scope", "ROOF", "cost", -1)).post("/api/energy/measures")
                .then().statusCode(422).body("errors.field", hasItems("workOrderId", "scope", "cost", "currency"));
        given().contentType(ContentType.JSON).body(Map.of("workOrderId", 987654321, "scope", "METER", "scopeId", "x"))
                .post("/api/energy/measures").then().statusCode(422)
                .body("errors.message", hasItems("work order 987654321 does not exist"));
        given().get("/api/energy/measures/987654321").then().statusCode(404);
    }

    private static void move(long order, Map<String, Object> transition) {
        given().contentType(ContentType.JSON).body(transition).post("/api/work-orders/" + order + "/transitions").then()
                .statusCode(200);
    }

    private static List<Integer> interventions(long measure) {
        return given().get("/api/energy/measures/" + measure).then().statusCode(200).extract().jsonPath()
                .getList("interventions");
    }
}

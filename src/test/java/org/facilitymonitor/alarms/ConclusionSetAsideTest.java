package org.facilitymonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleRuntime;
import org.facilitymonitor.rules.RuleSpec;
import org.facilitymonitor.rules.Severity;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RuleActivity;
import org.facilitymonitor.testing.RuleSetVersion;
import org.facilitymonitor.testing.StackDb;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.facilitymonitor.testing.TestUsers;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, point 3: a conclusion that cannot be recorded is set aside with its reason, counted and listed
 * over REST, and the conclusions after it are written; a rule name of 200 characters opens its work order
 * with a title that fits.
 */
@QuarkusTest
@TestProfile(ConclusionTestProfile.class)
@WithTestResource(StackTestResource.class)
class ConclusionSetAsideTest {

    private static final String SITE = "demo-campus";
    private static final String POINT = "canteen-pump-hw-2-vibration";
    private static final String ASSET = "canteen-pump-hw-2";
    private static final String OTHER_SITE = """
            site: {id: csa-other, name: Set-aside elsewhere, timezone: Europe/Paris}
            buildings:
              - {id: csa-other-hall, name: Hall}
            """;

    @InjectStack
    NativeStack stack;
    @Inject
    RuleRuntime runtime;

    @Test
    void aConclusionOfADeletedRuleIsSetAsideAndTheNextOneIsWritten() throws Exception {
        StackDb db = new StackDb(stack);
        // open work orders left by other test classes would (rightly) suppress the alarm below
        db.execute("update work_order set state = 'CANCELLED', cancelled_at = now() where asset_id = ? and state not in"
                + " ('CLOSED', 'CANCELLED')", ASSET);
        Map<String, Object> params = Map.of("direction", "ABOVE", "limit", 11, "clearLimit", 9);
        long deleted = given().contentType(ContentType.JSON).body(Map.of("name", "Vibration, deleted", "pointId", POINT,
                "kind", "THRESHOLD", "severity", "MAJOR", "params", params)).post("/api/rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        RuleSpec deletedSpec = new RuleSpec(deleted, "Vibration, deleted", SITE, ASSET, POINT, Severity.MAJOR, false,
                new RuleSpec.Threshold(RuleSpec.Direction.ABOVE, 11, Duration.ZERO, 9, Duration.ZERO));
        given().delete("/api/rules/" + deleted).then().statusCode(204);

        String longName = "Pump 2 vibration " + "x".repeat(183);
        assertThat(longName).hasSize(200);
        long rule = given().contentType(ContentType.JSON).body(Map.of("name", longName, "pointId", POINT,
                "kind", "THRESHOLD", "severity", "MAJOR", "createsWorkOrder", true, "workOrderPriority", "P2",
                "params", params)).post("/api/rules").then().statusCode(201).extract().jsonPath().getLong("id");
        RuleSetVersion.awaitLoaded(stack);

        double setAsideBefore = Metrics.value("fm_alarms_conclusions_set_aside_total{reason=\"rule-deleted\"}");
        double retriesBefore = Metrics.value("fm_alarms_write_retries_total");
        long ts = System.currentTimeMillis() - 30_000;
        // the deleted rule's raise reaches the recorder first, then the live rule's from a real reading
        runtime.submit(List.of(new RuleEvent(RuleEvent.Type.RAISE, deletedSpec, ts, 12.5, POINT + ": 12.5 above 11")));
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, "canteen-edge", StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(System.currentTimeMillis() * 10, List.<Object[]>of(new Object[] {POINT, ts + 1000, 14.0})));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> db.number("select count(*) from alarm where rule_id = ?", rule) == 1
                && RuleActivity.allConclusionsWritten(MetricSource.IN_PROCESS));

        assertThat(Metrics.value("fm_alarms_conclusions_set_aside_total{reason=\"rule-deleted\"}") - setAsideBefore)
                .isEqualTo(1);
        assertThat(Metrics.value("fm_alarms_write_retries_total")).as("set aside at once, not retried").isEqualTo(retriesBefore);
        assertThat(db.number("select count(*) from alarm where rule_id = ?", deleted)).isZero();
        assertThat(db.rows("select outcome from rule_conclusion where rule_id = ?", deleted))
                .containsExactly(Map.of("outcome", "SET_ASIDE"));

        Map<String, Object> workOrder = db.rows("select w.title, w.priority from work_order w join alarm a on a.work_order_id"
                + " = w.id where a.rule_id = ?", rule).get(0);
        String title = (String) workOrder.get("title");
        assertThat(title).as("the title fits its column, keeping its start").hasSize(200).startsWith(longName.substring(0, 199))
                .endsWith("\u2026");
        assertThat(workOrder.get("priority")).isEqualTo("P2");

        JsonPath listed = given().get("/api/alarms/set-aside").then().statusCode(200).extract().jsonPath();
        Map<String, Object> row = listed.<Map<String, Object>>getList("$").stream()
                .filter(r -> ((Number) r.get("ruleId")).longValue() == deleted).findFirst().orElseThrow();
        assertThat(row).containsEntry("reason", "rule-deleted").containsEntry("type", "RAISE")
                .containsEntry("siteId", SITE).containsEntry("assetId", ASSET).containsEntry("pointId", POINT)
                .containsEntry("message", POINT + ": 12.5 above 11").containsEntry("attempts", 1);
        assertThat((String) row.get("detail")).isEqualTo("rule " + deleted + " was deleted before its conclusion was recorded");

        // site-scoped like alarms; engineers and admins only
        given().contentType("application/yaml").body(OTHER_SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        assertThat(givenAs(TestUsers.user(Roles.ENGINEER, SITE)).get("/api/alarms/set-aside").then().statusCode(200)
                .extract().jsonPath().<Number>getList("ruleId").stream().map(Number::longValue)).contains(deleted);
        assertThat(givenAs(TestUsers.user(Roles.ENGINEER, "csa-other")).get("/api/alarms/set-aside").then().statusCode(200)
                .extract().jsonPath().<Number>getList("ruleId").stream().map(Number::longValue)).doesNotContain(deleted);
        givenAs(TestUsers.user(Roles.CREW, SITE)).get("/api/alarms/set-aside").then().statusCode(403);
        givenAs(TestUsers.user(Roles.VIEWER, SITE)).get("/api/alarms/set-aside").then().statusCode(403);
        given().queryParam("limit", 0).get("/api/alarms/set-aside").then().statusCode(422);

        given().contentType(ContentType.JSON).body(Map.of("name", longName, "pointId", POINT, "kind", "THRESHOLD",
                "severity", "MAJOR", "enabled", false, "params", params)).put("/api/rules/" + rule).then().statusCode(200);
    }
}

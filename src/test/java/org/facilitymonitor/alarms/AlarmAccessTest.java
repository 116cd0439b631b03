package org.facilitymonitor.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleSpec;
import org.facilitymonitor.rules.Severity;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may do what with rules, alarms and maintenance windows, with real logins: crews acknowledge
 * and comment in their own name, engineers edit rules and plan windows of bounded length, and a
 * user of site A finds nothing of site B. Alarms are raised through {@link AlarmService#apply} (the
 * path the rule engine takes) on rules created over REST.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class AlarmAccessTest {

    static final String A = "alm-a";
    static final String B = "alm-b";

    private static final String SITE = """
            site: {id: %1$s, name: Alarm access %1$s, timezone: Europe/Paris}
            buildings:
              - {id: %1$s-hall, name: Hall}
            assets:
              - id: %1$s-pump
                name: Pump
                kind: Pump
                building: %1$s-hall
                points:
                  - {id: %1$s-pump-current, name: Current, quantity: electric_current, unit: A, kind: instantaneous, measurement: equipment, field: current_a}
            """;

    private static boolean imported;

    @Inject
    AlarmService alarmService;
    @Inject
    EntityManager em;

    private final List<Long> rules = new ArrayList<>();

    @BeforeEach
    void twoSites() {
        if (!imported) {
            for (String site : List.of(A, B)) {
                given().contentType("application/yaml").body(SITE.formatted(site).getBytes(StandardCharsets.UTF_8))
                        .post("/api/sites/import").then().statusCode(200);
            }
            imported = true;
        }
    }

    @AfterEach
    void removeRulesAlarmsAndWindows() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (long id : rules) {
                em.createNativeQuery("delete from alarm_event where alarm_id in (select id from alarm where rule_id = ?1)")
                        .setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from alarm where rule_id = ?1").setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from rule where id = ?1").setParameter(1, id).executeUpdate();
            }
            em.createNativeQuery("delete from maintenance_window where site_id in (?1, ?2)").setParameter(1, A)
                    .setParameter(2, B).executeUpdate();
        });
    }

    static Map<String, Object> rule(String site, String name) {
        return Map.of("name", name, "pointId", site + "-pump-current", "kind", "THRESHOLD", "severity", "MINOR",
                "params", Map.of("direction", "ABOVE", "limit", 50, "clearLimit", 40));
    }

    long createRule(String site) {
        long id = given().contentType(ContentType.JSON).body(rule(site, "current on " + site)).post("/api/rules").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        rules.add(id);
        return id;
    }

    /** Raises an alarm of the rule as the engine would, and returns its id. */
    long raise(long ruleId, String site) {
        RuleSpec spec = new RuleSpec(ruleId, "current on " + site, site, site + "-pump", site + "-pump-current",
                Severity.MINOR, false, new RuleSpec.Stale(Duration.ofMinutes(1)));
        alarmService.apply(new RuleEvent(RuleEvent.Type.RAISE, spec, System.currentTimeMillis(), 60, "current 60 A"));
        return given().queryParam("asset", site + "-pump").queryParam("limit", 1000).get("/api/alarms").then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(a -> ((Number) a.get("ruleId")).longValue() == ruleId)
                .map(a -> ((Number) a.get("id")).longValue()).findFirst().orElseThrow();
    }

    @Test
    void aCrewAcknowledgesAndCommentsInItsOwnNameButCannotEditRules() {
        long rule = createRule(A);
        long alarm = raise(rule, A);
        TestUser crew = TestUsers.user(Roles.CREW, A);

        givenAs(crew).contentType(ContentType.JSON).body(Map.of("actor", "someone-else", "comment", "done"))
                .post("/api/alarms/" + alarm + "/acknowledge").then().statusCode(422)
                .body("errors[0].field", equalTo("actor"));
        given().get("/api/alarms/" + alarm).then().statusCode(200).body("alarm.acknowledgedBy", nullValue())
                .body("alarm.status", equalTo("ACTIVE_UNACK"));

        givenAs(crew).contentType(ContentType.JSON).body(Map.of("comment", "on my way"))
                .post("/api/alarms/" + alarm + "/acknowledge").then().statusCode(200)
                .body("acknowledgedBy", equalTo(crew.username())).body("status", equalTo("ACTIVE_ACK"));
        givenAs(crew).contentType(ContentType.JSON).body(Map.of("actor", crew.username(), "comment", "filter swapped"))
                .post("/api/alarms/" + alarm + "/comments").then().statusCode(204);
        givenAs(crew).contentType(ContentType.JSON).body(Map.of("comment", "x".repeat(2001)))
                .post("/api/alarms/" + alarm + "/comments").then().statusCode(422)
                .body("errors[0].field", equalTo("comment"));
        JsonPath history = given().get("/api/alarms/" + alarm).then().statusCode(200).extract().jsonPath();
        assertThat(history.<String>getList("history.type")).containsExactly("RAISED", "ACKNOWLEDGED", "COMMENTED");
        assertThat(history.<String>getList("history.actor")).containsExactly(null, crew.username(), crew.username());

        givenAs(crew).contentType(ContentType.JSON).body(rule(A, "renamed by crew")).put("/api/rules/" + rule).then()
                .statusCode(403);
        givenAs(crew).contentType(ContentType.JSON).body(rule(A, "new by crew")).post("/api/rules").then()
                .statusCode(403);
        givenAs(crew).delete("/api/rules/" + rule).then().statusCode(403);
        given().get("/api/rules/" + rule).then().statusCode(200).body("name", equalTo("current on " + A));

        TestUser engineer = TestUsers.user(Roles.ENGINEER, A);
        givenAs(engineer).contentType(ContentType.JSON).body(rule(A, "renamed by engineer")).put("/api/rules/" + rule)
                .then().statusCode(200).body("name", equalTo("renamed by engineer"));

        TestUser viewer = TestUsers.user(Roles.VIEWER, A);
        givenAs(viewer).get("/api/alarms/" + alarm).then().statusCode(200);
        givenAs(viewer).contentType(ContentType.JSON).body(Map.of("comment", "hello"))
                .post("/api/alarms/" + alarm + "/comments").then().statusCode(403);
        givenAs(viewer).contentType(ContentType.JSON).body(rule(A, "renamed by viewer")).put("/api/rules/" + rule)
                .then().statusCode(403);
    }

    @Test
    void anotherSitesAlarmsAndRulesAreNotFound() {
        long ruleA = createRule(A);
        long ruleB = createRule(B);
        long alarmA = raise(ruleA, A);
        long alarmB = raise(ruleB, B);
        TestUser viewer = TestUsers.user(Roles.VIEWER, A);
        TestUser crew = TestUsers.user(Roles.CREW, A);
        TestUser engineer = TestUsers.user(Roles.ENGINEER, A);

        List<Long> all = ids(given().queryParam("limit", 1000).get("/api/alarms").then().statusCode(200).extract()
                .jsonPath());
        assertThat(all).contains(alarmA, alarmB);
        List<Long> visible = ids(givenAs(viewer).queryParam("limit", 1000).get("/api/alarms").then().statusCode(200)
                .extract().jsonPath());
        assertThat(visible).contains(alarmA).doesNotContain(alarmB);
        givenAs(viewer).queryParam("site", B).get("/api/alarms").then().statusCode(200).body("size()", equalTo(0));

        givenAs(viewer).get("/api/alarms/" + alarmB).then().statusCode(404)
                .body("detail", equalTo("alarm '" + alarmB + "' does not exist"));
        givenAs(crew).contentType(ContentType.JSON).body(Map.of("comment", "mine now"))
                .post("/api/alarms/" + alarmB + "/acknowledge").then().statusCode(404);
        givenAs(crew).contentType(ContentType.JSON).body(Map.of("comment", "hello"))
                .post("/api/alarms/" + alarmB + "/comments").then().statusCode(404);
        given().get("/api/alarms/" + alarmB).then().statusCode(200).body("alarm.acknowledgedBy", nullValue())
                .body("history.size()", equalTo(1));

        givenAs(engineer).get("/api/rules/" + ruleB).then().statusCode(404)
                .body("detail", equalTo("rule '" + ruleB + "' does not exist"));
        givenAs(engineer).contentType(ContentType.JSON).body(rule(B, "taken over")).put("/api/rules/" + ruleB).then()
                .statusCode(404);
        givenAs(engineer).delete("/api/rules/" + ruleB).then().statusCode(404);
        givenAs(engineer).contentType(ContentType.JSON).body(rule(B, "watching B")).post("/api/rules").then()
                .statusCode(422).body("errors[0].field", equalTo("pointId"))
                .body("errors[0].message", equalTo("no point '" + B + "-pump-current' in the registry"));
        given().get("/api/rules/" + ruleB).then().statusCode(200).body("name", equalTo("current on " + B));
        List<Long> rulesSeen = ids(givenAs(engineer).get("/api/rules").then().statusCode(200).extract().jsonPath());
        assertThat(rulesSeen).contains(ruleA).doesNotContain(ruleB);

        givenAs(viewer).queryParam("limit", 1001).get("/api/alarms").then().statusCode(422)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void maintenanceWindowsNeedAnEngineerAndHaveAMaximumLength() {
        Instant start = Instant.now().plus(Duration.ofDays(1));
        TestUser crew = TestUsers.user(Roles.CREW, A);
        TestUser engineer = TestUsers.user(Roles.ENGINEER, A);

        givenAs(crew).contentType(ContentType.JSON).body(window(A, start, Duration.ofHours(2))).post("/api/maintenance-windows")
                .then().statusCode(403);
        givenAs(engineer).contentType(ContentType.JSON).body(window(A, start, Duration.ofDays(7).plusSeconds(1)))
                .post("/api/maintenance-windows").then().statusCode(422).body("errors[0].field", equalTo("endsAt"));
        givenAs(engineer).contentType(ContentType.JSON).body(window(B, start, Duration.ofHours(2)))
                .post("/api/maintenance-windows").then().statusCode(404)
                .body("detail", equalTo("asset '" + B + "-pump' does not exist"));
        long mine = givenAs(engineer).contentType(ContentType.JSON).body(window(A, start, Duration.ofDays(7)))
                .post("/api/maintenance-windows").then().statusCode(201).body("createdBy", equalTo(engineer.username()))
                .body("siteId", equalTo(A)).extract().jsonPath().getLong("id");
        long theirs = given().contentType(ContentType.JSON).body(window(B, start, Duration.ofHours(2)))
                .post("/api/maintenance-windows").then().statusCode(201).extract().jsonPath().getLong("id");

        assertThat(ids(given().queryParam("limit", 1000).get("/api/maintenance-windows").then().statusCode(200)
                .extract().jsonPath())).contains(mine, theirs);
        assertThat(ids(givenAs(engineer).queryParam("limit", 1000).get("/api/maintenance-windows").then()
                .statusCode(200).extract().jsonPath())).contains(mine).doesNotContain(theirs);
        assertThat(ids(given().queryParam("asset", A + "-pump").get("/api/maintenance-windows").then()
                .statusCode(200).extract().jsonPath())).containsExactly(mine);
    }

    static Map<String, Object> window(String site, Instant start, Duration length) {
        return Map.of("assetId", site + "-pump", "startsAt", start.toString(), "endsAt", start.plus(length).toString(),
                "reason", "pump overhaul");
    }

    static List<Long> ids(JsonPath list) {
        return list.<Number>getList("id").stream().map(Number::longValue).toList();
    }
}

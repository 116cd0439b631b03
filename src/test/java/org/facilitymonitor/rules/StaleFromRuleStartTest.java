package org.facilitymonitor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.given;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.alarms.ConclusionTestProfile;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackDb;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 11, point 4: a STALE rule counts "no reading" from its start, not from the beginning of time. */
@QuarkusTest
@TestProfile(ConclusionTestProfile.class)
@WithTestResource(StackTestResource.class)
class StaleFromRuleStartTest {

    private static final String POINT = "canteen-ahu-1-setpoint";

    @InjectStack
    NativeStack stack;
    @Inject
    MutableClock clock;
    @Inject
    StaleCheck stale;

    private Long rule;

    @AfterEach
    void cleanUp() {
        if (rule != null) {
            given().contentType(ContentType.JSON).body(body(false)).put("/api/rules/" + rule).then().statusCode(200);
        }
        clock.reset();
    }

    private static Map<String, Object> body(boolean enabled) {
        return Map.of("name", "Setpoint silent", "pointId", POINT, "kind", "STALE", "severity", "MINOR",
                "enabled", enabled, "params", Map.of("after", "5m"));
    }

    @Test
    void aNewRuleWithoutReadingsRaisesNothingUntilItsTimeHasPassedSinceItsStart() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(start);
        rule = given().contentType(ContentType.JSON).body(body(true)).post("/api/rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        assertThat(given().get("/api/rules/" + rule).then().statusCode(200).extract().jsonPath().getString("startedAt"))
                .isEqualTo(start.toString());
        StackDb db = new StackDb(stack);

        clock.set(start.plusSeconds(1));
        assertThat(stale.check()).as("stale rules judged, this one among them").isPositive();
        clock.set(start.plus(Duration.ofMinutes(5)));
        assertThat(stale.check()).isPositive();
        assertThat(db.number("select count(*) from alarm where rule_id = ?", rule)).as("alarms within 'after' of the start")
                .isZero();
        assertThat(stale.raisedSoFar(rule)).isFalse();

        clock.set(start.plus(Duration.ofMinutes(5)).plusSeconds(1));
        stale.check();
        assertThat(stale.raisedSoFar(rule)).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> db.number("select count(*) from alarm where rule_id = ?", rule) == 1);
        List<Map<String, Object>> alarm = db.rows("select message, raised_at from alarm where rule_id = ?", rule);
        assertThat((String) alarm.get(0).get("message")).startsWith(POINT + ": no reading for 301 s since the rule started ("
                + start + ")").endsWith(", more than PT5M");
        stale.check();
        assertThat(db.number("select count(*) from alarm_event e join alarm a on a.id = e.alarm_id where a.rule_id = ?"
                + " and e.type = 'RAISED'", rule)).as("raised once").isEqualTo(1);
    }
}

package org.facilitymonitor.alarms;

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
import java.util.List;
import java.util.Map;
import org.facilitymonitor.rules.ConclusionJournal;
import org.facilitymonitor.rules.RuleEvent;
import org.facilitymonitor.rules.RuleRuntime;
import org.facilitymonitor.rules.RuleSpec;
import org.facilitymonitor.rules.Severity;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RuleActivity;
import org.facilitymonitor.testing.StackDb;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, point 2: conclusions journalled in InfluxDB that never reached PostgreSQL (the process died
 * after the acknowledgement, or the full queue dropped them) are applied by the recovery sweep once,
 * after the grace period, in order; one a later applied conclusion of its rule superseded is skipped.
 * The journal is written by the same call the rule runtime makes before an acknowledgement; what the
 * crash loses is the hand-over to the recorder, which these tests leave out.
 */
@QuarkusTest
@TestProfile(ConclusionTestProfile.class)
@WithTestResource(StackTestResource.class)
class ConclusionSweepTest {

    private static final String SITE = "demo-campus";
    private static final String POINT = "canteen-pump-hw-1-vibration";
    private static final String ASSET = "canteen-pump-hw-1";

    @InjectStack
    NativeStack stack;
    @Inject
    ConclusionJournal journal;
    @Inject
    ConclusionSweep sweep;
    @Inject
    RuleRuntime runtime;

    private Long rule;

    @AfterEach
    void disable() {
        if (rule != null) {
            given().contentType(ContentType.JSON).body(body("Sweep vibration", false)).put("/api/rules/" + rule).then()
                    .statusCode(200);
        }
    }

    private static Map<String, Object> body(String name, boolean enabled) {
        return Map.of("name", name, "pointId", POINT, "kind", "THRESHOLD", "severity", "MINOR", "enabled", enabled,
                "params", Map.of("direction", "ABOVE", "limit", 11, "clearLimit", 9));
    }

    private RuleSpec spec(String name) {
        rule = given().contentType(ContentType.JSON).body(body(name, true)).post("/api/rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        return new RuleSpec(rule, name, SITE, ASSET, POINT, Severity.MINOR, false,
                new RuleSpec.Threshold(RuleSpec.Direction.ABOVE, 11, Duration.ZERO, 9, Duration.ZERO));
    }

    @Test
    void aJournalledRaiseNobodyRecordedIsAppliedOnceAfterTheGracePeriod() {
        StackDb db = new StackDb(stack);
        db.execute("update work_order set state = 'CANCELLED', cancelled_at = now() where asset_id = ? and state not in"
                + " ('CLOSED', 'CANCELLED')", ASSET);
        RuleSpec spec = spec("Sweep vibration");
        long ts = System.currentTimeMillis() - 60_000;
        journal.write(List.of(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, 12.5, POINT + ": 12.5 above 11")));
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        assertThat(influx.query("SELECT \"message\", \"value\", \"asset_id\" FROM \"fm_rule_conclusion\" WHERE \"rule_id\" = '" + rule
                + "' AND \"type\" = 'RAISE' AND time = " + ts + "ms")).as("the journal entry").hasSize(1);

        Instant now = Instant.now();
        ConclusionSweep.Result young = sweep.sweep(now);
        assertThat(young.read()).as("read, among others").isPositive();
        assertThat(db.number("select count(*) from alarm where rule_id = ?", rule)).as("within the grace period").isZero();
        assertThat(db.number("select count(*) from rule_conclusion where rule_id = ?", rule)).isZero();

        ConclusionSweep.Result after = sweep.sweep(now.plus(Duration.ofMinutes(3)));
        assertThat(after.recovered()).isPositive();
        assertThat(db.rows("select status, raised_at, trigger_value, message from alarm where rule_id = ?", rule))
                .singleElement().satisfies(a -> {
                    assertThat(a.get("status")).isEqualTo("ACTIVE_UNACK");
                    assertThat(((java.sql.Timestamp) a.get("raised_at")).toInstant()).isEqualTo(Instant.ofEpochMilli(ts));
                    assertThat(a.get("trigger_value")).isEqualTo(12.5);
                    assertThat(a.get("message")).isEqualTo(POINT + ": 12.5 above 11");
                });
        assertThat(db.rows("select outcome from rule_conclusion where rule_id = ?", rule))
                .containsExactly(Map.of("outcome", "APPLIED"));

        ConclusionSweep.Result again = sweep.sweep(now.plus(Duration.ofMinutes(4)));
        assertThat(again.read()).isPositive();
        assertThat(db.number("select count(*) from alarm_event e join alarm a on a.id = e.alarm_id where a.rule_id = ?", rule))
                .as("raised once, nothing repeated").isEqualTo(1);
        // the queue handing over the same conclusion late changes nothing either
        runtime.submit(List.of(new RuleEvent(RuleEvent.Type.RAISE, spec, ts, 12.5, POINT + ": 12.5 above 11")));
        await().atMost(Duration.ofSeconds(20)).until(() -> RuleActivity.allConclusionsWritten(MetricSource.IN_PROCESS));
        assertThat(db.rows("select occurrences from alarm where rule_id = ?", rule)).containsExactly(Map.of("occurrences", 1));
    }

    @Test
    void aRaiseAlreadyFollowedByAnAppliedClearIsSkippedAsSuperseded() {
        StackDb db = new StackDb(stack);
        RuleSpec spec = spec("Sweep vibration");
        long t1 = System.currentTimeMillis() - 60_000;
        RuleEvent raise = new RuleEvent(RuleEvent.Type.RAISE, spec, t1, 12.5, POINT + ": 12.5 above 11");
        RuleEvent clear = new RuleEvent(RuleEvent.Type.CLEAR, spec, t1 + 5_000, 8.0, POINT + " back to 8 (below 9)");
        journal.write(List.of(raise, clear));
        runtime.submit(List.of(clear)); // the raise was dropped from a full queue, the clear went through
        await().atMost(Duration.ofSeconds(20)).until(() -> db.number("select count(*) from rule_conclusion where rule_id = ?",
                rule) == 1 && RuleActivity.allConclusionsWritten(MetricSource.IN_PROCESS));

        ConclusionSweep.Result result = sweep.sweep(Instant.now().plus(Duration.ofMinutes(3)));
        assertThat(result.superseded()).isPositive();
        assertThat(db.number("select count(*) from alarm where rule_id = ?", rule)).as("no alarm from the stale raise").isZero();
        assertThat(db.rows("select type, outcome from rule_conclusion where rule_id = ? order by ts", rule)).containsExactly(
                Map.of("type", "RAISE", "outcome", "SUPERSEDED"), Map.of("type", "CLEAR", "outcome", "APPLIED"));
    }
}

package org.facilitymonitor.maintenance.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.ASSET;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.create;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.orderKeys;
import static org.facilitymonitor.maintenance.plans.PlanTestSupport.run;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.RegistryService;
import org.facilitymonitor.assets.RegistryViews.PointView;
import org.facilitymonitor.maintenance.MaintenanceTestProfile;
import org.facilitymonitor.telemetry.UsageCounters;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run-hours plan on a burner whose on/off history went through the real ingest path into InfluxDB. */
@QuarkusTest
@TestProfile(MaintenanceTestProfile.class)
@WithTestResource(StackTestResource.class)
class MaintenancePlanUsageTest {

    static final String BURNER = "canteen-boiler-2-burner";

    @InjectStack
    NativeStack stack;
    @Inject
    MutableClock clock;
    @Inject
    UsageCounters usageCounters;
    @Inject
    RegistryService registry;
    @Inject
    EntityManager em;

    @AfterEach
    void systemTime() {
        clock.reset();
        PlanTestSupport.disableAllPlans();
    }

    @Test
    void everyTwoRunHoursOpensOneOrderPerIntervalAndNothingTwice() {
        Instant base = Instant.now().minus(Duration.ofDays(9)).truncatedTo(ChronoUnit.HOURS);
        List<Object[]> readings = new ArrayList<>();
        for (int m = 0; m < 600; m++) { // on 0:00-3:00 and 4:00-8:00, off until 10:00; one sample a minute
            boolean on = m < 180 || (m >= 240 && m < 480);
            readings.add(new Object[] {BURNER, base.toEpochMilli() + m * 60_000L, on});
        }
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", "canteen-edge", StackTestResource.EDGE_PASSWORD)) {
            edge.publish(edge.batch(System.currentTimeMillis(), readings));
        }
        Instant until = base.plus(Duration.ofHours(12));
        PointView point = registry.point(BURNER).orElseThrow();
        // trapezoids over one-minute samples: 179 + 239 full minutes and three half minutes at the switches
        double expected = (179 + 239 + 1.5) / 60;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(usageCounters.runHours(point, base, until)).isCloseTo(expected, within(1e-9)));

        clock.set(until); // the generator counts over [since, now): now is 2 h after the history ends
        long perInterval = create(usagePlan(base, "ORDER_PER_INTERVAL"));
        long catchingUp = create(usagePlan(base, "ONE_ORDER_CATCHING_UP"));

        JsonPath first = run(perInterval);
        assertThat(first.getList("generated.key")).containsExactly("usage-1", "usage-2", "usage-3");
        assertThat(first.getDouble("counter")).isCloseTo(expected, within(1e-4)); // JSON read back as float
        assertThat(run(perInterval).getList("generated")).isEmpty();
        assertThat(orderKeys(em, perInterval)).containsExactly("usage-1", "usage-2", "usage-3");

        JsonPath caught = run(catchingUp);
        assertThat(caught.getList("generated.key")).containsExactly("usage-3");
        assertThat(caught.getList("skipped")).containsExactly("usage-1", "usage-2");
        assertThat(run(catchingUp).getList("generated")).isEmpty();
        assertThat(orderKeys(em, catchingUp)).containsExactly("usage-3");

        JsonPath plan = org.facilitymonitor.testing.RestRequests.given().get("/api/maintenance/plans/" + perInterval).then()
                .statusCode(200).extract().jsonPath();
        assertThat(plan.getInt("usage.lastInterval")).isEqualTo(3);
        assertThat(plan.getDouble("usage.counter")).isCloseTo((float) expected, within(1e-3));
    }

    private static Map<String, Object> usagePlan(Instant since, String jumps) {
        Map<String, Object> usage = new HashMap<>();
        usage.put("pointId", BURNER);
        usage.put("measure", "runHours");
        usage.put("every", 2);
        usage.put("jumps", jumps);
        usage.put("since", since.toString());
        Map<String, Object> plan = new HashMap<>();
        plan.put("assetId", ASSET);
        plan.put("title", "Burner service every 2 run hours");
        plan.put("team", "hvac");
        plan.put("usage", usage);
        return plan;
    }
}

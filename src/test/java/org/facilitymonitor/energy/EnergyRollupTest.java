package org.facilitymonitor.energy;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.testing.EnergyRollups;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.MetricSource;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.junit.jupiter.api.Test;

/** Readings published through the broker, rolled up into consumption intervals and read back over REST. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class EnergyRollupTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long MIN = 60_000;
    private static final MetricSource SERVICE = MetricSource.IN_PROCESS;

    @InjectStack
    NativeStack stack;

    @Test
    void aLateReadingRecomputesOnlyTheIntervalsAroundIt() throws Exception {
        LocalDate day = LocalDate.now(BERLIN).minusDays(10);
        long t0 = day.atTime(10, 0).atZone(BERLIN).toInstant().toEpochMilli();
        String point = "office-elec-admin-energy";
        // 1 kWh per minute from 10:00 to 11:10, published out of order in two batches
        List<Object[]> later = new ArrayList<>();
        List<Object[]> earlier = new ArrayList<>();
        for (int i = 0; i <= 7; i++) {
            (i >= 4 ? later : earlier).add(new Object[] { point, t0 + i * 10 * MIN, 1000.0 + i * 10 });
        }
        publish("office-edge", List.of(later, earlier));
        EnergyRollups.awaitComputed(influx(), point, t0, SERVICE);

        JsonPath quarters = consumption(point, "15m", day);
        assertThat(quarters.getList("intervals.value", Double.class)).containsExactly(15.0, 15.0, 15.0, 15.0, 10.0);
        assertThat(quarters.getDouble("intervals[4].coverage")).isCloseTo(10.0 / 15, within(1e-12));
        assertThat(quarters.getList("intervals.estimated", Boolean.class)).containsExactly(false, false, false, false, true);
        assertThat(consumption(point, "1h", day).getList("intervals.value", Double.class)).containsExactly(60.0, 10.0);
        JsonPath days = consumption(point, "1d", day);
        assertThat(days.getDouble("total")).isEqualTo(70.0);
        assertThat(days.getBoolean("intervals[0].estimated")).isTrue();

        double[] before = computedCounts();
        publish("office-edge", List.of(List.<Object[]>of(new Object[] { point, t0 + 15 * MIN, 1012.0 })));
        EnergyRollups.awaitComputed(influx(), point, t0 + 15 * MIN, SERVICE);
        double[] after = computedCounts();
        // the reading lies between 10:10 and 10:20: quarters 10:00 and 10:15, their hour, day, month and year
        assertThat(new double[] { after[0] - before[0], after[1] - before[1], after[2] - before[2],
                after[3] - before[3], after[4] - before[4] }).containsExactly(2, 1, 1, 1, 1);
        assertThat(consumption(point, "15m", day).getList("intervals.value", Double.class))
                .containsExactly(12.0, 18.0, 15.0, 15.0, 10.0);
        assertThat(consumption(point, "1d", day).getDouble("total")).isEqualTo(70.0);
        String month = day.withDayOfMonth(1).toString();
        JsonPath months = given().queryParam("point", point).queryParam("interval", "1mo").queryParam("from", month)
                .queryParam("to", day.withDayOfMonth(1).plusMonths(1).toString()).get("/api/energy/consumption")
                .then().statusCode(200).extract().jsonPath();
        assertThat(months.getDouble("total")).isGreaterThanOrEqualTo(70.0);
    }

    @Test
    void readingsAppendedLaterContinueTheirQuarterHourAndARedeliveredBatchCountsOnce() throws Exception {
        String point = "test-append-energy";
        putMeter(point, null);
        LocalDate day = LocalDate.now(BERLIN).minusDays(7);
        long t0 = day.atTime(10, 0).atZone(BERLIN).toInstant().toEpochMilli();
        publish("office-edge", List.of(List.of(new Object[] { point, t0, 100.0 }, new Object[] { point, t0 + 4 * MIN, 104.0 },
                new Object[] { point, t0 + 7 * MIN, 107.0 })));
        EnergyRollups.awaitComputed(influx(), point, t0 + 7 * MIN, SERVICE);
        JsonPath open = consumption(point, "15m", day);
        assertThat(open.getList("intervals.value", Double.class)).containsExactly(7.0);
        assertThat(open.getDouble("intervals[0].coverage")).isCloseTo(7.0 / 15, within(1e-12));
        assertThat(through(point, t0)).isEqualTo(t0 + 7 * MIN);

        double continuedBefore = SERVICE.value("fm_energy_quarters_continued_total");
        double fromMemoryBefore = SERVICE.value("fm_energy_rollup_meters_total{readings=\"memory\"}");
        List<Object[]> appended = List.of(new Object[] { point, t0 + 11 * MIN, 111.0 },
                new Object[] { point, t0 + 16 * MIN, 116.0 }, new Object[] { point, t0 + 30 * MIN, 130.0 });
        publish("office-edge", List.of(appended));
        EnergyRollups.awaitComputed(influx(), point, t0 + 30 * MIN, SERVICE);
        // the 10:00 quarter went on from its stored figure at 10:07, with the new readings this instance
        // still held (the store confirmed them) instead of reading them back
        assertThat(SERVICE.value("fm_energy_quarters_continued_total")).isEqualTo(continuedBefore + 1);
        assertThat(SERVICE.value("fm_energy_rollup_meters_total{readings=\"memory\"}")).isEqualTo(fromMemoryBefore + 1);
        assertThat(through(point, t0)).isEqualTo(t0 + 15 * MIN);
        JsonPath quarters = consumption(point, "15m", day);
        assertThat(quarters.getList("intervals.value", Double.class)).hasSize(2);
        assertThat(quarters.getDouble("intervals[0].value")).isCloseTo(15.0, within(1e-9));
        assertThat(quarters.getDouble("intervals[0].coverage")).isCloseTo(1.0, within(1e-12));
        assertThat(quarters.getDouble("intervals[1].value")).isCloseTo(15.0, within(1e-9));
        assertThat(consumption(point, "1h", day).getDouble("intervals[0].value")).isCloseTo(30.0, within(1e-9));

        // the same readings again (a redelivery), with a marker reading of another point to wait for: a
        // reading after 10:07 exists now, so the 10:00 quarter is computed from its readings, not continued
        List<Object[]> redelivered = new ArrayList<>(appended);
        redelivered.add(new Object[] { "office-elec-main-power", t0 + 45 * MIN, 12.5 });
        publish("office-edge", List.of(redelivered));
        EnergyRollups.awaitComputed(influx(), "office-elec-main-power", t0 + 45 * MIN, SERVICE);
        assertThat(SERVICE.value("fm_energy_quarters_continued_total")).isEqualTo(continuedBefore + 1);
        assertThat(consumption(point, "15m", day).getDouble("intervals[0].value")).isCloseTo(15.0, within(1e-9));
        assertThat(consumption(point, "1d", day).getDouble("total")).isCloseTo(30.0, within(1e-9));
    }

    @jakarta.inject.Inject
    org.facilitymonitor.energy.rollup.RollupCalculator calculator;
    @jakarta.inject.Inject
    org.facilitymonitor.energy.rollup.MeterCatalog meters;
    @jakarta.inject.Inject
    org.facilitymonitor.telemetry.TelemetryWriter writer;

    /**
     * Two meters recomputed together, the second's range reaching further than the first's: the first
     * stops at its own last reading, before its readings noted for a later run, so that run continues
     * its quarter hour from the readings it holds instead of reading the meter back from InfluxDB.
     */
    @Test
    void aMeterStopsBeforeItsReadingsNotedForALaterRunThoughItsClusterReachesFurther() throws Exception {
        String a = "test-cluster-a-energy";
        String b = "test-cluster-b-energy";
        putMeter(a, null);
        putMeter(b, null);
        meters.refreshNow();
        LocalDate day = LocalDate.now(BERLIN).minusDays(5);
        long t0 = day.atTime(10, 0).atZone(BERLIN).toInstant().toEpochMilli();
        List<String> lines = new ArrayList<>();
        for (String point : List.of(a, b)) {
            for (int minute = 0; minute <= 8; minute += 2) {
                lines.add("electricity,point=" + point + ",site=demo-campus energy_kwh=" + (100.0 + minute) + " "
                        + (t0 + minute * MIN));
                calculator.noteStored(point, t0 + minute * MIN, 100.0 + minute);
            }
        }
        writer.write(lines);
        var meterA = meters.meter(a).orElseThrow();
        var meterB = meters.meter(b).orElseThrow();

        double noneBefore = SERVICE.value("fm_energy_rollup_store_reads_total{reason=\"no-reading-before\"}");
        // a's readings after 10:04 were stored since the run began: noted for the next run
        calculator.recompute(List.of(new org.facilitymonitor.energy.rollup.RollupCalculator.Work(meterA, t0, t0 + 4 * MIN),
                new org.facilitymonitor.energy.rollup.RollupCalculator.Work(meterB, t0, t0 + 8 * MIN)),
                (point, ms) -> point.equals(a) && ms > t0 + 4 * MIN);
        assertThat(through(a, t0)).isEqualTo(t0 + 4 * MIN);
        assertThat(through(b, t0)).isEqualTo(t0 + 8 * MIN);
        assertThat(SERVICE.value("fm_energy_rollup_store_reads_total{reason=\"no-reading-before\"}") - noneBefore)
                .as("both meters' first readings, read back from InfluxDB").isEqualTo(2);

        double fromMemoryBefore = SERVICE.value("fm_energy_rollup_meters_total{readings=\"memory\"}");
        calculator.recompute(List.of(new org.facilitymonitor.energy.rollup.RollupCalculator.Work(meterA, t0 + 6 * MIN,
                t0 + 8 * MIN)), (point, ms) -> false);
        assertThat(SERVICE.value("fm_energy_rollup_meters_total{readings=\"memory\"}")).isEqualTo(fromMemoryBefore + 1);
        assertThat(through(a, t0)).isEqualTo(t0 + 8 * MIN);
        assertThat(consumption(a, "15m", day).getDouble("intervals[0].value")).isCloseTo(8.0, within(1e-9));
        assertThat(consumption(b, "15m", day).getDouble("intervals[0].value")).isCloseTo(8.0, within(1e-9));

        // readings of b stored again inside what is rolled up (a redelivery): those after them are read back
        double afterBefore = SERVICE.value("fm_energy_rollup_store_reads_total{reason=\"reading-after\"}");
        calculator.recompute(List.of(new org.facilitymonitor.energy.rollup.RollupCalculator.Work(meterB, t0 + 2 * MIN,
                t0 + 4 * MIN)), (point, ms) -> false);
        assertThat(SERVICE.value("fm_energy_rollup_store_reads_total{reason=\"reading-after\"}") - afterBefore).isEqualTo(1);
        assertThat(consumption(b, "15m", day).getDouble("intervals[0].value")).isCloseTo(8.0, within(1e-9));
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    /**
     * A meter whose advisory lock another instance holds is left to it: its readings are stored and
     * runs go by without computing it, its range waiting; once the lock is released, it is computed.
     */
    @Test
    void aMeterLockedByAnotherInstanceIsLeftUntilItsLockIsReleased() throws Exception {
        String point = "test-locked-energy";
        putMeter(point, null);
        LocalDate day = LocalDate.now(BERLIN).minusDays(4);
        long t0 = day.atTime(10, 0).atZone(BERLIN).toInstant().toEpochMilli();
        try (var other = dataSource.getConnection(); var lock = other.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
            lock.setString(1, "energy:" + point);
            lock.execute();
            publish("office-edge", List.of(List.of(new Object[] { point, t0, 100.0 }, new Object[] { point, t0 + 5 * MIN, 105.0 })));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> org.facilitymonitor.testing.Ingested.completely(influx(), point, t0 + 5 * MIN, SERVICE));
            double runs = SERVICE.value("fm_energy_rollup_runs_total");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> SERVICE.value("fm_energy_rollup_runs_total") >= runs + 2);
            assertThat(SERVICE.value("fm_energy_rollup_backlog")).as("its range waits").isGreaterThanOrEqualTo(1);
            assertThat(influx().query("SELECT count(\"value\") FROM \"consumption_15m\" WHERE \"point\" = '" + point + "'"))
                    .as("nothing computed while another instance holds the meter").isEmpty();
            try (var unlock = other.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
                unlock.setString(1, "energy:" + point);
                unlock.execute();
            }
        }
        EnergyRollups.awaitIdle(SERVICE);
        assertThat(consumption(point, "15m", day).getDouble("intervals[0].value")).isCloseTo(5.0, within(1e-9));
    }

    /**
     * A cumulative point that is no meter (a boiler's run hours) is noted with the meters' readings,
     * but its readings are not held after the run that claims its range: held, they piled up under a
     * live stream until the capacity was reached and every meter was read back from InfluxDB.
     */
    @Test
    void readingsOfACumulativePointThatIsNoMeterAreNotHeldAfterTheRun() throws Exception {
        String runHours = "canteen-boiler-1-run-hours";
        String meter = "office-elec-it-energy";
        LocalDate day = LocalDate.now(BERLIN).minusDays(3);
        long t0 = day.atTime(8, 0).atZone(BERLIN).toInstant().toEpochMilli();
        EnergyRollups.awaitIdle(SERVICE);
        double heldBefore = SERVICE.value("fm_energy_rollup_held_readings");
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new Object[] { runHours, t0 + i * MIN, 1200.0 + i });
        }
        batch.add(new Object[] { meter, t0 + 3 * MIN, 5000.0 });
        batch.add(new Object[] { meter, t0 + 4 * MIN, 5001.0 });
        publish("office-edge", List.of(batch));
        await(() -> org.facilitymonitor.testing.Ingested.completely(influx(), runHours, t0 + 4 * MIN, SERVICE));
        EnergyRollups.awaitComputed(influx(), meter, t0 + 4 * MIN, SERVICE);
        assertThat(SERVICE.value("fm_energy_rollup_held_readings")).isEqualTo(heldBefore);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(condition);
    }

    private long through(String point, long quarterStart) {
        var series = influx().query("SELECT \"through\" FROM \"consumption_15m\" WHERE \"point\" = '" + point
                + "' AND time = " + quarterStart + "ms");
        assertThat(series).hasSize(1);
        return series.get(0).rows().get(0).get(1).asLong();
    }

    @Test
    void rolloverAtTheRegisterMaximumAndAResetInsideAnInterval() throws Exception {
        putMeter("test-rollover-energy", 100_000.0);
        putMeter("test-reset-energy", null);
        LocalDate day = LocalDate.now(BERLIN).minusDays(9);
        long t0 = day.atTime(10, 0).atZone(BERLIN).toInstant().toEpochMilli();
        publish("office-edge", List.of(List.of(
                new Object[] { "test-rollover-energy", t0, 99_998.9 },
                new Object[] { "test-rollover-energy", t0 + 15 * MIN, 99_999.9 },
                new Object[] { "test-rollover-energy", t0 + 30 * MIN, 0.4 },
                new Object[] { "test-rollover-energy", t0 + 45 * MIN, 1.4 },
                new Object[] { "test-reset-energy", t0, 500.0 },
                new Object[] { "test-reset-energy", t0 + 5 * MIN, 505.0 },
                new Object[] { "test-reset-energy", t0 + 10 * MIN, 3.0 },
                new Object[] { "test-reset-energy", t0 + 15 * MIN, 8.0 })));
        EnergyRollups.awaitComputed(influx(), "test-reset-energy", t0 + 15 * MIN, SERVICE);

        JsonPath rollover = consumption("test-rollover-energy", "15m", day);
        assertThat(rollover.getList("intervals.value", Double.class)).hasSize(3);
        assertThat(rollover.getDouble("intervals[0].value")).isCloseTo(1.0, within(1e-9));
        assertThat(rollover.getDouble("intervals[1].value")).isCloseTo(0.5, within(1e-9));
        assertThat(rollover.getInt("intervals[1].rollovers")).isEqualTo(1);
        assertThat(rollover.getBoolean("intervals[1].estimated")).isFalse();
        assertThat(consumption("test-rollover-energy", "1d", day).getDouble("total"))
                .isCloseTo(2.5, within(1e-9));

        JsonPath reset = consumption("test-reset-energy", "15m", day);
        assertThat(reset.getList("intervals.value", Double.class)).containsExactly(13.0);
        assertThat(reset.getInt("intervals[0].resets")).isEqualTo(1);
        assertThat(reset.getBoolean("intervals[0].estimated")).isTrue();
    }

    @Test
    void gasInKilowattHoursThroughItsCalorificValueRecomputedWhenItChanges() throws Exception {
        LocalDate day = LocalDate.now(BERLIN).minusDays(8);
        given().contentType(ContentType.JSON).body(Map.of("values", List.of(Map.of("validFrom",
                day.minusDays(1).toString(), "kwhPerM3", 10.5)))).put("/api/energy/sites/demo-campus/calorific-values")
                .then().statusCode(200).body("values", hasSize(1));
        long t0 = day.atTime(6, 0).atZone(BERLIN).toInstant().toEpochMilli();
        publish("canteen-edge", List.of(List.of(new Object[] { "campus-gas-main-volume", t0, 5000.0 },
                new Object[] { "campus-gas-main-volume", t0 + 30 * MIN, 5004.0 },
                new Object[] { "campus-gas-main-volume", t0 + 60 * MIN, 5010.0 })));
        EnergyRollups.awaitComputed(influx(), "campus-gas-main-volume", t0 + 60 * MIN, SERVICE);
        JsonPath hours = consumption("campus-gas-main-volume", "1h", day);
        assertThat(hours.getString("unit")).isEqualTo("m3");
        assertThat(hours.getDouble("intervals[0].value")).isEqualTo(10.0);
        assertThat(hours.getDouble("intervals[0].energyKwh")).isEqualTo(105.0);

        given().contentType(ContentType.JSON).body(Map.of("values", List.of(Map.of("validFrom",
                day.minusDays(1).toString(), "kwhPerM3", 11.0)))).put("/api/energy/sites/demo-campus/calorific-values")
                .then().statusCode(200);
        EnergyRollups.awaitIdle(SERVICE);
        EnergyRollups.awaitIdle(SERVICE);
        assertThat(consumption("campus-gas-main-volume", "1h", day).getDouble("intervals[0].energyKwh")).isEqualTo(110.0);
        assertThat(consumption("campus-gas-main-volume", "1d", day).getDouble("totalKwh")).isEqualTo(110.0);
    }

    @Test
    void dstDaysHave23And25HourlyBucketsAndExactLocalDailyTotals() throws Exception {
        String point = "office-elec-it-energy";
        for (LocalDate day : List.of(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 25))) {
            long from = day.atStartOfDay(BERLIN).toInstant().toEpochMilli() - 60 * MIN;
            long to = day.plusDays(1).atStartOfDay(BERLIN).toInstant().toEpochMilli() + 60 * MIN;
            List<Object[]> readings = new ArrayList<>();
            double register = 5000;
            double midnight = 0;
            double nextMidnight = 0;
            for (long t = from; t <= to; t += 15 * MIN) {
                if (t == day.atStartOfDay(BERLIN).toInstant().toEpochMilli()) {
                    midnight = register;
                }
                if (t == day.plusDays(1).atStartOfDay(BERLIN).toInstant().toEpochMilli()) {
                    nextMidnight = register;
                }
                readings.add(new Object[] { point, t, register });
                register += 1 + (readings.size() % 4) * 0.5;
            }
            try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", "office-edge", StackTestResource.EDGE_PASSWORD)) {
                edge.publish(TestEdge.batch("demo-campus", "office-edge", System.nanoTime(), true, readings));
            }
            EnergyRollups.awaitComputed(influx(), point, to, SERVICE);
            JsonPath hours = consumption(point, "1h", day);
            int expectedHours = day.getMonthValue() == 3 ? 23 : 25;
            assertThat(hours.getList("intervals")).hasSize(expectedHours);
            assertThat(hours.getString("intervals[0].start")).isEqualTo(day.atStartOfDay(BERLIN).toInstant().toString());
            assertThat(hours.getDouble("total")).isCloseTo(nextMidnight - midnight, within(1e-9));
            JsonPath days = consumption(point, "1d", day);
            assertThat(days.getList("intervals")).hasSize(1);
            assertThat(days.getDouble("intervals[0].value")).isCloseTo(nextMidnight - midnight, within(1e-9));
            assertThat(days.getDouble("intervals[0].coverage")).isCloseTo(1.0, within(1e-12));
            assertThat(days.getBoolean("intervals[0].estimated")).isFalse();
            assertThat(consumption(point, "15m", day).getList("intervals")).hasSize(expectedHours * 4);
        }
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        given().queryParam("point", "office-elec-main-energy").queryParam("interval", "2h").queryParam("from", "2026-01-01")
                .queryParam("to", "2026-01-02").get("/api/energy/consumption").then().statusCode(422)
                .body("errors[0].field", equalTo("interval"));
        given().queryParam("point", "office-elec-main-power").queryParam("from", "2026-01-01").queryParam("to", "2026-01-02")
                .get("/api/energy/consumption").then().statusCode(422)
                .body("errors[0].message", containsString("is no meter"));
        given().queryParam("point", "no-such-meter").queryParam("from", "2026-01-01").queryParam("to", "2026-01-02")
                .get("/api/energy/consumption").then().statusCode(404);
        given().queryParam("point", "office-elec-main-energy").queryParam("from", "yesterday").queryParam("to", "2026-01-02")
                .get("/api/energy/consumption").then().statusCode(422).body("errors[0].field", equalTo("from"));
        given().queryParam("point", "office-elec-main-energy").queryParam("interval", "15m").queryParam("from", "2020-01-01")
                .queryParam("to", "2026-01-02").get("/api/energy/consumption").then().statusCode(422)
                .body("errors[0].field", equalTo("to")).body("errors[0].message", containsString("at most 93 days"));
        given().contentType(ContentType.JSON).body(Map.of("values", List.of(Map.of("validFrom", "2026-01-01", "kwhPerM3", -1))))
                .put("/api/energy/sites/demo-campus/calorific-values").then().statusCode(422)
                .body("errors[0].field", equalTo("values[0].kwhPerM3"));
    }

    private static void putMeter(String id, Double modulus) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("asset", "office-elec-it", "name", id, "quantity",
                "active_energy", "unit", "kWh", "kind", "cumulative", "measurement", "electricity", "field", "energy_kwh",
                "carrier", "electricity"));
        if (modulus != null) {
            body.put("registerModulus", modulus);
        }
        given().contentType(ContentType.JSON).body(body).put("/api/points/" + id).then().statusCode(org.hamcrest.Matchers
                .anyOf(equalTo(200), equalTo(201))).body("carrier", equalTo("electricity"));
    }

    private void publish(String edgeId, List<List<Object[]>> batches) {
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), "demo-campus", edgeId, StackTestResource.EDGE_PASSWORD)) {
            long seq = System.nanoTime();
            for (List<Object[]> batch : batches) {
                edge.publish(edge.batch(seq++, batch));
            }
        }
    }

    private InfluxProbe influx() {
        return new InfluxProbe(stack.influxUrl(), "facility");
    }

    private static JsonPath consumption(String point, String interval, LocalDate day) {
        return givenDoubles().queryParam("point", point).queryParam("interval", interval)
                .queryParam("from", day.toString()).queryParam("to", day.plusDays(1).toString())
                .get("/api/energy/consumption").then().statusCode(200).body("point", equalTo(point))
                .extract().jsonPath();
    }

    private static double[] computedCounts() throws Exception {
        double[] counts = new double[5];
        String[] lengths = { "15m", "1h", "1d", "1mo", "1y" };
        for (int i = 0; i < 5; i++) {
            counts[i] = EnergyRollups.computed(SERVICE, lengths[i]);
        }
        return counts;
    }
}

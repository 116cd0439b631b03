package org.facilitymonitor.edge.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.facilitymonitor.edge.simulate.SimulatorTest.BERLIN;
import static org.facilitymonitor.edge.simulate.SimulatorTest.MINUTE;
import static org.facilitymonitor.edge.simulate.SimulatorTest.WINTER;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Asset;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each fault's signature in the readings, its lifecycle, determinism and validation. */
class FaultInjectionTest {

    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    static SiteDescription site;

    @BeforeAll
    static void load() throws IOException {
        site = SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
    }

    /** The readings of one sample by point id. */
    static Map<String, Object> tick(Simulator sim, long ts) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Reading r : sim.readingsAt(ts)) {
            values.put(r.point(), r.value());
        }
        return values;
    }

    static double num(Map<String, Object> tick, String point) {
        return (Double) tick.get(point);
    }

    static boolean state(Map<String, Object> tick, String point) {
        return (Boolean) tick.get(point);
    }

    static FaultSpec spec(String asset, FaultType type, Object... params) {
        Map<String, Double> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], ((Number) params[i + 1]).doubleValue());
        }
        return new FaultSpec(asset, type, map);
    }

    static int hourOfDay(long ts) {
        return Instant.ofEpochMilli(ts).atZone(BERLIN).getHour();
    }

    static long calendarDaysBetween(long from, long to) {
        return ChronoUnit.DAYS.between(Instant.ofEpochMilli(from).atZone(BERLIN).toLocalDate(),
                Instant.ofEpochMilli(to).atZone(BERLIN).toLocalDate());
    }

    @Test
    void filterCloggingCrossesTheAlarmLevelOnTheDayTheRatesPredict() {
        double paPerDay = 15;
        double alarmPa = 250;
        long step = 15 * MINUTE;
        long faultAt = WINTER + 12 * HOUR;
        // Seed 5 gives a fairly clean filter (about 123 Pa), so it would not reach the alarm level on its own.
        Simulator sim = new Simulator(site, List.of("office"), 5, WINTER);
        Simulator healthy = new Simulator(site, List.of("office"), 5, WINTER);
        List<Double> before = new ArrayList<>();
        for (long ts = WINTER; ts < faultAt; ts += step) {
            Map<String, Object> t = tick(sim, ts);
            tick(healthy, ts);
            if (ts >= faultAt - 2 * HOUR && state(t, "office-ahu-1-fan")) {
                before.add(num(t, "office-ahu-1-filter-dp"));
            }
        }
        double dpAtStart = before.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(dpAtStart).isBetween(110.0, 140.0);

        sim.startFault(spec("office-ahu-1", FaultType.FILTER_CLOGGING, "pa-per-day", paPerDay));
        long expectedDay = -1;
        long crossedDay = -1;
        double healthyMax = 0;
        long end = faultAt + 21 * DAY;
        long ts = faultAt;
        for (; ts < end; ts += step) {
            Map<String, Object> t = tick(sim, ts);
            Map<String, Object> h = tick(healthy, ts);
            if (!state(t, "office-ahu-1-fan")) {
                continue;
            }
            double days = (double) (ts - faultAt) / DAY;
            // Normal ageing of 3 Pa/day plus the fault's rate, from the ΔP at the fault start.
            double predicted = dpAtStart + (3 + paPerDay) * days;
            if (expectedDay < 0 && predicted >= alarmPa) {
                expectedDay = calendarDaysBetween(faultAt, ts);
            }
            if (crossedDay < 0 && num(t, "office-ahu-1-filter-dp") >= alarmPa) {
                crossedDay = calendarDaysBetween(faultAt, ts);
            }
            healthyMax = Math.max(healthyMax, num(h, "office-ahu-1-filter-dp"));
        }
        // (250 - 122) / 18 = 7.1 days after Wednesday noon: the next Wednesday afternoon, fan on.
        assertThat(expectedDay).isEqualTo(7);
        assertThat(crossedDay).isBetween(expectedDay - 1, expectedDay + 1);
        assertThat(healthyMax).isLessThan(alarmPa);

        // A new filter: back to clean at the next fan-on sample.
        sim.stopFault("office-ahu-1", FaultType.FILTER_CLOGGING);
        Map<String, Object> t;
        do {
            t = tick(sim, ts);
            ts += step;
        } while (!state(t, "office-ahu-1-fan"));
        assertThat(num(t, "office-ahu-1-filter-dp")).isCloseTo(120.0, within(6.0));
    }

    @Test
    void bearingWearRaisesTheDailyVibrationByTheRate() {
        // Thursday after the weekly duty/standby swap: the duty pump runs the whole week in January.
        long start = ZonedDateTime.of(2026, 1, 15, 2, 0, 0, 0, BERLIN).toInstant().toEpochMilli();
        long step = 10 * MINUTE;
        Simulator sim = new Simulator(site, List.of("canteen"), 42, start);
        Simulator healthy = new Simulator(site, List.of("canteen"), 42, start);
        Map<String, Object> first = tick(sim, start);
        tick(healthy, start);
        String pump = state(first, "canteen-pump-hw-1-running") ? "canteen-pump-hw-1" : "canteen-pump-hw-2";
        sim.startFault(new FaultSpec(pump, FaultType.BEARING_WEAR));

        int days = 6;
        double[] worn = new double[days];
        double[] normal = new double[days];
        int[] samples = new int[days];
        long ts = start + step;
        for (; ts < start + days * DAY; ts += step) {
            Map<String, Object> t = tick(sim, ts);
            Map<String, Object> h = tick(healthy, ts);
            assertThat(state(t, pump + "-running")).isTrue();
            int day = (int) ((ts - start) / DAY);
            worn[day] += num(t, pump + "-vibration");
            normal[day] += num(h, pump + "-vibration");
            samples[day]++;
        }
        for (int d = 0; d < days; d++) {
            worn[d] /= samples[d];
            normal[d] /= samples[d];
        }
        for (int d = 1; d < days; d++) {
            assertThat(worn[d] - worn[d - 1]).as("rise on day " + d).isCloseTo(0.5, within(0.06));
            assertThat(normal[d] - normal[0]).as("healthy day " + d).isCloseTo(0.0, within(0.05));
        }
        assertThat(worn[0]).isCloseTo(2.25, within(0.1));

        // A new bearing.
        sim.stopFault(pump, FaultType.BEARING_WEAR);
        long end = start + days * DAY;
        double after = IntStream.range(0, 12).mapToDouble(i -> num(tick(sim, end + i * step), pump + "-vibration"))
                .average().orElseThrow();
        assertThat(after).isCloseTo(2.0, within(0.15));
    }

    @Test
    void leakKeepsTheNightFlowAboveTheLeakRate() {
        long step = 5 * MINUTE;
        Simulator sim = new Simulator(site, List.of("office"), 42, WINTER);
        double[] nightMin = new double[5];
        Arrays.fill(nightMin, Double.MAX_VALUE);
        for (long ts = WINTER; ts < WINTER + 5 * DAY; ts += step) {
            if (ts == WINTER + DAY) {
                sim.startFault(new FaultSpec("office-water", FaultType.LEAK));
            }
            if (ts == WINTER + 3 * DAY) {
                sim.stopFault("office-water", FaultType.LEAK);
            }
            Map<String, Object> t = tick(sim, ts);
            int h = hourOfDay(ts);
            if (h >= 2 && h < 4) {
                int day = (int) ((ts - WINTER) / DAY);
                nightMin[day] = Math.min(nightMin[day], num(t, "office-water-flow"));
            }
        }
        assertThat(nightMin[0]).isLessThan(0.25);
        assertThat(nightMin[1]).isGreaterThan(0.4);
        assertThat(nightMin[2]).isGreaterThan(0.4);
        assertThat(nightMin[3]).isLessThan(0.25).isCloseTo(nightMin[0], within(0.05));
        assertThat(nightMin[4]).isLessThan(0.25).isCloseTo(nightMin[0], within(0.05));
    }

    @Test
    void shortCyclingStartsTheBurnerAboutFifteenTimesAnHour() {
        Simulator sim = new Simulator(site, List.of("canteen"), 42, WINTER);
        Simulator healthy = new Simulator(site, List.of("canteen"), 42, WINTER);
        sim.startFault(new FaultSpec("canteen-boiler-1", FaultType.SHORT_CYCLING));
        int starts = 0;
        int healthyStarts = 0;
        int on = 0;
        int healthyOn = 0;
        boolean last = true;
        boolean healthyLast = true;
        // 08:00 to 18:00, when the duty (40-65 %) leaves on and off phases of at least a minute.
        long from = WINTER + 8 * HOUR;
        long to = WINTER + 18 * HOUR;
        for (long ts = WINTER; ts < to; ts += MINUTE) {
            boolean burner = state(tick(sim, ts), "canteen-boiler-1-burner");
            boolean healthyBurner = state(tick(healthy, ts), "canteen-boiler-1-burner");
            if (ts >= from) {
                starts += burner && !last ? 1 : 0;
                healthyStarts += healthyBurner && !healthyLast ? 1 : 0;
                on += burner ? 1 : 0;
                healthyOn += healthyBurner ? 1 : 0;
            }
            last = burner;
            healthyLast = healthyBurner;
        }
        assertThat(starts / 10.0).isBetween(14.0, 15.5);
        assertThat(healthyStarts / 10.0).isBetween(2.5, 3.5);
        // Same duty, only chopped finer (one-minute samples of a four-minute cycle quantise it).
        assertThat((double) on / 600).isCloseTo((double) healthyOn / 600, within(0.1));
    }

    @Test
    void meterResetRestartsTheRegisterFromZeroOnce() {
        String energy = "office-elec-main-energy";
        Simulator sim = new Simulator(site, List.of("office"), 42, WINTER);
        Simulator healthy = new Simulator(site, List.of("office"), 42, WINTER);
        List<Double> register = new ArrayList<>();
        List<Double> healthyRegister = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            if (i == 60) {
                sim.startFault(new FaultSpec("office-elec-main", FaultType.METER_RESET));
            }
            if (i == 120) {
                sim.stopFault("office-elec-main", FaultType.METER_RESET);
            }
            Map<String, Object> t = tick(sim, WINTER + i * MINUTE);
            Map<String, Object> h = tick(healthy, WINTER + i * MINUTE);
            register.add(num(t, energy));
            healthyRegister.add(num(h, energy));
            assertThat(num(t, "office-elec-main-power")).isEqualTo(num(h, "office-elec-main-power"));
        }
        assertThat(register.get(59)).isGreaterThan(10_000.0);
        assertThat(register.get(60)).isZero();
        for (int i = 61; i < 240; i++) {
            assertThat(register.get(i)).as("tick " + i).isGreaterThan(register.get(i - 1)).isLessThan(1_000.0);
            // Counts the same consumption as the meter without the reset, and keeps on after the stop.
            assertThat(register.get(i)).isCloseTo(healthyRegister.get(i) - healthyRegister.get(60), within(0.002));
        }
    }

    @Test
    void meterRolloverWrapsAtTheModulusAndLosesNoConsumption() {
        String energy = "office-elec-main-energy";
        double modulus = 100_000;
        Simulator sim = new Simulator(site, List.of("office"), 42, WINTER);
        List<Double> register = new ArrayList<>();
        double integralKwh = 0;
        for (int i = 0; i < 6 * 60; i++) {
            if (i == 30) {
                sim.startFault(spec("office-elec-main", FaultType.METER_ROLLOVER, "modulus", modulus, "headroom", 5));
            }
            Map<String, Object> t = tick(sim, WINTER + i * MINUTE);
            register.add(num(t, energy));
            if (i > 30) {
                integralKwh += num(t, "office-elec-main-power") / 60;
            }
        }
        // The register jumps to just below the modulus (down, as it read more), then wraps once.
        assertThat(register.get(29)).isGreaterThan(modulus);
        assertThat(register.get(30)).isEqualTo(modulus - 5);
        List<Integer> drops = IntStream.range(31, register.size()).filter(i -> register.get(i) < register.get(i - 1))
                .boxed().toList();
        assertThat(drops).hasSize(1);
        int wrap = drops.get(0);
        assertThat(register.get(wrap - 1) - register.get(wrap)).isBetween(modulus - 10, modulus);
        assertThat(register.get(wrap)).isLessThan(5.0);
        // Consumption since the fault start, counting the register modulo the modulus.
        double consumed = 0;
        for (int i = 31; i < register.size(); i++) {
            consumed += Math.floorMod(Math.round((register.get(i) - register.get(i - 1)) * 1000), (long) modulus * 1000)
                    / 1000.0;
        }
        assertThat(consumed).isGreaterThan(50.0).isCloseTo(integralKwh, within(0.002 * integralKwh));

        // The register keeps counting from where it is, without wrapping.
        sim.stopFault("office-elec-main", FaultType.METER_ROLLOVER);
        double last = register.get(register.size() - 1);
        double next = num(tick(sim, WINTER + 6 * HOUR), energy);
        assertThat(next).isGreaterThan(last).isLessThan(last + 10);
    }

    @Test
    void stuckSensorRepeatsItsValuesWhileStatesStayLive() {
        long start = WINTER + 5 * HOUR + 30 * MINUTE;
        Simulator sim = new Simulator(site, List.of("office"), 42, start);
        List<String> values = List.of("office-ahu-1-supply-temp", "office-ahu-1-return-temp", "office-ahu-1-setpoint",
                "office-ahu-1-filter-dp");
        List<Map<String, Object>> ticks = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            if (i == 10) {
                sim.startFault(new FaultSpec("office-ahu-1", FaultType.STUCK_SENSOR));
            }
            if (i == 70) {
                sim.stopFault("office-ahu-1", FaultType.STUCK_SENSOR);
            }
            ticks.add(tick(sim, start + i * MINUTE));
        }
        for (int i = 11; i < 70; i++) {
            for (String p : values) {
                assertThat(ticks.get(i).get(p)).as(p + " at tick " + i).isEqualTo(ticks.get(10).get(p));
            }
        }
        // The fan starts at 06:00 while the sensors are stuck.
        assertThat(IntStream.range(10, 70).mapToObj(i -> state(ticks.get(i), "office-ahu-1-fan")))
                .contains(true, false);
        String supply = "office-ahu-1-supply-temp";
        assertThat(ticks.get(9).get(supply)).isNotEqualTo(ticks.get(10).get(supply));
        for (String p : List.of("office-ahu-1-supply-temp", "office-ahu-1-filter-dp")) {
            assertThat(IntStream.range(70, 80).mapToObj(i -> ticks.get(i).get(p))).as(p)
                    .anyMatch(v -> !v.equals(ticks.get(10).get(p)));
        }
    }

    @Test
    void offlineAssetSendsNothingAndComesBackWithItsRegisterMoved() {
        Simulator sim = new Simulator(site, List.of("dorm"), 42, WINTER);
        Simulator healthy = new Simulator(site, List.of("dorm"), 42, WINTER);
        List<Map<String, Object>> ticks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i == 10) {
                sim.startFault(new FaultSpec("dorm-water", FaultType.OFFLINE));
            }
            if (i == 40) {
                sim.stopFault("dorm-water", FaultType.OFFLINE);
            }
            Map<String, Object> t = tick(sim, WINTER + i * MINUTE);
            Map<String, Object> h = tick(healthy, WINTER + i * MINUTE);
            ticks.add(t);
            if (i >= 10 && i < 40) {
                assertThat(t).as("tick " + i).doesNotContainKeys("dorm-water-volume", "dorm-water-flow");
                h.keySet().removeAll(Set.of("dorm-water-volume", "dorm-water-flow"));
            }
            assertThat(t).as("tick " + i).isEqualTo(h);
        }
        assertThat(ticks.get(9)).containsKeys("dorm-water-volume", "dorm-water-flow");
        assertThat(ticks.get(40)).containsKeys("dorm-water-volume", "dorm-water-flow");
        assertThat(num(ticks.get(40), "dorm-water-volume")).isGreaterThan(num(ticks.get(9), "dorm-water-volume"));
    }

    /** Fault commands by tick, as they would arrive over MQTT. */
    static final Map<Integer, List<String>> COMMANDS = Map.of(
            20, List.of(
                    "{\"action\":\"start\",\"asset\":\"office-ahu-1\",\"fault\":\"filter-clogging\",\"params\":{\"pa-per-day\":500}}",
                    "{\"action\":\"start\",\"asset\":\"office-water\",\"fault\":\"leak\"}",
                    "{\"action\":\"start\",\"asset\":\"canteen-boiler-2\",\"fault\":\"short-cycling\"}",
                    "{\"action\":\"start\",\"asset\":\"campus-gas-main\",\"fault\":\"meter-rollover\",\"params\":{\"modulus\":1000}}",
                    "{\"action\":\"start\",\"asset\":\"dorm-ahu-1\",\"fault\":\"stuck-sensor\"}"),
            50, List.of(
                    "{\"action\":\"start\",\"asset\":\"canteen-pump-hw-2\",\"fault\":\"bearing-wear\",\"params\":{\"mm-s-per-day\":20}}",
                    "{\"action\":\"start\",\"asset\":\"campus-weather\",\"fault\":\"offline\"}",
                    "{\"action\":\"start\",\"asset\":\"dorm-elec-main\",\"fault\":\"meter-reset\"}",
                    "{\"action\":\"stop\",\"asset\":\"office-water\",\"fault\":\"leak\"}"),
            80, List.of("{\"action\":\"stop\",\"asset\":\"office-ahu-1\",\"fault\":\"filter-clogging\"}"),
            100, List.of("{\"action\":\"clear\"}"));
    static final Set<String> FAULTED = Set.of("office-ahu-1", "office-water", "canteen-boiler-2", "campus-gas-main",
            "dorm-ahu-1", "canteen-pump-hw-2", "campus-weather", "dorm-elec-main");

    static List<Map<String, Object>> runWithCommands(long seed, boolean faults) {
        Simulator sim = new Simulator(site, List.of(), seed, WINTER);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            if (faults) {
                for (String json : COMMANDS.getOrDefault(i, List.of())) {
                    FaultCommand.parse(json.getBytes(StandardCharsets.UTF_8)).applyTo(sim);
                }
            }
            out.add(tick(sim, WINTER + 6 * HOUR + i * MINUTE));
        }
        assertThat(sim.activeFaults()).isEmpty();
        return out;
    }

    @Test
    void sameSeedAndFaultCommandsGiveTheSameReadingsAndOtherAssetsAreUntouched() {
        List<Map<String, Object>> a = runWithCommands(42, true);
        List<Map<String, Object>> b = runWithCommands(42, true);
        List<Map<String, Object>> clean = runWithCommands(42, false);
        assertThat(a).isEqualTo(b);

        Set<String> faultedPoints = new HashSet<>();
        for (Asset asset : site.assets()) {
            if (FAULTED.contains(asset.id())) {
                asset.points().stream().map(Point::id).forEach(faultedPoints::add);
            }
        }
        for (int i = 0; i < a.size(); i++) {
            Map<String, Object> faulty = new LinkedHashMap<>(a.get(i));
            Map<String, Object> expected = new LinkedHashMap<>(clean.get(i));
            faulty.keySet().removeAll(faultedPoints);
            expected.keySet().removeAll(faultedPoints);
            assertThat(faulty).as("tick " + i).isEqualTo(expected);
        }
        assertThat(a.get(10)).isEqualTo(clean.get(10));
        for (Asset asset : site.assets()) {
            if (FAULTED.contains(asset.id())) {
                assertThat(IntStream.range(0, a.size()).filter(i -> asset.points().stream()
                        .anyMatch(p -> !Objects.equals(a.get(i).get(p.id()), clean.get(i).get(p.id())))))
                        .as(asset.id() + " shows its fault").isNotEmpty();
            }
        }
    }

    @Test
    void activeFaultsShowParamsAndTheSampleTheyStartedAt() {
        Simulator sim = new Simulator(site, List.of("office"), 1, WINTER);
        sim.startFault(spec("office-ahu-1", FaultType.FILTER_CLOGGING, "pa-per-day", 60));
        assertThat(sim.activeFaults()).containsExactly(
                new ActiveFault("office-ahu-1", FaultType.FILTER_CLOGGING, Map.of("pa-per-day", 60.0), null));
        sim.readingsAt(WINTER);
        sim.readingsAt(WINTER + MINUTE);
        sim.startFault(spec("office-ahu-1", FaultType.FILTER_CLOGGING, "pa-per-day", 80));
        sim.startFault(new FaultSpec("office-water", FaultType.LEAK));
        sim.readingsAt(WINTER + 2 * MINUTE);
        assertThat(sim.activeFaults()).containsExactly(
                new ActiveFault("office-water", FaultType.LEAK, Map.of("m3h", 0.4), WINTER + 2 * MINUTE),
                new ActiveFault("office-ahu-1", FaultType.FILTER_CLOGGING, Map.of("pa-per-day", 80.0), WINTER));

        assertThat(sim.stopFault("office-water", FaultType.LEAK)).isTrue();
        assertThat(sim.stopFault("office-water", FaultType.LEAK)).isFalse();
        assertThat(sim.stopFault("office-water", FaultType.OFFLINE)).isFalse();
        sim.clearFaults();
        assertThat(sim.activeFaults()).isEmpty();
    }

    @Test
    void refusesFaultsOnUnknownOrUnsuitableAssetsNamingThem() {
        Simulator sim = new Simulator(site, List.of("office", "canteen"), 1, WINTER);
        assertThatThrownBy(() -> sim.startFault(new FaultSpec("gym-ahu", FaultType.OFFLINE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no asset gym-ahu");
        assertThatThrownBy(() -> sim.startFault(new FaultSpec("dorm-ahu-1", FaultType.FILTER_CLOGGING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dorm-ahu-1").hasMessageContaining("building dorm")
                .hasMessageContaining("canteen, office");
        assertThatThrownBy(() -> sim.stopFault("dorm-ahu-1", FaultType.FILTER_CLOGGING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dorm-ahu-1");

        Map<String, FaultType> unsuitable = new LinkedHashMap<>();
        unsuitable.put("office-water", FaultType.FILTER_CLOGGING);
        unsuitable.put("office-ahu-1", FaultType.SHORT_CYCLING);
        unsuitable.put("office-elec-main", FaultType.LEAK);
        unsuitable.put("canteen-boiler-1", FaultType.BEARING_WEAR);
        unsuitable.put("office-ahu-1", FaultType.METER_RESET);
        unsuitable.put("office-chiller-1", FaultType.METER_ROLLOVER);
        unsuitable.forEach((asset, type) -> assertThatThrownBy(() -> sim.startFault(new FaultSpec(asset, type)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault " + type.id()).hasMessageContaining("asset " + asset)
                .hasMessageContaining("applies to " + type.appliesTo()));
        assertThat(sim.activeFaults()).isEmpty();

        // Every fault has at least one asset of the demo campus it applies to.
        Simulator all = new Simulator(site, List.of(), 1, WINTER);
        Map<FaultType, String> suitable = Map.of(FaultType.FILTER_CLOGGING, "office-ahu-1",
                FaultType.BEARING_WEAR, "office-pump-chw-1", FaultType.LEAK, "campus-water-main",
                FaultType.SHORT_CYCLING, "canteen-boiler-1", FaultType.METER_RESET, "canteen-boiler-1",
                FaultType.METER_ROLLOVER, "office-elec-it", FaultType.STUCK_SENSOR, "campus-weather",
                FaultType.OFFLINE, "office-chiller-1");
        suitable.forEach((type, asset) -> all.startFault(new FaultSpec(asset, type)));
        assertThat(all.activeFaults()).hasSize(FaultType.values().length);
    }

    @Test
    void faultTypesAndSpecsValidateTheirParameters() {
        assertThat(FaultType.parse("short-cycling")).isEqualTo(FaultType.SHORT_CYCLING);
        assertThatThrownBy(() -> FaultType.parse("fire")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fire'")
                .hasMessageContaining("filter-clogging, bearing-wear, leak, short-cycling, meter-reset, meter-rollover, "
                        + "stuck-sensor, offline");

        assertThat(new FaultSpec("a", FaultType.METER_ROLLOVER).params()).containsExactly(
                Map.entry("modulus", 100_000.0), Map.entry("headroom", 1.0));
        assertThat(spec("a", FaultType.FILTER_CLOGGING, "pa-per-day", 0).params()).containsEntry("pa-per-day", 0.0);

        assertThatThrownBy(() -> spec("a", FaultType.FILTER_CLOGGING, "pa-per-hour", 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pa-per-hour").hasMessageContaining("filter-clogging")
                .hasMessageContaining("valid: pa-per-day");
        assertThatThrownBy(() -> spec("a", FaultType.OFFLINE, "minutes", 5))
                .hasMessageContaining("minutes").hasMessageContaining("offline").hasMessageContaining("no parameters");
        assertThatThrownBy(() -> spec("a", FaultType.LEAK, "m3h", -0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m3h").hasMessageContaining("leak")
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> spec("a", FaultType.BEARING_WEAR, "mm-s-per-day", Double.NaN))
                .hasMessageContaining("mm-s-per-day").hasMessageContaining("bearing-wear").hasMessageContaining("NaN");
        assertThatThrownBy(() -> spec("a", FaultType.LEAK, "m3h", Double.POSITIVE_INFINITY))
                .hasMessageContaining("m3h").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> spec("a", FaultType.SHORT_CYCLING, "cycle-minutes", 0))
                .hasMessageContaining("cycle-minutes").hasMessageContaining("above 0");
        assertThatThrownBy(() -> spec("a", FaultType.METER_ROLLOVER, "modulus", 10, "headroom", 10))
                .hasMessageContaining("headroom").hasMessageContaining("meter-rollover")
                .hasMessageContaining("below modulus");
        assertThatThrownBy(() -> new FaultSpec(null, FaultType.LEAK)).hasMessageStartingWith("asset:");
        assertThatThrownBy(() -> new FaultSpec("a", null)).hasMessageStartingWith("fault:");
    }
}

package org.facilitymonitor.edge.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Wednesdays. */
    static final long WINTER = ZonedDateTime.of(2026, 1, 14, 0, 0, 0, 0, BERLIN).toInstant().toEpochMilli();
    static final long SUMMER = ZonedDateTime.of(2026, 7, 15, 0, 0, 0, 0, BERLIN).toInstant().toEpochMilli();
    static final long MINUTE = 60_000;

    static SiteDescription site;

    @BeforeAll
    static void load() throws IOException {
        site = SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
    }

    /** Readings per tick, by point id. */
    static List<Map<String, Object>> run(Simulator sim, long start, long periodMs, int ticks) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            Map<String, Object> tick = new LinkedHashMap<>();
            for (Reading r : sim.readingsAt(start + i * periodMs)) {
                assertThat(r.ts()).isEqualTo(start + i * periodMs);
                assertThat(tick.put(r.point(), r.value())).as("one reading per point and tick").isNull();
            }
            out.add(tick);
        }
        return out;
    }

    static double num(Map<String, Object> tick, String point) {
        return (Double) tick.get(point);
    }

    static boolean state(Map<String, Object> tick, String point) {
        return (Boolean) tick.get(point);
    }

    @Test
    void sameSeedAndStartGiveTheSameReadings() {
        List<Map<String, Object>> a = run(new Simulator(site, List.of(), 42, WINTER), WINTER, 10_000, 300);
        List<Map<String, Object>> b = run(new Simulator(site, List.of(), 42, WINTER), WINTER, 10_000, 300);
        List<Map<String, Object>> other = run(new Simulator(site, List.of(), 43, WINTER), WINTER, 10_000, 300);

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(other);
    }

    @Test
    void everyPointGetsAValidReadingEachTickAndRegistersNeverDecrease() {
        Simulator sim = new Simulator(site, List.of(), 7, WINTER);
        Map<String, Point> points = new HashMap<>();
        site.points().forEach(p -> points.put(p.id(), p));
        Map<String, Double> last = new HashMap<>();

        List<Map<String, Object>> ticks = run(sim, WINTER, MINUTE, 3 * 24 * 60);

        for (Map<String, Object> tick : ticks) {
            assertThat(tick.keySet()).containsExactlyInAnyOrderElementsOf(points.keySet());
            for (Map.Entry<String, Object> e : tick.entrySet()) {
                Point p = points.get(e.getKey());
                if (p.kind() == PointKind.STATE) {
                    assertThat(e.getValue()).as(p.id()).isInstanceOf(Boolean.class);
                    continue;
                }
                assertThat(e.getValue()).as(p.id()).isInstanceOf(Double.class);
                double v = (Double) e.getValue();
                assertThat(Double.isFinite(v)).as(p.id()).isTrue();
                if (p.kind() == PointKind.CUMULATIVE) {
                    assertThat(v).as(p.id()).isGreaterThanOrEqualTo(last.getOrDefault(p.id(), 0.0));
                    last.put(p.id(), v);
                }
            }
        }
        List<Reading> sample = sim.readingsAt(WINTER + 3 * 24 * 60 * MINUTE);
        assertThat(ContractV1.encode(Batch.live("demo-campus", "e", 0, sample))).isNotEmpty();
        // Registers move: energy, volume and run hours all grew over three winter days.
        Map<String, Object> first = ticks.get(0);
        Map<String, Object> lastTick = ticks.get(ticks.size() - 1);
        for (String p : List.of("office-elec-main-energy", "campus-water-main-volume", "campus-gas-main-volume",
                "canteen-boiler-1-run-hours")) {
            assertThat(num(lastTick, p)).as(p).isGreaterThan(num(first, p));
        }
        assertThat(num(first, "office-elec-main-energy")).isGreaterThan(10_000);
    }

    @Test
    void winterWeekdayIsPlausible() {
        List<Map<String, Object>> day = run(new Simulator(site, List.of(), 42, WINTER), WINTER, MINUTE, 24 * 60);
        Map<String, Object> night = day.get(3 * 60);
        Map<String, Object> morning = day.get(11 * 60);
        Map<String, Object> lunch = day.get(12 * 60 + 30);
        Map<String, Object> evening = day.get(20 * 60);

        assertThat(num(morning, "office-elec-main-power")).isGreaterThan(2 * num(night, "office-elec-main-power"));
        assertThat(num(evening, "dorm-elec-main-power")).isGreaterThan(num(morning, "dorm-elec-main-power"));
        assertThat(num(lunch, "canteen-elec-main-power")).isGreaterThan(2 * num(evening, "canteen-elec-main-power"));
        assertThat(num(night, "office-water-flow")).isBetween(0.0, 0.5);
        assertThat(num(morning, "office-water-flow")).isGreaterThan(num(night, "office-water-flow"));
        assertThat(num(night, "campus-gas-main-flow")).isGreaterThan(10.0);

        for (Map<String, Object> t : day) {
            assertThat(num(t, "campus-weather-outdoor-temp")).isBetween(-15.0, 15.0);
            assertThat(num(t, "canteen-boiler-1-supply-temp")).isBetween(60.0, 80.0);
            assertThat(num(t, "canteen-boiler-1-return-temp")).isBetween(35.0, 60.0);
            assertThat(num(t, "canteen-boiler-1-flue-temp")).isBetween(35.0, 160.0);
            assertThat(num(t, "canteen-boiler-1-pressure")).isBetween(1.7, 1.9);
            assertThat(num(t, "office-chiller-1-power")).isZero();
            assertThat(state(t, "office-chiller-1-running")).isFalse();
        }
        assertThat(day).extracting(t -> state(t, "canteen-boiler-1-burner")).contains(true, false);
        assertThat(day.stream().filter(t -> state(t, "canteen-boiler-1-burner"))
                .mapToDouble(t -> num(t, "canteen-boiler-1-flue-temp")).max().orElseThrow()).isBetween(120.0, 160.0);
        assertThat(day).extracting(t -> state(t, "canteen-pump-hw-1-running") ^ state(t, "canteen-pump-hw-2-running"))
                .containsOnly(true);

        assertThat(state(morning, "office-ahu-1-fan")).isTrue();
        assertThat(state(night, "office-ahu-1-fan")).isFalse();
        assertThat(num(morning, "office-ahu-1-supply-temp")).isBetween(17.0, 19.0);
        assertThat(num(morning, "office-ahu-1-setpoint")).isEqualTo(18.0);
        assertThat(num(morning, "office-ahu-1-return-temp")).isBetween(20.0, 24.0);
        assertThat(num(morning, "office-ahu-1-filter-dp")).isBetween(110.0, 320.0);
    }

    @Test
    void summerAfternoonRunsTheChiller() {
        List<Map<String, Object>> day = run(new Simulator(site, List.of("office"), 42, SUMMER), SUMMER, MINUTE, 24 * 60);
        Map<String, Object> afternoon = day.get(14 * 60);
        Map<String, Object> night = day.get(2 * 60);

        assertThat(state(afternoon, "office-chiller-1-running")).isTrue();
        assertThat(num(afternoon, "office-chiller-1-cop")).isBetween(3.0, 5.0);
        assertThat(num(afternoon, "office-chiller-1-power")).isBetween(5.0, 60.0);
        assertThat(num(afternoon, "office-chiller-1-chw-supply-temp")).isBetween(6.0, 7.0);
        assertThat(state(afternoon, "office-pump-chw-1-running")).isTrue();
        assertThat(num(afternoon, "office-pump-chw-1-current")).isBetween(7.0, 9.0);
        assertThat(num(afternoon, "office-pump-chw-1-vibration")).isBetween(1.4, 2.6);
        assertThat(state(night, "office-chiller-1-running")).isFalse();
        assertThat(num(night, "office-pump-chw-1-current")).isZero();
        for (Map<String, Object> t : day) {
            assertThat(num(t, "campus-weather-outdoor-temp")).isBetween(5.0, 35.0);
        }
    }

    @Test
    void anAssetBehavesTheSameWhicheverBuildingsAreSimulated() {
        List<Map<String, Object>> all = run(new Simulator(site, List.of(), 42, WINTER), WINTER, 10_000, 100);
        List<Map<String, Object>> canteen = run(new Simulator(site, List.of("canteen"), 42, WINTER), WINTER, 10_000, 100);

        for (int i = 0; i < all.size(); i++) {
            Map<String, Object> expected = new LinkedHashMap<>(all.get(i));
            expected.keySet().retainAll(canteen.get(i).keySet());
            assertThat(canteen.get(i)).isEqualTo(expected);
        }
        assertThat(canteen.get(0)).containsKey("canteen-boiler-2-burner").doesNotContainKey("office-elec-main-power");
    }

    @Test
    void refusesUnknownBuildingsAndTimeGoingBackwards() {
        assertThatThrownBy(() -> new Simulator(site, List.of("gym"), 1, WINTER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("buildings:");
        Simulator sim = new Simulator(site, List.of(), 1, WINTER);
        sim.readingsAt(WINTER);
        assertThatThrownBy(() -> sim.readingsAt(WINTER)).isInstanceOf(IllegalArgumentException.class);
    }
}

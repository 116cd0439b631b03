package org.facilitymonitor.edge.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduledFaultsTest {

    static SiteDescription site;
    static final long START = SimulatorTest.WINTER + 9 * 3_600_000L;
    static final long STEP = 10_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        site = SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
    }

    static Map<String, Double> cumulative(List<Reading> readings, Simulator sim) {
        Map<String, Double> out = new HashMap<>();
        for (Point p : sim.points()) {
            if (p.kind() == PointKind.CUMULATIVE) {
                readings.stream().filter(r -> r.point().equals(p.id())).findFirst()
                        .ifPresent(r -> out.put(p.id(), (Double) r.value()));
            }
        }
        return out;
    }

    @Test
    void metersContinueFromTheirLastReadingAcrossARestartInsteadOfResetting() {
        Path file = dir.resolve("simulated-registers.json");
        Simulator first = new Simulator(site, List.of(), 9, START);
        ScheduledFaults run1 = new ScheduledFaults(first, List.of(), file);
        Map<String, Double> last = null;
        for (int i = 0; i < 360; i++) { // an hour of office hours
            last = cumulative(run1.readingsAt(START + i * STEP), first);
        }
        assertThat(last).hasSizeGreaterThanOrEqualTo(10);

        // the agent restarts 5 minutes later with the same seed: a fresh simulator
        long restart = START + 365 * STEP;
        Simulator second = new Simulator(site, List.of(), 9, restart);
        Map<String, Double> firstAfter = cumulative(new ScheduledFaults(second, List.of(), file).readingsAt(restart), second);
        assertThat(firstAfter).isEqualTo(last);

        Simulator unremembered = new Simulator(site, List.of(), 9, restart);
        Map<String, Double> fresh = cumulative(new ScheduledFaults(unremembered, List.of(), null).readingsAt(restart),
                unremembered);
        assertThat(fresh.get("office-elec-main-energy")).as("without the file the meter goes back to its start")
                .isLessThan(last.get("office-elec-main-energy"));
    }

    @Test
    void registersKeepRisingAfterTheRestart() {
        Path file = dir.resolve("simulated-registers.json");
        Simulator first = new Simulator(site, List.of("office"), 9, START);
        ScheduledFaults run1 = new ScheduledFaults(first, List.of(), file);
        for (int i = 0; i < 30; i++) {
            run1.readingsAt(START + i * STEP);
        }
        Simulator second = new Simulator(site, List.of("office"), 9, START + 40 * STEP);
        ScheduledFaults run2 = new ScheduledFaults(second, List.of(), file);
        double before = cumulative(run2.readingsAt(START + 40 * STEP), second).get("office-elec-main-energy");
        double after = 0;
        for (int i = 41; i < 100; i++) {
            after = cumulative(run2.readingsAt(START + i * STEP), second).get("office-elec-main-energy");
        }
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void anUnreadableFileIsIgnoredWithTheMetersStartingAfresh() throws IOException {
        Path file = dir.resolve("simulated-registers.json");
        Files.writeString(file, "{not json");
        Simulator a = new Simulator(site, List.of("office"), 9, START);
        Simulator b = new Simulator(site, List.of("office"), 9, START);
        assertThat(new ScheduledFaults(a, List.of(), file).readingsAt(START))
                .isEqualTo(new ScheduledFaults(b, List.of(), null).readingsAt(START));
        assertThat(Files.readString(file)).as("rewritten after the sample").startsWith("{\"office-");
    }
}

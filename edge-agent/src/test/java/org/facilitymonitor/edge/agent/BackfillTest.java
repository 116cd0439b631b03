package org.facilitymonitor.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueuedBatch;
import org.facilitymonitor.edge.queue.SeqStore;
import org.facilitymonitor.edge.simulate.Backfill;
import org.facilitymonitor.edge.simulate.ScheduledFaults;
import org.facilitymonitor.edge.simulate.Simulator;
import org.facilitymonitor.edge.site.SiteDescription;
import org.facilitymonitor.edge.site.SiteFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's backfill through the {@link HistoryFeeder} into a real disk queue: deterministic, on the step
 * grid, registers and the weather station only, batches of at most 5,000 readings marked historical, resumed after an interruption
 * without a duplicate or a gap, not queued again once done, and the live meters continue from its last registers.
 */
class BackfillTest {

    static final long NOW = Instant.parse("2026-11-21T08:07:30Z").toEpochMilli();
    static final long STEP = Duration.ofMinutes(15).toMillis();
    static final long FROM = Backfill.align(NOW - Duration.ofDays(40).toMillis(), STEP);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    static SiteDescription site;

    @TempDir
    Path dir;

    @BeforeAll
    static void site() throws IOException {
        site = SiteFiles.load(Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")));
    }

    static Backfill backfill(java.util.function.Consumer<Map<String, Double>> completed) {
        return new Backfill(new Simulator(site, List.of("office"), 42, FROM), FROM, STEP, CLOCK, completed);
    }

    static List<Reading> all(HistorySource source) {
        List<Reading> out = new ArrayList<>();
        for (List<Reading> step = source.next(); !step.isEmpty(); step = source.next()) {
            out.addAll(step);
        }
        return out;
    }

    /** Queues the backfill until {@code interruptAfter} timestamps (0: to the end); returns what it queued. */
    List<Reading> feed(Path queueDir, int interruptAfter, Map<String, Double> completed) throws IOException {
        HistoryProgress progress = HistoryProgress.load(queueDir.resolve("backfill-progress.json"), FROM);
        Backfill backfill = backfill(completed::putAll);
        HistorySource source = interruptAfter == 0 ? backfill : new HistorySource() {
            int steps;

            @Override
            public String name() {
                return backfill.name();
            }

            @Override
            public void resumeAt(long ts) {
                backfill.resumeAt(ts);
            }

            @Override
            public List<Reading> next() {
                if (++steps > interruptAfter) {
                    Thread.currentThread().interrupt(); // as SIGTERM does
                }
                return backfill.next();
            }

            @Override
            public long firstTs() {
                return backfill.firstTs();
            }

            @Override
            public long lastTs() {
                return backfill.lastTs();
            }
        };
        List<String> lines = new ArrayList<>();
        long before;
        try (DiskQueue queue = DiskQueue.open(queueDir.resolve("queue"), DiskQueue.Options.withCap(256L << 20))) {
            before = queue.lastSeq();
            SeqStore seqs = SeqStore.open(queueDir.resolve("seq"), CLOCK, 1000);
            seqs.advancePast(queue.lastSeq());
            HistoryFeeder feeder = new HistoryFeeder(source, progress, queue, seqs, "demo-campus", "office-edge",
                    ContractV1.MAX_READINGS, 128L << 20, new AgentCounters(), () -> { }, CLOCK, Duration.ofSeconds(5),
                    lines::add);
            try {
                feeder.run();
            } catch (InterruptedException e) {
                assertThat(interruptAfter).isPositive();
            }
            Thread.interrupted();
            List<Reading> queued = new ArrayList<>();
            for (QueuedBatch b : queue.peekAfter(before, 100_000)) {
                Batch batch = ContractV1.decode(b.payload());
                assertThat(batch.historical()).isTrue();
                assertThat(batch.readings()).hasSizeLessThanOrEqualTo(5_000);
                assertThat(b.payload().length).as("within the service's message limit").isLessThanOrEqualTo(262_144);
                queued.addAll(batch.readings());
            }
            return queued;
        }
    }

    @Test
    void sameFromStepAndSeedGiveTheSameRegistersOnTheGridThenOneAtNow() {
        List<Reading> a = all(backfill(r -> { }));
        List<Reading> b = all(backfill(r -> { }));
        assertThat(a).isEqualTo(b);
        Set<String> points = new HashSet<>();
        a.forEach(r -> points.add(r.point()));
        assertThat(points).containsExactlyInAnyOrder("office-elec-main-energy", "office-elec-it-energy",
                "office-elec-admin-energy", "office-water-volume", "campus-weather-outdoor-temp");
        long gridSamples = (NOW - FROM) / STEP + 1; // FROM … the last step before NOW
        assertThat(a).hasSize((int) ((gridSamples + 1) * points.size()));
        Map<String, Double> last = new TreeMap<>();
        for (Reading r : a) {
            boolean onGrid = (r.ts() - FROM) % STEP == 0;
            assertThat(onGrid || r.ts() == NOW).as("ts %s", Instant.ofEpochMilli(r.ts())).isTrue();
            double v = ((Number) r.value()).doubleValue();
            if (r.point().equals("campus-weather-outdoor-temp")) {
                assertThat(v).as("outdoor °C in October and November").isBetween(-20.0, 25.0);
                continue;
            }
            assertThat(v).as("%s never decreases", r.point()).isGreaterThanOrEqualTo(last.getOrDefault(r.point(), 0.0));
            last.put(r.point(), v);
        }
        assertThat(a.get(a.size() - 1).ts()).isEqualTo(NOW);
    }

    @Test
    void anInterruptedBackfillResumesWhereItStoppedWithoutDuplicatesAndIsNotQueuedAgain() throws IOException {
        Map<String, Double> unused = new TreeMap<>();
        List<Reading> whole = feed(dir.resolve("whole"), 0, unused);
        assertThat(whole).isEqualTo(all(backfill(r -> { })));

        Path restarted = dir.resolve("restarted");
        Map<String, Double> completed = new TreeMap<>();
        List<Reading> first = feed(restarted, 1_500, completed); // stopped after 1,500 of the 3,841 timestamps
        assertThat(first).hasSizeBetween(5_000, 7_500);
        assertThat(first.size() % 5).as("whole timestamps only (4 registers and the outdoor temperature)").isZero();
        assertThat(completed).as("not completed yet").isEmpty();
        List<Reading> second = feed(restarted, 0, completed);
        List<Reading> both = new ArrayList<>(first);
        both.addAll(second);
        assertThat(both).as("what both runs queued is exactly the uninterrupted backfill").isEqualTo(whole);
        Set<String> keys = new HashSet<>();
        both.forEach(r -> assertThat(keys.add(r.point() + "@" + r.ts())).as("once: %s", r).isTrue());
        assertThat(HistoryProgress.load(restarted.resolve("backfill-progress.json"), 0).done()).isTrue();
        assertThat(completed).as("the last registers, handed to the live meters").hasSize(4)
                .containsEntry("office-elec-main-energy", lastOf(whole, "office-elec-main-energy"))
                .containsEntry("office-water-volume", lastOf(whole, "office-water-volume"));

        assertThat(feed(restarted, 0, new TreeMap<>())).as("a third start queues nothing").isEmpty();
    }

    @Test
    void liveMetersContinueFromTheBackfillsLastRegisters() throws IOException {
        Path registers = dir.resolve("simulated-registers.json");
        Simulator live = new Simulator(site, List.of("office"), 42, NOW);
        ScheduledFaults source = new ScheduledFaults(live, List.of(), registers);
        assertThat(source.continuesEarlierRun()).isFalse();
        Backfill backfill = backfill(source::continueFrom);
        List<Reading> past = all(backfill);
        backfill.completed();
        Map<String, Double> lastPast = new TreeMap<>();
        past.stream().filter(r -> !r.point().equals("campus-weather-outdoor-temp"))
                .forEach(r -> lastPast.put(r.point(), ((Number) r.value()).doubleValue()));
        assertThat(lastPast).hasSize(4);

        Map<String, Double> firstLive = registersOf(source.readingsAt(NOW + 5_000));
        assertThat(firstLive).isEqualTo(lastPast);
        Map<String, Double> later = registersOf(source.readingsAt(NOW + 3_600_000));
        later.forEach((p, v) -> assertThat(v).as(p).isGreaterThanOrEqualTo(firstLive.get(p)));
        assertThat(later.get("office-elec-main-energy")).isGreaterThan(firstLive.get("office-elec-main-energy"));

        ScheduledFaults restarted = new ScheduledFaults(new Simulator(site, List.of("office"), 42, NOW), List.of(), registers);
        assertThat(restarted.continuesEarlierRun()).as("a restart continues from the registers file").isTrue();
        assertThat(registersOf(restarted.readingsAt(NOW + 3_605_000))).isEqualTo(later);
    }

    private static double lastOf(List<Reading> readings, String point) {
        double v = -1;
        for (Reading r : readings) {
            if (r.point().equals(point)) {
                v = ((Number) r.value()).doubleValue();
            }
        }
        return v;
    }

    private Map<String, Double> registersOf(List<Reading> readings) {
        Map<String, Double> out = new TreeMap<>();
        readings.stream().filter(r -> r.point().endsWith("-energy") || r.point().endsWith("-volume"))
                .forEach(r -> out.put(r.point(), ((Number) r.value()).doubleValue()));
        return out;
    }

    @Test
    void aBackfillMustStartOnItsGrid() {
        assertThatThrownBy(() -> new Backfill(new Simulator(site, List.of("office"), 42, FROM + 1), FROM + 1, STEP, CLOCK,
                r -> { })).hasMessageContaining("grid");
    }
}

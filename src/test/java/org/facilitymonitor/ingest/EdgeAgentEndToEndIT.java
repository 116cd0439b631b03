package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.assets.SiteDescription;
import org.facilitymonitor.testing.DemoCatalog;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real edge agent (edge-agent/target/edge-agent.jar) feeding the packaged service through a
 * real Mosquitto into InfluxDB: the broker freezes, the agent is killed with SIGKILL while it does,
 * stays down, is started again on the same queue directory and is finally stopped with SIGTERM.
 * InfluxDB must then hold, for every office point, one reading per sampled tick, with one gap only
 * (while the agent was down), seqs without a hole within each run, everything the agent
 * acknowledged and nothing the service rejected. Only counts, order and seqs are asserted, no
 * durations. Needs the agent jar built first (bin/test-all does that before the service's verify).
 */
class EdgeAgentEndToEndIT {

    private static final String SITE = "demo-campus";
    private static final String BUILDING = "office";
    private static final String EDGE = "e2e-edge";
    private static final String EDGE_PASSWORD = "e2e-edge-password";
    private static final long PERIOD_MS = 1000;
    /** Ticks run 1 gets stored before the broker freezes, and run 2 of its own before it is stopped. */
    private static final int RUN_1_TICKS = 5;
    private static final int RUN_2_TICKS = 8;
    /** The faults: how long the broker stays frozen before the kill, and how long the agent stays down. */
    private static final Duration BROKER_FROZEN = Duration.ofSeconds(3);
    private static final Duration DOWN = Duration.ofSeconds(5);
    private static final Pattern RUN_LINE = Pattern.compile("^run: (\\d+) samples, (\\d+) readings queued, (\\d+) readings"
            + " acknowledged \\((\\d+) live \\+ (\\d+) historical batches sent\\), queue holds (\\d+) readings, dropped (\\d+)"
            + " readings, last acked seq (-?\\d+)$", Pattern.MULTILINE);
    private static final Pattern QUEUE_AT_START = Pattern.compile("holds (\\d+) batches \\((\\d+) readings\\)");

    private static Path agentJar;
    private static NativeStack stack;
    private static ServiceProcess service;
    private static final List<Process> agents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Path repo = NativeStack.repositoryRoot();
        agentJar = repo.resolve("edge-agent/target/edge-agent.jar");
        if (!Files.isRegularFile(agentJar)) {
            fail("the edge agent jar " + agentJar + " is missing: build the edge agent first, "
                    + "(cd edge-agent && ./mvnw -B -ntp package -Dmaven.test.skip=true), or run bin/test-all");
        }
        stack = NativeStack.start(repo, "e2e-it");
        stack.addMqttUser(EDGE, EDGE_PASSWORD);
        service = ServiceProcess.start(stack, ServiceProcess.freePort(), "fm-service-e2e-it", "e2e")
                .awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        try {
            for (Process agent : agents) {
                if (agent.isAlive()) {
                    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            try {
                if (service != null) {
                    service.close();
                }
            } finally {
                if (stack != null) {
                    stack.close();
                }
            }
        }
    }

    @Test
    void agentKilledAndRestartedLosesNothing() throws Exception {
        Set<String> officePoints = officePoints();
        Path work = Files.createTempDirectory(Files.createDirectories(NativeStack.repositoryRoot().resolve("target")), "e2e-agent-");
        Path config = writeConfig(work);
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");

        // Run 1: until some ticks are stored (the whole path works).
        long firstStart = System.currentTimeMillis();
        Process first = startAgent(config, work, 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(first.isAlive()).as("agent run 1 alive; stderr:%n%s", read(work.resolve("agent-1.err"))).isTrue();
            assertThat(influx.countPoints(SITE)).as("readings stored from agent run 1")
                    .isGreaterThanOrEqualTo((long) RUN_1_TICKS * officePoints.size());
        });
        // The broker freezes (SIGSTOP) and the agent is killed while it is frozen: the samples of those ticks are
        // queued and unacknowledged at the kill, so run 2 must find them in the queue and send them.
        long frozenAt;
        long killedAt;
        stack.signal("mosquitto", "STOP");
        try {
            frozenAt = System.currentTimeMillis();
            Thread.sleep(BROKER_FROZEN.toMillis()); // the fault: the broker stays frozen while the agent samples on
            assertThat(first.isAlive()).as("agent run 1 alive before the kill").isTrue();
            killedAt = System.currentTimeMillis();
            first.destroyForcibly();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("run 1 ended on SIGKILL").isTrue();
        } finally {
            stack.signal("mosquitto", "CONT");
        }
        assertThat(first.exitValue()).as("exit status of run 1: 128 + 9, killed by SIGKILL").isEqualTo(137);
        assertThat(read(work.resolve("agent-1.out"))).as("a SIGKILLed agent prints no summary").doesNotContain("run: ");

        Thread.sleep(DOWN.toMillis()); // the fault: the agent stays down (the one gap of ticks expected below)

        // Run 2 on the same queue dir: until it has stored ticks of its own (after the backlog, which it sends
        // first), then SIGTERM.
        long restartedAt = System.currentTimeMillis();
        Process second = startAgent(config, work, 2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(second.isAlive()).as("agent run 2 alive; stderr:%n%s", read(work.resolve("agent-2.err"))).isTrue();
            assertThat(IngestPipelineTest.countWhere(influx, "\"site\" = '" + SITE + "' AND time >= " + restartedAt + "ms"))
                    .as("readings stored from agent run 2").isGreaterThanOrEqualTo((long) RUN_2_TICKS * officePoints.size());
        });
        long terminatedAt = System.currentTimeMillis();
        second.destroy();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("run 2 exits after SIGTERM (3 s grace for PUBACKs)").isTrue();
        assertThat(second.exitValue()).as("exit status of run 2 after SIGTERM (0, or 128 + 15)").isIn(0, 143);
        String out2 = read(work.resolve("agent-2.out"));
        String err2 = read(work.resolve("agent-2.err"));
        Matcher run = RUN_LINE.matcher(out2);
        assertThat(run.find()).as("run 2 summary line in its output:%n%s%nstderr:%n%s", out2, err2).isTrue();
        long samples2 = Long.parseLong(run.group(1));
        long queued2 = Long.parseLong(run.group(2));
        long acked2 = Long.parseLong(run.group(3));
        long leftInQueue = Long.parseLong(run.group(6));
        long dropped = Long.parseLong(run.group(7));
        long lastAckedSeq = Long.parseLong(run.group(8));
        Matcher atStart = QUEUE_AT_START.matcher(err2);
        assertThat(atStart.find()).as("run 2 logs what its queue held at start:%n%s", err2).isTrue();
        long backlogBatches = Long.parseLong(atStart.group(1));
        long backlogReadings = Long.parseLong(atStart.group(2));

        assertThat(backlogBatches).as("batches run 1 left unacknowledged in its queue (the broker was frozen)").isPositive();
        assertThat(backlogReadings).as("backlog readings: whole ticks, every office point in each batch")
                .isEqualTo(backlogBatches * officePoints.size());
        assertThat(leftInQueue).as("readings left unacknowledged in the queue when run 2 stopped").isZero();
        assertThat(dropped).as("readings dropped by the queue").isZero();
        assertThat(queued2).as("readings queued by run 2 = samples x office points").isEqualTo(samples2 * officePoints.size());
        assertThat(acked2).as("run 2 acknowledged its own readings plus the backlog run 1 left")
                .isEqualTo(queued2 + backlogReadings);

        // Everything acknowledged reaches InfluxDB: wait for run 2's ticks and an idle service.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(IngestPipelineTest.countWhere(influx, "\"site\" = '" + SITE + "' AND time >= " + restartedAt + "ms"))
                    .as("readings of run 2 stored").isEqualTo(queued2);
            assertThat(service.metric("fm_ingest_pending_messages")).as("messages pending in the service").isZero();
        });

        Map<String, TreeMap<Long, Long>> stored = storedSeqByPointAndTime(influx);
        assertThat(stored.keySet()).as("points with stored readings: exactly the office points").isEqualTo(officePoints);
        TreeSet<Long> ticks = new TreeSet<>(stored.values().iterator().next().keySet());
        for (Map.Entry<String, TreeMap<Long, Long>> e : stored.entrySet()) {
            assertThat(e.getValue().keySet()).as("ticks stored for %s equal those of every other office point", e.getKey())
                    .containsExactlyElementsOf(ticks);
        }
        for (long t : ticks) {
            assertThat(Math.floorMod(t, PERIOD_MS)).as("tick %d on a %d ms boundary", t, PERIOD_MS).isZero();
        }
        List<long[]> gaps = new ArrayList<>();
        Long previous = null;
        for (long t : ticks) {
            if (previous != null && t - previous != PERIOD_MS) {
                gaps.add(new long[] { previous, t });
            }
            previous = t;
        }
        assertThat(gaps).as("gaps between stored ticks %s: exactly one, the agent's downtime",
                gaps.stream().map(g -> g[0] + ".." + g[1]).toList()).hasSize(1);
        long lastBefore = gaps.get(0)[0];
        long firstAfter = gaps.get(0)[1];
        long ticksBefore = ticks.headSet(lastBefore, true).size();
        long ticksAfter = ticks.tailSet(firstAfter, true).size();
        // Order, not durations: run 1's ticks lie between its start and its kill, the last of them sampled while
        // the broker was frozen (delivered by run 2 from the queue); run 2's lie between its start and SIGTERM.
        assertThat(ticks.first()).as("first stored tick vs the start of run 1 at %d", firstStart)
                .isGreaterThanOrEqualTo(firstStart);
        assertThat(lastBefore).as("last stored tick of run 1 vs the freeze at %d and the kill at %d", frozenAt, killedAt)
                .isGreaterThanOrEqualTo(frozenAt).isLessThanOrEqualTo(killedAt);
        assertThat(firstAfter).as("first stored tick of run 2 vs its start at %d", restartedAt)
                .isGreaterThanOrEqualTo(restartedAt);
        assertThat(ticks.last()).as("last stored tick vs the SIGTERM at %d", terminatedAt).isLessThanOrEqualTo(terminatedAt);
        assertThat(ticksAfter).as("ticks stored after the restart = samples run 2 reported").isEqualTo(samples2);

        long storedReadings = influx.countPoints(SITE);
        long acked1 = ticksBefore * officePoints.size() - backlogReadings;
        assertThat(storedReadings).as("stored = one reading per office point and tick").isEqualTo((long) ticks.size() * officePoints.size());
        assertThat(storedReadings).as("stored = acknowledged by run 2 + acknowledged by run 1 before its kill "
                + "(what run 1 sampled less the backlog run 2 found)").isEqualTo(acked2 + acked1);
        assertThat(acked1).as("run 1 got acknowledgements before its kill").isPositive();

        // Seqs: one batch per tick, the same seq on all points of a tick, increasing with time, across the restart too.
        TreeMap<Long, Long> seqByTick = new TreeMap<>();
        for (Map.Entry<String, TreeMap<Long, Long>> e : stored.entrySet()) {
            for (Map.Entry<Long, Long> r : e.getValue().entrySet()) {
                Long seen = seqByTick.putIfAbsent(r.getKey(), r.getValue());
                assertThat(seen == null ? r.getValue() : seen).as("seq of %s at %d = seq of the tick", e.getKey(), r.getKey())
                        .isEqualTo(r.getValue());
            }
        }
        // Within a run every tick took the next seq: a hole would be a batch queued and never stored. A restart
        // may skip seqs (the agent reserves them in blocks), never go back.
        Long lastSeq = null;
        for (Map.Entry<Long, Long> e : seqByTick.entrySet()) {
            if (lastSeq != null && e.getKey() != firstAfter) {
                assertThat(e.getValue()).as("seq at tick %d, the tick after seq %d", e.getKey(), lastSeq).isEqualTo(lastSeq + 1);
            }
            lastSeq = e.getValue();
        }
        assertThat(seqByTick.get(firstAfter)).as("first seq after the restart above the last before it")
                .isGreaterThan(seqByTick.get(lastBefore));
        assertThat(seqByTick.lastEntry().getValue()).as("seq of the last stored tick = the last seq run 2 saw acknowledged")
                .isEqualTo(lastAckedSeq);

        // The simulated meters keep their registers across the restart (no reset for rules to find).
        List<InfluxProbe.Series> energy = influx.query("SELECT \"energy_kwh\" FROM \"electricity\" WHERE \"site\" = '"
                + SITE + "' AND \"point\" = 'office-elec-main-energy'");
        assertThat(energy).hasSize(1);
        for (InfluxProbe.Series series : energy) {
            int value = series.columns().indexOf("energy_kwh");
            double previousKwh = Double.NEGATIVE_INFINITY;
            for (JsonNode row : series.rows()) {
                assertThat(row.get(value).asDouble()).as("office-elec-main-energy at %s", row.get(0))
                        .isGreaterThanOrEqualTo(previousKwh);
                previousKwh = row.get(value).asDouble();
            }
            assertThat(series.rows()).hasSize(ticks.size());
        }

        // The service: nothing rejected, everything it received stored.
        String metrics = service.get("/q/metrics");
        assertThat(sum(metrics, "fm_ingest_messages_rejected_total")).as("messages rejected").isZero();
        assertThat(sum(metrics, "fm_ingest_readings_rejected_total")).as("readings rejected").isZero();
        double received = sum(metrics, "fm_ingest_readings_received_total");
        assertThat(sum(metrics, "fm_ingest_readings_stored_total")).as("readings stored by the service = received")
                .isEqualTo(received);
        assertThat(received).as("readings received (redeliveries count twice)").isGreaterThanOrEqualTo(storedReadings);

        System.out.printf("EdgeAgentEndToEndIT: %d office points, %d ticks stored (%d before the kill, %d after the restart),"
                        + " %d readings stored; run 2: %d samples, %d queued, %d acknowledged, backlog at start %d batches"
                        + " (%d readings); run 1 acknowledged %d; seqs %d..%d and %d..%d; service received %.0f readings;"
                        + " run 2 exit status %d%n",
                officePoints.size(), ticks.size(), ticksBefore, ticksAfter, storedReadings, samples2, queued2, acked2,
                backlogBatches, backlogReadings, acked1, seqByTick.firstEntry().getValue(), seqByTick.get(lastBefore),
                seqByTick.get(firstAfter), seqByTick.lastEntry().getValue(), received, second.exitValue());
    }

    private static Set<String> officePoints() {
        Set<String> points = new TreeSet<>();
        for (SiteDescription.AssetInfo asset : DemoCatalog.description().assets()) {
            if (BUILDING.equals(asset.building())) {
                asset.points().forEach(p -> points.add(p.id()));
            }
        }
        assertThat(points).as("office points of demo/demo-campus.yaml").isNotEmpty();
        return points;
    }

    private static Path writeConfig(Path work) throws IOException {
        Path repo = NativeStack.repositoryRoot();
        String yaml = "site: " + SITE + "\n"
                + "edge: " + EDGE + "\n"
                + "broker: {url: \"" + stack.mqttUrl() + "\"}\n" // the password comes from FM_AGENT_BROKER_PASSWORD
                + "sampling: {period: 1s}\n"
                + "simulate: {site-file: \"" + repo.resolve("demo/demo-campus.yaml") + "\", buildings: [" + BUILDING
                + "], seed: 7}\n"
                + "queue: {dir: \"" + work.resolve("agent-data") + "\"}\n"
                + "status: {interval: 5s}\n";
        Path config = work.resolve("agent.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    private static Process startAgent(Path config, Path work, int run) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", agentJar.toString(), "run", "--config",
                config.toString())
                .directory(work.toFile())
                .redirectOutput(work.resolve("agent-" + run + ".out").toFile())
                .redirectError(work.resolve("agent-" + run + ".err").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("FM_AGENT_")); // only this test's configuration
        env.put("FM_AGENT_BROKER_PASSWORD", EDGE_PASSWORD);
        Process process = builder.start();
        agents.add(process);
        return process;
    }

    /** point -> (time -> seq) of every stored reading of the site. */
    private static Map<String, TreeMap<Long, Long>> storedSeqByPointAndTime(InfluxProbe influx) {
        Map<String, TreeMap<Long, Long>> byPoint = new TreeMap<>();
        for (InfluxProbe.Series s : influx.query("SELECT \"seq\" FROM /.*/ WHERE \"site\" = '" + SITE + "' GROUP BY \"point\"")) {
            TreeMap<Long, Long> rows = byPoint.computeIfAbsent(s.tags().path("point").asText(), p -> new TreeMap<>());
            int time = s.columns().indexOf("time");
            int seq = s.columns().indexOf("seq");
            for (JsonNode row : s.rows()) {
                if (!row.get(seq).isNull()) {
                    assertThat(rows.put(row.get(time).asLong(), row.get(seq).asLong()))
                            .as("one reading of %s at %s", s.tags().path("point").asText(), row.get(time)).isNull();
                }
            }
        }
        return byPoint;
    }

    /** Sum of every sample of a Prometheus metric (all label sets). */
    private static double sum(String metrics, String name) {
        double total = 0;
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(metrics);
        int found = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(2));
            found++;
        }
        assertThat(found).as("samples of %s in /q/metrics", name).isPositive();
        return total;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}

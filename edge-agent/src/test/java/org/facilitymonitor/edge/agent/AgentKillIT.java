package org.facilitymonitor.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facilitymonitor.edge.Await;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.TestSubscriber;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueuedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own process ({@code edge-agent run --config}), killed with SIGKILL while it
 * holds a backlog. What was queued at each kill is read from the queue directory by this test
 * (the agent is dead, so the queue's lock is free) and must all reach the broker's subscriber.
 */
@ExtendWith(MosquittoStack.class)
class AgentKillIT {

    private static final Logger LOG = Logger.getLogger(AgentKillIT.class.getName());
    private static final String SITE = "demo-campus";
    private static final Pattern STATUS_LINE = Pattern.compile(": NOT connected, queue (\\d+) batches / ");

    @TempDir
    Path dir;

    Path config(MosquittoStack.Broker broker, String edge, double drainRate) throws IOException {
        Path site = Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml")).toAbsolutePath();
        Path file = dir.resolve(edge + ".yaml");
        Files.writeString(file, """
                site: demo-campus
                edge: %s
                broker: {url: "%s", connect-timeout: 5s, max-inflight: 20}
                sampling: {period: 200ms}
                simulate: {site-file: %s, buildings: [office], seed: 11}
                queue: {dir: %s, historical-after: 2s, drain-rate: %s, receipts: false}
                status: {interval: 1s}
                """.formatted(edge, broker.url(), site, dir.resolve(edge), drainRate));
        return file;
    }

    Process start(Path config, String edge, int run) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.facilitymonitor.edge.Main", "run", "--config",
                config.toString());
        pb.environment().put("FM_AGENT_BROKER_PASSWORD", "pw-" + edge);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve(edge + "-run" + run + ".log").toFile());
        return pb.start();
    }

    /**
     * The queue depth the agent of run {@code run} last logged in its status line (every second,
     * also while disconnected), -1 before the first. The line is written after the batches it counts
     * were appended, so a queue read after a kill holds at least that many.
     */
    long loggedQueueDepth(String edge, int run) {
        try {
            Matcher m = STATUS_LINE.matcher(Files.readString(dir.resolve(edge + "-run" + run + ".log")));
            long depth = -1;
            while (m.find()) {
                depth = Long.parseLong(m.group(1));
            }
            return depth;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Waits until run {@code run} of the agent logs a queue of at least {@code batches}; returns the depth logged. */
    long awaitQueued(String edge, int run, long batches) throws InterruptedException {
        return Await.until("run " + run + " to queue " + batches + " batches", Duration.ofSeconds(60),
                () -> loggedQueueDepth(edge, run), depth -> depth >= batches);
    }

    static void kill9(Process p) throws InterruptedException {
        p.toHandle().destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    /** Seqs in the dead agent's queue: appended and not acknowledged when it died. */
    TreeSet<Long> queuedSeqs(String edge) throws IOException {
        try (DiskQueue q = DiskQueue.open(dir.resolve(edge).resolve("queue"), DiskQueue.Options.of(8 << 20, 256L << 20))) {
            TreeSet<Long> seqs = new TreeSet<>();
            for (QueuedBatch b : q.peekOldest(Integer.MAX_VALUE)) {
                seqs.add(b.seq());
            }
            return seqs;
        }
    }

    /** Delivered batches by seq, checking that a seq delivered again carries the same readings; returns the resends. */
    static int deliveries(TestSubscriber sub, Map<Long, Batch> bySeq) {
        int resends = 0;
        for (TestSubscriber.Received m : sub.received("/data")) {
            Batch b = ContractV1.decode(m.payload());
            Batch before = bySeq.putIfAbsent(b.seq(), b);
            if (before != null) {
                resends++;
                assertThat(b.readings()).as("seq %d delivered twice with other readings", b.seq())
                        .isEqualTo(before.readings());
            }
        }
        return resends;
    }

    @Test
    void killedTwiceWhileHoldingABacklog_everyQueuedBatchArrivesExactlyOnce(MosquittoStack.Broker broker)
            throws Exception {
        String edge = "it-kill-backlog";
        broker.addUser(edge, "pw-" + edge);
        Path config = config(broker, edge, 0);
        List<Process> started = new ArrayList<>();
        long secondKillAt = 0;
        TreeSet<Long> afterFirstKill = new TreeSet<>();
        try (TestSubscriber sub = new TestSubscriber(broker, "it-kill-backlog-sub", true,
                "fm/v1/" + SITE + "/" + edge + "/data")) {
            broker.stop();
            try {
                Process first = start(config, edge, 1);
                started.add(first);
                long loggedFirst = awaitQueued(edge, 1, 16);
                kill9(first);
                TreeSet<Long> afterFirst = queuedSeqs(edge);
                assertThat((long) afterFirst.size()).as("what the first run had logged as queued survived the kill")
                        .isGreaterThanOrEqualTo(loggedFirst);
                Process second = start(config, edge, 2);
                started.add(second);
                long loggedSecond = awaitQueued(edge, 2, afterFirst.size() + 11);
                kill9(second);
                secondKillAt = System.currentTimeMillis();
                TreeSet<Long> afterSecond = queuedSeqs(edge);
                assertThat(afterSecond).as("the second run kept the first run's backlog").containsAll(afterFirst);
                assertThat((long) afterSecond.size()).as("what the second run had logged as queued survived the kill")
                        .isGreaterThanOrEqualTo(loggedSecond);
                TreeSet<Long> secondRun = new TreeSet<>(afterSecond);
                secondRun.removeAll(afterFirst);
                assertThat(secondRun.first()).as("the seq went on increasing across the kill")
                        .isGreaterThan(afterFirst.last());
                afterFirstKill.addAll(afterFirst);
            } finally {
                broker.start();
            }
            TreeSet<Long> backlog = queuedSeqs(edge);
            Process third = start(config, edge, 3);
            started.add(third);
            Map<Long, Batch> bySeq = new HashMap<>();
            assertThat(sub.await(m -> {
                bySeq.clear();
                deliveries(sub, bySeq);
                return bySeq.keySet().containsAll(backlog) && bySeq.size() > backlog.size() + 5;
            }, Duration.ofSeconds(60))).as("the backlog of %d batches arrives", backlog.size()).isTrue();
            third.destroy(); // SIGTERM: a clean stop
            assertThat(third.waitFor(20, TimeUnit.SECONDS)).isTrue();

            bySeq.clear();
            int resends = deliveries(sub, bySeq);
            assertThat(resends).as("no batch delivered twice: none was in flight at either kill").isZero();
            // the first run's batches waited out the whole second run (11 samples at 200 ms at least, longer than
            // historical-after, 2 s): all backfill; of the second run's, those older than 3 s at its kill
            assertThat(afterFirstKill).allSatisfy(seq -> assertThat(bySeq.get(seq).historical())
                    .as("seq %d of the first run is backfill", seq).isTrue());
            for (long seq : backlog) {
                Batch b = bySeq.get(seq);
                if (b.readings().get(0).ts() < secondKillAt - 3_000) {
                    assertThat(b.historical()).as("seq %d is backfill", seq).isTrue();
                }
            }
            String log = Files.readString(dir.resolve(edge + "-run3.log"));
            assertThat(log).contains("queue " + dir.resolve(edge) + " holds " + backlog.size() + " batches");
            LOG.info(String.format("kill -9 twice with the broker down: %d batches queued at the kills, %d delivered"
                    + " in all, 0 twice", backlog.size(), bySeq.size()));
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void killedWhileDraining_nothingLostAndOnlyUnacknowledgedBatchesAreSentAgain(MosquittoStack.Broker broker)
            throws Exception {
        String edge = "it-kill-drain";
        broker.addUser(edge, "pw-" + edge);
        Path config = config(broker, edge, 150); // ~7 office batches/s: a drain long enough to be killed in
        List<Process> started = new ArrayList<>();
        try (TestSubscriber sub = new TestSubscriber(broker, "it-kill-drain-sub", true,
                "fm/v1/" + SITE + "/" + edge + "/data")) {
            broker.stop();
            Process first = start(config, edge, 1);
            started.add(first);
            try {
                awaitQueued(edge, 1, 40); // a backlog of ~6 s at the paced drain rate
            } finally {
                broker.start();
            }
            assertThat(sub.await(m -> m.stream().filter(x -> ContractV1.decode(x.payload()).historical()).count() >= 10,
                    Duration.ofSeconds(30))).as("the drain started").isTrue();
            kill9(first);
            TreeSet<Long> unacknowledged = queuedSeqs(edge);
            Map<Long, Batch> beforeKill = new HashMap<>();
            deliveries(sub, beforeKill);
            // the scenario, not a speed: the kill came while the paced drain (150 readings/s) still had a backlog
            assertThat(unacknowledged).as("killed with backlog left").hasSizeGreaterThan(5);

            Process second = start(config, edge, 2);
            started.add(second);
            Map<Long, Batch> bySeq = new HashMap<>();
            assertThat(sub.await(m -> {
                bySeq.clear();
                deliveries(sub, bySeq);
                return bySeq.keySet().containsAll(unacknowledged);
            }, Duration.ofSeconds(60))).as("what was queued at the kill arrives").isTrue();
            second.destroy();
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();

            bySeq.clear();
            int resends = deliveries(sub, bySeq);
            assertThat(bySeq.keySet()).containsAll(beforeKill.keySet()).containsAll(unacknowledged);
            // at-least-once: a batch the broker had but whose PUBACK the agent had not recorded is sent again,
            // with the same seq and readings (the service stores it once); nothing else is
            assertThat(resends).as("resends bounded by the inflight window").isLessThanOrEqualTo(20);
            TreeSet<Long> firstRun = new TreeSet<>();
            bySeq.keySet().stream().filter(s -> s <= Math.max(unacknowledged.last(), beforeKill.keySet().stream()
                    .mapToLong(Long::longValue).max().orElse(0))).forEach(firstRun::add);
            assertThat(firstRun.last() - firstRun.first() + 1).as("no seq of the killed run is missing")
                    .isEqualTo(firstRun.size());
            LOG.info(String.format("kill -9 while draining: %d unacknowledged at the kill, %d delivered in all, %d sent again",
                    unacknowledged.size(), bySeq.size(), resends));
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
        }
    }
}

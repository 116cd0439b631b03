package org.facilitymonitor.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.facilitymonitor.edge.Await;
import org.facilitymonitor.edge.contract.Batch;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Reading;
import org.facilitymonitor.edge.mqtt.MosquittoStack;
import org.facilitymonitor.edge.mqtt.TestSubscriber;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueueStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The agent in this JVM against the project's real Mosquitto: outage, cap, status, commands. */
@ExtendWith(MosquittoStack.class)
class AgentIT {

    private static final Logger LOG = Logger.getLogger(AgentIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the broker is down in the outage test ("minutes" in the issue); -Dfm.it.outage.seconds to change. */
    private static final long OUTAGE_S = Long.getLong("fm.it.outage.seconds", 120);
    private static final String SITE = "demo-campus";

    @TempDir
    Path dir;

    static List<Batch> batches(TestSubscriber sub) {
        return sub.received("/data").stream().map(m -> ContractV1.decode(m.payload())).toList();
    }

    /** Delivered batches by seq; a seq delivered twice must carry the same readings (a resend). Returns the resend count. */
    static int checkResendsAreIdentical(TestSubscriber sub, Map<Long, Batch> bySeq) {
        Map<Long, Batch> first = new HashMap<>();
        int resends = 0;
        for (TestSubscriber.Received m : sub.received("/data")) {
            Batch b = ContractV1.decode(m.payload());
            Batch before = first.putIfAbsent(b.seq(), b);
            if (before != null) {
                resends++;
                assertThat(before.readings()).as("seq %d delivered twice with other readings", b.seq())
                        .isEqualTo(b.readings());
            }
            bySeq.putIfAbsent(b.seq(), b);
        }
        return resends;
    }

    /** Per point, the timestamps of these batches in delivery order must strictly increase. */
    static void assertPerPointOrder(List<Batch> delivered, String what) {
        Map<String, Long> last = new HashMap<>();
        for (Batch b : delivered) {
            for (Reading r : b.readings()) {
                Long before = last.put(r.point(), r.ts());
                assertThat(before == null || before < r.ts()).as("%s: %s at %d after %d", what, r.point(), r.ts(), before)
                        .isTrue();
            }
        }
    }

    private static Predicate<Batch> firstDeliveryOnly() {
        Set<Long> seen = new HashSet<>();
        return b -> seen.add(b.seq());
    }

    @Test
    void brokerDownForMinutesWhileSampling_backlogDrainsOldestFirstMarkedHistoricalBesideLiveData(
            MosquittoStack.Broker broker) throws Exception {
        String edge = "it-outage-edge";
        Duration historicalAfter = Duration.ofSeconds(2);
        try (TestSubscriber sub = new TestSubscriber(broker, "it-outage-sub", true, "fm/v1/" + SITE + "/" + edge + "/data");
             RunningAgent a = new RunningAgent(dir, broker, edge, new RunningAgent.Options(Duration.ofMillis(200), 20,
                     1_000, historicalAfter, DiskQueue.Options.of(1 << 20, 64L << 20), false, Receipts.OFF))) {
            Await.until("live batches delivered before the outage", Duration.ofSeconds(30),
                    () -> batches(sub).size() >= 10);
            long stoppedAt = System.currentTimeMillis();
            broker.stop();
            long queuedAtStop = a.agent.counters().readingsQueued();
            Thread.sleep(OUTAGE_S * 1_000); // the fault itself: the broker stays away that long while the agent samples
            long sampledDuringOutage = a.agent.counters().readingsQueued() - queuedAtStop;
            QueueStats backlog = a.agent.queueStats();
            long startedAt = System.currentTimeMillis();
            broker.start();
            LOG.info("broker was down " + (startedAt - stoppedAt) + " ms; backlog " + backlog.depthReadings() + " readings");
            assertThat(sampledDuringOutage).as("the agent kept sampling while the broker was down").isPositive();
            assertThat(backlog.depthReadings()).as("everything sampled while the broker was down is queued")
                    .isGreaterThanOrEqualTo(sampledDuringOutage);
            assertThat(backlog.droppedReadings()).isZero();

            // drained: at most the live batch of the moment is queued, and nothing old is (a batch whose
            // PUBACK never came is sent again after Forwarder.RESEND_UNACKNOWLEDGED_AFTER)
            Await.until("the backlog to drain", Duration.ofSeconds(OUTAGE_S + 90), () -> {
                QueueStats q = a.agent.queueStats();
                return q.depthBatches() <= 1 && a.agent.counters().historicalBatchesSent() > 0
                        && q.oldestTs().orElse(Long.MAX_VALUE) > System.currentTimeMillis() - 5_000;
            });
            a.close();
            long queued = a.agent.counters().batchesQueued();
            long left = a.queue.stats().depthBatches();

            Map<Long, Batch> bySeq = new LinkedHashMap<>();
            try {
                Await.until("every acknowledged batch to arrive", Duration.ofSeconds(10), () -> {
                    bySeq.clear();
                    checkResendsAreIdentical(sub, bySeq);
                    return bySeq.size() >= queued - left;
                });
            } catch (AssertionError e) {
                TreeSet<Long> got = new TreeSet<>(bySeq.keySet());
                List<Long> gaps = new ArrayList<>();
                for (long s = got.first(); s < got.last() && gaps.size() < 50; s++) {
                    if (!got.contains(s)) {
                        gaps.add(s);
                    }
                }
                throw new AssertionError(e.getMessage() + ": " + bySeq.size() + " distinct of " + (queued - left)
                        + " acknowledged, seqs " + got.first() + ".." + got.last() + " (" + sub.received("/data").size()
                        + " messages), missing " + gaps + "; stopped at " + stoppedAt + ", started at " + startedAt);
            }
            int resends = checkResendsAreIdentical(sub, bySeq);
            TreeSet<Long> seqs = new TreeSet<>(bySeq.keySet());
            assertThat(seqs.last() - seqs.first() + 1).as("no seq missing between the first and the last").isEqualTo(seqs.size());
            assertThat((long) seqs.size()).as("every sampled batch but those still queued at the stop")
                    .isEqualTo(queued - left);
            long readings = bySeq.values().stream().mapToLong(b -> b.readings().size()).sum();
            assertThat(readings + a.queue.stats().depthReadings()).isEqualTo(a.agent.counters().readingsQueued());
            assertThat(resends).as("resends are only batches in flight when the broker went away").isLessThanOrEqualTo(20);

            List<Batch> delivered = batches(sub);
            List<Batch> historical = delivered.stream().filter(Batch::historical).toList();
            List<Batch> live = delivered.stream().filter(b -> !b.historical()).toList();
            int beforeOutage = 0;
            int duringOutage = 0;
            for (Batch b : bySeq.values()) {
                long ts = b.readings().get(0).ts();
                if (ts < stoppedAt - 1_000) {
                    assertThat(b.historical()).as("seq %d sampled before the outage went out live", b.seq()).isFalse();
                    beforeOutage++;
                } else if (ts > stoppedAt + historicalAfter.toMillis() + 1_000 && ts < startedAt - 1_000) {
                    assertThat(b.historical()).as("seq %d sampled during the outage is backfill", b.seq()).isTrue();
                    duringOutage++;
                }
            }
            assertThat(beforeOutage).as("batches sampled before the outage were checked").isPositive();
            assertThat(duringOutage).as("batches sampled during the outage were checked").isPositive();
            assertPerPointOrder(historical.stream().filter(firstDeliveryOnly()).toList(), "backfill");
            assertPerPointOrder(live.stream().filter(firstDeliveryOnly()).toList(), "live");
            int firstLiveAfterOutage = -1;
            int lastHistorical = -1;
            for (int i = 0; i < delivered.size(); i++) {
                Batch b = delivered.get(i);
                if (b.historical()) {
                    lastHistorical = i;
                } else if (firstLiveAfterOutage < 0 && b.readings().get(0).ts() > startedAt) {
                    firstLiveAfterOutage = i;
                }
            }
            assertThat(firstLiveAfterOutage).as("live data flowed while the backlog drained")
                    .isBetween(0, lastHistorical);
            LOG.info(String.format("outage %d s: %d batches (%d readings) delivered, %d historical, %d resends",
                    OUTAGE_S, bySeq.size(), readings, historical.size(), resends));
        }
    }

    @Test
    void aCapSmallerThanTheBacklogDropsTheOldestAndCountsExactlyWhatIsMissing(MosquittoStack.Broker broker)
            throws Exception {
        String edge = "it-cap-edge";
        try (TestSubscriber sub = new TestSubscriber(broker, "it-cap-sub", true, "fm/v1/" + SITE + "/" + edge + "/data");
             RunningAgent a = new RunningAgent(dir, broker, edge, new RunningAgent.Options(Duration.ofMillis(100), 20,
                     0, Duration.ofSeconds(2), DiskQueue.Options.of(32 << 10, 128 << 10), false, Receipts.OFF))) {
            Await.until("live batches delivered before the outage", Duration.ofSeconds(30),
                    () -> batches(sub).size() >= 5);
            broker.stop();
            Await.until("the cap to drop data", Duration.ofSeconds(60), () -> a.agent.queueStats().droppedBatches() > 20);
            broker.start();
            Await.until("the backlog to drain", Duration.ofSeconds(60), () -> a.agent.queueStats().depthBatches() <= 1
                    && a.agent.counters().historicalBatchesSent() > 0);
            long dropped = a.agent.queueStats().droppedReadings();
            JsonNode status = retainedStatus(broker, edge, s -> s.at("/queue/droppedReadings").asLong() == dropped
                    && s.at("/queue/batches").asLong() <= 1); // a status report published after the drain
            a.close();
            QueueStats end = a.queue.stats();
            assertThat(end.droppedReadings()).as("nothing dropped after the drain").isEqualTo(dropped);

            Map<Long, Batch> bySeq = new LinkedHashMap<>();
            long queued = a.agent.counters().batchesQueued();
            Await.until("acknowledged batches to arrive", Duration.ofSeconds(10), () -> {
                bySeq.clear();
                checkResendsAreIdentical(sub, bySeq);
                return bySeq.size() + end.depthBatches() + end.droppedBatches() >= queued;
            });
            long deliveredReadings = bySeq.values().stream().mapToLong(b -> b.readings().size()).sum();
            long acknowledged = a.agent.counters().batchesAcknowledged();
            assertThat(end.droppedReadings()).as("dropped = sampled - acknowledged - still queued")
                    .isEqualTo(a.agent.counters().readingsQueued() - a.agent.counters().readingsAcknowledged()
                            - end.depthReadings());
            assertThat(end.droppedBatches()).isEqualTo(queued - acknowledged - end.depthBatches());
            // The subscriber has every acknowledged batch; beyond them only batches the broker took just as it
            // stopped, whose PUBACK the outage cut off (at most the inflight window), which the cap then dropped.
            long reachedButDropped = bySeq.size() - acknowledged;
            assertThat(reachedButDropped).isBetween(0L, 20L);
            assertThat(deliveredReadings).isGreaterThanOrEqualTo(a.agent.counters().readingsAcknowledged());

            // the missing seqs are one block: the oldest of the outage, right after what went out live
            TreeSet<Long> seqs = new TreeSet<>(bySeq.keySet());
            List<Long> missing = new ArrayList<>();
            for (long s = seqs.first(); s < seqs.last(); s++) {
                if (!seqs.contains(s)) {
                    missing.add(s);
                }
            }
            assertThat((long) missing.size()).isEqualTo(end.droppedBatches() - reachedButDropped);
            assertThat(missing.get(missing.size() - 1) - missing.get(0) + 1).as("one contiguous block")
                    .isEqualTo(missing.size());
            Batch afterGap = bySeq.get(missing.get(missing.size() - 1) + 1);
            assertThat(afterGap.historical()).as("what survived the cap is backfill").isTrue();

            assertThat(status.at("/queue/droppedBatches").asLong()).isEqualTo(end.droppedBatches());
            assertThat(status.at("/queue/batches").asLong()).isLessThanOrEqualTo(1);
            LOG.info(String.format("cap: dropped %d batches / %d readings, delivered %d batches", end.droppedBatches(),
                    end.droppedReadings(), bySeq.size()));
        }
    }

    /** The retained status once it satisfies {@code ready} (a new subscriber gets the retained message). */
    static JsonNode retainedStatus(MosquittoStack.Broker broker, String edge, Predicate<JsonNode> ready) throws Exception {
        AtomicInteger round = new AtomicInteger();
        return Await.until("a retained status satisfying the condition", Duration.ofSeconds(15),
                () -> retainedStatus(broker, edge, "it-status-" + edge + "-" + round.incrementAndGet()),
                status -> status != null && ready.test(status));
    }

    /**
     * The retained status a new subscriber gets, or null if none came within 3 s (a running agent's
     * next status may arrive beside it, not retained: that one is passed over).
     */
    private static JsonNode retainedStatus(MosquittoStack.Broker broker, String edge, String clientId) {
        try (TestSubscriber sub = new TestSubscriber(broker, clientId, false, ContractV1.statusTopic(SITE, edge))) {
            if (!sub.await(m -> m.stream().anyMatch(TestSubscriber.Received::retained), Duration.ofSeconds(3))) {
                return null;
            }
            TestSubscriber.Received r = sub.received().stream().filter(TestSubscriber.Received::retained)
                    .findFirst().orElseThrow();
            return JSON.readTree(r.payload());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void faultCommandsSwitchFaultsAtRunTimeAndBadCommandsAreCountedWithTheirReason(MosquittoStack.Broker broker)
            throws Exception {
        String edge = "it-cmd-edge";
        try (TestSubscriber sub = new TestSubscriber(broker, "it-cmd-sub", false, "fm/v1/" + SITE + "/" + edge + "/data");
             RunningAgent a = new RunningAgent(dir, broker, edge, new RunningAgent.Options(Duration.ofMillis(200), 20,
                     0, Duration.ofSeconds(2), DiskQueue.Options.of(1 << 20, 64L << 20), true, Receipts.OFF))) {
            MqttAsyncClient service = new MqttAsyncClient(broker.url(), "it-cmd-service", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(broker.serviceUser());
            o.setPassword(broker.servicePassword().getBytes(StandardCharsets.UTF_8));
            service.connect(o).waitForCompletion(10_000);
            try {
                Await.until("the agent to connect", Duration.ofSeconds(20), () -> a.agent.counters().batchesAcknowledged() > 2);
                long probes = awaitCommandSubscription(service, a, edge);
                send(service, ContractV1.commandTopic(SITE, edge, "fault"),
                        "{\"action\":\"start\",\"asset\":\"office-ahu-1\",\"fault\":\"offline\"}");
                Await.until("the fault to start", Duration.ofSeconds(10), () -> !a.simulator.activeFaults().isEmpty());
                long offlineFrom = System.currentTimeMillis() + 400;
                send(service, ContractV1.commandTopic(SITE, edge, "fault"),
                        "{\"action\":\"start\",\"asset\":\"no-such-asset\",\"fault\":\"leak\"}");
                send(service, ContractV1.commandTopic(SITE, edge, "reboot"), "{}");
                Await.until("both bad commands", Duration.ofSeconds(10),
                        () -> a.agent.counters().commandsRejected() == probes + 2);
                Await.until("5 batches sampled with office-ahu-1 offline", Duration.ofSeconds(20),
                        () -> batches(sub).stream().filter(b -> b.readings().get(0).ts() > offlineFrom).count() >= 5);
                long offlineUntil = System.currentTimeMillis();
                send(service, ContractV1.commandTopic(SITE, edge, "fault"),
                        "{\"action\":\"stop\",\"asset\":\"office-ahu-1\",\"fault\":\"offline\"}");
                // the agent counts a command after applying it: the fault may stop a moment before the count
                Await.until("the fault to stop and the command to be counted", Duration.ofSeconds(10),
                        () -> a.simulator.activeFaults().isEmpty() && a.agent.counters().commandsAccepted() >= 2);
                long backFrom = System.currentTimeMillis() + 400;
                Await.until("a batch sampled after the stop", Duration.ofSeconds(20),
                        () -> batches(sub).stream().anyMatch(b -> b.readings().get(0).ts() > backFrom));

                assertThat(a.agent.counters().commandsAccepted()).isEqualTo(2);
                assertThat(a.agent.counters().lastCommandError()).isEqualTo("reboot: unknown command 'reboot' (known: fault)");
                JsonNode status = retainedStatus(broker, edge,
                        s -> s.at("/sinceStart/commandsRejected").asLong() == probes + 2
                                && s.at("/sinceStart/commandsAccepted").asLong() == 2); // a status after the stop
                assertThat(status.at("/sinceStart/commandsAccepted").asLong()).isEqualTo(2);
                List<Batch> batches = batches(sub);
                int offlineBatches = 0;
                for (Batch b : batches) {
                    long ts = b.readings().get(0).ts();
                    boolean ahu = b.readings().stream().anyMatch(r -> r.point().startsWith("office-ahu-1-"));
                    if (ts > offlineFrom && ts < offlineUntil) {
                        assertThat(ahu).as("office-ahu-1 offline at %d", ts).isFalse();
                        assertThat(b.readings()).as("the other assets go on").isNotEmpty();
                        offlineBatches++;
                    }
                }
                assertThat(offlineBatches).isGreaterThanOrEqualTo(5);
                assertThat(batches.get(0).readings()).anyMatch(r -> r.point().startsWith("office-ahu-1-"));
                assertThat(batches.get(batches.size() - 1).readings()).as("back after the stop")
                        .anyMatch(r -> r.point().startsWith("office-ahu-1-"));
            } finally {
                service.disconnect().waitForCompletion(5_000);
                service.close();
            }
        }
    }

    /**
     * The agent subscribes to its commands after it connects; until the SUBACK, commands are lost
     * (clean session). Sends fault commands with a bad action, one at a time, until one comes back
     * rejected: every later command on that topic then arrives (one topic keeps its order). Returns
     * the rejections so far (the probes).
     */
    private static long awaitCommandSubscription(MqttAsyncClient service, RunningAgent a, String edge) throws Exception {
        for (int k = 1; ; k++) {
            String marker = "'probe-" + k + "'";
            send(service, ContractV1.commandTopic(SITE, edge, "fault"), "{\"action\":\"probe-" + k + "\"}");
            try {
                Await.until("probe " + k + " to be rejected", Duration.ofSeconds(1),
                        () -> String.valueOf(a.agent.counters().lastCommandError()).contains(marker));
                return a.agent.counters().commandsRejected();
            } catch (AssertionError notYet) {
                if (k == 30) {
                    throw notYet;
                }
            }
        }
    }

    private static void send(MqttAsyncClient client, String topic, String json) throws Exception {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(topic, m).waitForCompletion(10_000);
    }
}

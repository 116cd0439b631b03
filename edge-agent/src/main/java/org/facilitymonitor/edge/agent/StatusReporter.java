package org.facilitymonitor.edge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueueStats;

/**
 * The agent's status: a retained JSON message on {@code fm/v1/{site}/{edge}/status} (while
 * connected) and a log line, both every interval. The publish runs on its own thread: handing a
 * message to the connection blocks while it is down, and the log line must go on meanwhile.
 */
final class StatusReporter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusReporter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String site;
    private final String edge;
    private final String topic;
    private final DiskQueue queue;
    private final BrokerConnection connection;
    private final AgentCounters counters;
    private final AgentClock clock;
    private final Supplier<Boolean> connected;
    private final Supplier<Object> sourceStatus;
    private final Supplier<Forwarder.AwaitingReceipts> awaitingReceipts;
    private final ExecutorService publisher;
    private CompletableFuture<Void> lastPublish = CompletableFuture.completedFuture(null);

    StatusReporter(String site, String edge, String topic, DiskQueue queue, BrokerConnection connection,
                   AgentCounters counters, AgentClock clock, Supplier<Boolean> connected, Supplier<Object> sourceStatus,
                   Supplier<Forwarder.AwaitingReceipts> awaitingReceipts) {
        this.awaitingReceipts = awaitingReceipts;
        this.site = site;
        this.edge = edge;
        this.topic = topic;
        this.queue = queue;
        this.connection = connection;
        this.counters = counters;
        this.clock = clock;
        this.connected = connected;
        this.sourceStatus = sourceStatus;
        this.publisher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "status-publish-" + edge);
            t.setDaemon(true);
            return t;
        });
    }

    ObjectNode status() {
        QueueStats q = queue.stats();
        ObjectNode s = JSON.createObjectNode();
        s.put("site", site);
        s.put("edge", edge);
        s.put("ts", clock.millis());
        s.put("connected", connected.get());
        ObjectNode qn = s.putObject("queue");
        qn.put("batches", q.depthBatches());
        qn.put("readings", q.depthReadings());
        qn.put("bytes", q.depthBytes());
        if (q.oldestTs().isPresent()) {
            qn.put("oldestTs", q.oldestTs().getAsLong());
        } else {
            qn.putNull("oldestTs");
        }
        qn.put("droppedBatches", q.droppedBatches());
        qn.put("droppedReadings", q.droppedReadings());
        qn.put("corruptTailRecords", q.corruptTailRecords());
        Forwarder.AwaitingReceipts awaiting = awaitingReceipts == null ? null : awaitingReceipts.get();
        if (awaiting != null) {
            qn.put("awaitingReceipt", awaiting.batches());
            if (awaiting.batches() > 0) {
                qn.put("oldestAwaitingReceiptMs", Math.max(0, clock.real().millis() - awaiting.oldestSince()));
            } else {
                qn.putNull("oldestAwaitingReceiptMs");
            }
        }
        s.put("lastAckedSeq", q.lastAckedSeq());
        ObjectNode c = s.putObject("sinceStart");
        c.put("samples", counters.samples());
        c.put("skippedSamples", counters.skippedSamples());
        c.put("readingsQueued", counters.readingsQueued());
        c.put("liveBatchesSent", counters.liveBatchesSent());
        c.put("historicalBatchesSent", counters.historicalBatchesSent());
        c.put("batchesAcknowledged", counters.batchesAcknowledged());
        c.put("readingsAcknowledged", counters.readingsAcknowledged());
        c.put("publishFailures", counters.publishFailures());
        if (awaitingReceipts != null) {
            c.put("batchesBrokerAcknowledged", counters.batchesBrokerAcknowledged());
            c.put("receiptsReceived", counters.receiptsReceived());
            c.put("receiptsMalformed", counters.receiptsMalformed());
            c.put("batchesResentForReceipt", counters.batchesResentForReceipt());
            c.put("batchesRejected", counters.batchesRejected());
            if (counters.lastRejection() != null) {
                c.put("lastRejection", counters.lastRejection());
            }
            if (counters.lastMalformedReceipt() != null) {
                c.put("lastMalformedReceipt", counters.lastMalformedReceipt());
            }
        }
        c.put("commandsAccepted", counters.commandsAccepted());
        c.put("commandsRejected", counters.commandsRejected());
        if (counters.lastCommandError() != null) {
            c.put("lastCommandError", counters.lastCommandError());
        }
        Object source = sourceStatus.get();
        if (source != null) {
            s.set("source", JSON.valueToTree(source));
        }
        return s;
    }

    private String receiptLine() {
        Forwarder.AwaitingReceipts a = awaitingReceipts == null ? null : awaitingReceipts.get();
        if (a == null) {
            return "";
        }
        return String.format("; %d batches awaiting a receipt%s, %d receipts, %d batches resent for want of one, %d rejected",
                a.batches(), a.batches() > 0 ? " (oldest " + (clock.real().millis() - a.oldestSince()) / 1000 + " s)" : "",
                counters.receiptsReceived(), counters.batchesResentForReceipt(), counters.batchesRejected());
    }

    /** Logs the status and, when connected and the previous one went out, publishes it retained. */
    void report() {
        ObjectNode s = status();
        QueueStats q = queue.stats();
        LOG.info(String.format("%s/%s: %s, queue %d batches / %d readings%s, dropped %d readings, last acked seq %d,"
                        + " sent %d live + %d historical, %d readings acknowledged since start%s",
                site, edge, connected.get() ? "connected" : "NOT connected", q.depthBatches(), q.depthReadings(),
                q.oldestTs().isPresent() ? " (oldest " + Instant.ofEpochMilli(q.oldestTs().getAsLong()) + ")" : "",
                q.droppedReadings(), q.lastAckedSeq(), counters.liveBatchesSent(), counters.historicalBatchesSent(),
                counters.readingsAcknowledged(), receiptLine()));
        if (connected.get() && lastPublish.isDone()) {
            byte[] payload;
            try {
                payload = JSON.writeValueAsBytes(s);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            lastPublish = CompletableFuture.supplyAsync(() -> handOver(payload), publisher).thenCompose(f -> f);
        }
    }

    /** The last status publish: done once the broker acknowledged it. */
    CompletableFuture<Void> lastPublish() {
        return lastPublish;
    }

    private CompletableFuture<Void> handOver(byte[] payload) {
        try {
            return connection.publishAsync(topic, payload, 1, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Gives a status being handed over a moment to go out, then stops the publishing thread. */
    @Override
    public void close() {
        publisher.shutdown();
        try {
            publisher.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.shutdownNow();
    }
}

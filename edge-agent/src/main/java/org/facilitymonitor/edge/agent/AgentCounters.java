package org.facilitymonitor.edge.agent;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What the agent has done since it started (the queue's own counts persist; these do not). */
public final class AgentCounters {
    final AtomicLong samples = new AtomicLong();
    final AtomicLong skippedSamples = new AtomicLong();
    final AtomicLong readingsQueued = new AtomicLong();
    final AtomicLong batchesQueued = new AtomicLong();
    final AtomicLong liveBatchesSent = new AtomicLong();
    final AtomicLong historicalBatchesSent = new AtomicLong();
    final AtomicLong batchesAcknowledged = new AtomicLong();
    final AtomicLong readingsAcknowledged = new AtomicLong();
    final AtomicLong publishFailures = new AtomicLong();
    final AtomicLong batchesBrokerAcknowledged = new AtomicLong();
    final AtomicLong receiptsReceived = new AtomicLong();
    final AtomicLong receiptsMalformed = new AtomicLong();
    final AtomicLong batchesResentForReceipt = new AtomicLong();
    final AtomicLong batchesRejected = new AtomicLong();
    final AtomicReference<String> lastRejection = new AtomicReference<>();
    final AtomicReference<String> lastMalformedReceipt = new AtomicReference<>();
    final AtomicLong commandsAccepted = new AtomicLong();
    final AtomicLong commandsRejected = new AtomicLong();
    final AtomicReference<String> lastCommandError = new AtomicReference<>();

    public long samples() {
        return samples.get();
    }

    public long skippedSamples() {
        return skippedSamples.get();
    }

    public long readingsQueued() {
        return readingsQueued.get();
    }

    public long batchesQueued() {
        return batchesQueued.get();
    }

    public long liveBatchesSent() {
        return liveBatchesSent.get();
    }

    public long historicalBatchesSent() {
        return historicalBatchesSent.get();
    }

    public long batchesAcknowledged() {
        return batchesAcknowledged.get();
    }

    public long readingsAcknowledged() {
        return readingsAcknowledged.get();
    }

    public long publishFailures() {
        return publishFailures.get();
    }

    /** With receipts: PUBACKs of batches, which free the inflight slot only. */
    public long batchesBrokerAcknowledged() {
        return batchesBrokerAcknowledged.get();
    }

    public long receiptsReceived() {
        return receiptsReceived.get();
    }

    public long receiptsMalformed() {
        return receiptsMalformed.get();
    }

    public long batchesResentForReceipt() {
        return batchesResentForReceipt.get();
    }

    /** Batches the service rejected as a whole (deleted from the queue: resending cannot help). */
    public long batchesRejected() {
        return batchesRejected.get();
    }

    public String lastRejection() {
        return lastRejection.get();
    }

    public String lastMalformedReceipt() {
        return lastMalformedReceipt.get();
    }

    public long commandsAccepted() {
        return commandsAccepted.get();
    }

    public long commandsRejected() {
        return commandsRejected.get();
    }

    public String lastCommandError() {
        return lastCommandError.get();
    }
}

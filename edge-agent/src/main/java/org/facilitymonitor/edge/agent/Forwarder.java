package org.facilitymonitor.edge.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.contract.Receipt;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.mqtt.BrokerException;
import org.facilitymonitor.edge.queue.DiskQueue;
import org.facilitymonitor.edge.queue.QueuedBatch;

/**
 * Moves batches from the disk queue to the broker and deletes each one on its delivery receipt
 * (or, with receipts off, on its PUBACK).
 *
 * <p>Two paths share the inflight window. <b>Live</b>: a batch appended since the last look and
 * younger than {@code historicalAfter} goes out at once, marked live. <b>Backlog</b>: every older
 * unacknowledged batch (queued before this run, while the broker was away, or refused by it) goes
 * out oldest-first, paced to {@code drainRate} readings per second, and is marked historical once it
 * is older than {@code historicalAfter}. So live data keeps flowing while a backlog drains.
 *
 * <p><b>Receipts.</b> The PUBACK only frees the batch's inflight slot: the broker may still lose it
 * (a KILL before its autosave). The batch stays queued, awaiting a receipt from the service; a
 * receipt naming it (stored or rejected) deletes it. One without a receipt {@code timeout} after its
 * PUBACK becomes backlog again (oldest first, within the drain rate), and the wait doubles per
 * resend up to {@code timeoutMax}. What awaits a receipt is kept in memory: after a restart it is
 * all backlog.
 */
final class Forwarder implements Runnable {

    private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());
    private static final long IDLE_WAIT_MS = 200;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);
    /**
     * A batch without PUBACK this long while connected is sent again: Paho can lose a token's
     * completion when the connection drops while it is queued, which left a batch in flight until
     * the next restart (seen in AgentIT's broker outage, once in many runs).
     */
    static final Duration RESEND_UNACKNOWLEDGED_AFTER = Duration.ofSeconds(30);

    /**
     * @param maxInflight     batches sent and not yet acknowledged, at most
     * @param drainRate       backlog readings per second; 0 for as fast as the window allows
     * @param historicalAfter a batch older than this (agent time) when sent is marked historical
     */
    record Settings(int maxInflight, double drainRate, Duration historicalAfter, Receipts receipts) {
        Settings(int maxInflight, double drainRate, Duration historicalAfter) {
            this(maxInflight, drainRate, historicalAfter, Receipts.OFF);
        }

        Settings {
            if (receipts == null) {
                throw new IllegalArgumentException("receipts: required");
            }
            if (maxInflight < 1) {
                throw new IllegalArgumentException("max-inflight: must be >= 1");
            }
            if (!(drainRate >= 0) || Double.isInfinite(drainRate)) {
                throw new IllegalArgumentException("drain-rate: must be >= 0 (0 = unlimited)");
            }
        }
    }

    private record Outcome(QueuedBatch batch, Throwable failure) {
    }

    /** A batch the broker acknowledged and the service has not yet confirmed. */
    private static final class Awaiting {
        final long since;
        long waitMs;
        long dueAt;

        Awaiting(long since, long waitMs) {
            this.since = since;
            this.waitMs = waitMs;
            this.dueAt = since + waitMs;
        }
    }

    /** Batches awaiting a receipt, and the real time since the oldest of them was acknowledged by the broker. */
    record AwaitingReceipts(int batches, long oldestSince) {
    }

    private final DiskQueue queue;
    private final BrokerConnection connection;
    private final String topic;
    private final Settings settings;
    private final AgentClock clock;
    private final AgentCounters counters;
    private final Map<Long, QueuedBatch> inflight = new ConcurrentHashMap<>();
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> retryNotBefore = new HashMap<>();
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Map<Long, Awaiting> awaiting = new ConcurrentHashMap<>();
    private final Set<Long> receiptedInFlight = new HashSet<>();
    private final LinkedBlockingQueue<Receipt> receipts = new LinkedBlockingQueue<>();
    private final Object signal = new Object();
    private final TokenBucket drainBudget;
    private volatile boolean stopping;
    private volatile boolean sendingStopped;
    private volatile boolean connected;
    private boolean wakeRequested;
    private long lastResendLog = Long.MIN_VALUE / 2;
    private long resendsSinceLog;
    private long lastDroppedCheck;
    private long shortScanAt = -1;
    private long liveCursor;

    Forwarder(DiskQueue queue, BrokerConnection connection, String topic, Settings settings, AgentClock clock,
              AgentCounters counters) {
        this.queue = queue;
        this.connection = connection;
        this.topic = topic;
        this.settings = settings;
        this.clock = clock;
        this.counters = counters;
        this.drainBudget = settings.drainRate() > 0 ? new TokenBucket(settings.drainRate(), clock.real()) : null;
        this.liveCursor = queue.lastSeq(); // what a previous run left is backlog
    }

    /** Something was appended or acknowledged: look again now. */
    void wakeUp() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    void stop() {
        stopping = true;
        wakeUp();
    }

    boolean connected() {
        return connected;
    }

    int inflight() {
        return inflight.size();
    }

    /** Called on the client's thread: the receipt is settled by the forwarder's thread. */
    void onReceipt(Receipt receipt) {
        receipts.add(receipt);
        wakeUp();
    }

    AwaitingReceipts awaitingReceipts() {
        int n = 0;
        long oldest = Long.MAX_VALUE;
        for (Awaiting a : awaiting.values()) {
            n++;
            oldest = Math.min(oldest, a.since);
        }
        return new AwaitingReceipts(n, oldest);
    }

    @Override
    public void run() {
        try {
            connectUntilStopped();
            while (!stopping) {
                await(step());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One round: records PUBACKs and receipts, sends what is due; returns how long to wait before the next. */
    long step() throws IOException, InterruptedException {
        settleOutcomes();
        settleReceipts();
        forgetDropped();
        connected = connection.isConnected();
        long waitMs = IDLE_WAIT_MS;
        if (connected && !sendingStopped) {
            resendStuck();
            sendLive();
            waitMs = Math.min(waitMs, sendBacklog());
        }
        return waitMs;
    }

    /**
     * Stops sending and waits up to {@code ms} for the outstanding PUBACKs and, while connected, the
     * receipts of what was sent (this thread records both), so that a clean stop leaves no batch the
     * service stored queued for a resend at the next start.
     */
    void finish(long ms) throws InterruptedException {
        sendingStopped = true;
        wakeUp();
        long deadline = System.nanoTime() + ms * 1_000_000;
        while ((!inflight.isEmpty() || !awaiting.isEmpty() && connection.isConnected()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void connectUntilStopped() throws InterruptedException {
        while (!stopping) {
            try {
                connection.connect();
                return;
            } catch (BrokerException e) {
                if (stopping) {
                    return;
                }
                LOG.warning("still not connected (" + e.getMessage() + "); sampling into the queue and trying again");
            }
        }
    }

    private void resendStuck() {
        long now = clock.real().millis();
        for (Map.Entry<Long, Long> e : sentAt.entrySet()) {
            if (now - e.getValue() > RESEND_UNACKNOWLEDGED_AFTER.toMillis() && inflight.remove(e.getKey()) != null) {
                sentAt.remove(e.getKey());
                receiptedInFlight.remove(e.getKey());
                counters.publishFailures.incrementAndGet();
                LOG.warning("no PUBACK for batch seq " + e.getKey() + " after " + RESEND_UNACKNOWLEDGED_AFTER.toSeconds()
                        + " s while connected; sending it again");
            }
        }
    }

    private void settleOutcomes() throws IOException {
        if (outcomes.isEmpty()) {
            return;
        }
        List<Outcome> done = new ArrayList<>();
        outcomes.drainTo(done);
        List<QueuedBatch> acked = new ArrayList<>(done.size());
        long now = clock.real().millis();
        for (Outcome o : done) {
            long seq = o.batch().seq();
            inflight.remove(seq);
            sentAt.remove(seq);
            if (receiptedInFlight.remove(seq)) {
                continue; // the service confirmed it before the broker's PUBACK was seen here
            }
            if (o.failure() == null) {
                if (!settings.receipts().enabled()) {
                    acked.add(o.batch());
                    continue;
                }
                counters.batchesBrokerAcknowledged.incrementAndGet();
                Awaiting a = awaiting.get(seq);
                if (a == null) {
                    awaiting.put(seq, new Awaiting(now, settings.receipts().timeout().toMillis()));
                } else {
                    a.dueAt = now + a.waitMs;
                }
                continue;
            }
            Awaiting resent = awaiting.get(seq);
            if (resent != null) {
                resent.dueAt = now; // due again, after the retry delay below
            }
            if (stopping) {
                continue; // closed before its PUBACK: still queued, sent again next run
            }
            counters.publishFailures.incrementAndGet();
            retryNotBefore.put(o.batch().seq(), clock.real().millis() + RETRY_AFTER_FAILURE.toMillis());
            LOG.warning("batch seq " + o.batch().seq() + " not accepted by the broker, kept and retried in "
                    + RETRY_AFTER_FAILURE.toSeconds() + " s: " + o.failure().getMessage());
        }
        if (!acked.isEmpty()) {
            // Only what was still queued counts: a batch the cap dropped before its PUBACK is counted as dropped.
            List<QueuedBatch> removed = queue.acknowledgeBatches(acked);
            acked.forEach(b -> retryNotBefore.remove(b.seq()));
            counters.batchesAcknowledged.addAndGet(removed.size());
            counters.readingsAcknowledged.addAndGet(removed.stream().mapToLong(QueuedBatch::readings).sum());
        }
    }

    /** Deletes the batches the receipts name; what is not queued (any more) is ignored. */
    private void settleReceipts() throws IOException {
        if (receipts.isEmpty()) {
            return;
        }
        List<Receipt> got = new ArrayList<>();
        receipts.drainTo(got);
        TreeMap<Long, Long> stored = new TreeMap<>();
        Map<Long, Receipt.Rejected> rejected = new HashMap<>();
        List<Receipt.Range> ranges = new ArrayList<>();
        for (Receipt r : got) {
            counters.receiptsReceived.incrementAndGet();
            ranges.addAll(r.stored());
            for (Receipt.Rejected x : r.rejected()) {
                rejected.put(x.seq(), x);
            }
        }
        ranges.sort(java.util.Comparator.comparingLong(Receipt.Range::from));
        for (Receipt.Range r : ranges) { // merged, so that the floor entry alone decides
            Map.Entry<Long, Long> last = stored.lastEntry();
            if (last != null && r.from() <= last.getValue() + 1) {
                stored.put(last.getKey(), Math.max(last.getValue(), r.to()));
            } else {
                stored.put(r.from(), r.to());
            }
        }
        List<DiskQueue.Acknowledged> deleted = queue.acknowledgeWhere(seq -> rejected.containsKey(seq) || named(stored, seq));
        long storedBatches = 0;
        long storedReadings = 0;
        for (DiskQueue.Acknowledged d : deleted) {
            awaiting.remove(d.seq());
            retryNotBefore.remove(d.seq());
            if (inflight.containsKey(d.seq())) {
                receiptedInFlight.add(d.seq());
            }
            Receipt.Rejected x = rejected.get(d.seq());
            if (x != null && !named(stored, d.seq())) {
                counters.batchesRejected.incrementAndGet();
                String why = "seq " + d.seq() + ": " + x.reason() + (x.detail().isEmpty() ? "" : ": " + x.detail());
                counters.lastRejection.set(why);
                LOG.warning("the service rejected batch " + why + " (" + d.readings() + " readings; dead-lettered there, deleted here)");
            } else {
                storedBatches++;
                storedReadings += d.readings();
            }
        }
        counters.batchesAcknowledged.addAndGet(storedBatches);
        counters.readingsAcknowledged.addAndGet(storedReadings);
    }

    private static boolean named(TreeMap<Long, Long> ranges, long seq) {
        Map.Entry<Long, Long> r = ranges.floorEntry(seq);
        return r != null && r.getValue() >= seq;
    }

    private int freeSlots() {
        return settings.maxInflight() - inflight.size();
    }

    private void sendLive() throws IOException, InterruptedException {
        int free = freeSlots();
        if (free <= 0) {
            return;
        }
        long historicalAfter = settings.historicalAfter().toMillis();
        for (QueuedBatch b : queue.peek(liveCursor, Long.MAX_VALUE, free, seq -> true)) {
            liveCursor = b.seq();
            if (clock.millis() - b.lastTs() <= historicalAfter) {
                send(b, false);
            } // else: older than live, the backlog path takes it
        }
    }

    /** Sends backlog within the window and the drain budget; returns how long to wait before more is allowed. */
    private long sendBacklog() throws IOException, InterruptedException {
        int free = freeSlots();
        if (free <= 0) {
            return IDLE_WAIT_MS;
        }
        int max = free;
        if (drainBudget != null) {
            double tokens = drainBudget.available();
            if (tokens <= 0) {
                return Math.max(1, drainBudget.millisUntilPositive());
            }
            max = (int) Math.min(free, Math.max(1, Math.ceil(tokens / 50)));
        }
        long now = clock.real().millis();
        if (shortScanAt >= 0 && !awaiting.isEmpty() && now - shortScanAt < IDLE_WAIT_MS) {
            // the last scan found all that was due; the batches awaiting a receipt become due with
            // time, so rescanning them on every PUBACK would only cost CPU (thousands in an outage)
            return IDLE_WAIT_MS - (now - shortScanAt);
        }
        List<QueuedBatch> due = queue.peek(Long.MIN_VALUE, liveCursor, max,
                seq -> !inflight.containsKey(seq) && retryNotBefore.getOrDefault(seq, 0L) <= now && receiptDue(seq, now));
        long historicalAfter = settings.historicalAfter().toMillis();
        for (QueuedBatch b : due) {
            if (drainBudget != null && drainBudget.available() <= 0) {
                break;
            }
            send(b, clock.millis() - b.lastTs() > historicalAfter);
            if (drainBudget != null) {
                drainBudget.take(b.readings());
            }
        }
        shortScanAt = due.size() == max ? -1 : now;
        return due.size() == max ? 0 : IDLE_WAIT_MS;
    }

    private boolean receiptDue(long seq, long now) {
        Awaiting a = awaiting.get(seq);
        return a == null || a.dueAt <= now;
    }

    /** One line at most every 10 s: an InfluxDB outage makes every batch wait. */
    private void logResend(long seq, Awaiting a) {
        resendsSinceLog++;
        long now = clock.real().millis();
        if (now - lastResendLog >= 10_000) {
            LOG.info("no receipt for batch seq " + seq + " " + (now - a.since) / 1000 + " s after its PUBACK: sending it again"
                    + (resendsSinceLog > 1 ? " (" + resendsSinceLog + " batches resent since the last such line)" : "")
                    + "; next wait " + Math.min(2 * a.waitMs, settings.receipts().timeoutMax().toMillis()) / 1000 + " s");
            lastResendLog = now;
            resendsSinceLog = 0;
        }
    }

    /** The cap drops the oldest batches: those awaiting a receipt are not waited for any more. */
    private void forgetDropped() {
        long now = clock.real().millis();
        if (awaiting.isEmpty() || now - lastDroppedCheck < 1_000) {
            return;
        }
        lastDroppedCheck = now;
        long head = queue.headSeq();
        awaiting.keySet().removeIf(seq -> seq < head);
    }

    private void send(QueuedBatch b, boolean historical) throws InterruptedException {
        Awaiting a = awaiting.get(b.seq());
        if (a != null) {
            counters.batchesResentForReceipt.incrementAndGet();
            logResend(b.seq(), a);
            a.waitMs = Math.min(2 * a.waitMs, settings.receipts().timeoutMax().toMillis());
            a.dueAt = Long.MAX_VALUE; // in flight: the wait starts again at its PUBACK
        }
        inflight.put(b.seq(), b);
        sentAt.put(b.seq(), clock.real().millis());
        // history (a replay at its recorded timestamps, a backfill) is queued already marked
        boolean marked = ContractV1.isHistorical(b.payload());
        historical |= marked;
        byte[] payload = historical && !marked ? ContractV1.asHistorical(b.payload()) : b.payload();
        (historical ? counters.historicalBatchesSent : counters.liveBatchesSent).incrementAndGet();
        try {
            connection.publishAsync(topic, payload, 1, false).whenComplete((ok, failure) -> {
                outcomes.add(new Outcome(b, failure));
                wakeUp();
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "publish of batch seq " + b.seq() + " failed", e);
            outcomes.add(new Outcome(b, e));
        }
    }

    private void await(long ms) throws InterruptedException {
        if (ms <= 0) {
            return;
        }
        synchronized (signal) {
            if (!wakeRequested && !stopping) {
                signal.wait(ms);
            }
            wakeRequested = false;
        }
    }
}

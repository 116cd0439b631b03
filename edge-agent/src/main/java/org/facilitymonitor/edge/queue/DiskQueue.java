package org.facilitymonitor.edge.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.facilitymonitor.edge.queue.QueueSegment.Record;

/**
 * A bounded, append-only, segmented on-disk FIFO of encoded batches that survives {@code kill -9}.
 *
 * <h2>Layout</h2>
 * A directory holds segment files {@code 00000000000000000000.seg}, {@code …01.seg} (numbered in
 * order, each at most {@link Options#segmentBytes()} unless a single record is larger; their record
 * format is {@link QueueSegment}'s), a {@code checkpoint} file ({@link QueueCheckpoint}) and a
 * {@code lock} file (an exclusive {@link FileLock}: one process per queue). This class keeps the
 * index of queued records in memory and decides what is appended where, acknowledged, dropped and
 * deleted.
 * On open every segment is scanned; a record whose header or body is incomplete, whose length is
 * impossible or whose CRC does not match ends the segment: the file is truncated there and the
 * event counted in {@link QueueStats#corruptTailRecords()} (a torn write after {@code kill -9} or a
 * power loss; never an exception).
 *
 * <h2>Durability</h2>
 * A record is written with a positional {@link FileChannel#write} (no mmap), so once
 * {@link #append} returns its bytes are in the kernel's page cache and survive {@code kill -9} of
 * the process regardless of the fsync setting. Against power loss or a kernel crash:
 * {@link Options#fsyncInterval()} zero (the default) forces the segment ({@code fdatasync}) before
 * every append returns, so nothing acknowledged by {@code append} is lost; a positive interval
 * group-commits (a background thread forces at most that often, and before a segment is closed),
 * so a power loss can lose the appends of up to that last interval.
 *
 * <h2>Acknowledgement out of order</h2>
 * Live batches can be acknowledged while older backlog is still on its way. {@link #acknowledge(Collection)}
 * takes any queued seqs: the head advances past every acknowledged batch at the front, and the
 * seqs acknowledged ahead of the head are kept in the checkpoint, so that after a restart they are
 * neither sent again nor counted as queued or dropped.
 *
 * <h2>Checkpoint</h2>
 * The checkpoint ({@link QueueCheckpoint}) holds the read position, the last acknowledged seq, the
 * dropped counts and the seqs acknowledged ahead of the head, and is replaced atomically. Segments
 * entirely before the read position are deleted after the checkpoint that passes them is written.
 * {@link Options#checkpointInterval()} zero writes it on every {@link #acknowledge}; a positive
 * interval writes it at most that often (a lost checkpoint only means re-sending batches the broker
 * already acknowledged, which the contract allows: a resent batch keeps its seq). Drops always write
 * it at once.
 *
 * <h2>Cap</h2>
 * {@link Options#maxBytes()} bounds the sum of the segment files. When an append would exceed it, whole
 * oldest segments are deleted first (never the one being written) and their unacknowledged
 * batches and readings are added to the persisted {@code droppedBatches}/{@code droppedReadings}.
 *
 * <p>Seqs must strictly increase from append to append (also across reopen). All methods are
 * thread-safe (synchronized).
 */
public final class DiskQueue implements Closeable {

    private static final Logger LOG = Logger.getLogger(DiskQueue.class.getName());

    /**
     * @param segmentBytes       target size of a segment file (8 MiB by default)
     * @param maxBytes           cap of all segment files; at least two segments
     * @param fsyncInterval      zero: force every append; positive: group commit at most this often
     * @param checkpointInterval zero: persist the read position on every acknowledge; positive: at most this often
     */
    public record Options(long segmentBytes, long maxBytes, Duration fsyncInterval, Duration checkpointInterval) {

        public static final long DEFAULT_SEGMENT_BYTES = 8L * 1024 * 1024;

        public Options {
            if (segmentBytes < QueueSegment.HEADER + QueueSegment.BODY_FIXED + 1) {
                throw new IllegalArgumentException("segmentBytes: too small, was " + segmentBytes);
            }
            if (maxBytes < 2 * segmentBytes) {
                throw new IllegalArgumentException("maxBytes: must be at least two segments (" + 2 * segmentBytes
                        + "), was " + maxBytes);
            }
            if (fsyncInterval == null || fsyncInterval.isNegative()) {
                throw new IllegalArgumentException("fsyncInterval: must be >= 0");
            }
            if (checkpointInterval == null || checkpointInterval.isNegative()) {
                throw new IllegalArgumentException("checkpointInterval: must be >= 0");
            }
        }

        /** 8 MiB segments, the given cap, fsync on every append, checkpoint on every acknowledge. */
        public static Options withCap(long maxBytes) {
            return new Options(DEFAULT_SEGMENT_BYTES, maxBytes, Duration.ZERO, Duration.ZERO);
        }

        /** The agent's options for a cap: 8 MiB segments, or a quarter of a smaller cap (at least four segments). */
        public static Options forCap(long maxBytes, Duration fsyncInterval, Duration checkpointInterval) {
            return new Options(Math.min(DEFAULT_SEGMENT_BYTES, maxBytes / 4), maxBytes, fsyncInterval, checkpointInterval);
        }

        /** The given segment size and cap, fsync on every append, checkpoint on every acknowledge. */
        public static Options of(long segmentBytes, long maxBytes) {
            return new Options(segmentBytes, maxBytes, Duration.ZERO, Duration.ZERO);
        }

        public Options withFsyncInterval(Duration interval) {
            return new Options(segmentBytes, maxBytes, interval, checkpointInterval);
        }

        public Options withCheckpointInterval(Duration interval) {
            return new Options(segmentBytes, maxBytes, fsyncInterval, interval);
        }
    }

    /** Seqs acknowledged while an older batch is still queued, ascending. */
    private final TreeSet<Long> ackedAhead = new TreeSet<>();

    private final Path dir;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Long> segments = new TreeMap<>(); // index -> bytes
    private final ArrayDeque<Record> entries = new ArrayDeque<>();
    private final ScheduledExecutorService flusher;

    private QueueSegment active;
    private long activeIndex;
    private long diskBytes;
    private long queuedBytes;
    private long queuedReadings;
    private long lastSeq;
    private long lastAckedSeq = -1;
    private long droppedBatches;
    private long droppedReadings;
    private long corruptTailRecords;
    private boolean unforced;
    private boolean checkpointDirty;
    private long lastCheckpointNanos;
    private boolean closed;

    private DiskQueue(Path dir, Options options) throws IOException {
        this.dir = dir;
        this.options = options;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("queue " + dir + " is in use by another process");
        }
        lock = l;
        try {
            load();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        long fsyncMs = options.fsyncInterval().toMillis();
        long cpMs = options.checkpointInterval().toMillis();
        if (fsyncMs > 0 || cpMs > 0) {
            long every = Math.max(1, Math.min(fsyncMs > 0 ? fsyncMs : Long.MAX_VALUE, cpMs > 0 ? cpMs : Long.MAX_VALUE));
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "disk-queue-flusher");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    /** Opens (or creates) the queue in {@code dir}, recovering from a torn tail. */
    public static DiskQueue open(Path dir, Options options) throws IOException {
        return new DiskQueue(dir, options);
    }

    // ---- opening ----

    private void load() throws IOException {
        QueueCheckpoint cp = QueueCheckpoint.read(dir);
        long cpSegment = cp == null ? 0 : cp.segment();
        long cpOffset = cp == null ? 0 : cp.offset();
        if (cp != null) {
            lastAckedSeq = cp.lastAckedSeq();
            droppedBatches = cp.droppedBatches();
            droppedReadings = cp.droppedReadings();
            ackedAhead.addAll(cp.ackedAhead());
        }
        lastSeq = lastAckedSeq;
        for (long index : QueueSegment.list(dir)) {
            if (index < cpSegment) { // consumed; the deletion after the checkpoint was interrupted
                Files.deleteIfExists(QueueSegment.path(dir, index));
                continue;
            }
            long size = scan(index, index == cpSegment ? cpOffset : 0);
            segments.put(index, size);
            diskBytes += size;
        }
        if (segments.isEmpty()) {
            activeIndex = cpSegment;
            active = QueueSegment.create(dir, activeIndex);
            segments.put(activeIndex, 0L);
        } else {
            activeIndex = segments.lastKey();
            active = QueueSegment.reopen(dir, activeIndex, segments.get(activeIndex));
        }
        applyAckedAhead();
        // normalize the persisted position to what was found: if segment data the checkpoint had passed
        // was lost (power loss with group commit), new appends must not land behind a stale offset
        writeCheckpoint();
        if (corruptTailRecords > 0) {
            LOG.warning(String.format("queue %s: cut %d torn/corrupt record tail(s) on open", dir, corruptTailRecords));
        }
    }

    /** Scans a segment, queues its records from offset {@code from} on; returns its valid size. */
    private long scan(long index, long from) throws IOException {
        QueueSegment.Scan scan = QueueSegment.scan(dir, index, r -> {
            if (r.offset() >= from) {
                Record previous = entries.peekLast();
                if (previous != null && r.seq() <= previous.seq()) {
                    LOG.warning(String.format("queue %s: seq %d in segment %d after seq %d, kept", dir, r.seq(), index,
                            previous.seq()));
                }
                entries.addLast(r);
                queuedBytes += r.frameBytes();
                queuedReadings += r.readings();
            }
            lastSeq = Math.max(lastSeq, r.seq());
        });
        if (scan.tailCut()) {
            corruptTailRecords++;
        }
        return scan.validBytes();
    }

    // ---- writing ----

    /** Appends a batch; durable against {@code kill -9} on return (against power loss: see the class doc). */
    public synchronized void append(QueuedBatch batch) throws IOException {
        ensureOpen();
        if (batch.seq() <= lastSeq) {
            throw new IllegalArgumentException("seq " + batch.seq() + " is not above the last queued seq " + lastSeq);
        }
        long frame = QueueSegment.frameBytes(batch);
        if (frame - QueueSegment.HEADER > QueueSegment.MAX_BODY || frame > options.segmentBytes()) {
            throw new IllegalArgumentException("record of " + frame + " bytes exceeds the segment size "
                    + options.segmentBytes());
        }
        if (active.size() > 0 && active.size() + frame > options.segmentBytes()) {
            roll();
        }
        while (diskBytes + frame > options.maxBytes() && segments.size() > 1) {
            dropOldestSegment();
        }
        boolean force = options.fsyncInterval().isZero();
        Record r = active.append(batch, force);
        unforced |= !force;
        segments.put(activeIndex, active.size());
        diskBytes += frame;
        entries.addLast(r);
        queuedBytes += frame;
        queuedReadings += batch.readings();
        lastSeq = batch.seq();
    }

    private void roll() throws IOException {
        active.force();
        unforced = false;
        active.close();
        activeIndex++;
        active = QueueSegment.create(dir, activeIndex);
        segments.put(activeIndex, 0L);
    }

    private void dropOldestSegment() throws IOException {
        long oldest = segments.firstKey();
        long batches = 0;
        long readings = 0;
        while (!entries.isEmpty() && entries.peekFirst().segment() == oldest) {
            Record e = entries.pollFirst();
            if (ackedAhead.remove(e.seq())) {
                continue; // delivered already; its counts left the queue then
            }
            batches++;
            readings += e.readings();
            queuedBytes -= e.frameBytes();
            queuedReadings -= e.readings();
        }
        skipAcknowledgedHead();
        droppedBatches += batches;
        droppedReadings += readings;
        LOG.warning(String.format("queue %s: cap of %d bytes reached, dropped segment %d: %d batches, %d readings"
                + " (total dropped %d batches, %d readings)", dir, options.maxBytes(), oldest, batches, readings,
                droppedBatches, droppedReadings));
        writeCheckpoint(); // deletes the segment once the position past it is persisted
    }

    // ---- reading and acknowledging ----

    /** Up to {@code max} of the oldest queued batches, oldest first. */
    public List<QueuedBatch> peekOldest(int max) throws IOException {
        return peekAfter(Long.MIN_VALUE, max);
    }

    /** Up to {@code max} queued batches with a seq above {@code afterSeq}, oldest first (for draining while earlier ones are in flight). */
    public List<QueuedBatch> peekAfter(long afterSeq, int max) throws IOException {
        return peek(afterSeq, Long.MAX_VALUE, max, seq -> true);
    }

    /**
     * Up to {@code max} unacknowledged batches with {@code afterSeq < seq <= upToSeq} that
     * {@code wanted} accepts, oldest first.
     */
    public synchronized List<QueuedBatch> peek(long afterSeq, long upToSeq, int max, LongPredicate wanted)
            throws IOException {
        ensureOpen();
        List<QueuedBatch> out = new ArrayList<>(Math.min(Math.max(max, 0), Math.min(entries.size(), 1024)));
        try (QueueSegment.Reader reader = new QueueSegment.Reader(dir, active)) {
            for (Iterator<Record> it = afterSeq < firstQueuedSeq() ? entries.iterator() : tailFrom(afterSeq);
                 it.hasNext() && out.size() < max; ) {
                Record e = it.next();
                if (e.seq() > upToSeq) {
                    break;
                }
                if (e.seq() <= afterSeq || ackedAhead.contains(e.seq()) || !wanted.test(e.seq())) {
                    continue;
                }
                out.add(new QueuedBatch(e.seq(), e.firstTs(), e.lastTs(), e.readings(), reader.payload(e)));
            }
        }
        return out;
    }

    private long firstQueuedSeq() {
        Record head = entries.peekFirst();
        return head == null ? Long.MAX_VALUE : head.seq();
    }

    /**
     * An iterator starting near the first entry above {@code afterSeq}: live batches are at the
     * end of a long backlog, so walk from the back to find them.
     */
    private Iterator<Record> tailFrom(long afterSeq) {
        Iterator<Record> back = entries.descendingIterator();
        ArrayDeque<Record> tail = new ArrayDeque<>();
        while (back.hasNext()) {
            Record e = back.next();
            if (e.seq() <= afterSeq) {
                break;
            }
            tail.addFirst(e);
        }
        return tail.iterator();
    }

    /**
     * Removes the queued batches from the head up to and including {@code upToSeq} (the broker
     * acknowledged them) and advances the persisted read position; returns how many were removed.
     */
    public synchronized int acknowledge(long upToSeq) throws IOException {
        ensureOpen();
        int n = 0;
        while (!entries.isEmpty() && entries.peekFirst().seq() <= upToSeq) {
            Record e = entries.pollFirst();
            if (!ackedAhead.remove(e.seq())) {
                queuedBytes -= e.frameBytes();
                queuedReadings -= e.readings();
                n++;
            }
            lastAckedSeq = Math.max(lastAckedSeq, e.seq());
        }
        skipAcknowledgedHead();
        afterAcknowledge(n);
        return n;
    }

    /**
     * Acknowledges the given queued batches, in any order (seqs no longer queued are ignored);
     * returns how many were newly acknowledged. One checkpoint covers the whole call.
     */
    public synchronized int acknowledge(Collection<QueuedBatch> batches) throws IOException {
        return acknowledgeBatches(batches).size();
    }

    /**
     * Like {@link #acknowledge(Collection)}, returning the batches newly acknowledged: a batch the cap
     * dropped before its PUBACK came is not among them (it is counted as dropped already).
     */
    public synchronized List<QueuedBatch> acknowledgeBatches(Collection<QueuedBatch> batches) throws IOException {
        ensureOpen();
        long head = firstQueuedSeq();
        List<QueuedBatch> newly = new ArrayList<>();
        for (QueuedBatch b : batches) {
            if (b.seq() < head || b.seq() > lastSeq || ackedAhead.contains(b.seq())) {
                continue;
            }
            ackedAhead.add(b.seq());
            queuedBytes -= QueueSegment.frameBytes(b);
            queuedReadings -= b.readings();
            lastAckedSeq = Math.max(lastAckedSeq, b.seq());
            newly.add(b);
        }
        skipAcknowledgedHead();
        afterAcknowledge(newly.size());
        return newly;
    }

    /** A batch {@link #acknowledgeWhere} removed. */
    public record Acknowledged(long seq, int readings) {
    }

    /**
     * Acknowledges every queued batch whose seq {@code named} accepts (a delivery receipt names
     * seqs, not batches; seqs not queued are ignored); returns those newly acknowledged, in queue order.
     * One checkpoint covers the whole call.
     */
    public synchronized List<Acknowledged> acknowledgeWhere(LongPredicate named) throws IOException {
        ensureOpen();
        List<Acknowledged> out = new ArrayList<>();
        for (Record e : entries) {
            if (ackedAhead.contains(e.seq()) || !named.test(e.seq())) {
                continue;
            }
            ackedAhead.add(e.seq());
            queuedBytes -= e.frameBytes();
            queuedReadings -= e.readings();
            lastAckedSeq = Math.max(lastAckedSeq, e.seq());
            out.add(new Acknowledged(e.seq(), e.readings()));
        }
        skipAcknowledgedHead();
        afterAcknowledge(out.size());
        return out;
    }

    /** Drops acknowledged entries from the head (their counts already left the queue). */
    private void skipAcknowledgedHead() {
        while (!entries.isEmpty() && ackedAhead.remove(entries.peekFirst().seq())) {
            entries.pollFirst();
        }
        Record head = entries.peekFirst();
        if (head == null) {
            ackedAhead.clear();
        } else {
            ackedAhead.headSet(head.seq()).clear();
        }
    }

    /** On open: entries the checkpoint says were acknowledged ahead of the head leave the counts. */
    private void applyAckedAhead() {
        if (ackedAhead.isEmpty()) {
            return;
        }
        TreeSet<Long> found = new TreeSet<>();
        for (Record e : entries) {
            if (ackedAhead.contains(e.seq())) {
                found.add(e.seq());
                queuedBytes -= e.frameBytes();
                queuedReadings -= e.readings();
            }
        }
        ackedAhead.retainAll(found);
        skipAcknowledgedHead();
    }

    private void afterAcknowledge(int newlyAcknowledged) throws IOException {
        if (newlyAcknowledged > 0) {
            checkpointDirty = true;
            long cpNanos = options.checkpointInterval().toNanos();
            if (cpNanos == 0 || System.nanoTime() - lastCheckpointNanos >= cpNanos) {
                writeCheckpoint();
            }
        }
    }


    public synchronized QueueStats stats() {
        Record head = entries.peekFirst();
        return new QueueStats(entries.size() - ackedAhead.size(), queuedReadings, queuedBytes, diskBytes, segments.size(),
                head == null ? OptionalLong.empty() : OptionalLong.of(head.firstTs()), droppedBatches, droppedReadings,
                lastAckedSeq, corruptTailRecords);
    }

    public synchronized boolean isEmpty() {
        return entries.size() == ackedAhead.size();
    }

    /** The seq of the oldest queued batch, {@code Long.MAX_VALUE} when none is. */
    public synchronized long headSeq() {
        return firstQueuedSeq();
    }

    /** The highest seq ever appended (or acknowledged), -1 if none. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Forces pending appends and a pending checkpoint to disk now. */
    public synchronized void flush() throws IOException {
        if (closed) {
            return;
        }
        if (unforced) {
            active.force();
            unforced = false;
        }
        if (checkpointDirty) {
            writeCheckpoint();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "queue " + dir + ": flush failed", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        if (flusher != null) {
            flusher.shutdownNow();
        }
        try {
            flush();
            writeCheckpoint();
        } finally {
            closed = true;
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            if (active != null) {
                active.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            lockChannel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ---- checkpoint ----

    /** Persists the read position atomically, then deletes the segments before it. */
    private void writeCheckpoint() throws IOException {
        Record head = entries.peekFirst();
        long segment = head != null ? head.segment() : activeIndex;
        long offset = head != null ? head.offset() : segments.get(activeIndex);
        new QueueCheckpoint(segment, offset, lastAckedSeq, droppedBatches, droppedReadings, ackedAhead).write(dir);
        checkpointDirty = false;
        lastCheckpointNanos = System.nanoTime();
        deleteConsumedSegments();
    }

    private void deleteConsumedSegments() throws IOException {
        Record head = entries.peekFirst();
        long keepFrom = head == null ? activeIndex : head.segment();
        Iterator<Map.Entry<Long, Long>> it = segments.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Long> s = it.next();
            if (s.getKey() >= keepFrom || s.getKey() == activeIndex) {
                break;
            }
            Files.deleteIfExists(QueueSegment.path(dir, s.getKey()));
            diskBytes -= s.getValue();
            it.remove();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("queue " + dir + " is closed");
        }
    }

}

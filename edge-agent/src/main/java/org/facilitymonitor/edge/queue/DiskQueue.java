package org.facilitymonitor.edge.queue;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Collection;
import java.util.function.LongPredicate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A bounded, append-only, segmented on-disk FIFO of encoded batches that survives {@code kill -9}.
 *
 * <h2>Layout</h2>
 * A directory holds segment files {@code 00000000000000000000.seg}, {@code …01.seg} (numbered in
 * order, each at most {@link Options#segmentBytes()} unless a single record is larger), a
 * {@code checkpoint} file and a {@code lock} file (an exclusive {@link FileLock}: one process per
 * queue). A segment is a sequence of records:
 * <pre>
 *   int   length   of the body (big-endian)
 *   int   crc32    of the body
 *   body: long seq, long firstTs, long lastTs, int readings, byte[length - 28] payload
 * </pre>
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
 * {@code checkpoint} holds the read position (segment, offset of the first unacknowledged record),
 * the last acknowledged seq, the dropped counts and the seqs acknowledged ahead of the head: int
 * magic {@code FMQC}, int version 2, long segment, long offset, long lastAckedSeq, long
 * droppedBatches, long droppedReadings, int n, n × long seq, int crc32 of everything before it. It is replaced atomically: written to
 * {@code checkpoint.tmp}, forced, renamed over {@code checkpoint}, directory forced. Segments
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

    static final int HEADER = 8;
    static final int BODY_FIXED = 28;
    static final int MAX_BODY = 64 * 1024 * 1024;
    static final String CHECKPOINT = "checkpoint";
    static final String CHECKPOINT_TMP = "checkpoint.tmp";
    private static final int CP_MAGIC = 0x464D5143; // "FMQC"
    private static final int CP_VERSION = 2;
    private static final int CP_FIXED = 52; // magic .. droppedReadings (48) + int count of acked-ahead seqs
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.seg");

    /**
     * @param segmentBytes       target size of a segment file (8 MiB by default)
     * @param maxBytes           cap of all segment files; at least two segments
     * @param fsyncInterval      zero: force every append; positive: group commit at most this often
     * @param checkpointInterval zero: persist the read position on every acknowledge; positive: at most this often
     */
    public record Options(long segmentBytes, long maxBytes, Duration fsyncInterval, Duration checkpointInterval) {

        public static final long DEFAULT_SEGMENT_BYTES = 8L * 1024 * 1024;

        public Options {
            if (segmentBytes < HEADER + BODY_FIXED + 1) {
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

    private record Entry(long segment, long offset, int frameBytes, long seq, long firstTs, long lastTs,
                         int readings) {
    }

    /** Seqs acknowledged while an older batch is still queued, ascending. */
    private final TreeSet<Long> ackedAhead = new TreeSet<>();

    private final Path dir;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final TreeMap<Long, Long> segments = new TreeMap<>(); // index -> bytes
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final ScheduledExecutorService flusher;

    private FileChannel active;
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
        Files.deleteIfExists(dir.resolve(CHECKPOINT_TMP));
        long cpSegment = 0;
        long cpOffset = 0;
        Checkpoint cp = readCheckpoint();
        if (cp != null) {
            cpSegment = cp.segment;
            cpOffset = cp.offset;
            lastAckedSeq = cp.lastAckedSeq;
            droppedBatches = cp.droppedBatches;
            droppedReadings = cp.droppedReadings;
            ackedAhead.addAll(cp.ackedAhead);
        }
        lastSeq = lastAckedSeq;

        List<Long> found = new ArrayList<>();
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(Long.parseLong(m.group(1)));
                }
            }
        }
        found.sort(null);
        for (long index : found) {
            Path file = segmentPath(index);
            if (index < cpSegment) { // consumed; the deletion after the checkpoint was interrupted
                Files.deleteIfExists(file);
                continue;
            }
            long size = scan(index, index == cpSegment ? cpOffset : 0);
            segments.put(index, size);
            diskBytes += size;
        }
        if (segments.isEmpty()) {
            activeIndex = cpSegment;
            active = FileChannel.open(segmentPath(activeIndex), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            forceDirectory();
            segments.put(activeIndex, 0L);
        } else {
            activeIndex = segments.lastKey();
            active = FileChannel.open(segmentPath(activeIndex), StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        applyAckedAhead();
        // normalize the persisted position to what was found: if segment data the checkpoint had passed
        // was lost (power loss with group commit), new appends must not land behind a stale offset
        writeCheckpoint();
        if (corruptTailRecords > 0) {
            LOG.warning(String.format("queue %s: cut %d torn/corrupt record tail(s) on open", dir, corruptTailRecords));
        }
    }

    /** Reads a segment, queues its records from {@code from} on, truncates a bad tail; returns the valid size. */
    private long scan(long index, long from) throws IOException {
        Path file = segmentPath(index);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            CRC32 crc = new CRC32();
            while (pos < size) {
                if (size - pos < HEADER) {
                    break;
                }
                header.clear();
                readFully(ch, header, pos);
                header.flip();
                int len = header.getInt();
                int sum = header.getInt();
                if (len < BODY_FIXED || len > MAX_BODY || size - pos - HEADER < len) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(len);
                readFully(ch, body, pos + HEADER);
                crc.reset();
                crc.update(body.array(), 0, len);
                if ((int) crc.getValue() != sum) {
                    break;
                }
                body.flip();
                long seq = body.getLong();
                long firstTs = body.getLong();
                long lastTs = body.getLong();
                int readings = body.getInt();
                if (pos >= from) {
                    Entry previous = entries.peekLast();
                    if (previous != null && seq <= previous.seq()) {
                        LOG.warning(String.format("queue %s: seq %d in segment %d after seq %d, kept", dir, seq, index,
                                previous.seq()));
                    }
                    entries.addLast(new Entry(index, pos, HEADER + len, seq, firstTs, lastTs, readings));
                    queuedBytes += HEADER + len;
                    queuedReadings += readings;
                }
                lastSeq = Math.max(lastSeq, seq);
                pos += HEADER + len;
            }
            if (pos < size) {
                corruptTailRecords++;
                LOG.warning(String.format("queue %s: segment %d: torn or corrupt record at offset %d, truncating %d bytes",
                        dir, index, pos, size - pos));
                ch.truncate(pos);
                ch.force(true);
            }
            return pos;
        }
    }

    // ---- writing ----

    /** Appends a batch; durable against {@code kill -9} on return (against power loss: see the class doc). */
    public synchronized void append(QueuedBatch batch) throws IOException {
        ensureOpen();
        if (batch.seq() <= lastSeq) {
            throw new IllegalArgumentException("seq " + batch.seq() + " is not above the last queued seq " + lastSeq);
        }
        int len = BODY_FIXED + batch.payload().length;
        long frame = (long) HEADER + len;
        if (len > MAX_BODY || frame > options.segmentBytes()) {
            throw new IllegalArgumentException("record of " + frame + " bytes exceeds the segment size "
                    + options.segmentBytes());
        }
        long activeSize = segments.get(activeIndex);
        if (activeSize > 0 && activeSize + frame > options.segmentBytes()) {
            roll();
            activeSize = 0;
        }
        while (diskBytes + frame > options.maxBytes() && segments.size() > 1) {
            dropOldestSegment();
        }
        ByteBuffer buf = ByteBuffer.allocate((int) frame);
        buf.putInt(len).putInt(0);
        buf.putLong(batch.seq()).putLong(batch.firstTs()).putLong(batch.lastTs()).putInt(batch.readings());
        buf.put(batch.payload());
        CRC32 crc = new CRC32();
        crc.update(buf.array(), HEADER, len);
        buf.putInt(4, (int) crc.getValue());
        buf.flip();
        long pos = activeSize;
        while (buf.hasRemaining()) {
            pos += active.write(buf, pos);
        }
        if (options.fsyncInterval().isZero()) {
            active.force(false);
        } else {
            unforced = true;
        }
        segments.put(activeIndex, activeSize + frame);
        diskBytes += frame;
        entries.addLast(new Entry(activeIndex, activeSize, (int) frame, batch.seq(), batch.firstTs(), batch.lastTs(),
                batch.readings()));
        queuedBytes += frame;
        queuedReadings += batch.readings();
        lastSeq = batch.seq();
    }

    private void roll() throws IOException {
        active.force(false);
        unforced = false;
        active.close();
        activeIndex++;
        active = FileChannel.open(segmentPath(activeIndex), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        active.truncate(0);
        forceDirectory();
        segments.put(activeIndex, 0L);
    }

    private void dropOldestSegment() throws IOException {
        long oldest = segments.firstKey();
        long batches = 0;
        long readings = 0;
        while (!entries.isEmpty() && entries.peekFirst().segment() == oldest) {
            Entry e = entries.pollFirst();
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
        long openIndex = -1;
        FileChannel ch = null;
        try {
            for (Iterator<Entry> it = afterSeq < firstQueuedSeq() ? entries.iterator() : tailFrom(afterSeq);
                 it.hasNext() && out.size() < max; ) {
                Entry e = it.next();
                if (e.seq() > upToSeq) {
                    break;
                }
                if (e.seq() <= afterSeq || ackedAhead.contains(e.seq()) || !wanted.test(e.seq())) {
                    continue;
                }
                if (e.segment() != openIndex) {
                    if (ch != null && ch != active) {
                        ch.close();
                    }
                    ch = e.segment() == activeIndex ? active
                            : FileChannel.open(segmentPath(e.segment()), StandardOpenOption.READ);
                    openIndex = e.segment();
                }
                ByteBuffer payload = ByteBuffer.allocate(e.frameBytes() - HEADER - BODY_FIXED);
                readFully(ch, payload, e.offset() + HEADER + BODY_FIXED);
                out.add(new QueuedBatch(e.seq(), e.firstTs(), e.lastTs(), e.readings(), payload.array()));
            }
        } finally {
            if (ch != null && ch != active) {
                ch.close();
            }
        }
        return out;
    }

    private long firstQueuedSeq() {
        Entry head = entries.peekFirst();
        return head == null ? Long.MAX_VALUE : head.seq();
    }

    /**
     * An iterator starting near the first entry above {@code afterSeq}: live batches are at the
     * end of a long backlog, so walk from the back to find them.
     */
    private Iterator<Entry> tailFrom(long afterSeq) {
        Iterator<Entry> back = entries.descendingIterator();
        ArrayDeque<Entry> tail = new ArrayDeque<>();
        while (back.hasNext()) {
            Entry e = back.next();
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
            Entry e = entries.pollFirst();
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
        ensureOpen();
        long head = firstQueuedSeq();
        int n = 0;
        for (QueuedBatch b : batches) {
            if (b.seq() < head || b.seq() > lastSeq || ackedAhead.contains(b.seq())) {
                continue;
            }
            ackedAhead.add(b.seq());
            queuedBytes -= (long) HEADER + BODY_FIXED + b.payload().length;
            queuedReadings -= b.readings();
            lastAckedSeq = Math.max(lastAckedSeq, b.seq());
            n++;
        }
        skipAcknowledgedHead();
        afterAcknowledge(n);
        return n;
    }

    /** Drops acknowledged entries from the head (their counts already left the queue). */
    private void skipAcknowledgedHead() {
        while (!entries.isEmpty() && ackedAhead.remove(entries.peekFirst().seq())) {
            entries.pollFirst();
        }
        Entry head = entries.peekFirst();
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
        for (Entry e : entries) {
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
        Entry head = entries.peekFirst();
        return new QueueStats(entries.size() - ackedAhead.size(), queuedReadings, queuedBytes, diskBytes, segments.size(),
                head == null ? OptionalLong.empty() : OptionalLong.of(head.firstTs()), droppedBatches, droppedReadings,
                lastAckedSeq, corruptTailRecords);
    }

    public synchronized boolean isEmpty() {
        return entries.size() == ackedAhead.size();
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
            active.force(false);
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

    private record Checkpoint(long segment, long offset, long lastAckedSeq, long droppedBatches, long droppedReadings,
                              List<Long> ackedAhead) {
    }

    private Checkpoint readCheckpoint() throws IOException {
        ByteBuffer b = ChecksummedFile.readAny(dir.resolve(CHECKPOINT), "queue checkpoint");
        if (b == null) {
            return null;
        }
        if (b.remaining() < CP_FIXED || b.getInt() != CP_MAGIC || b.getInt() != CP_VERSION) {
            LOG.warning("queue " + dir + ": checkpoint of another format ignored, reading from the oldest segment");
            return null;
        }
        long segment = b.getLong();
        long offset = b.getLong();
        long acked = b.getLong();
        long droppedB = b.getLong();
        long droppedR = b.getLong();
        int n = b.getInt();
        if (n < 0 || b.remaining() != 8L * n) {
            LOG.warning("queue " + dir + ": checkpoint with a bad acknowledged-ahead list ignored");
            return null;
        }
        List<Long> ahead = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ahead.add(b.getLong());
        }
        return new Checkpoint(segment, offset, acked, droppedB, droppedR, ahead);
    }

    /** Persists the read position atomically, then deletes the segments before it. */
    private void writeCheckpoint() throws IOException {
        long segment;
        long offset;
        Entry head = entries.peekFirst();
        if (head != null) {
            segment = head.segment();
            offset = head.offset();
        } else {
            segment = activeIndex;
            offset = segments.get(activeIndex);
        }
        ByteBuffer b = ByteBuffer.allocate(CP_FIXED + 8 * ackedAhead.size());
        b.putInt(CP_MAGIC).putInt(CP_VERSION).putLong(segment).putLong(offset).putLong(lastAckedSeq)
                .putLong(droppedBatches).putLong(droppedReadings).putInt(ackedAhead.size());
        for (long seq : ackedAhead) {
            b.putLong(seq);
        }
        b.flip();
        ChecksummedFile.write(dir.resolve(CHECKPOINT), b);
        checkpointDirty = false;
        lastCheckpointNanos = System.nanoTime();
        deleteConsumedSegments();
    }

    private void deleteConsumedSegments() throws IOException {
        Entry head = entries.peekFirst();
        long keepFrom = head == null ? activeIndex : head.segment();
        Iterator<Map.Entry<Long, Long>> it = segments.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Long> s = it.next();
            if (s.getKey() >= keepFrom || s.getKey() == activeIndex) {
                break;
            }
            Files.deleteIfExists(segmentPath(s.getKey()));
            diskBytes -= s.getValue();
            it.remove();
        }
    }

    /** Writes {@code content} to {@code target} via a forced temp file, an atomic rename and a directory force. */
    static void writeAtomically(Path target, ByteBuffer content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                ch.write(content);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(target.getParent());
    }

    private void forceDirectory() {
        forceDirectory(dir);
    }

    /** Makes a rename or a new file durable (Linux; a no-op where directories cannot be opened). */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform
        }
    }

    // ---- helpers ----

    private Path segmentPath(long index) {
        return dir.resolve(String.format("%020d.seg", index));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException("unexpected end of segment at " + pos);
            }
            pos += n;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("queue " + dir + " is closed");
        }
    }

    Path directory() {
        return dir;
    }
}

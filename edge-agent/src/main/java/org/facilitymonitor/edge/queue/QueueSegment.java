package org.facilitymonitor.edge.queue;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One segment file of the {@link DiskQueue}: its name, its record format and the reads and writes
 * on it. The queue decides which segment to write, when to roll and what to delete; this class only
 * knows the bytes.
 *
 * <p>A segment {@code %020d.seg} is a sequence of records:
 * <pre>
 *   int   length   of the body (big-endian)
 *   int   crc32    of the body
 *   body: long seq, long firstTs, long lastTs, int readings, byte[length - 28] payload
 * </pre>
 * A record is written with a positional {@link FileChannel#write} (no mmap), so once
 * {@link #append} returns its bytes are in the kernel's page cache and survive {@code kill -9}.
 * {@link #scan} reads a segment back and cuts it at the first record whose header or body is
 * incomplete, whose length is impossible or whose CRC does not match.
 *
 * <p>An instance is the segment being appended to (the queue's active segment); the static
 * methods and {@link Reader} read any segment.
 */
final class QueueSegment implements Closeable {

    private static final Logger LOG = Logger.getLogger(QueueSegment.class.getName());

    static final int HEADER = 8;
    static final int BODY_FIXED = 28;
    static final int MAX_BODY = 64 * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

    /** A record as the queue keeps it in memory: where it is and what its header says. */
    record Record(long segment, long offset, int frameBytes, long seq, long firstTs, long lastTs, int readings) {
    }

    /** What {@link #scan} found: the size of the valid records, and whether a bad tail was cut off. */
    record Scan(long validBytes, boolean tailCut) {
    }

    private final long index;
    private final FileChannel channel;
    private long size;

    private QueueSegment(long index, FileChannel channel, long size) {
        this.index = index;
        this.channel = channel;
        this.size = size;
    }

    /** A new, empty segment {@code index} in {@code dir}, its directory entry forced to disk. */
    static QueueSegment create(Path dir, long index) throws IOException {
        FileChannel ch = FileChannel.open(path(dir, index), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ch.truncate(0);
        DurableFiles.forceDirectory(dir);
        return new QueueSegment(index, ch, 0);
    }

    /** The existing segment {@code index}, already scanned to {@code validBytes}, to append to. */
    static QueueSegment reopen(Path dir, long index, long validBytes) throws IOException {
        FileChannel ch = FileChannel.open(path(dir, index), StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new QueueSegment(index, ch, validBytes);
    }

    static Path path(Path dir, long index) {
        return dir.resolve(String.format("%020d.seg", index));
    }

    /** The indexes of the segment files in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> found = new ArrayList<>();
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(Long.parseLong(m.group(1)));
                }
            }
        }
        found.sort(null);
        return found;
    }

    /** The size of the record that holds {@code batch}, header included. */
    static long frameBytes(QueuedBatch batch) {
        return (long) HEADER + BODY_FIXED + batch.payload().length;
    }

    long index() {
        return index;
    }

    /** Bytes written to this segment so far. */
    long size() {
        return size;
    }

    /** Writes {@code batch} as a record at the end; forces it to disk when {@code force}. Returns its record. */
    Record append(QueuedBatch batch, boolean force) throws IOException {
        int len = BODY_FIXED + batch.payload().length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + len);
        buf.putInt(len).putInt(0);
        buf.putLong(batch.seq()).putLong(batch.firstTs()).putLong(batch.lastTs()).putInt(batch.readings());
        buf.put(batch.payload());
        CRC32 crc = new CRC32();
        crc.update(buf.array(), HEADER, len);
        buf.putInt(4, (int) crc.getValue());
        buf.flip();
        long offset = size;
        long pos = offset;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        if (force) {
            channel.force(false);
        }
        size = offset + HEADER + len;
        return new Record(index, offset, HEADER + len, batch.seq(), batch.firstTs(), batch.lastTs(), batch.readings());
    }

    /** Forces what was appended to disk ({@code fdatasync}). */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Reads segment {@code index} of {@code dir} from the start, hands every valid record to
     * {@code each} in order, and truncates the file at the first bad one (logged, forced).
     */
    static Scan scan(Path dir, long index, Consumer<Record> each) throws IOException {
        try (FileChannel ch = FileChannel.open(path(dir, index), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long pos = 0;
            Record r;
            while ((r = readRecord(ch, index, pos, size)) != null) {
                each.accept(r);
                pos += r.frameBytes();
            }
            if (pos < size) {
                LOG.warning(String.format("queue %s: segment %d: torn or corrupt record at offset %d, truncating %d bytes",
                        dir, index, pos, size - pos));
                ch.truncate(pos);
                ch.force(true);
            }
            return new Scan(pos, pos < size);
        }
    }

    /** The record at {@code pos}, or null if it is incomplete, impossibly long or fails its CRC. */
    private static Record readRecord(FileChannel ch, long index, long pos, long size) throws IOException {
        if (size - pos < HEADER) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(ch, header, pos);
        header.flip();
        int len = header.getInt();
        int sum = header.getInt();
        if (len < BODY_FIXED || len > MAX_BODY || size - pos - HEADER < len) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        readFully(ch, body, pos + HEADER);
        CRC32 crc = new CRC32();
        crc.update(body.array(), 0, len);
        if ((int) crc.getValue() != sum) {
            return null;
        }
        body.flip();
        return new Record(index, pos, HEADER + len, body.getLong(), body.getLong(), body.getLong(), body.getInt());
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

    /**
     * Reads the payloads of records, keeping one segment open at a time (the active segment's own
     * channel for its records). Records are read in queue order, so a segment is opened once per run.
     */
    static final class Reader implements Closeable {
        private final Path dir;
        private final QueueSegment active;
        private long openIndex = -1;
        private FileChannel channel;

        Reader(Path dir, QueueSegment active) {
            this.dir = dir;
            this.active = active;
        }

        byte[] payload(Record r) throws IOException {
            if (r.segment() != openIndex) {
                closeOpened();
                channel = r.segment() == active.index ? active.channel
                        : FileChannel.open(path(dir, r.segment()), StandardOpenOption.READ);
                openIndex = r.segment();
            }
            ByteBuffer payload = ByteBuffer.allocate(r.frameBytes() - HEADER - BODY_FIXED);
            readFully(channel, payload, r.offset() + HEADER + BODY_FIXED);
            return payload.array();
        }

        private void closeOpened() throws IOException {
            if (channel != null && channel != active.channel) {
                channel.close();
            }
            channel = null;
        }

        @Override
        public void close() throws IOException {
            closeOpened();
        }
    }
}

package org.facilitymonitor.edge.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@link DiskQueue}'s {@code checkpoint} file: what a reopened queue must know beyond its
 * segments. It holds the read position (segment, offset of the first unacknowledged record), the
 * last acknowledged seq, the dropped counts and the seqs acknowledged ahead of the head:
 * <pre>
 *   int magic "FMQC", int version 2, long segment, long offset, long lastAckedSeq,
 *   long droppedBatches, long droppedReadings, int n, n × long seq, int crc32 of everything before it
 * </pre>
 * It is replaced atomically ({@link ChecksummedFile}): written to {@code checkpoint.tmp}, forced,
 * renamed over {@code checkpoint}, directory forced. A missing file, a bad checksum or another
 * format reads as no checkpoint (the queue then reads from its oldest segment).
 */
record QueueCheckpoint(long segment, long offset, long lastAckedSeq, long droppedBatches, long droppedReadings,
                       Collection<Long> ackedAhead) {

    private static final Logger LOG = Logger.getLogger(QueueCheckpoint.class.getName());

    static final String FILE = "checkpoint";
    static final String TMP = "checkpoint.tmp";
    private static final int MAGIC = 0x464D5143; // "FMQC"
    private static final int VERSION = 2;
    private static final int FIXED = 52; // magic .. droppedReadings (48) + int count of acked-ahead seqs

    /** The checkpoint in {@code dir}, or null if there is none or it cannot be used; removes a leftover temp file. */
    static QueueCheckpoint read(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(TMP));
        ByteBuffer b = ChecksummedFile.readAny(dir.resolve(FILE), "queue checkpoint");
        if (b == null) {
            return null;
        }
        if (b.remaining() < FIXED || b.getInt() != MAGIC || b.getInt() != VERSION) {
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
        return new QueueCheckpoint(segment, offset, acked, droppedB, droppedR, ahead);
    }

    /** Replaces the checkpoint in {@code dir} with this one, atomically and durably. */
    void write(Path dir) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(FIXED + 8 * ackedAhead.size());
        b.putInt(MAGIC).putInt(VERSION).putLong(segment).putLong(offset).putLong(lastAckedSeq)
                .putLong(droppedBatches).putLong(droppedReadings).putInt(ackedAhead.size());
        for (long seq : ackedAhead) {
            b.putLong(seq);
        }
        b.flip();
        ChecksummedFile.write(dir.resolve(FILE), b);
    }
}

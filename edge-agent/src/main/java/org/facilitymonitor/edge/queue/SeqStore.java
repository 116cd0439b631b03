package org.facilitymonitor.edge.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The per-edge batch seq, persisted so that it keeps increasing across restarts (contract v1:
 * "monotonically increasing, persisted by the edge").
 *
 * <p>The file holds 16 bytes: long seq (the highest seq handed out or reserved), int magic
 * {@code FMSQ}, int crc32 of the first 12 bytes; it is replaced atomically (temp file, force,
 * rename, directory force) <em>before</em> a seq above the persisted one is handed out. With a
 * {@code reserve} above 1 the store persists {@code reserve} seqs ahead and writes the file only
 * once per block (a restart then skips the unused rest of the block: gaps are allowed, going back is
 * not). A missing or corrupt file starts from {@code max(persisted if readable, clock millis)}, so
 * the seq never goes backwards as long as the clock does not jump back past it.
 */
public final class SeqStore {

    private static final Logger LOG = Logger.getLogger(SeqStore.class.getName());
    private static final int MAGIC = 0x464D5351; // "FMSQ"
    private static final int SIZE = 16;

    private final Path file;
    private final int reserve;
    private long last;      // highest seq handed out (or the starting point minus one)
    private long persisted; // highest seq covered by the file

    private SeqStore(Path file, int reserve, long last) {
        this.file = file;
        this.reserve = reserve;
        this.last = last;
        this.persisted = last;
    }

    /** Opens the store, persisting every seq before it is handed out. */
    public static SeqStore open(Path file, Clock clock) throws IOException {
        return open(file, clock, 1);
    }

    /** Opens the store, persisting {@code reserve} seqs ahead. */
    public static SeqStore open(Path file, Clock clock, int reserve) throws IOException {
        if (reserve < 1) {
            throw new IllegalArgumentException("reserve: must be >= 1");
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Long stored = read(file);
        long last;
        if (stored != null) {
            last = stored;
        } else {
            // nothing trustworthy on disk: the clock's milliseconds are above any seq a previous run used
            // (the old agent started its seq there too), unless the clock went back
            last = clock.millis() - 1;
            LOG.info("seq store " + file + ": no valid seq file, starting after " + last);
        }
        SeqStore store = new SeqStore(file, reserve, last);
        store.persist(last);
        return store;
    }

    /** The next seq: persisted (or covered by a persisted reservation) before it is returned. */
    public synchronized long next() throws IOException {
        long seq = last + 1;
        if (seq > persisted) {
            persist(seq + reserve - 1);
        }
        last = seq;
        return seq;
    }

    /** The last seq handed out (the starting point minus one before the first {@link #next}). */
    public synchronized long last() {
        return last;
    }

    /** Makes sure future seqs are above {@code seq} (e.g. the queue's last seq after a lost seq file). */
    public synchronized void advancePast(long seq) throws IOException {
        if (seq > last) {
            last = seq;
            if (seq > persisted) {
                persist(seq);
            }
        }
    }

    private void persist(long value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SIZE - 4);
        b.putLong(value).putInt(MAGIC);
        b.flip();
        ChecksummedFile.write(file, b);
        persisted = value;
    }

    private static Long read(Path file) throws IOException {
        ByteBuffer b = ChecksummedFile.read(file, SIZE - 4, "seq store");
        if (b == null) {
            return null;
        }
        long value = b.getLong();
        if (b.getInt() != MAGIC || value < -1) {
            LOG.warning("seq store " + file + ": corrupt file ignored");
            return null;
        }
        return value;
    }
}

package org.facilitymonitor.edge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How far a {@link HistorySource} has been queued, kept beside the queue so that a restart neither
 * repeats nor restarts it: the timestamp to resume at, the readings queued so far, whether it is done,
 * and the history's own origin (a backfill's {@code from}, resolved once on the first start).
 * Replaced atomically after every queued batch (no fsync: the page cache survives {@code kill -9}).
 */
public final class HistoryProgress {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private long origin;
    private long next;
    private long readings;
    private boolean done;

    private HistoryProgress(Path file, long origin, long next, long readings, boolean done) {
        this.file = file;
        this.origin = origin;
        this.next = next;
        this.readings = readings;
        this.done = done;
    }

    /** The progress in {@code file}, or a new one starting at {@code origin} when there is none yet. */
    public static HistoryProgress load(Path file, long origin) {
        if (!Files.exists(file)) {
            return new HistoryProgress(file, origin, Long.MIN_VALUE, 0, false);
        }
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(file.toFile());
            return new HistoryProgress(file, n.get("origin").asLong(), n.get("next").asLong(), n.get("readings").asLong(),
                    n.get("done").asBoolean());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": unreadable history progress (" + e.getMessage()
                    + "); delete it to queue the history again from its start");
        }
    }

    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    /** Where the history starts (e.g. a backfill's resolved {@code from}), fixed on the first start. */
    public long origin() {
        return origin;
    }

    /** The timestamp to resume at; {@link Long#MIN_VALUE} before anything was queued. */
    public long next() {
        return next;
    }

    public long readings() {
        return readings;
    }

    public boolean done() {
        return done;
    }

    void queued(long lastTs, int count) {
        next = lastTs + 1;
        readings += count;
        save();
    }

    void finished() {
        done = true;
        save();
    }

    private void save() {
        ObjectNode n = JSON.createObjectNode().put("origin", origin).put("next", next).put("readings", readings)
                .put("done", done);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(tmp.toFile(), n);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save history progress " + file, e);
        }
    }
}

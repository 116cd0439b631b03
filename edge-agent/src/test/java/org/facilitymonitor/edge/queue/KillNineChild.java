package org.facilitymonitor.edge.queue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

/**
 * The child JVM of {@link DiskQueueKillIT}: appends consecutive seqs to the queue in {@code args[0]}
 * forever (fsync interval {@code args[1]} ms), printing {@code "A <seq>"} once append returned; every
 * 25 appends it acknowledges all but the last 10, printing {@code "acking <seq>"} before and
 * {@code "acked <seq>"} after. Payload sizes vary up to ~200 KiB so that a kill can land mid-write.
 */
public final class KillNineChild {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long fsyncMs = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        DiskQueue.Options opts = new DiskQueue.Options(1024 * 1024, 64L * 1024 * 1024, Duration.ofMillis(fsyncMs),
                Duration.ZERO);
        DiskQueue q = DiskQueue.open(dir, opts); // never closed: the test kills us
        Random random = new Random();
        long seq = q.lastSeq() + 1;
        out.println("ready " + seq);
        for (int i = 1; ; i++, seq++) {
            byte[] payload = new byte[1 + random.nextInt(200_000)];
            random.nextBytes(payload);
            q.append(new QueuedBatch(seq, seq, seq, 1, payload));
            out.println("A " + seq);
            if (i % 25 == 0) {
                long upTo = seq - 10;
                out.println("acking " + upTo);
                q.acknowledge(upTo);
                out.println("acked " + upTo);
            }
        }
    }
}

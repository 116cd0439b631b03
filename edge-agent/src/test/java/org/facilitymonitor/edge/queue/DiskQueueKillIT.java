package org.facilitymonitor.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of a process appending to the queue loses nothing that {@code append} returned. No broker. */
class DiskQueueKillIT {

    @TempDir
    Path dir;

    record Run(List<Long> appended, long lastAcked, long lastAcking) {
    }

    @ParameterizedTest(name = "fsync interval {0} ms")
    @ValueSource(longs = {0, 1_000})
    void killedWriterLosesNothingItReported(long fsyncMs) throws Exception {
        long expectedNext = -1;
        long total = 0;
        for (int round = 0; round < 3; round++) {
            Run run = runAndKill(fsyncMs, 40 + round * 37);
            assertThat(run.appended()).isNotEmpty();
            if (expectedNext >= 0) {
                // the child continued after the last seq it reported, or one it appended unreported
                assertThat(run.appended().get(0)).isBetween(expectedNext, expectedNext + 1);
            }
            total += run.appended().size();
            try (DiskQueue q = DiskQueue.open(dir, DiskQueue.Options.of(1024 * 1024, 64L * 1024 * 1024))) {
                QueueStats st = q.stats();
                assertThat(st.corruptTailRecords()).isBetween(0L, 1L);
                List<Long> queued = q.peekOldest(Integer.MAX_VALUE).stream().map(QueuedBatch::seq).toList();
                for (int i = 1; i < queued.size(); i++) {
                    assertThat(queued.get(i)).as("contiguous, ordered, no duplicates").isEqualTo(queued.get(i - 1) + 1);
                }
                long lastReported = run.appended().get(run.appended().size() - 1);
                assertThat(queued).isNotEmpty();
                // every reported append is still there unless acknowledged
                long head = queued.get(0);
                assertThat(head).isGreaterThan(run.lastAcked()).isLessThanOrEqualTo(Math.max(run.lastAcking(), run.lastAcked()) + 1);
                assertThat(queued.get(queued.size() - 1)).isBetween(lastReported, lastReported + 1);
                for (long s : run.appended()) {
                    if (s >= head) {
                        assertThat(queued).contains(s);
                    }
                }
                assertThat(st.lastAckedSeq()).isEqualTo(head - 1); // acks are prefixes; round 0 always acks at 25
                assertThat(st.droppedBatches()).isZero();
                expectedNext = q.lastSeq() + 1;
                System.out.printf("fsync %d ms round %d: %d appends reported, queue %d..%d, torn tails %d%n", fsyncMs,
                        round, run.appended().size(), head, queued.get(queued.size() - 1), st.corruptTailRecords());
            }
        }
        assertThat(total).isGreaterThan(100);
    }

    private Run runAndKill(long fsyncMs, int killAfter) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KillNineChild.class.getName(), dir.toString(), Long.toString(fsyncMs));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        List<Long> appended = new ArrayList<>();
        long acked = -1;
        long acking = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("A ")) {
                    appended.add(Long.parseLong(line.substring(2)));
                    if (appended.size() == killAfter) {
                        // SIGKILL mid-stream, leaving our end of the pipe open (Process.destroyForcibly would close it):
                        // keep reading, what the child printed before the signal landed is still in the pipe
                        p.toHandle().destroyForcibly();
                    }
                } else if (line.startsWith("acking ")) {
                    acking = Long.parseLong(line.substring(7));
                } else if (line.startsWith("acked ")) {
                    acked = Long.parseLong(line.substring(6));
                }
            }
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(appended).as("child output").hasSizeGreaterThanOrEqualTo(killAfter);
        return new Run(appended, acked, acking);
    }
}

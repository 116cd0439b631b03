package org.facilitymonitor.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {

    /** 100-byte payload: frame of 8 + 28 + 100 = 136 bytes; 1,000-byte segments hold 7 records. */
    static final int PAYLOAD = 100;
    static final int FRAME = 136;
    static final DiskQueue.Options SMALL = DiskQueue.Options.of(1_000, 100_000);

    @TempDir
    Path dir;

    static QueuedBatch batch(long seq) {
        byte[] payload = new byte[PAYLOAD];
        byte[] text = ("batch " + seq).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, payload, 0, text.length);
        return new QueuedBatch(seq, seq * 1000, seq * 1000 + 999, (int) (seq % 7) + 1, payload);
    }

    static List<Long> seqs(List<QueuedBatch> batches) {
        return batches.stream().map(QueuedBatch::seq).toList();
    }

    List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void fifoAcrossSegments() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 30; s++) {
                q.append(batch(s));
            }
            assertThat(segmentFiles()).hasSize(5); // 7 + 7 + 7 + 7 + 2
            List<QueuedBatch> all = q.peekOldest(100);
            assertThat(seqs(all)).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
            for (QueuedBatch b : all) {
                QueuedBatch expected = batch(b.seq());
                assertThat(b.payload()).isEqualTo(expected.payload());
                assertThat(b.firstTs()).isEqualTo(expected.firstTs());
                assertThat(b.lastTs()).isEqualTo(expected.lastTs());
                assertThat(b.readings()).isEqualTo(expected.readings());
            }
            assertThat(seqs(q.peekOldest(3))).containsExactly(1L, 2L, 3L);
            assertThat(seqs(q.peekAfter(12, 3))).containsExactly(13L, 14L, 15L);
            QueueStats st = q.stats();
            assertThat(st.depthBatches()).isEqualTo(30);
            assertThat(st.depthBytes()).isEqualTo(30L * FRAME);
            assertThat(st.oldestTs()).hasValue(1000);
            assertThat(st.lastAckedSeq()).isEqualTo(-1);
        }
    }

    @Test
    void seqMustIncrease() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            q.append(batch(5));
            assertThatThrownBy(() -> q.append(batch(5))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> q.append(batch(4))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void reopenKeepsContentAndReadPosition() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 20; s++) {
                q.append(batch(s));
            }
            assertThat(q.acknowledge(9)).isEqualTo(9);
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(seqs(q.peekOldest(100))).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(10, 20).boxed().toList());
            assertThat(q.stats().lastAckedSeq()).isEqualTo(9);
            assertThat(q.stats().corruptTailRecords()).isZero();
            assertThatThrownBy(() -> q.append(batch(20))).isInstanceOf(IllegalArgumentException.class);
            q.append(batch(21));
            q.acknowledge(15);
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(seqs(q.peekOldest(100))).containsExactly(16L, 17L, 18L, 19L, 20L, 21L);
            q.acknowledge(21);
            assertThat(q.isEmpty()).isTrue();
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.isEmpty()).isTrue();
            assertThat(q.lastSeq()).isEqualTo(21);
            assertThat(q.stats().oldestTs()).isEmpty();
            q.append(batch(22));
            assertThat(seqs(q.peekOldest(10))).containsExactly(22L);
        }
    }

    @Test
    void reopenWithoutCloseKeepsEverything() throws IOException {
        // no close (the lock is released by closing its channel through a second open failing otherwise)
        DiskQueue q = DiskQueue.open(dir, SMALL);
        for (long s = 1; s <= 10; s++) {
            q.append(batch(s));
        }
        q.acknowledge(3);
        assertThatThrownBy(() -> DiskQueue.open(dir, SMALL)).isInstanceOf(IOException.class).hasMessageContaining("in use");
        q.close();
        try (DiskQueue again = DiskQueue.open(dir, SMALL)) {
            assertThat(seqs(again.peekOldest(100))).containsExactly(4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
    }

    @Test
    void truncatedTailRecordIsCutAndCounted() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 10; s++) {
                q.append(batch(s));
            }
        }
        Path last = segmentFiles().get(1); // records 8, 9, 10
        assertThat(Files.size(last)).isEqualTo(3L * FRAME);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(3L * FRAME - 40); // a torn write of record 10
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.stats().corruptTailRecords()).isEqualTo(1);
            assertThat(seqs(q.peekOldest(100))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(Files.size(last)).isEqualTo(2L * FRAME);
            q.append(batch(10));
            assertThat(seqs(q.peekAfter(8, 100))).containsExactly(9L, 10L);
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.stats().corruptTailRecords()).isZero();
            assertThat(q.stats().depthBatches()).isEqualTo(10);
        }
    }

    @Test
    void garbageTailIsCutAndCounted() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 3; s++) {
                q.append(batch(s));
            }
        }
        Path seg = segmentFiles().get(0);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 9, 9, 9})); // plausible length, short body
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.stats().corruptTailRecords()).isEqualTo(1);
            assertThat(seqs(q.peekOldest(100))).containsExactly(1L, 2L, 3L);
        }
        // a complete record with a flipped payload byte fails its CRC: it and everything after it go
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), FRAME + 8 + 28 + 50);
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.stats().corruptTailRecords()).isEqualTo(1);
            assertThat(seqs(q.peekOldest(100))).containsExactly(1L);
        }
        // random bytes instead of a header
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 1, 2, 3, 4, 5}));
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.stats().corruptTailRecords()).isEqualTo(1);
            assertThat(seqs(q.peekOldest(100))).containsExactly(1L);
        }
    }

    @Test
    void corruptCheckpointFallsBackToOldestSegment() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 5; s++) {
                q.append(batch(s));
            }
            q.acknowledge(2);
        }
        Files.write(dir.resolve("checkpoint"), new byte[] {1, 2, 3});
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            // at-least-once: acknowledged records of a surviving segment come back, nothing is lost
            assertThat(seqs(q.peekOldest(100))).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void checkpointPastLostDataDoesNotHideNewAppends() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 5; s++) {
                q.append(batch(s));
            }
            q.acknowledge(5); // checkpoint: segment 0, offset 5 * FRAME
        }
        try (FileChannel ch = FileChannel.open(segmentFiles().get(0), StandardOpenOption.WRITE)) {
            ch.truncate(2L * FRAME + 10); // the unforced tail was lost and torn (power loss with group commit)
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.isEmpty()).isTrue();
            assertThat(q.stats().corruptTailRecords()).isEqualTo(1);
            q.append(batch(6));
            q.append(batch(7));
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(seqs(q.peekOldest(100))).containsExactly(6L, 7L);
        }
    }

    @Test
    void acknowledgeDeletesConsumedSegments() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 30; s++) {
                q.append(batch(s));
            }
            assertThat(segmentFiles()).hasSize(5);
            assertThat(q.acknowledge(0)).isZero();
            assertThat(q.acknowledge(6)).isEqualTo(6);
            assertThat(segmentFiles()).hasSize(5); // record 7 still in the first
            assertThat(q.acknowledge(7)).isEqualTo(1);
            assertThat(segmentFiles()).hasSize(4);
            assertThat(q.acknowledge(22)).isEqualTo(15);
            assertThat(segmentFiles()).hasSize(2);
            assertThat(q.stats().depthBatches()).isEqualTo(8);
            assertThat(q.stats().oldestTs()).hasValue(23_000);
            assertThat(q.acknowledge(1_000)).isEqualTo(8);
            assertThat(segmentFiles()).hasSize(1); // the active one stays
            QueueStats st = q.stats();
            assertThat(st.depthBatches()).isZero();
            assertThat(st.depthBytes()).isZero();
            assertThat(st.lastAckedSeq()).isEqualTo(30);
            assertThat(st.segments()).isEqualTo(1);
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(q.isEmpty()).isTrue();
            assertThat(q.stats().lastAckedSeq()).isEqualTo(30);
        }
    }

    @Test
    void outOfOrderAcknowledgementsSurviveReopenAndAreNeitherResentNorDropped() throws IOException {
        long readingsOf1To10 = 0;
        for (long s = 1; s <= 10; s++) {
            readingsOf1To10 += batch(s).readings();
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            for (long s = 1; s <= 10; s++) {
                q.append(batch(s));
            }
            // live batches 7..9 acknowledged while the backlog 1..6 is still on its way
            assertThat(q.acknowledge(List.of(batch(9), batch(7), batch(8)))).isEqualTo(3);
            assertThat(q.acknowledge(List.of(batch(8)))).as("a second PUBACK of the same batch").isZero();
            QueueStats st = q.stats();
            assertThat(st.depthBatches()).isEqualTo(7);
            assertThat(st.depthReadings()).isEqualTo(readingsOf1To10 - batch(7).readings() - batch(8).readings()
                    - batch(9).readings());
            assertThat(st.depthBytes()).isEqualTo(7L * FRAME);
            assertThat(st.lastAckedSeq()).isEqualTo(9);
            assertThat(seqs(q.peekOldest(100))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 10L);
            assertThat(seqs(q.peek(Long.MIN_VALUE, 8, 100, seq -> seq != 2))).containsExactly(1L, 3L, 4L, 5L, 6L);
            assertThat(seqs(q.peekAfter(6, 100))).containsExactly(10L);
        }
        // kill -9 is covered by reopen-without-close elsewhere; here the checkpoint must carry the set
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(seqs(q.peekOldest(100))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 10L);
            assertThat(q.stats().depthBatches()).isEqualTo(7);
            assertThat(q.stats().depthBytes()).isEqualTo(7L * FRAME);
            assertThat(q.acknowledge(List.of(batch(2), batch(1), batch(3), batch(4), batch(5)))).isEqualTo(5);
            assertThat(seqs(q.peekOldest(100))).containsExactly(6L, 10L);
            assertThat(q.acknowledge(6)).as("the head jumps over 7..9, acknowledged before").isEqualTo(1);
            assertThat(seqs(q.peekOldest(100))).containsExactly(10L);
            assertThat(q.stats().depthBatches()).isEqualTo(1);
            assertThat(q.stats().depthReadings()).isEqualTo(batch(10).readings());
            q.append(batch(11));
            assertThat(q.acknowledge(List.of(batch(11)))).isEqualTo(1);
        }
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThat(seqs(q.peekOldest(100))).containsExactly(10L);
            assertThat(q.stats().droppedBatches()).isZero();
            assertThat(q.stats().lastAckedSeq()).isEqualTo(11);
            assertThatThrownBy(() -> q.append(batch(11))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void batchesAcknowledgedAheadAreNotCountedAsDroppedAtTheCap() throws IOException {
        // 1,000-byte segments of 7 records, cap of 3 segments
        DiskQueue.Options options = DiskQueue.Options.of(1_000, 3_000);
        try (DiskQueue q = DiskQueue.open(dir, options)) {
            for (long s = 1; s <= 21; s++) {
                q.append(batch(s));
            }
            q.acknowledge(List.of(batch(3), batch(5)));
            q.append(batch(22));
            assertThat(q.stats().droppedBatches()).isZero();
            q.append(batch(23)); // 2,992 + 136 bytes: drops segment 0 (seqs 1..7), two of which were delivered
            QueueStats st = q.stats();
            assertThat(st.droppedBatches()).isEqualTo(5);
            long expected = 0;
            for (long s : List.of(1L, 2L, 4L, 6L, 7L)) {
                expected += batch(s).readings();
            }
            assertThat(st.droppedReadings()).isEqualTo(expected);
            assertThat(st.depthBatches()).isEqualTo(16);
            assertThat(seqs(q.peekOldest(1))).containsExactly(8L);
        }
    }

    @Test
    void aPubackForABatchTheCapDroppedAcknowledgesNothing() throws IOException {
        DiskQueue.Options opts = DiskQueue.Options.of(1_000, 3_000); // segments of 7 records, cap 3 segments
        try (DiskQueue q = DiskQueue.open(dir, opts)) {
            for (long s = 1; s <= 22; s++) {
                q.append(batch(s));
            }
            List<QueuedBatch> inFlight = q.peekOldest(3); // 1..3 sent, PUBACKs not back yet
            q.append(batch(23)); // the cap drops the oldest segment, 1..7, in-flight batches included
            assertThat(q.stats().droppedBatches()).isEqualTo(7);
            List<QueuedBatch> late = new ArrayList<>(inFlight);
            late.add(q.peekOldest(1).get(0)); // 8, still queued
            assertThat(seqs(q.acknowledgeBatches(late))).as("only what was still queued").containsExactly(8L);
            assertThat(q.stats().droppedBatches()).as("the dropped ones stay counted as dropped").isEqualTo(7);
            assertThat(q.stats().depthBatches()).isEqualTo(15);
        }
    }

    @Test
    void capDropsWholeOldestSegmentsAndCountsExactly() throws IOException {
        // 1,000-byte segments of 7 records (952 bytes), cap 3,000 bytes
        DiskQueue.Options opts = DiskQueue.Options.of(1_000, 3_000);
        long expectedBatches = 0;
        long expectedReadings = 0;
        try (DiskQueue q = DiskQueue.open(dir, opts)) {
            for (long s = 1; s <= 21; s++) { // three full segments: 2,856 bytes
                q.append(batch(s));
            }
            assertThat(q.stats().droppedBatches()).isZero();
            q.acknowledge(2); // acknowledged records are not counted as dropped
            q.append(batch(22)); // needs a fourth segment: 2,992 > 3,000? no: 2,856 + 136 = 2,992 fits
            assertThat(q.stats().droppedBatches()).isZero();
            q.append(batch(23)); // 3,128 would exceed: segment 1 (records 3..7) goes
            for (long s = 3; s <= 7; s++) {
                expectedBatches++;
                expectedReadings += batch(s).readings();
            }
            QueueStats st = q.stats();
            assertThat(st.droppedBatches()).isEqualTo(expectedBatches);
            assertThat(st.droppedReadings()).isEqualTo(expectedReadings);
            assertThat(st.diskBytes()).isLessThanOrEqualTo(3_000);
            assertThat(seqs(q.peekOldest(1))).containsExactly(8L);
            assertThat(st.oldestTs()).hasValue(8_000);
            for (long s = 24; s <= 40; s++) {
                q.append(batch(s));
                assertThat(q.stats().diskBytes()).isLessThanOrEqualTo(3_000);
            }
            List<Long> left = seqs(q.peekOldest(1_000));
            long firstLeft = left.get(0);
            for (long s = 8; s < firstLeft; s++) {
                expectedBatches++;
                expectedReadings += batch(s).readings();
            }
            assertThat(left).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(firstLeft, 40).boxed().toList());
            assertThat(firstLeft % 7).as("whole segments dropped").isEqualTo(1);
            assertThat(q.stats().droppedBatches()).isEqualTo(expectedBatches);
            assertThat(q.stats().droppedReadings()).isEqualTo(expectedReadings);
            assertThat(q.stats().depthBatches() + expectedBatches + 2).isEqualTo(40);
        }
        try (DiskQueue q = DiskQueue.open(dir, opts)) { // the counts are persisted
            assertThat(q.stats().droppedBatches()).isEqualTo(expectedBatches);
            assertThat(q.stats().droppedReadings()).isEqualTo(expectedReadings);
            assertThat(q.stats().lastAckedSeq()).isEqualTo(2);
        }
    }

    @Test
    void groupCommitAndLazyCheckpointStillRecoverAfterClose() throws IOException {
        DiskQueue.Options opts = SMALL.withFsyncInterval(Duration.ofMillis(50)).withCheckpointInterval(Duration.ofSeconds(10));
        try (DiskQueue q = DiskQueue.open(dir, opts)) {
            for (long s = 1; s <= 20; s++) {
                q.append(batch(s));
            }
            q.acknowledge(1);
            q.acknowledge(10); // within the interval: not yet persisted
        }
        try (DiskQueue q = DiskQueue.open(dir, opts)) {
            assertThat(seqs(q.peekOldest(100))).first().isEqualTo(11L);
            assertThat(q.stats().depthBatches()).isEqualTo(10);
        }
    }

    @Test
    void rejectsOversizedRecordsAndBadOptions() throws IOException {
        try (DiskQueue q = DiskQueue.open(dir, SMALL)) {
            assertThatThrownBy(() -> q.append(new QueuedBatch(1, 0, 0, 1, new byte[1_000])))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DiskQueue.Options.of(600, 1_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

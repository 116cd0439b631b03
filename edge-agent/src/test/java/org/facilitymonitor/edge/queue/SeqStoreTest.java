package org.facilitymonitor.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqStoreTest {

    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_768_471_200_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void startsAtTheClockAndIsMonotonicAcrossReopen() throws IOException {
        Path file = dir.resolve("seq");
        SeqStore s = SeqStore.open(file, CLOCK);
        assertThat(s.next()).isEqualTo(CLOCK.millis());
        assertThat(s.next()).isEqualTo(CLOCK.millis() + 1);
        assertThat(s.next()).isEqualTo(CLOCK.millis() + 2);
        // reopened (no close needed: every seq is persisted before use), with a clock far behind
        SeqStore again = SeqStore.open(file, Clock.fixed(Instant.ofEpochMilli(5), ZoneOffset.UTC));
        assertThat(again.last()).isEqualTo(CLOCK.millis() + 2);
        assertThat(again.next()).isEqualTo(CLOCK.millis() + 3);
    }

    @Test
    void reservationSkipsButNeverGoesBack() throws IOException {
        Path file = dir.resolve("seq");
        SeqStore s = SeqStore.open(file, CLOCK, 100);
        long first = s.next();
        long prev = first;
        for (int i = 0; i < 250; i++) {
            long n = s.next();
            assertThat(n).isEqualTo(prev + 1);
            prev = n;
        }
        SeqStore again = SeqStore.open(file, CLOCK, 100);
        assertThat(again.next()).isGreaterThan(prev).isLessThanOrEqualTo(prev + 100);
    }

    @Test
    void corruptOrTruncatedFileRestartsFromTheClock() throws IOException {
        Path file = dir.resolve("seq");
        SeqStore s = SeqStore.open(file, CLOCK);
        long a = s.next();
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofSeconds(1));
        SeqStore b = SeqStore.open(file, later);
        long n = b.next();
        assertThat(n).isGreaterThan(a).isEqualTo(later.millis());
        Files.write(file, new byte[] {1, 2, 3});
        SeqStore c = SeqStore.open(file, later);
        assertThat(c.next()).isEqualTo(later.millis()); // the clock did not move: may repeat, see advancePast
        c.advancePast(n + 10);
        assertThat(c.next()).isEqualTo(n + 11);
        assertThat(SeqStore.open(file, CLOCK).next()).isEqualTo(n + 12);
    }

    @Test
    void missingDirectoryIsCreated() throws IOException {
        SeqStore s = SeqStore.open(dir.resolve("a/b/seq"), CLOCK);
        assertThat(s.next()).isEqualTo(CLOCK.millis());
        assertThat(Files.exists(dir.resolve("a/b/seq"))).isTrue();
    }
}

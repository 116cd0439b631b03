package org.facilitymonitor.energy.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RangesBeingStoredTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    @Test
    void aRangeCountsFromWrittenUntilItsMessageCompletes() {
        RangesBeingStored ranges = new RangesBeingStored();
        ranges.add("m1", 1_000, 2_000, 0);
        ranges.add("m1", 5_000, 6_000, 0);
        assertThat(ranges.covers("m1", 1_000, 1)).isTrue();
        assertThat(ranges.covers("m1", 2_000, 1)).isTrue();
        assertThat(ranges.covers("m1", 3_000, 1)).as("between the two writes").isFalse();
        assertThat(ranges.covers("m2", 1_500, 1)).as("another point").isFalse();

        ranges.remove("m1", 1_000, 2_000);
        assertThat(ranges.covers("m1", 1_500, 1)).isFalse();
        assertThat(ranges.covers("m1", 5_500, 1)).isTrue();
        assertThat(ranges.size()).isEqualTo(1);
    }

    @Test
    void aFailedRoundsRangeIsClearedByItsRedeliveryOrExpiresAfterAMinute() {
        RangesBeingStored ranges = new RangesBeingStored();
        ranges.add("m1", 1_000, 2_000, 0);
        ranges.add("m1", 1_000, 2_000, 10);
        ranges.remove("m1", 1_000, 2_000);
        assertThat(ranges.size()).as("the failed round's entry went with its redelivery's").isZero();

        ranges.add("m1", 1_000, 2_000, 0);
        assertThat(ranges.covers("m1", 1_500, MINUTE)).isTrue();
        assertThat(ranges.covers("m1", 1_500, MINUTE + 1)).isFalse();
        ranges.add("m1", 3_000, 4_000, MINUTE + 1);
        assertThat(ranges.size()).as("expired entries go when the point is written again").isEqualTo(1);
    }
}

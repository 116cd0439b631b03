package org.facilitymonitor.energy.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshReadingsTest {

    @Test
    void readingsInAWindowComeByTimeAndALaterNotedOneReplacesAnEarlierAtTheSameTime() {
        FreshReadings fresh = new FreshReadings(100);
        fresh.add("m", 30, 3.0);
        fresh.add("m", 10, 1.0);
        fresh.add("m", 20, 2.0);
        fresh.add("m", 20, 2.5);
        fresh.add("other", 15, 9.0);
        RollupStore.Readings r = fresh.between("m", 10, 30);
        assertThat(r.timestamps()).containsExactly(20, 30);
        assertThat(r.values()).containsExactly(2.5, 3.0);
        assertThat(fresh.between("m", 30, 99)).isNull();
    }

    @Test
    void theOrderIsByTimeThenByWhenNotedWhetherPackedOrOverAWideSpan() {
        java.util.Random random = new java.util.Random(13);
        for (long span : new long[] { 50, 1_000_000_000L, 1_796_000_000_000L, Long.MAX_VALUE / 2 }) {
            int n = 2_000;
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                t[i] = 1_796_000_000_000L - span / 2 + Math.floorMod(random.nextLong(), span);
            }
            int[] order = FreshReadings.order(t, n);
            assertThat(order).hasSize(n);
            assertThat(java.util.Arrays.stream(order).distinct().count()).isEqualTo(n);
            for (int k = 1; k < n; k++) {
                int a = order[k - 1];
                int b = order[k];
                assertThat(t[a] < t[b] || (t[a] == t[b] && a < b)).as("span %d, position %d", span, k).isTrue();
            }
        }
    }

    @Test
    void forgettingUpToATimeKeepsTheLaterReadingsAndTheCount() {
        FreshReadings fresh = new FreshReadings(100);
        for (int t = 1; t <= 5; t++) {
            fresh.add("m", t, t);
        }
        fresh.forget("m", 3);
        assertThat(fresh.size()).isEqualTo(2);
        assertThat(fresh.between("m", 0, 10).timestamps()).containsExactly(4, 5);
        fresh.forget("m", 5);
        assertThat(fresh.size()).isZero();
        assertThat(fresh.between("m", 0, 10)).isNull();
    }

    @Test
    void reachingTheCapacityDropsEverythingHeldAndCountsIt() {
        FreshReadings fresh = new FreshReadings(3);
        fresh.add("a", 1, 1);
        fresh.add("b", 1, 1);
        fresh.add("a", 2, 2);
        fresh.add("a", 3, 3);
        assertThat(fresh.discarded()).isEqualTo(3);
        assertThat(fresh.size()).isEqualTo(1);
        assertThat(fresh.between("a", 0, 10).timestamps()).containsExactly(3);
        assertThat(fresh.between("b", 0, 10)).isNull();
    }

    @Test
    void dirtyRangesTellWhetherAReadingTimeWaitsInThem() {
        DirtyRanges ranges = new DirtyRanges(10);
        ranges.add("m", 100, 200);
        assertThat(ranges.covers("m", 100)).isTrue();
        assertThat(ranges.covers("m", 200)).isTrue();
        assertThat(ranges.covers("m", 201)).isFalse();
        assertThat(ranges.covers("n", 150)).isFalse();
    }
}

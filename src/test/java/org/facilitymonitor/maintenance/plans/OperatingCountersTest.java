package org.facilitymonitor.maintenance.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.facilitymonitor.maintenance.plans.CalendarRuleTest.instant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facilitymonitor.maintenance.plans.UsageRule.Jumps;
import org.junit.jupiter.api.Test;

class OperatingCountersTest {

    /**
     * On 08:00–09:30 (1.5 h), 10:00–12:15 (2.25 h, a repeated "on" at 11:00 is no new start),
     * 13:00–14:00 (1 h, still running at 14:00): 4.75 h and 3 starts.
     */
    private static final List<StateSample> HAND_COMPUTED_HISTORY = List.of(
            sample("2026-03-02T08:00:00Z", true),
            sample("2026-03-02T09:30:00Z", false),
            sample("2026-03-02T10:00:00Z", true),
            sample("2026-03-02T11:00:00Z", true),
            sample("2026-03-02T12:15:00Z", false),
            sample("2026-03-02T12:15:00Z", false),
            sample("2026-03-02T13:00:00Z", true));

    @Test
    void replayedHistoryGivesTheHandComputedRunTimeAndStarts() {
        OperatingCounters counters = OperatingCounters.replay(HAND_COMPUTED_HISTORY);

        assertThat(counters.runTimeAt(instant("2026-03-02T14:00:00Z"))).isEqualTo(Duration.ofMinutes(285));
        assertThat(counters.runHoursAt(instant("2026-03-02T14:00:00Z"))).isEqualTo(4.75);
        assertThat(counters.runTime()).isEqualTo(Duration.ofMinutes(225));
        assertThat(counters.starts()).isEqualTo(3);
    }

    @Test
    void replayOrdersShuffledSamplesByTime() {
        List<StateSample> shuffled = new ArrayList<>(HAND_COMPUTED_HISTORY);
        Collections.shuffle(shuffled, new Random(3));

        assertThat(OperatingCounters.replay(shuffled)).isEqualTo(OperatingCounters.replay(HAND_COMPUTED_HISTORY));
    }

    @Test
    void historyStartingOnCountsAStartAndOneStartingOffDoesNot() {
        OperatingCounters startingOn = OperatingCounters.replay(List.of(sample("2026-03-02T08:00:00Z", true)));
        OperatingCounters startingOff = OperatingCounters.replay(List.of(sample("2026-03-02T08:00:00Z", false),
                sample("2026-03-02T09:00:00Z", false)));

        assertThat(startingOn.starts()).isEqualTo(1);
        assertThat(startingOn.runTimeAt(instant("2026-03-02T08:30:00Z"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(startingOff.starts()).isZero();
        assertThat(startingOff.runTimeAt(instant("2026-03-02T10:00:00Z"))).isEqualTo(Duration.ZERO);
        assertThat(OperatingCounters.NONE.runTimeAt(instant("2026-03-02T10:00:00Z"))).isEqualTo(Duration.ZERO);
    }

    @Test
    void samplesGoingBackInTimeAreRefused() {
        OperatingCounters counters = OperatingCounters.NONE.apply(sample("2026-03-02T10:00:00Z", true));

        assertThatThrownBy(() -> counters.apply(sample("2026-03-02T09:59:59Z", false)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counters.runTimeAt(instant("2026-03-02T09:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pumpRunningTwelveHoursADayReachesItsRunHoursAndStartsPlansOnTheHandComputedHours() {
        // On 06:00–18:00 every day from 1 March: 12 h and one start per day.
        List<StateSample> history = new ArrayList<>();
        for (int day = 0; day < 20; day++) {
            Instant midnight = instant("2026-03-01T00:00:00Z").plus(Duration.ofDays(day));
            history.add(new StateSample(midnight.plus(Duration.ofHours(6)), true));
            history.add(new StateSample(midnight.plus(Duration.ofHours(18)), false));
        }
        UsageRule every100RunHours = new UsageRule(100, 10, 0, Jumps.ORDER_PER_INTERVAL);
        UsageRule every10Starts = new UsageRule(10, 0, 0, Jumps.ORDER_PER_INTERVAL);

        Map<String, Instant> runHoursOrders = new LinkedHashMap<>();
        Map<String, Instant> startsOrders = new LinkedHashMap<>();
        OperatingCounters counters = OperatingCounters.NONE;
        UsageProgress runHours = UsageProgress.startingAt(0);
        UsageProgress starts = UsageProgress.startingAt(0);
        int applied = 0;
        for (Instant now = instant("2026-03-01T00:00:00Z"); now.isBefore(instant("2026-03-21T00:00:00Z"));
                now = now.plus(Duration.ofHours(1))) {
            while (applied < history.size() && !history.get(applied).at().isAfter(now)) {
                counters = counters.apply(history.get(applied++));
            }
            UsageRule.Evaluation byHours = every100RunHours.evaluate(runHours, counters.runHoursAt(now));
            UsageRule.Evaluation byStarts = every10Starts.evaluate(starts, counters.starts());
            for (String key : byHours.toGenerate()) {
                runHoursOrders.put(key, now);
            }
            for (String key : byStarts.toGenerate()) {
                startsOrders.put(key, now);
            }
            runHours = byHours.next();
            starts = byStarts.next();
        }

        // 90 h: seven full days (84 h) and 6 h on 8 March; 190 h: fifteen days (180 h) and 10 h on 16 March.
        assertThat(runHoursOrders).containsExactly(
                Map.entry("usage-1", instant("2026-03-08T12:00:00Z")),
                Map.entry("usage-2", instant("2026-03-16T16:00:00Z")));
        assertThat(startsOrders).containsExactly(
                Map.entry("usage-1", instant("2026-03-10T06:00:00Z")),
                Map.entry("usage-2", instant("2026-03-20T06:00:00Z")));
    }

    private static StateSample sample(String iso, boolean on) {
        return new StateSample(instant(iso), on);
    }
}

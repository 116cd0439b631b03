package org.facilitymonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReminderPolicyTest {

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static final Instant RAISED = Instant.parse("2026-03-29T00:50:00Z");

    @Test
    void firstReminderOneIntervalAfterTheAlarmThenOneIntervalAfterEachReminderUpToTheMaximum() {
        MutableClock clock = new MutableClock(RAISED);
        ReminderPolicy policy = new ReminderPolicy(Duration.ofMinutes(15), 3, clock);

        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(policy.due(RAISED, null, 0)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.due(RAISED, null, 0)).isEqualTo(OptionalInt.of(1));

        // reminder 1 went out 20 s late: the next one counts from it, not from the alarm
        clock.advance(Duration.ofSeconds(20));
        Instant first = clock.instant();
        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(policy.due(RAISED, first, 1)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.due(RAISED, first, 1)).isEqualTo(OptionalInt.of(2));

        Instant second = clock.instant();
        clock.advance(Duration.ofMinutes(15));
        assertThat(policy.due(RAISED, second, 2)).isEqualTo(OptionalInt.of(3));
        clock.advance(Duration.ofHours(5));
        assertThat(policy.due(RAISED, clock.instant().minus(Duration.ofHours(5)), 3)).isEmpty();
    }

    @Test
    void afterAnOutageOnlyTheNextReminderIsDueNotOnePerMissedInterval() {
        MutableClock clock = new MutableClock(RAISED.plus(Duration.ofHours(2)));
        ReminderPolicy policy = new ReminderPolicy(Duration.ofMinutes(15), 8, clock);

        assertThat(policy.due(RAISED, RAISED.plus(Duration.ofMinutes(15)), 1)).isEqualTo(OptionalInt.of(2));
        // once reminder 2 is recorded now, nothing more is due until an interval later
        assertThat(policy.due(RAISED, clock.instant(), 2)).isEmpty();
    }
}

package org.facilitymonitor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StaleJudgementTest {

    private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration AFTER = Duration.ofMinutes(5);

    private static RuleSpec rule(Instant startedAt) {
        return new RuleSpec(7, "stale", "demo-campus", "asset", "point-1", Severity.MAJOR, false,
                new RuleSpec.Stale(AFTER), startedAt);
    }

    private static long at(Duration sinceStart) {
        return START.plus(sinceStart).toEpochMilli();
    }

    @Test
    void aNewRuleWithoutReadingsIsStaleOnlyOnceItsTimeHasPassedSinceItsStart() {
        assertThat(StaleCheck.judge(rule(START), AFTER, null, at(Duration.ofSeconds(1)), false)).isNull();
        assertThat(StaleCheck.judge(rule(START), AFTER, null, at(AFTER), false)).as("exactly after: not more than").isNull();
        RuleEvent e = StaleCheck.judge(rule(START), AFTER, null, at(AFTER.plusSeconds(1)), false);
        assertThat(e.type()).isEqualTo(RuleEvent.Type.RAISE);
        assertThat(e.value()).isEqualTo(301.0);
        assertThat(e.message()).isEqualTo("point-1: no reading for 301 s since the rule started (2026-12-03T10:00:00Z),"
                + " none ever, more than PT5M");
    }

    @Test
    void anOldReadingCountsFromTheRuleStartAndANewerOneFromItself() {
        Instant old = START.minus(Duration.ofDays(2));
        assertThat(StaleCheck.judge(rule(START), AFTER, old, at(Duration.ofMinutes(4)), false)).isNull();
        assertThat(StaleCheck.judge(rule(START), AFTER, old, at(Duration.ofMinutes(6)), false).message())
                .isEqualTo("point-1: no reading for 360 s since the rule started (2026-12-03T10:00:00Z), the last at "
                        + old + ", more than PT5M");
        Instant recent = START.plus(Duration.ofMinutes(10));
        assertThat(StaleCheck.judge(rule(START), AFTER, recent, at(Duration.ofMinutes(14)), false)).isNull();
        assertThat(StaleCheck.judge(rule(START), AFTER, recent, at(Duration.ofMinutes(16)), false).message())
                .isEqualTo("point-1: no reading for 360 s (since " + recent + "), more than PT5M");
    }

    @Test
    void anActiveAlarmClearsOnAFreshReadingNotOnARestartOfTheRule() {
        Instant old = START.minus(Duration.ofDays(2));
        assertThat(StaleCheck.judge(rule(START), AFTER, old, at(Duration.ofMinutes(1)), true))
                .as("an edit of an alarmed rule restarts it, but no reading came: nothing to clear").isNull();
        assertThat(StaleCheck.judge(rule(START), AFTER, null, at(Duration.ofMinutes(1)), true)).isNull();
        RuleEvent cleared = StaleCheck.judge(rule(START), AFTER, START.plusSeconds(50), at(Duration.ofMinutes(1)), true);
        assertThat(cleared.type()).isEqualTo(RuleEvent.Type.CLEAR);
    }

    @Test
    void aSpecWithoutStartJudgesByTheLastReadingAsBefore() {
        assertThat(StaleCheck.judge(rule(null), AFTER, null, at(Duration.ZERO), false).message())
                .isEqualTo("point-1: no reading for ever, more than PT5M");
    }
}

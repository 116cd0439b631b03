package org.facilitymonitor.maintenance.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.facilitymonitor.maintenance.plans.UsageRule.Jumps;
import org.junit.jupiter.api.Test;

class UsageRuleTest {

    /** Every 500 run-hours, generated 50 h (10 %) ahead; decreases up to 0.01 h are jitter. */
    private static final UsageRule EVERY_500_HOURS = new UsageRule(500, 50, 0.01, Jumps.ORDER_PER_INTERVAL);
    private static final UsageRule EVERY_500_HOURS_CATCHING_UP = new UsageRule(500, 50, 0.01, Jumps.ONE_ORDER_CATCHING_UP);

    @Test
    void intervalIsDueWhenUsageReachesItsEndMinusTheLead() {
        UsageProgress start = UsageProgress.startingAt(1000);

        UsageRule.Evaluation justBefore = EVERY_500_HOURS.evaluate(start, 1449.9);
        UsageRule.Evaluation atNinetyPercent = EVERY_500_HOURS.evaluate(justBefore.next(), 1450);

        assertThat(justBefore.due()).isFalse();
        assertThat(justBefore.next()).isEqualTo(new UsageProgress(1000, 1449.9, 0, 0));
        assertThat(atNinetyPercent.due()).isTrue();
        assertThat(atNinetyPercent.toGenerate()).containsExactly("usage-1");
        assertThat(atNinetyPercent.next()).isEqualTo(new UsageProgress(1000, 1450, 0, 1));
    }

    @Test
    void storedProgressMakesRepeatedEvaluationIdempotent() {
        UsageRule.Evaluation first = EVERY_500_HOURS.evaluate(UsageProgress.startingAt(1000), 1460);

        UsageRule.Evaluation sameInputs = EVERY_500_HOURS.evaluate(UsageProgress.startingAt(1000), 1460);
        UsageRule.Evaluation afterStoring = EVERY_500_HOURS.evaluate(first.next(), 1460);
        UsageRule.Evaluation laterInTheSameInterval = EVERY_500_HOURS.evaluate(first.next(), 1949);
        UsageRule.Evaluation nextInterval = EVERY_500_HOURS.evaluate(laterInTheSameInterval.next(), 1950);

        assertThat(sameInputs).isEqualTo(first);
        assertThat(afterStoring.toGenerate()).isEmpty();
        assertThat(laterInTheSameInterval.toGenerate()).isEmpty();
        assertThat(nextInterval.toGenerate()).containsExactly("usage-2");
    }

    @Test
    void keyIsTheNumberOfTheIntervalReached() {
        UsageRule noLead = new UsageRule(500, 0, 0, Jumps.ORDER_PER_INTERVAL);

        UsageRule.Evaluation third = noLead.evaluate(new UsageProgress(0, 1400, 0, 2), 1500);

        assertThat(third.toGenerate()).containsExactly("usage-3");
        assertThat(UsageRule.key(3)).isEqualTo("usage-3");
    }

    @Test
    void generatingAtNinetyPercentIsALeadOfTenPercentDespiteFloatingPointError() {
        UsageRule atNinety = UsageRule.generatingAt(500, 0.9, 0.01, Jumps.ORDER_PER_INTERVAL);

        assertThat(atNinety.lead()).isCloseTo(50, within(1e-9));
        assertThat(atNinety.evaluate(UsageProgress.startingAt(1000), 1450).toGenerate()).containsExactly("usage-1");
        assertThat(atNinety.evaluate(UsageProgress.startingAt(1000), 1449.99).toGenerate()).isEmpty();
    }

    @Test
    void readingExactlyOneIntervalAboveAFractionalBaseIsDue() {
        UsageRule every100Kwh = new UsageRule(100, 0, 0.001, Jumps.ORDER_PER_INTERVAL);

        // 1100.1 - 1000.1 is 99.99999999999989 in binary floating point.
        assertThat(every100Kwh.evaluate(UsageProgress.startingAt(1000.1), 1100.1).toGenerate()).containsExactly("usage-1");
        assertThat(every100Kwh.evaluate(UsageProgress.startingAt(1000.1), 1100.09).toGenerate()).isEmpty();
    }

    @Test
    void jumpAcrossThreeIntervalsGivesOneOrderEachOrOneCatchingUp() {
        UsageProgress start = UsageProgress.startingAt(1000);

        // 1600 h used + 50 h lead = 3.3 intervals.
        UsageRule.Evaluation perInterval = EVERY_500_HOURS.evaluate(start, 2600);
        UsageRule.Evaluation catchingUp = EVERY_500_HOURS_CATCHING_UP.evaluate(start, 2600);

        assertThat(perInterval.toGenerate()).containsExactly("usage-1", "usage-2", "usage-3");
        assertThat(perInterval.skipped()).isEmpty();
        assertThat(catchingUp.toGenerate()).containsExactly("usage-3");
        assertThat(catchingUp.skipped()).containsExactly("usage-1", "usage-2");
        assertThat(catchingUp.next().lastGeneratedInterval()).isEqualTo(3);
        assertThat(EVERY_500_HOURS_CATCHING_UP.evaluate(catchingUp.next(), 2950).toGenerate()).containsExactly("usage-4");
    }

    @Test
    void meterResetKeepsTheUsageCountedSoFarAndAddsTheNewReading() {
        UsageProgress before = EVERY_500_HOURS.evaluate(UsageProgress.startingAt(1000), 1400).next();

        UsageRule.Evaluation reset = EVERY_500_HOURS.evaluate(before, 30);
        UsageRule.Evaluation afterReset = EVERY_500_HOURS.evaluate(reset.next(), 49.9);
        UsageRule.Evaluation due = EVERY_500_HOURS.evaluate(afterReset.next(), 50);

        assertThat(reset.meterReset()).isTrue();
        assertThat(reset.next().used()).isEqualTo(430);
        assertThat(reset.next()).isEqualTo(new UsageProgress(-400, 30, 0, 0));
        assertThat(reset.toGenerate()).isEmpty();
        assertThat(afterReset.meterReset()).isFalse();
        assertThat(afterReset.toGenerate()).isEmpty();
        assertThat(due.toGenerate()).containsExactly("usage-1");
    }

    @Test
    void meterResetCanItselfCompleteAnInterval() {
        UsageProgress before = EVERY_500_HOURS.evaluate(UsageProgress.startingAt(1000), 1440).next();

        UsageRule.Evaluation reset = EVERY_500_HOURS.evaluate(before, 20);

        assertThat(reset.meterReset()).isTrue();
        assertThat(reset.toGenerate()).containsExactly("usage-1");
    }

    @Test
    void decreaseWithinTheToleranceIsJitterAndNeverLowersUsage() {
        UsageProgress before = EVERY_500_HOURS.evaluate(UsageProgress.startingAt(1000), 1400).next();

        UsageRule.Evaluation jitter = EVERY_500_HOURS.evaluate(before, 1399.995);
        UsageRule.Evaluation recovered = EVERY_500_HOURS.evaluate(jitter.next(), 1400.5);

        assertThat(jitter.meterReset()).isFalse();
        assertThat(jitter.next()).isEqualTo(before);
        assertThat(recovered.next().used()).isEqualTo(400.5);
    }

    @Test
    void decreaseBeyondTheToleranceIsAResetEvenWhenSmall() {
        UsageProgress before = EVERY_500_HOURS.evaluate(UsageProgress.startingAt(1000), 1400).next();

        UsageRule.Evaluation dropOfOneHour = EVERY_500_HOURS.evaluate(before, 1399);

        // The policy reads it as a meter that restarted from zero and already counts 1399 h again.
        assertThat(dropOfOneHour.meterReset()).isTrue();
        assertThat(dropOfOneHour.next().used()).isEqualTo(1799);
        assertThat(dropOfOneHour.toGenerate()).containsExactly("usage-1", "usage-2", "usage-3");
    }

    @Test
    void serviceRestartsTheCountButIntervalNumbersContinue() {
        UsageRule.Evaluation first = EVERY_500_HOURS.evaluate(UsageProgress.startingAt(1000), 1450);
        UsageProgress servicedLate = first.next().serviced(1480);

        UsageRule.Evaluation justBefore = EVERY_500_HOURS.evaluate(servicedLate, 1929.9);
        UsageRule.Evaluation second = EVERY_500_HOURS.evaluate(justBefore.next(), 1930);

        assertThat(servicedLate).isEqualTo(new UsageProgress(1480, 1480, 1, 1));
        assertThat(justBefore.toGenerate()).isEmpty();
        assertThat(second.toGenerate()).containsExactly("usage-2");
    }

    @Test
    void serviceBeforeAnyOrderMovesTheFirstInterval() {
        UsageProgress servicedEarly = UsageProgress.startingAt(1000).serviced(1200);

        assertThat(EVERY_500_HOURS.evaluate(servicedEarly, 1649.9).toGenerate()).isEmpty();
        assertThat(EVERY_500_HOURS.evaluate(servicedEarly, 1650).toGenerate()).containsExactly("usage-1");
    }

    @Test
    void startsCounterPlanWithoutLead() {
        UsageRule everyThousandStarts = new UsageRule(1000, 0, 0, Jumps.ORDER_PER_INTERVAL);
        UsageProgress start = UsageProgress.startingAt(0);

        assertThat(everyThousandStarts.evaluate(start, 999).toGenerate()).isEmpty();
        assertThat(everyThousandStarts.evaluate(start, 1000).toGenerate()).containsExactly("usage-1");
        assertThat(everyThousandStarts.evaluate(start, 998).meterReset()).isFalse();
    }

    @Test
    void nonsensicalRulesAreRefused() {
        assertThatThrownBy(() -> new UsageRule(0, 0, 0, Jumps.ORDER_PER_INTERVAL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsageRule(500, 500, 0, Jumps.ORDER_PER_INTERVAL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsageRule(500, -1, 0, Jumps.ORDER_PER_INTERVAL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsageRule(500, 0, -1, Jumps.ORDER_PER_INTERVAL)).isInstanceOf(IllegalArgumentException.class);
    }
}

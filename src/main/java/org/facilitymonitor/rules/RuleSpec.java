package org.facilitymonitor.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A rule as the engine evaluates it: immutable, parameters checked. One rule watches one point.
 *
 * @param createsWorkOrder a raised alarm opens a work order (condition-based maintenance)
 * @param startedAt when the rule started watching as it is (null: unknown, e.g. a spec built outside the rule store)
 */
public record RuleSpec(long id, String name, String siteId, String assetId, String pointId, Severity severity,
                       boolean createsWorkOrder, Condition condition, Instant startedAt) {

    public RuleSpec(long id, String name, String siteId, String assetId, String pointId, Severity severity,
            boolean createsWorkOrder, Condition condition) {
        this(id, name, siteId, assetId, pointId, severity, createsWorkOrder, condition, null);
    }

    /** The parameters of one {@link RuleKind}. */
    public sealed interface Condition permits Threshold, RateOfChange, Stale, StartsPerWindow, CounterAnomaly, NightFlow,
            MeterBalance, EnergyAnomaly, AfterHoursUse, BaseLoadCreep {
        RuleKind kind();
    }

    public enum Direction { ABOVE, BELOW }

    /** {@code clearLimit}: the value must get back past this (hysteresis) for {@code clearFor} to clear. */
    public record Threshold(Direction direction, double limit, Duration forAtLeast, double clearLimit, Duration clearFor)
            implements Condition {
        public RuleKind kind() {
            return RuleKind.THRESHOLD;
        }
    }

    /** {@code perHour}: the largest allowed change per hour (positive), rising or falling as {@code direction} says (ABOVE = rising). */
    public record RateOfChange(Direction direction, double perHour, Duration window) implements Condition {
        public RuleKind kind() {
            return RuleKind.RATE_OF_CHANGE;
        }
    }

    public record Stale(Duration after) implements Condition {
        public RuleKind kind() {
            return RuleKind.STALE;
        }
    }

    public record StartsPerWindow(int maxStarts, Duration window) implements Condition {
        public RuleKind kind() {
            return RuleKind.STARTS_PER_WINDOW;
        }
    }

    /** {@code maxPerHour} 0: only a falling register counts; {@code clearAfter}: rising readings that clear. */
    public record CounterAnomaly(double maxPerHour, int clearAfter) implements Condition {
        public RuleKind kind() {
            return RuleKind.COUNTER_ANOMALY;
        }
    }

    /** Nightly window {@code from}–{@code to} in the site's zone; raised when the flow never fell to {@code baseFlow}. */
    public record NightFlow(LocalTime from, LocalTime to, double baseFlow, ZoneId zone) implements Condition {
        public RuleKind kind() {
            return RuleKind.NIGHT_FLOW;
        }
    }

    /**
     * Limits of a main meter's daily balance; null: the configured default. {@code tolerance}: how far the
     * sub-meters may add up beyond the main (0.02 = 2 %); {@code untrackedLimit}: the largest untracked share.
     */
    public record MeterBalance(Double tolerance, Double untrackedLimit) implements Condition {
        public RuleKind kind() {
            return RuleKind.METER_BALANCE;
        }
    }

    /** How many standard errors of the baseline's prediction a day's use may differ; null: the configured default. */
    public record EnergyAnomaly(Double sigmas) implements Condition {
        public RuleKind kind() {
            return RuleKind.ENERGY_ANOMALY;
        }
    }

    /** How far above the base load a day's closed hours may be on average (0.5 = 50 %); null: the configured default. */
    public record AfterHoursUse(Double tolerance) implements Condition {
        public RuleKind kind() {
            return RuleKind.AFTER_HOURS_USE;
        }
    }

    /** By how much the base load may grow (0.1 = 10 %); null: the configured default. */
    public record BaseLoadCreep(Double threshold) implements Condition {
        public RuleKind kind() {
            return RuleKind.BASE_LOAD_CREEP;
        }
    }

    public RuleKind kind() {
        return condition.kind();
    }
}

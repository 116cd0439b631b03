package org.facilitymonitor.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/**
 * Waits for rule changes to take effect. Every rule change commits a bumped {@code rule_set_version};
 * each instance polls it and reports the version it evaluates as {@value #LOADED}.
 */
public final class RuleSetVersion {

    public static final String LOADED = "fm_rules_loaded_version";

    private RuleSetVersion() {
    }

    /** The version in PostgreSQL now. */
    public static long current(NativeStack stack) {
        return new StackDb(stack).number("select version from rule_set_version where id = 1");
    }

    /** Until the in-process service evaluates the rule set as PostgreSQL holds it now. */
    public static void awaitLoaded(NativeStack stack) {
        awaitLoaded(current(stack), MetricSource.IN_PROCESS);
    }

    /** Until every instance evaluates {@code version} or a later one. */
    public static void awaitLoaded(long version, MetricSource... instances) {
        await("rule_set_version " + version + " loaded by " + instances.length + " instance(s)")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    for (MetricSource instance : instances) {
                        if (instance.value(LOADED) < version) {
                            return false;
                        }
                    }
                    return true;
                });
    }
}

package org.facilitymonitor.maintenance;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.testing.MutableClock;

/**
 * The maintenance tests' service: a settable clock, a recording notifier, and the escalation and plan-generation
 * jobs not scheduled (tests run it at the instants they choose).
 */
public class MaintenanceTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MutableClock.class, RecordingMaintenanceNotifier.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("fm.maintenance.escalation.every", "off", "fm.maintenance.plans.every", "off");
    }
}

package org.facilitymonitor.alarms;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.testing.MutableClock;

/** A settable clock; the recovery sweep and the stale check not scheduled (the tests run them at chosen instants). */
public class ConclusionTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MutableClock.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("fm.alarms.sweep-interval", "off", "fm.rules.stale-check-interval", "off");
    }
}

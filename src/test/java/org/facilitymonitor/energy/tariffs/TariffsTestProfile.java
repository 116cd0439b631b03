package org.facilitymonitor.energy.tariffs;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;
import org.facilitymonitor.testing.MutableClock;

/** The tariff tests' service: a settable clock decides what "today" and "the past" are. */
public class TariffsTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MutableClock.class);
    }
}

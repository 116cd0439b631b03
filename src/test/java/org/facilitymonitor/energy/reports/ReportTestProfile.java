package org.facilitymonitor.energy.reports;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.testing.MutableClock;

/** The settable clock, fixed cost and quota figures, the report job not scheduled (tests run it). */
public class ReportTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(MutableClock.class, FixedCostFigures.class, FixedQuotaFigures.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("fm.energy.reports.cron", "off", "fm.maintenance.escalation.every", "off",
                "fm.maintenance.plans.every", "off");
    }
}

package org.facilitymonitor.edge.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fault injected into an asset. {@code startedAtTs} is the simulated time of the first sample
 * with the fault active, null until that sample is taken.
 */
public record ActiveFault(String asset, FaultType type, Map<String, Double> params, Long startedAtTs) {

    public ActiveFault {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    ActiveFault(FaultSpec spec, Long startedAtTs) {
        this(spec.asset(), spec.type(), spec.params(), startedAtTs);
    }

    double param(String name) {
        return params.get(name);
    }

    boolean startedAt(long ts) {
        return startedAtTs != null && startedAtTs == ts;
    }
}

package org.facilitymonitor.edge.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fault to inject into one asset. {@code params} may leave parameters out; the record holds
 * every parameter of the fault, the missing ones at their defaults, in the order the fault
 * declares them.
 */
public record FaultSpec(String asset, FaultType type, Map<String, Double> params) {

    public FaultSpec {
        if (asset == null || asset.isBlank()) {
            throw new IllegalArgumentException("asset: missing");
        }
        if (type == null) {
            throw new IllegalArgumentException("fault: missing");
        }
        Map<String, Double> given = params == null ? Map.of() : params;
        for (Map.Entry<String, Double> e : given.entrySet()) {
            FaultType.Param p = type.param(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "params." + e.getKey() + ": unknown parameter of fault " + type.id() + " (" + known(type) + ")"));
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v) || v < 0 || p.positive() && v == 0) {
                throw new IllegalArgumentException("params." + p.name() + ": fault " + type.id() + " needs a finite "
                        + (p.positive() ? "number above 0" : "number of at least 0") + ", was " + v);
            }
        }
        Map<String, Double> all = new LinkedHashMap<>();
        for (FaultType.Param p : type.params()) {
            all.put(p.name(), given.getOrDefault(p.name(), p.defaultValue()));
        }
        if (type == FaultType.METER_ROLLOVER && all.get("headroom") >= all.get("modulus")) {
            throw new IllegalArgumentException("params.headroom: fault " + type.id() + " needs headroom below modulus "
                    + all.get("modulus") + ", was " + all.get("headroom"));
        }
        params = Collections.unmodifiableMap(all);
    }

    public FaultSpec(String asset, FaultType type) {
        this(asset, type, Map.of());
    }

    private static String known(FaultType type) {
        return type.params().isEmpty() ? "it has no parameters"
                : "valid: " + type.params().stream().map(FaultType.Param::name).collect(Collectors.joining(", "));
    }
}

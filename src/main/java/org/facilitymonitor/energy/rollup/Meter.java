package org.facilitymonitor.energy.rollup;

import java.time.ZoneId;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.energy.registers.RegisterPolicy;

/**
 * A cumulative point with a carrier, with what its rollups need: where it is, its storage, its
 * register; {@code mainPointId} is its main meter (the same carrier's point on the parent asset),
 * null for a meter that is a utility account of its own.
 */
public record Meter(String pointId, String siteId, String buildingId, String assetId, Carrier carrier, String unit,
        Double registerModulus, String measurement, String field, ZoneId zone, String mainPointId) {

    public RegisterPolicy policy(long gapLimitMs) {
        return new RegisterPolicy(carrier.factorFrom(unit).orElseThrow(), registerModulus, gapLimitMs);
    }
}

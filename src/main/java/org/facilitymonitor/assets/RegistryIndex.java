package org.facilitymonitor.assets;

import java.util.Map;
import java.util.Set;

/**
 * What the registry already holds, reduced to the references an import must respect: which site
 * owns each building, department and asset, which building owns each zone, and where each point
 * is stored.
 */
public record RegistryIndex(Set<String> sites, Map<String, String> buildingSite, Map<String, String> zoneBuilding,
        Map<String, String> departmentSite, Map<String, String> departmentParent, Map<String, String> assetSite,
        Map<String, String> assetParent, Map<String, StoredPoint> points) {

    public static final RegistryIndex EMPTY = new RegistryIndex(Set.of(), Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of(), Map.of(), Map.of());

    /** A point as stored: its asset, and the InfluxDB measurement, field and field type it writes. */
    public record StoredPoint(String assetId, String measurement, String field, PointKind kind) {
    }
}

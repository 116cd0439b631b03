package org.facilitymonitor.assets;

import java.util.Map;
import java.util.TreeMap;
import org.facilitymonitor.telemetry.LineProtocol;

/**
 * Everything ingest needs to know about a point to validate and store a reading, resolved once
 * per registry version: its site, kind, and the InfluxDB series it writes (measurement + tags,
 * pre-encoded as a line-protocol series key).
 */
public record PointBinding(String pointId, String siteId, String assetId, PointKind kind, String measurement,
        String field, Map<String, String> tags, String seriesKey) {

    public static PointBinding of(String pointId, String siteId, String assetId, PointKind kind, String measurement,
            String field, Map<String, String> tags) {
        return new PointBinding(pointId, siteId, assetId, kind, measurement, field, Map.copyOf(tags),
                LineProtocol.seriesKey(measurement, new TreeMap<>(tags)));
    }

    /** Tags of a point's series; an absent zone or department adds no tag. */
    public static Map<String, String> seriesTags(String siteId, String buildingId, String zoneId, String assetId,
            String assetKind, String departmentId, String pointId) {
        Map<String, String> tags = new TreeMap<>();
        tags.put("site", siteId);
        tags.put("building", buildingId);
        if (zoneId != null) {
            tags.put("zone", zoneId);
        }
        tags.put("asset", assetId);
        tags.put("asset_kind", assetKind);
        if (departmentId != null) {
            tags.put("department", departmentId);
        }
        tags.put("point", pointId);
        return tags;
    }
}

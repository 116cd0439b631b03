package org.facilitymonitor.assets;

/**
 * Everything ingest needs to know about a point to validate and store a reading, resolved once per
 * registry version: its site, its place in the registry (building, zone, asset and its Brick kind,
 * department, any of zone and department may be null), its kind, the InfluxDB measurement and
 * field it writes, the edge that serves it (its asset's; null: any edge of the site), and its
 * plausible range (null: none). How those become an InfluxDB series is telemetry's business ({@code SeriesKeys}).
 */
public record PointBinding(String pointId, String siteId, String buildingId, String zoneId, String assetId,
        String assetKind, String departmentId, PointKind kind, String measurement, String field, String edgeId,
        PlausibleRange plausible) {

    public PointBinding(String pointId, String siteId, String buildingId, String zoneId, String assetId,
            String assetKind, String departmentId, PointKind kind, String measurement, String field, String edgeId) {
        this(pointId, siteId, buildingId, zoneId, assetId, assetKind, departmentId, kind, measurement, field, edgeId,
                null);
    }

    public PointBinding(String pointId, String siteId, String buildingId, String zoneId, String assetId,
            String assetKind, String departmentId, PointKind kind, String measurement, String field) {
        this(pointId, siteId, buildingId, zoneId, assetId, assetKind, departmentId, kind, measurement, field, null);
    }
}

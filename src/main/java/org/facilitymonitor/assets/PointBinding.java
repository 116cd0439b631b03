package org.facilitymonitor.assets;

/**
 * Everything ingest needs to know about a point to validate and store a reading, resolved once per
 * registry version: its site, its place in the registry (building, zone, asset and its Brick kind,
 * department, any of zone and department may be null), its kind, and the InfluxDB measurement and
 * field it writes. How those become an InfluxDB series is telemetry's business ({@code SeriesKeys}).
 */
public record PointBinding(String pointId, String siteId, String buildingId, String zoneId, String assetId,
        String assetKind, String departmentId, PointKind kind, String measurement, String field) {
}

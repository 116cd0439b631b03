package org.facilitymonitor.telemetry;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.facilitymonitor.assets.PointBinding;

/**
 * The InfluxDB series of a point: its measurement and the tags {@code site}, {@code building},
 * {@code zone} (when set), {@code asset}, {@code asset_kind}, {@code department} (when set) and
 * {@code point}, pre-encoded as a line-protocol series key once per registry version so that a
 * reading only appends its field, seq and timestamp.
 */
public final class SeriesKeys {

    private SeriesKeys() {
    }

    /** The point's tags, sorted by name (the order line protocol wants). */
    public static SortedMap<String, String> tags(PointBinding point) {
        SortedMap<String, String> tags = new TreeMap<>();
        tags.put("site", point.siteId());
        tags.put("building", point.buildingId());
        if (point.zoneId() != null) {
            tags.put("zone", point.zoneId());
        }
        tags.put("asset", point.assetId());
        tags.put("asset_kind", point.assetKind());
        if (point.departmentId() != null) {
            tags.put("department", point.departmentId());
        }
        tags.put("point", point.pointId());
        return tags;
    }

    public static String of(PointBinding point) {
        return LineProtocol.seriesKey(point.measurement(), tags(point));
    }

    /** Point id → series key, for every point given. */
    public static Map<String, String> byPoint(Collection<PointBinding> points) {
        Map<String, String> keys = new HashMap<>(points.size() * 2);
        for (PointBinding point : points) {
            keys.put(point.pointId(), of(point));
        }
        return Map.copyOf(keys);
    }
}

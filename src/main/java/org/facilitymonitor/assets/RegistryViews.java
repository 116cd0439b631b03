package org.facilitymonitor.assets;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What the registry endpoints return; entities stay inside the service. */
public final class RegistryViews {

    private RegistryViews() {
    }

    public record SiteView(String id, String name, String timezone, Instant updatedAt) {
        static SiteView of(Site s) {
            return new SiteView(s.id, s.name, s.timezone, s.updatedAt);
        }
    }

    public record DepartmentView(String id, String site, String parent, String name, Instant updatedAt) {
        static DepartmentView of(Department d) {
            return new DepartmentView(d.id, d.siteId, d.parentId, d.name, d.updatedAt);
        }
    }

    public record BuildingView(String id, String site, String name, Double floorAreaM2, String useType, Instant updatedAt) {
        static BuildingView of(Building b) {
            return new BuildingView(b.id, b.siteId, b.name, b.floorAreaM2, b.useType, b.updatedAt);
        }
    }

    public record ZoneView(String id, String building, String name, Instant updatedAt) {
        static ZoneView of(Zone z) {
            return new ZoneView(z.id, z.buildingId, z.name, z.updatedAt);
        }
    }

    public record AssetView(String id, String site, String building, String zone, String department, String parent,
            String kind, String name, List<String> tags, String edge, Instant updatedAt) {
        static AssetView of(Asset a) {
            return new AssetView(a.id, a.siteId, a.buildingId, a.zoneId, a.departmentId, a.parentId, a.kind, a.name,
                    List.copyOf(a.tags), a.edgeId, a.updatedAt);
        }
    }

    /**
     * {@code plausibleMin}/{@code plausibleMax}: the point's own range as stored; {@code plausibleRange}: the one
     * ingest applies (its own or its quantity's default), null when none.
     */
    public record PointView(String id, String site, String asset, String name, String quantity, String unit,
            String kind, String measurement, String field, String carrier, Double registerModulus, Double plausibleMin,
            Double plausibleMax, RangeView plausibleRange, Instant updatedAt) {
        static PointView of(Point p, PlausibleRange range) {
            return new PointView(p.id, p.siteId, p.assetId, p.name, p.quantity, p.unit, p.kind.wireName(),
                    p.measurement, p.field, p.carrier == null ? null : p.carrier.tag(), p.registerModulus,
                    p.plausibleMin, p.plausibleMax, range == null ? null
                            : new RangeView(range.min(), range.max(), range.source().name().toLowerCase(Locale.ROOT)),
                    p.updatedAt);
        }
    }

    /** {@code source}: {@code point} or {@code default}. */
    public record RangeView(Double min, Double max, String source) {
    }

    /** A page of a filtered listing; {@code total} counts all matches. */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}

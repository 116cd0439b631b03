package org.facilitymonitor.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The import format of the registry: one site with its departments, buildings, zones, assets and
 * points (YAML or JSON). Also the body of the single-object PUT endpoints, which import a
 * description holding just that object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SiteDescription(SiteInfo site, List<DepartmentInfo> departments, List<BuildingInfo> buildings,
        List<AssetInfo> assets) {

    public SiteDescription {
        departments = departments == null ? List.of() : departments;
        buildings = buildings == null ? List.of() : buildings;
        assets = assets == null ? List.of() : assets;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SiteInfo(String id, String name, String timezone) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DepartmentInfo(String id, String name, String parent) {
    }

    /**
     * {@code floorAreaM2} (positive) and {@code useType} (short free text such as office, school or lab,
     * stored in lower case) are optional; where the waste is compares buildings of one use type per m².
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BuildingInfo(String id, String name, List<ZoneInfo> zones, Double floorAreaM2, String useType) {
        public BuildingInfo {
            zones = zones == null ? List.of() : zones;
        }

        public BuildingInfo(String id, String name, List<ZoneInfo> zones) {
            this(id, name, zones, null, null);
        }
    }

    public record ZoneInfo(String id, String name) {
    }

    /**
     * {@code edge}: the edge that serves the asset's points; ingest rejects their readings from any
     * other edge (docs/broker-security.md). Absent: any edge of the site may publish them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssetInfo(String id, String name, String kind, String building, String zone, String department,
            String parent, List<String> tags, List<PointInfo> points, String edge) {

        public AssetInfo(String id, String name, String kind, String building, String zone, String department,
                String parent, List<String> tags, List<PointInfo> points) {
            this(id, name, kind, building, zone, department, parent, tags, points, null);
        }

        public AssetInfo {
            tags = tags == null ? List.of() : tags;
            points = points == null ? List.of() : points;
        }
    }

    /**
     * {@code carrier} and {@code registerModulus} are for meters (cumulative points): what they measure
     * (inferred from the measurement when absent) and the value at which the register wraps to 0.
     * {@code plausibleMin}/{@code plausibleMax}: the point's plausible range in its unit, replacing its
     * quantity's default; ingest rejects readings outside it ({@code out-of-range}).
     */
    public record PointInfo(String id, String name, String quantity, String unit, String kind, String measurement,
            String field, String carrier, Double registerModulus, Double plausibleMin, Double plausibleMax) {

        public PointInfo(String id, String name, String quantity, String unit, String kind, String measurement,
                String field, String carrier, Double registerModulus) {
            this(id, name, quantity, unit, kind, measurement, field, carrier, registerModulus, null, null);
        }

        public PointInfo(String id, String name, String quantity, String unit, String kind, String measurement,
                String field) {
            this(id, name, quantity, unit, kind, measurement, field, null, null);
        }
    }
}

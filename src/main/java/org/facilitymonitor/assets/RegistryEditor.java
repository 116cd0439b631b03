package org.facilitymonitor.assets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import org.facilitymonitor.assets.SiteDescription.AssetInfo;
import org.facilitymonitor.assets.SiteDescription.BuildingInfo;
import org.facilitymonitor.assets.SiteDescription.DepartmentInfo;
import org.facilitymonitor.assets.SiteDescription.PointInfo;
import org.facilitymonitor.assets.SiteDescription.SiteInfo;
import org.facilitymonitor.assets.SiteDescription.ZoneInfo;
import org.facilitymonitor.platform.ProblemException;

/**
 * Single-object create-or-replace: each object is wrapped in a site description that holds only
 * it, so one validator and one upsert serve the file import and the REST API alike.
 */
@ApplicationScoped
@Transactional
public class RegistryEditor {

    @Inject
    SiteImportService imports;

    /** Body of PUT /api/buildings/{id}. */
    public record BuildingUpsert(String site, String name, List<ZoneInfo> zones) {
    }

    /** Body of PUT /api/zones/{id}. */
    public record ZoneUpsert(String building, String name) {
    }

    /** Body of PUT /api/departments/{id}. */
    public record DepartmentUpsert(String site, String name, String parent) {
    }

    /** Body of PUT /api/assets/{id}: the asset with, optionally, its points. */
    public record AssetUpsert(String name, String kind, String building, String zone, String department, String parent,
            List<String> tags, List<PointInfo> points, String edge) {
    }

    /** Body of PUT /api/points/{id}. */
    public record PointUpsert(String asset, String name, String quantity, String unit, String kind, String measurement,
            String field, String carrier, Double registerModulus) {
    }

    /** @return true when the site was created */
    public boolean putSite(String id, SiteInfo body) {
        boolean exists = Site.findById(id) != null;
        imports.importSite(new SiteDescription(new SiteInfo(id, body.name(), body.timezone()), null, null, null), false);
        return !exists;
    }

    public boolean putBuilding(String id, BuildingUpsert body) {
        boolean exists = Building.findById(id) != null;
        imports.importSite(new SiteDescription(siteRef(body.site()), null,
                List.of(new BuildingInfo(id, body.name(), body.zones())), null), false);
        return !exists;
    }

    public boolean putZone(String id, ZoneUpsert body) {
        boolean exists = Zone.findById(id) != null;
        Building building = building(body.building(), "building");
        imports.importSite(new SiteDescription(siteRef(building.siteId), null,
                List.of(new BuildingInfo(building.id, building.name, List.of(new ZoneInfo(id, body.name())))), null),
                false);
        return !exists;
    }

    public boolean putDepartment(String id, DepartmentUpsert body) {
        boolean exists = Department.findById(id) != null;
        imports.importSite(new SiteDescription(siteRef(body.site()),
                List.of(new DepartmentInfo(id, body.name(), body.parent())), null, null), false);
        return !exists;
    }

    public boolean putAsset(String id, AssetUpsert body) {
        boolean exists = Asset.findById(id) != null;
        Building building = building(body.building(), "building");
        imports.importSite(new SiteDescription(siteRef(building.siteId), null, null,
                List.of(new AssetInfo(id, body.name(), body.kind(), body.building(), body.zone(), body.department(),
                        body.parent(), body.tags(), body.points(), body.edge()))),
                false);
        return !exists;
    }

    public boolean putPoint(String id, PointUpsert body) {
        boolean exists = Point.findById(id) != null;
        if (body.asset() == null) {
            throw ProblemException.invalid("point is invalid",
                    List.of(new ProblemException.FieldError("asset", "is required")));
        }
        Asset asset = Asset.<Asset>findByIdOptional(body.asset()).orElseThrow(() -> ProblemException.invalid(
                "point is invalid",
                List.of(new ProblemException.FieldError("asset", "unknown asset '" + body.asset() + "'"))));
        PointInfo point = new PointInfo(id, body.name(), body.quantity(), body.unit(), body.kind(), body.measurement(),
                body.field(), body.carrier(), body.registerModulus());
        imports.importSite(new SiteDescription(siteRef(asset.siteId), null, null,
                List.of(new AssetInfo(asset.id, asset.name, asset.kind, asset.buildingId, asset.zoneId,
                        asset.departmentId, asset.parentId, List.copyOf(asset.tags), List.of(point), asset.edgeId))),
                false);
        return !exists;
    }

    private static SiteInfo siteRef(String siteId) {
        if (siteId == null) {
            throw ProblemException.invalid("site is missing",
                    List.of(new ProblemException.FieldError("site", "is required")));
        }
        if (Site.findById(siteId) == null) {
            throw ProblemException.invalid("unknown site",
                    List.of(new ProblemException.FieldError("site", "unknown site '" + siteId + "'")));
        }
        return new SiteInfo(siteId, null, null);
    }

    private static Building building(String id, String field) {
        if (id == null) {
            throw ProblemException.invalid("building is missing",
                    List.of(new ProblemException.FieldError(field, "is required")));
        }
        return Building.<Building>findByIdOptional(id).orElseThrow(() -> ProblemException.invalid("unknown building",
                List.of(new ProblemException.FieldError(field, "unknown building '" + id + "'"))));
    }
}

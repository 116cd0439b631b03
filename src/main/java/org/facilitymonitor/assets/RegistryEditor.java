package org.facilitymonitor.assets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.function.Predicate;
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
 * {@code granted} says which sites the caller may touch: an existing object of another site is 404
 * as if it did not exist, a site not granted is 404, and a parent in another site is as unknown as
 * a missing one. The body's references are checked first, so that a body refused for a new id is
 * refused the same way for another site's id.
 */
@ApplicationScoped
@Transactional
public class RegistryEditor {

    @Inject
    SiteImportService imports;

    /** Body of PUT /api/buildings/{id}. */
    public record BuildingUpsert(String site, String name, List<ZoneInfo> zones, Double floorAreaM2, String useType) {
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
            String field, String carrier, Double registerModulus, Double plausibleMin, Double plausibleMax) {
    }

    /** @return true when the site was created */
    public boolean putSite(String id, SiteInfo body) {
        boolean exists = Site.findById(id) != null;
        imports.importSite(new SiteDescription(new SiteInfo(id, body.name(), body.timezone()), null, null, null), false);
        return !exists;
    }

    public boolean putBuilding(String id, BuildingUpsert body, Predicate<String> granted) {
        SiteInfo site = siteRef(body.site(), granted);
        Building existing = Building.findById(id);
        requireVisible(existing == null ? null : existing.siteId, granted, "building", id);
        boolean exists = existing != null;
        imports.importSite(new SiteDescription(site, null,
                List.of(new BuildingInfo(id, body.name(), body.zones(), body.floorAreaM2(), body.useType())), null), false);
        return !exists;
    }

    public boolean putZone(String id, ZoneUpsert body, Predicate<String> granted) {
        Building building = building(body.building(), "building", granted);
        Zone existing = Zone.findById(id);
        if (existing != null) {
            Building owner = Building.findById(existing.buildingId);
            requireVisible(owner == null ? null : owner.siteId, granted, "zone", id);
        }
        boolean exists = existing != null;
        imports.importSite(new SiteDescription(siteRef(building.siteId, granted), null,
                List.of(new BuildingInfo(building.id, building.name, List.of(new ZoneInfo(id, body.name())),
                        building.floorAreaM2, building.useType)), null),
                false);
        return !exists;
    }

    public boolean putDepartment(String id, DepartmentUpsert body, Predicate<String> granted) {
        SiteInfo site = siteRef(body.site(), granted);
        Department existing = Department.findById(id);
        requireVisible(existing == null ? null : existing.siteId, granted, "department", id);
        boolean exists = existing != null;
        imports.importSite(new SiteDescription(site,
                List.of(new DepartmentInfo(id, body.name(), body.parent())), null, null), false);
        return !exists;
    }

    public boolean putAsset(String id, AssetUpsert body, Predicate<String> granted) {
        Building building = building(body.building(), "building", granted);
        Asset existing = Asset.findById(id);
        requireVisible(existing == null ? null : existing.siteId, granted, "asset", id);
        boolean exists = existing != null;
        imports.importSite(new SiteDescription(siteRef(building.siteId, granted), null, null,
                List.of(new AssetInfo(id, body.name(), body.kind(), body.building(), body.zone(), body.department(),
                        body.parent(), body.tags(), body.points(), body.edge()))),
                false);
        return !exists;
    }

    public boolean putPoint(String id, PointUpsert body, Predicate<String> granted) {
        if (body.asset() == null) {
            throw ProblemException.invalid("point is invalid",
                    List.of(new ProblemException.FieldError("asset", "is required")));
        }
        Asset asset = Asset.<Asset>findByIdOptional(body.asset()).filter(a -> granted.test(a.siteId))
                .orElseThrow(() -> ProblemException.invalid("point is invalid",
                        List.of(new ProblemException.FieldError("asset", "unknown asset '" + body.asset() + "'"))));
        Point existing = Point.findById(id);
        requireVisible(existing == null ? null : existing.siteId, granted, "point", id);
        boolean exists = existing != null;
        PointInfo point = new PointInfo(id, body.name(), body.quantity(), body.unit(), body.kind(), body.measurement(),
                body.field(), body.carrier(), body.registerModulus(), body.plausibleMin(), body.plausibleMax());
        imports.importSite(new SiteDescription(siteRef(asset.siteId, granted), null, null,
                List.of(new AssetInfo(asset.id, asset.name, asset.kind, asset.buildingId, asset.zoneId,
                        asset.departmentId, asset.parentId, List.copyOf(asset.tags), List.of(point), asset.edgeId))),
                false);
        return !exists;
    }

    /** A stored object of a site not granted answers like a missing one. */
    private static void requireVisible(String siteId, Predicate<String> granted, String what, String id) {
        if (siteId != null && !granted.test(siteId)) {
            throw ProblemException.notFound(what, id);
        }
    }

    private static SiteInfo siteRef(String siteId, Predicate<String> granted) {
        if (siteId == null) {
            throw ProblemException.invalid("site is missing",
                    List.of(new ProblemException.FieldError("site", "is required")));
        }
        if (!granted.test(siteId)) {
            throw ProblemException.notFound("site", siteId);
        }
        if (Site.findById(siteId) == null) {
            throw ProblemException.invalid("unknown site",
                    List.of(new ProblemException.FieldError("site", "unknown site '" + siteId + "'")));
        }
        return new SiteInfo(siteId, null, null);
    }

    private static Building building(String id, String field, Predicate<String> granted) {
        if (id == null) {
            throw ProblemException.invalid("building is missing",
                    List.of(new ProblemException.FieldError(field, "is required")));
        }
        return Building.<Building>findByIdOptional(id).filter(b -> granted.test(b.siteId))
                .orElseThrow(() -> ProblemException.invalid("unknown building",
                        List.of(new ProblemException.FieldError(field, "unknown building '" + id + "'"))));
    }
}

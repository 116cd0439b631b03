package org.facilitymonitor.assets;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.facilitymonitor.assets.RegistryViews.AssetView;
import org.facilitymonitor.assets.RegistryViews.BuildingView;
import org.facilitymonitor.assets.RegistryViews.DepartmentView;
import org.facilitymonitor.assets.RegistryViews.Page;
import org.facilitymonitor.assets.RegistryViews.PointView;
import org.facilitymonitor.assets.RegistryViews.SiteView;
import org.facilitymonitor.assets.RegistryViews.ZoneView;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.QueryFilter;

/** Reads, filtered listings, exports and deletes of the registry; writes go through {@link SiteImportService}. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class RegistryService {

    @Inject
    SiteImportService imports;
    @Inject
    EntityManager em;

    public List<SiteView> sites() {
        return Site.<Site>listAll(Sort.by("id")).stream().map(SiteView::of).toList();
    }

    public Optional<SiteView> site(String id) {
        return Site.<Site>findByIdOptional(id).map(SiteView::of);
    }

    public Optional<BuildingView> building(String id) {
        return Building.<Building>findByIdOptional(id).map(BuildingView::of);
    }

    public Optional<ZoneView> zone(String id) {
        return Zone.<Zone>findByIdOptional(id).map(ZoneView::of);
    }

    public Optional<DepartmentView> department(String id) {
        return Department.<Department>findByIdOptional(id).map(DepartmentView::of);
    }

    public Optional<AssetView> asset(String id) {
        return Asset.<Asset>findByIdOptional(id).map(AssetView::of);
    }

    public Optional<PointView> point(String id) {
        return Point.<Point>findByIdOptional(id).map(PointView::of);
    }

    public Page<BuildingView> buildings(QueryFilter filter, PageRequest page) {
        return page(Building.find(filter.jpql(), Sort.by("id"), filter.parameters()), page, BuildingView::of);
    }

    public Page<ZoneView> zones(QueryFilter filter, PageRequest page) {
        return page(Zone.find(filter.jpql(), Sort.by("id"), filter.parameters()), page, ZoneView::of);
    }

    public Page<DepartmentView> departments(QueryFilter filter, PageRequest page) {
        return page(Department.find(filter.jpql(), Sort.by("id"), filter.parameters()), page, DepartmentView::of);
    }

    public Page<AssetView> assets(QueryFilter filter, PageRequest page) {
        return page(Asset.find(filter.jpql(), Sort.by("id"), filter.parameters()), page, AssetView::of);
    }

    public Page<PointView> points(QueryFilter filter, PageRequest page) {
        return page(Point.find(filter.jpql(), Sort.by("id"), filter.parameters()), page, PointView::of);
    }

    /** The whole site in the import format: importing the export reproduces the site. */
    public Optional<SiteDescription> export(String siteId) {
        return Site.<Site>findByIdOptional(siteId).map(site -> {
            var departments = Department.<Department>list("siteId", Sort.by("id"), siteId).stream()
                    .map(d -> new SiteDescription.DepartmentInfo(d.id, d.name, d.parentId)).toList();
            List<SiteDescription.BuildingInfo> buildings = new ArrayList<>();
            for (Building b : Building.<Building>list("siteId", Sort.by("id"), siteId)) {
                var zones = Zone.<Zone>list("buildingId", Sort.by("id"), b.id).stream()
                        .map(z -> new SiteDescription.ZoneInfo(z.id, z.name)).toList();
                buildings.add(new SiteDescription.BuildingInfo(b.id, b.name, zones));
            }
            List<SiteDescription.AssetInfo> assets = new ArrayList<>();
            for (Asset a : Asset.<Asset>list("siteId", Sort.by("id"), siteId)) {
                var points = Point.<Point>list("assetId", Sort.by("id"), a.id).stream()
                        .map(p -> new SiteDescription.PointInfo(p.id, p.name, p.quantity, p.unit, p.kind.wireName(),
                                p.measurement, p.field, p.carrier == null ? null : p.carrier.tag(), p.registerModulus))
                        .toList();
                assets.add(new SiteDescription.AssetInfo(a.id, a.name, a.kind, a.buildingId, a.zoneId, a.departmentId,
                        a.parentId, a.tags.stream().sorted(Comparator.naturalOrder()).toList(), points, a.edgeId));
            }
            return new SiteDescription(new SiteDescription.SiteInfo(site.id, site.name, site.timezone), departments,
                    buildings, assets);
        });
    }

    @Transactional
    public void deleteSite(String id) {
        delete(Site.class, "site", id, new Dependants("buildings", Building.class, "siteId"),
                new Dependants("departments", Department.class, "siteId"));
    }

    @Transactional
    public void deleteBuilding(String id) {
        delete(Building.class, "building", id, new Dependants("assets", Asset.class, "buildingId"),
                new Dependants("zones", Zone.class, "buildingId"));
    }

    @Transactional
    public void deleteZone(String id) {
        delete(Zone.class, "zone", id, new Dependants("assets", Asset.class, "zoneId"));
    }

    @Transactional
    public void deleteDepartment(String id) {
        delete(Department.class, "department", id, new Dependants("assets", Asset.class, "departmentId"),
                new Dependants("child departments", Department.class, "parentId"));
    }

    /** Deletes an asset and its points (their history stays in InfluxDB). */
    @Transactional
    public void deleteAsset(String id) {
        delete(Asset.class, "asset", id, new Dependants("child assets", Asset.class, "parentId"));
    }

    @Transactional
    public void deletePoint(String id) {
        delete(Point.class, "point", id);
    }

    /** Objects of {@code type} whose {@code attribute} refers to the one being deleted. */
    private record Dependants(String name, Class<? extends RegistryEntity> type, String attribute) {
    }

    /**
     * Deletes registry object {@code id} (an asset with its points), refused with 409 while any of
     * {@code dependants} refers to it, and has every instance reload its point catalog.
     */
    private void delete(Class<? extends RegistryEntity> type, String what, String id, Dependants... dependants) {
        RegistryEntity entity = em.find(type, id);
        if (entity == null) {
            throw ProblemException.notFound(what, id);
        }
        for (Dependants d : dependants) {
            long count = em.createQuery("select count(e) from " + d.type().getSimpleName() + " e where e."
                    + d.attribute() + " = :id", Long.class).setParameter("id", id).getSingleResult();
            if (count > 0) {
                throw ProblemException.conflict(what + " '" + id + "' still has " + count + " " + d.name()
                        + "; delete or move them first");
            }
        }
        if (entity instanceof Asset) {
            Point.delete("assetId", id);
        }
        entity.delete();
        imports.registryChanged();
    }

    private static <E, V> Page<V> page(PanacheQuery<E> query, PageRequest request, Function<E, V> view) {
        List<V> items = query.page(request.page(), request.size()).list().stream().map(view).toList();
        return new Page<>(items, request.page(), request.size(), query.count());
    }

    /** A page of a listing: zero-based page number and a bounded size. */
    public record PageRequest(int page, int size) {
    }
}

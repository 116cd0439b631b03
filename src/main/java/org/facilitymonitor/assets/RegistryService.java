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
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
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
    @Inject
    PointCatalog catalog;

    /** @param granted empty: all sites */
    public List<SiteView> sites(Optional<Set<String>> granted) {
        if (granted.isPresent() && granted.get().isEmpty()) {
            return List.of();
        }
        List<Site> sites = granted.isEmpty() ? Site.listAll(Sort.by("id"))
                : Site.list("id in ?1", Sort.by("id"), granted.get());
        return sites.stream().map(SiteView::of).toList();
    }

    /** Without loading the site: a read before a write in the same request would otherwise answer from the stale entity. */
    public boolean siteExists(String id) {
        return Site.count("id", id) > 0;
    }

    /** The site a zone belongs to (through its building). */
    public Optional<String> zoneSite(String zoneId) {
        return Zone.<Zone>findByIdOptional(zoneId).flatMap(z -> Building.<Building>findByIdOptional(z.buildingId))
                .map(b -> b.siteId);
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

    private PointView view(Point p) {
        return PointView.of(p, catalog.plausibleRangeOf(p));
    }

    public Optional<PointView> point(String id) {
        return Point.<Point>findByIdOptional(id).map(this::view);
    }

    /** @param sites the granted sites; empty: all */
    public Page<BuildingView> buildings(QueryFilter filter, Optional<Set<String>> sites, PageRequest page) {
        return page(Building.find(SiteScope.jpql(filter, sites), Sort.by("id"), filter.parameters()), page, BuildingView::of);
    }

    /** @param sites the granted sites; empty: all */
    public Page<ZoneView> zones(QueryFilter filter, Optional<Set<String>> sites, PageRequest page) {
        String jpql = SiteScope.jpql(filter, sites,
                "buildingId in (select b.id from Building b where b.siteId in :grantedSites)");
        return page(Zone.find(jpql, Sort.by("id"), filter.parameters()), page, ZoneView::of);
    }

    /** @param sites the granted sites; empty: all */
    public Page<DepartmentView> departments(QueryFilter filter, Optional<Set<String>> sites, PageRequest page) {
        return page(Department.find(SiteScope.jpql(filter, sites), Sort.by("id"), filter.parameters()), page, DepartmentView::of);
    }

    /** @param sites the granted sites; empty: all */
    public Page<AssetView> assets(QueryFilter filter, Optional<Set<String>> sites, PageRequest page) {
        return page(Asset.find(SiteScope.jpql(filter, sites), Sort.by("id"), filter.parameters()), page, AssetView::of);
    }

    /** @param sites the granted sites; empty: all */
    public Page<PointView> points(QueryFilter filter, Optional<Set<String>> sites, PageRequest page) {
        return page(Point.find(SiteScope.jpql(filter, sites), Sort.by("id"), filter.parameters()), page, this::view);
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
                buildings.add(new SiteDescription.BuildingInfo(b.id, b.name, zones, b.floorAreaM2, b.useType));
            }
            List<SiteDescription.AssetInfo> assets = new ArrayList<>();
            for (Asset a : Asset.<Asset>list("siteId", Sort.by("id"), siteId)) {
                var points = Point.<Point>list("assetId", Sort.by("id"), a.id).stream()
                        .map(p -> new SiteDescription.PointInfo(p.id, p.name, p.quantity, p.unit, p.kind.wireName(),
                                p.measurement, p.field, p.carrier == null ? null : p.carrier.tag(), p.registerModulus,
                                p.plausibleMin, p.plausibleMax))
                        .toList();
                assets.add(new SiteDescription.AssetInfo(a.id, a.name, a.kind, a.buildingId, a.zoneId, a.departmentId,
                        a.parentId, a.tags.stream().sorted(Comparator.naturalOrder()).toList(), points, a.edgeId));
            }
            return new SiteDescription(new SiteDescription.SiteInfo(site.id, site.name, site.timezone), departments,
                    buildings, assets);
        });
    }

    @Transactional
    public void deleteSite(String id, Predicate<String> granted) {
        delete(granted, Site.class, "site", id, new Dependants("buildings", Building.class, "siteId"),
                new Dependants("departments", Department.class, "siteId"));
    }

    @Transactional
    public void deleteBuilding(String id, Predicate<String> granted) {
        delete(granted, Building.class, "building", id, new Dependants("assets", Asset.class, "buildingId"),
                new Dependants("zones", Zone.class, "buildingId"));
    }

    @Transactional
    public void deleteZone(String id, Predicate<String> granted) {
        delete(granted, Zone.class, "zone", id, new Dependants("assets", Asset.class, "zoneId"));
    }

    @Transactional
    public void deleteDepartment(String id, Predicate<String> granted) {
        delete(granted, Department.class, "department", id, new Dependants("assets", Asset.class, "departmentId"),
                new Dependants("child departments", Department.class, "parentId"));
    }

    /** Deletes an asset and its points (their history stays in InfluxDB). */
    @Transactional
    public void deleteAsset(String id, Predicate<String> granted) {
        delete(granted, Asset.class, "asset", id, new Dependants("child assets", Asset.class, "parentId"));
    }

    @Transactional
    public void deletePoint(String id, Predicate<String> granted) {
        delete(granted, Point.class, "point", id);
    }

    /** Objects of {@code type} whose {@code attribute} refers to the one being deleted. */
    private record Dependants(String name, Class<? extends RegistryEntity> type, String attribute) {
    }

    /**
     * Deletes registry object {@code id} (an asset with its points), refused with 409 while any of
     * {@code dependants} refers to it, and has every instance reload its point catalog. An object of
     * a site not {@code granted} is 404 as if it did not exist.
     */
    private void delete(Predicate<String> granted, Class<? extends RegistryEntity> type, String what, String id,
            Dependants... dependants) {
        RegistryEntity entity = em.find(type, id);
        if (entity == null || !granted.test(siteOf(entity))) {
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

    private static String siteOf(RegistryEntity entity) {
        if (entity instanceof Site s) {
            return s.id;
        } else if (entity instanceof Building b) {
            return b.siteId;
        } else if (entity instanceof Zone z) {
            return Building.<Building>findByIdOptional(z.buildingId).map(b -> b.siteId).orElse(null);
        } else if (entity instanceof Department d) {
            return d.siteId;
        } else if (entity instanceof Asset a) {
            return a.siteId;
        } else if (entity instanceof Point p) {
            return p.siteId;
        }
        throw new IllegalArgumentException("no site for " + entity.getClass().getSimpleName());
    }

    private static <E, V> Page<V> page(PanacheQuery<E> query, PageRequest request, Function<E, V> view) {
        List<V> items = query.page(request.page(), request.size()).list().stream().map(view).toList();
        return new Page<>(items, request.page(), request.size(), query.count());
    }

    /** A page of a listing: zero-based page number and a bounded size. */
    public record PageRequest(int page, int size) {
    }
}

package org.facilitymonitor.assets;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.facilitymonitor.assets.SiteDescription.AssetInfo;
import org.facilitymonitor.assets.SiteDescription.BuildingInfo;
import org.facilitymonitor.assets.SiteDescription.DepartmentInfo;
import org.facilitymonitor.assets.SiteDescription.PointInfo;
import org.facilitymonitor.assets.SiteDescription.ZoneInfo;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * The one write path of the registry: a site description is validated as a whole against the
 * registry, then upserted in one transaction. Objects the description does not mention are left
 * alone, so importing the same file twice changes nothing.
 */
@ApplicationScoped
@Transactional
public class SiteImportService {

    @Inject
    EntityManager em;
    @Inject
    Clock clock;
    @Inject
    Event<RegistryChanged> changed;

    public ImportResult importSite(SiteDescription description, boolean dryRun) {
        // Serialises concurrent imports (several instances) so validation sees what the other committed.
        em.createNativeQuery("select version from registry_version where id = 1 for update").getSingleResult();
        List<FieldError> errors = SiteDescriptionValidator.validate(description, loadIndex());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("site description has " + errors.size() + " error(s); nothing was imported",
                    errors);
        }
        Tally tally = new Tally();
        Instant now = clock.instant();
        String siteId = description.site().id();
        upsertSite(description.site(), now, tally);
        for (DepartmentInfo d : description.departments()) {
            upsertDepartment(siteId, d, now, tally);
        }
        int zones = 0;
        for (BuildingInfo b : description.buildings()) {
            upsertBuilding(siteId, b, now, tally);
            for (ZoneInfo z : b.zones()) {
                upsertZone(b.id(), z, now, tally);
                zones++;
            }
        }
        int points = 0;
        for (AssetInfo a : description.assets()) {
            upsertAsset(siteId, a, now, tally);
            for (PointInfo p : a.points()) {
                upsertPoint(siteId, a.id(), p, now, tally);
                points++;
            }
        }
        long version = currentVersion();
        if (dryRun) {
            QuarkusTransaction.setRollbackOnly();
        } else if (tally.created + tally.updated > 0) {
            em.flush();
            version = bumpVersion();
            changed.fire(new RegistryChanged(version));
        }
        Log.infof("site %s %s: %d created, %d updated, %d unchanged", siteId, dryRun ? "validated (dry run)" : "imported",
                tally.created, tally.updated, tally.unchanged);
        return new ImportResult(siteId, dryRun, description.departments().size(), description.buildings().size(), zones,
                description.assets().size(), points, tally.created, tally.updated, tally.unchanged, version);
    }

    /** Marks a change made outside an import (a delete), so every instance reloads its catalog. */
    public long registryChanged() {
        long version = bumpVersion();
        changed.fire(new RegistryChanged(version));
        return version;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long currentVersion() {
        return ((Number) em.createNativeQuery("select version from registry_version where id = 1").getSingleResult())
                .longValue();
    }

    private long bumpVersion() {
        return ((Number) em.createNativeQuery(
                "update registry_version set version = version + 1 where id = 1 returning version").getSingleResult())
                .longValue();
    }

    private RegistryIndex loadIndex() {
        Set<String> sites = Site.<Site>streamAll().map(s -> s.id).collect(Collectors.toSet());
        Map<String, String> buildingSite = new HashMap<>();
        Building.<Building>streamAll().forEach(b -> buildingSite.put(b.id, b.siteId));
        Map<String, String> zoneBuilding = new HashMap<>();
        Zone.<Zone>streamAll().forEach(z -> zoneBuilding.put(z.id, z.buildingId));
        Map<String, String> departmentSite = new HashMap<>();
        Map<String, String> departmentParent = new HashMap<>();
        Department.<Department>streamAll().forEach(d -> {
            departmentSite.put(d.id, d.siteId);
            departmentParent.put(d.id, d.parentId);
        });
        Map<String, String> assetSite = new HashMap<>();
        Map<String, String> assetParent = new HashMap<>();
        Asset.<Asset>streamAll().forEach(a -> {
            assetSite.put(a.id, a.siteId);
            assetParent.put(a.id, a.parentId);
        });
        Map<String, RegistryIndex.StoredPoint> points = new HashMap<>();
        Point.<Point>streamAll().forEach(p -> points.put(p.id,
                new RegistryIndex.StoredPoint(p.assetId, p.measurement, p.field, p.kind)));
        return new RegistryIndex(sites, buildingSite, zoneBuilding, departmentSite, departmentParent, assetSite,
                assetParent, points);
    }

    private void upsertSite(SiteDescription.SiteInfo info, Instant now, Tally tally) {
        upsert(Site.class, info.id(), Site::new, s -> Arrays.asList(s.name, s.timezone), s -> {
            if (info.name() != null) {
                s.name = info.name();
            }
            if (info.timezone() != null) {
                s.timezone = info.timezone();
            }
        }, now, tally);
    }

    private void upsertDepartment(String siteId, DepartmentInfo info, Instant now, Tally tally) {
        upsert(Department.class, info.id(), Department::new, d -> Arrays.asList(d.name, d.parentId), d -> {
            d.siteId = siteId;
            d.name = info.name();
            d.parentId = info.parent();
        }, now, tally);
    }

    private void upsertBuilding(String siteId, BuildingInfo info, Instant now, Tally tally) {
        upsert(Building.class, info.id(), Building::new, b -> Arrays.asList(b.name, b.floorAreaM2, b.useType), b -> {
            b.siteId = siteId;
            b.name = info.name();
            b.floorAreaM2 = info.floorAreaM2();
            b.useType = SiteDescriptionValidator.normalisedUseType(info.useType());
        }, now, tally);
    }

    private void upsertZone(String buildingId, ZoneInfo info, Instant now, Tally tally) {
        upsert(Zone.class, info.id(), Zone::new, z -> Arrays.asList(z.name), z -> {
            z.buildingId = buildingId;
            z.name = info.name();
        }, now, tally);
    }

    private void upsertAsset(String siteId, AssetInfo info, Instant now, Tally tally) {
        Set<String> tags = new TreeSet<>(info.tags());
        upsert(Asset.class, info.id(), Asset::new, a -> Arrays.asList(a.name, a.kind, a.buildingId, a.zoneId,
                a.departmentId, a.parentId, a.edgeId, new HashSet<>(a.tags)), a -> {
            a.siteId = siteId;
            a.name = info.name();
            a.kind = info.kind();
            a.buildingId = info.building();
            a.zoneId = info.zone();
            a.departmentId = info.department();
            a.parentId = info.parent();
            a.edgeId = info.edge();
            if (!new HashSet<>(a.tags).equals(tags)) {
                a.tags.clear();
                a.tags.addAll(tags);
            }
        }, now, tally);
    }

    private void upsertPoint(String siteId, String assetId, PointInfo info, Instant now, Tally tally) {
        upsert(Point.class, info.id(), Point::new, p -> Arrays.asList(p.name, p.assetId, p.quantity, p.unit, p.kind,
                p.measurement, p.field, p.carrier, p.registerModulus, p.plausibleMin, p.plausibleMax), p -> {
            p.siteId = siteId;
            p.assetId = assetId;
            p.name = info.name();
            p.quantity = info.quantity();
            p.unit = info.unit();
            p.kind = PointKind.fromWireName(info.kind()).orElseThrow();
            p.measurement = info.measurement();
            p.field = info.field();
            p.carrier = SiteDescriptionValidator.carrierOf(info).orElse(null);
            p.registerModulus = info.registerModulus();
            p.plausibleMin = info.plausibleMin();
            p.plausibleMax = info.plausibleMax();
        }, now, tally);
    }

    /**
     * Creates the object {@code id} or updates it with {@code apply}, and counts it: created, updated
     * (one of the {@code compared} fields changed) or unchanged.
     */
    private <E extends RegistryEntity> void upsert(Class<E> type, String id, Supplier<E> create,
            Function<E, List<?>> compared, Consumer<E> apply, Instant now, Tally tally) {
        E entity = em.find(type, id);
        boolean created = entity == null;
        if (created) {
            entity = create.get();
            entity.id = id;
        }
        List<?> before = created ? null : compared.apply(entity);
        apply.accept(entity);
        save(entity, created, created || !before.equals(compared.apply(entity)), now, tally);
    }

    private static void save(RegistryEntity entity, boolean created, boolean changes, Instant now, Tally tally) {
        if (created) {
            entity.updatedAt = now;
            entity.persist();
            tally.created++;
        } else if (changes) {
            entity.updatedAt = now;
            tally.updated++;
        } else {
            tally.unchanged++;
        }
    }

    private static final class Tally {
        int created;
        int updated;
        int unchanged;
    }
}

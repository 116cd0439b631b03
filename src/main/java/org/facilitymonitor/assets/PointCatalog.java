package org.facilitymonitor.assets;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry as ingest sees it: an immutable in-memory snapshot of every point's binding, swapped
 * atomically when the registry version changes, so validating a reading never touches PostgreSQL.
 */
@ApplicationScoped
public class PointCatalog {

    /** One registry version's points and sites. */
    public record Snapshot(long version, Map<String, PointBinding> points, Set<String> sites) {
        public Optional<PointBinding> point(String id) {
            return Optional.ofNullable(points.get(id));
        }
    }

    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final CompletableFuture<Snapshot> firstLoad = new CompletableFuture<>();

    @Inject
    EntityManager em;
    @Inject
    RegistryConfig config;

    private PlausibleDefaults plausible;

    /** Reads the plausible-range settings now, so a wrong one stops the start with its name. */
    @PostConstruct
    void readSettings() {
        plausible = PlausibleDefaults.of(config.plausibleDefaults().enabled(), config.plausibleDefaults().override(),
                "fm.registry.plausible-defaults.override");
    }

    /** The current snapshot, or empty until the registry could be read once. */
    public Optional<Snapshot> snapshot() {
        return Optional.ofNullable(current.get());
    }

    /** The range ingest applies to the point, as the next snapshot will hold it; null when none. */
    public PlausibleRange plausibleRangeOf(Point p) {
        return plausible.rangeOf(p.kind, p.quantity, p.unit, p.plausibleMin, p.plausibleMax).orElse(null);
    }

    /** Completes when the registry has been read once; ingest starts consuming only then. */
    public CompletableFuture<Snapshot> loaded() {
        return firstLoad;
    }

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) RegistryChanged change) {
        refresh();
    }

    @Scheduled(every = "${fm.registry.poll-interval:2s}", concurrentExecution = ConcurrentExecution.SKIP)
    void poll() {
        refresh();
    }

    /** Reloads when the stored version differs from the snapshot's; keeps the old snapshot if PostgreSQL is down. */
    @Transactional
    public void refresh() {
        try {
            long version = ((Number) em.createNativeQuery("select version from registry_version where id = 1")
                    .getSingleResult()).longValue();
            Snapshot snapshot = current.get();
            if (snapshot != null && snapshot.version() == version) {
                return;
            }
            Snapshot loaded = load(version);
            current.set(loaded);
            firstLoad.complete(loaded);
            Log.infof("point catalog loaded: registry version %d, %d points in %d sites", version,
                    loaded.points().size(), loaded.sites().size());
        } catch (RuntimeException e) {
            Log.warnf("point catalog not refreshed (keeping version %s): %s",
                    current.get() == null ? "none" : current.get().version(), e.getMessage());
        }
    }

    private Snapshot load(long version) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select p.id, p.site_id, p.asset_id, p.kind, p.measurement, p.field,
                       a.building_id, a.zone_id, a.kind, a.department_id, a.edge_id,
                       p.quantity, p.unit, p.plausible_min, p.plausible_max
                from point p join asset a on a.id = p.asset_id
                """).getResultList();
        Map<String, PointBinding> points = new HashMap<>(rows.size() * 2);
        for (Object[] r : rows) {
            String pointId = (String) r[0];
            String siteId = (String) r[1];
            String assetId = (String) r[2];
            PointKind kind = PointKind.valueOf((String) r[3]);
            PlausibleRange range = plausible.rangeOf(kind, (String) r[11], (String) r[12], toDouble(r[13]),
                    toDouble(r[14])).orElse(null);
            points.put(pointId, new PointBinding(pointId, siteId, (String) r[6], (String) r[7], assetId,
                    (String) r[8], (String) r[9], kind, (String) r[4], (String) r[5], (String) r[10], range));
        }
        @SuppressWarnings("unchecked")
        List<String> sites = em.createNativeQuery("select id from site").getResultList();
        return new Snapshot(version, Map.copyOf(points), Set.copyOf(new HashSet<>(sites)));
    }

    private static Double toDouble(Object column) {
        return column == null ? null : ((Number) column).doubleValue();
    }
}

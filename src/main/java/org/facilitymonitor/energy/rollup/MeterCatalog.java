package org.facilitymonitor.energy.rollup;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.assets.PointCatalog;

/** The meters of the registry, reloaded when the point catalog moved to another registry version. */
@ApplicationScoped
public class MeterCatalog {

    private volatile Map<String, Meter> meters = Map.of();
    private volatile long version = -1;

    @Inject
    EntityManager em;
    @Inject
    PointCatalog points;

    public Optional<Meter> meter(String pointId) {
        return Optional.ofNullable(meters.get(pointId));
    }

    public List<Meter> all() {
        return List.copyOf(meters.values());
    }

    /** Reloads from PostgreSQL when the registry changed, in a transaction of its own if none is active. */
    @jakarta.transaction.Transactional
    public void refreshNow() {
        refresh();
    }

    /** Reloads from PostgreSQL when the registry changed; call inside a transaction. */
    void refresh() {
        long current = points.snapshot().map(PointCatalog.Snapshot::version).orElse(-1L);
        if (current == version && current != -1) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select p.id, p.site_id, a.building_id, p.asset_id, p.carrier, p.unit, p.register_modulus,
                       p.measurement, p.field, s.timezone,
                       (select min(pp.id) from point pp where pp.asset_id = a.parent_id and pp.carrier = p.carrier
                          and pp.kind = 'CUMULATIVE') as main_point
                from point p join asset a on a.id = p.asset_id join site s on s.id = p.site_id
                where p.kind = 'CUMULATIVE' and p.carrier is not null
                """).getResultList();
        Map<String, Meter> loaded = new HashMap<>();
        for (Object[] r : rows) {
            Carrier carrier = Carrier.valueOf((String) r[4]);
            String unit = (String) r[5];
            if (carrier.factorFrom(unit).isEmpty()) {
                Log.warnf("meter %s: unit '%s' is no unit of %s; its rollups are skipped", r[0], unit, carrier.tag());
                continue;
            }
            loaded.put((String) r[0], new Meter((String) r[0], (String) r[1], (String) r[2], (String) r[3], carrier,
                    unit, r[6] == null ? null : ((Number) r[6]).doubleValue(), (String) r[7], (String) r[8],
                    ZoneId.of((String) r[9]), (String) r[10]));
        }
        meters = Map.copyOf(loaded);
        version = current;
    }
}

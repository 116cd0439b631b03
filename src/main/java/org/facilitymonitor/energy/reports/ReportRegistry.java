package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facilitymonitor.energy.savings.Intervention;

/** What a report needs from the asset registry: the site, names, and each point's asset, department and parent asset. */
@ApplicationScoped
@Transactional
class ReportRegistry {

    record SiteInfo(String id, String name, ZoneId zone) {
    }

    record Meter(String point, String asset, String assetName, String building, String department, String parentAsset) {
    }

    @Inject
    EntityManager em;

    Optional<SiteInfo> site(String id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, name, timezone from site where id = :id")
                .setParameter("id", id).getResultList();
        return rows.stream().findFirst().map(r -> new SiteInfo((String) r[0], (String) r[1], ZoneId.of((String) r[2])));
    }

    Map<String, String> buildingNames(String site) {
        return names("select id, name from building where site_id = :site", site);
    }

    Map<String, String> departmentNames(String site) {
        return names("select id, name from department where site_id = :site", site);
    }

    Map<String, Meter> meters(String site) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select p.id, a.id, a.name, a.building_id, a.department_id, a.parent_id
                  from point p join asset a on a.id = p.asset_id
                 where p.site_id = :site
                """).setParameter("site", site).getResultList();
        Map<String, Meter> meters = new HashMap<>();
        for (Object[] r : rows) {
            meters.put((String) r[0], new Meter((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5]));
        }
        return meters;
    }

    /** The site's interventions in effect before {@code to}: those whose reporting period starts before it. */
    List<Intervention> interventionsBefore(String site, LocalDate to) {
        return em.createQuery("from Intervention i where i.siteId = :site and i.effectiveOn < :to order by i.effectiveOn, i.id",
                Intervention.class).setParameter("site", site).setParameter("to", to).getResultList();
    }

    private Map<String, String> names(String sql, String site) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).setParameter("site", site).getResultList();
        Map<String, String> names = new HashMap<>();
        rows.forEach(r -> names.put((String) r[0], (String) r[1]));
        return names;
    }
}

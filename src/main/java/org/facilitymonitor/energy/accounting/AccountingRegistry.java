package org.facilitymonitor.energy.accounting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.facilitymonitor.assets.Asset;
import org.facilitymonitor.assets.Department;
import org.facilitymonitor.assets.Point;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.assets.Site;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.platform.ProblemException;

/** Reads a site's meters, departments and attribution data from the registry and the V8 tables. */
@ApplicationScoped
public class AccountingRegistry {

    @Inject
    EntityManager em;

    @Transactional
    public List<String> siteIds() {
        return Site.<Site>listAll().stream().map(s -> s.id).sorted().toList();
    }

    /** The site's time zone; 404 for an unknown site. */
    @Transactional
    public ZoneId zone(String siteId) {
        Site site = Site.findById(siteId);
        if (site == null) {
            throw ProblemException.notFound("site", siteId);
        }
        return ZoneId.of(site.timezone);
    }

    /** The site's model; 404 for an unknown site. */
    @Transactional
    public SiteModel site(String siteId) {
        Site site = Site.findById(siteId);
        if (site == null) {
            throw ProblemException.notFound("site", siteId);
        }
        Map<String, Asset> assets = new HashMap<>();
        Asset.<Asset>list("siteId", siteId).forEach(a -> assets.put(a.id, a));
        List<Point> cumulative = Point.list("siteId = ?1 and kind = ?2 order by id", siteId, PointKind.CUMULATIVE);
        List<Meter> meters = new ArrayList<>();
        for (Point p : cumulative) {
            Optional<Carrier> carrier = carrierOf(p);
            if (carrier.isEmpty()) {
                continue;
            }
            Asset asset = assets.get(p.assetId);
            String parentPoint = null;
            if (asset != null && asset.parentId != null) {
                parentPoint = cumulative.stream().filter(q -> q.assetId.equals(asset.parentId)
                        && carrierOf(q).equals(carrier)).map(q -> q.id).findFirst().orElse(null);
            }
            meters.add(new Meter(p.id, p.assetId, carrier.get(), parentPoint, asset == null ? null : asset.departmentId));
        }
        Map<String, String> parents = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Department d : Department.<Department>list("siteId = ?1 order by id", siteId)) {
            parents.put(d.id, d.parentId);
            names.put(d.id, d.name);
        }
        List<Attribution.MeterDepartment> assignments = new ArrayList<>();
        for (Object[] r : rows("select md.point_id, md.valid_from, md.department_id from meter_department md"
                + " join point p on p.id = md.point_id where p.site_id = ?1", siteId)) {
            assignments.add(new Attribution.MeterDepartment((String) r[0], date(r[1]), (String) r[2]));
        }
        List<Attribution.MeterShare> shares = new ArrayList<>();
        for (Object[] r : rows("select ms.point_id, ms.valid_from, ms.basis, ms.department_id, ms.percent from meter_share ms"
                + " join point p on p.id = ms.point_id where p.site_id = ?1", siteId)) {
            shares.add(new Attribution.MeterShare((String) r[0], date(r[1]), Attribution.Basis.valueOf((String) r[2]),
                    (String) r[3], r[4] == null ? null : ((Number) r[4]).doubleValue()));
        }
        List<DepartmentFacts.Fact> facts = new ArrayList<>();
        for (Object[] r : rows("select f.department_id, f.valid_from, f.floor_area_m2, f.head_count from department_fact f"
                + " join department d on d.id = f.department_id where d.site_id = ?1", siteId)) {
            facts.add(new DepartmentFacts.Fact((String) r[0], date(r[1]), ((Number) r[2]).doubleValue(),
                    ((Number) r[3]).doubleValue()));
        }
        return new SiteModel(siteId, ZoneId.of(site.timezone), List.copyOf(meters), parents, names, assignments, shares,
                new DepartmentFacts(facts));
    }

    /** A point's carrier: the registry's (set or inferred when the site was imported); none for points that are no meters. */
    static Optional<Carrier> carrierOf(Point p) {
        return Optional.ofNullable(p.carrier);
    }

    /** A carrier as REST takes it: its name or tag, any case. */
    public static Optional<Carrier> carrier(String value) {
        return value == null ? Optional.empty() : Carrier.fromTag(value.trim().toLowerCase(java.util.Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        return q.getResultList();
    }

    static LocalDate date(Object o) {
        if (o instanceof LocalDate d) {
            return d;
        }
        return ((Date) o).toLocalDate();
    }
}

package org.facilitymonitor.energy.accounting;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;

/**
 * What accounting needs of a site's registry, read in one transaction: its zone, meters, department
 * tree with names, and the effective-dated attribution data.
 */
public record SiteModel(String siteId, ZoneId zone, List<Meter> meters, Map<String, String> departmentParents,
                        Map<String, String> departmentNames, List<Attribution.MeterDepartment> assignments,
                        List<Attribution.MeterShare> shares, DepartmentFacts facts) {

    public MeterTree tree(Carrier carrier) {
        return new MeterTree(meters.stream().filter(m -> m.carrier() == carrier).toList());
    }

    public DepartmentTree departments() {
        return new DepartmentTree(departmentParents);
    }

    public Attribution plan(LocalDate from, LocalDate to) {
        Map<String, String> defaults = new java.util.HashMap<>();
        meters.forEach(m -> defaults.put(m.pointId(), m.departmentId()));
        return Attribution.plan(from, to, defaults, assignments, shares, facts);
    }

    /** The local day that ended last at {@code now}. */
    public LocalDate yesterday(java.time.Instant now) {
        return now.atZone(zone).toLocalDate().minusDays(1);
    }
}

package org.facilitymonitor.energy.accounting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.facilitymonitor.assets.Department;
import org.facilitymonitor.assets.Point;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/** The effective-dated attribution data over REST: a meter's department, a shared meter's shares, department facts. */
@ApplicationScoped
public class AttributionData {

    @Inject
    EntityManager em;
    @Inject
    org.facilitymonitor.energy.EnergyAccess access;

    public record DepartmentAssignment(String validFrom, String departmentId) {
    }

    public record Share(String departmentId, Double percent) {
    }

    public record ShareSet(String validFrom, String basis, List<Share> shares) {
    }

    public record MeterAttributionView(String pointId, String defaultDepartmentId, List<DepartmentAssignment> departments,
                                       List<ShareSet> shareSets) {
    }

    public record FactRequest(String validFrom, Double floorAreaM2, Double headCount) {
    }

    @Transactional
    public void assign(String pointId, DepartmentAssignment r) {
        Point point = meter(pointId);
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = date("validFrom", r == null ? null : r.validFrom(), errors);
        department("departmentId", r == null ? null : r.departmentId(), point.siteId, errors);
        fail(errors);
        em.createNativeQuery("""
                insert into meter_department (point_id, valid_from, department_id) values (?1, ?2, ?3)
                on conflict (point_id, valid_from) do update set department_id = excluded.department_id
                """).setParameter(1, pointId).setParameter(2, from).setParameter(3, r.departmentId()).executeUpdate();
    }

    @Transactional
    public void putShares(String pointId, ShareSet r) {
        Point point = meter(pointId);
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = date("validFrom", r == null ? null : r.validFrom(), errors);
        Attribution.Basis basis = null;
        try {
            basis = Attribution.Basis.valueOf(r == null || r.basis() == null ? "" : r.basis().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("basis", "FLOOR_AREA, HEAD_COUNT or FIXED, was '" + (r == null ? null : r.basis()) + "'"));
        }
        if (r == null || r.shares() == null || r.shares().isEmpty()) {
            errors.add(new FieldError("shares", "required: at least one department"));
        } else {
            double total = 0;
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < r.shares().size(); i++) {
                Share s = r.shares().get(i);
                department("shares[" + i + "].departmentId", s.departmentId(), point.siteId, errors);
                if (s.departmentId() != null && !seen.add(s.departmentId())) {
                    errors.add(new FieldError("shares[" + i + "].departmentId", "named twice"));
                }
                if (basis == Attribution.Basis.FIXED) {
                    if (s.percent() == null || s.percent() < 0 || s.percent() > 100) {
                        errors.add(new FieldError("shares[" + i + "].percent", "required for FIXED: 0 to 100"));
                    } else {
                        total += s.percent();
                    }
                } else if (basis != null && s.percent() != null) {
                    errors.add(new FieldError("shares[" + i + "].percent", "only for FIXED; " + basis + " shares follow the department facts"));
                }
            }
            if (basis == Attribution.Basis.FIXED && errors.isEmpty() && Math.abs(total - 100) > 1e-6) {
                errors.add(new FieldError("shares", "FIXED percentages must add up to 100, they add up to " + total));
            }
        }
        fail(errors);
        em.createNativeQuery("delete from meter_share where point_id = ?1 and valid_from = ?2").setParameter(1, pointId)
                .setParameter(2, from).executeUpdate();
        for (Share s : r.shares()) {
            em.createNativeQuery("insert into meter_share (point_id, valid_from, department_id, basis, percent) values (?1, ?2, ?3, ?4, ?5)")
                    .setParameter(1, pointId).setParameter(2, from).setParameter(3, s.departmentId())
                    .setParameter(4, basis.name()).setParameter(5, basis == Attribution.Basis.FIXED ? s.percent() : null)
                    .executeUpdate();
        }
    }

    @Transactional
    public void deleteAssignment(String pointId, String validFrom) {
        meter(pointId);
        LocalDate from = parsed("validFrom", validFrom);
        if (em.createNativeQuery("delete from meter_department where point_id = ?1 and valid_from = ?2").setParameter(1, pointId)
                .setParameter(2, from).executeUpdate() == 0) {
            throw ProblemException.notFound("department assignment", pointId + "@" + validFrom);
        }
    }

    @Transactional
    public void deleteShares(String pointId, String validFrom) {
        meter(pointId);
        LocalDate from = parsed("validFrom", validFrom);
        if (em.createNativeQuery("delete from meter_share where point_id = ?1 and valid_from = ?2").setParameter(1, pointId)
                .setParameter(2, from).executeUpdate() == 0) {
            throw ProblemException.notFound("share set", pointId + "@" + validFrom);
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public MeterAttributionView attribution(String pointId) {
        Point point = meter(pointId);
        var asset = org.facilitymonitor.assets.Asset.<org.facilitymonitor.assets.Asset>findById(point.assetId);
        List<DepartmentAssignment> assignments = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("select valid_from, department_id from meter_department"
                + " where point_id = ?1 order by valid_from").setParameter(1, pointId).getResultList()) {
            assignments.add(new DepartmentAssignment(AccountingRegistry.date(r[0]).toString(), (String) r[1]));
        }
        List<ShareSet> sets = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("select valid_from, basis, department_id, percent from meter_share"
                + " where point_id = ?1 order by valid_from, department_id").setParameter(1, pointId).getResultList()) {
            String from = AccountingRegistry.date(r[0]).toString();
            if (sets.isEmpty() || !sets.get(sets.size() - 1).validFrom().equals(from)) {
                sets.add(new ShareSet(from, (String) r[1], new ArrayList<>()));
            }
            sets.get(sets.size() - 1).shares().add(new Share((String) r[2], r[3] == null ? null : ((Number) r[3]).doubleValue()));
        }
        return new MeterAttributionView(pointId, asset == null ? null : asset.departmentId, assignments, sets);
    }

    @Transactional
    public void putFact(String departmentId, FactRequest r) {
        if (Department.findById(departmentId) == null) {
            throw ProblemException.notFound("department", departmentId);
        }
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = date("validFrom", r == null ? null : r.validFrom(), errors);
        if (r == null || r.floorAreaM2() == null || r.floorAreaM2() < 0 || !Double.isFinite(r.floorAreaM2())) {
            errors.add(new FieldError("floorAreaM2", "required: a floor area in m² >= 0"));
        }
        if (r == null || r.headCount() == null || r.headCount() < 0 || !Double.isFinite(r.headCount())) {
            errors.add(new FieldError("headCount", "required: a head count >= 0"));
        }
        fail(errors);
        em.createNativeQuery("""
                insert into department_fact (department_id, valid_from, floor_area_m2, head_count) values (?1, ?2, ?3, ?4)
                on conflict (department_id, valid_from) do update set floor_area_m2 = excluded.floor_area_m2,
                    head_count = excluded.head_count
                """).setParameter(1, departmentId).setParameter(2, from).setParameter(3, r.floorAreaM2())
                .setParameter(4, r.headCount()).executeUpdate();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<FactRequest> facts(String departmentId) {
        if (Department.findById(departmentId) == null) {
            throw ProblemException.notFound("department", departmentId);
        }
        List<FactRequest> out = new ArrayList<>();
        for (Object[] r : (List<Object[]>) em.createNativeQuery("select valid_from, floor_area_m2, head_count from department_fact"
                + " where department_id = ?1 order by valid_from").setParameter(1, departmentId).getResultList()) {
            out.add(new FactRequest(AccountingRegistry.date(r[0]).toString(), ((Number) r[1]).doubleValue(),
                    ((Number) r[2]).doubleValue()));
        }
        return out;
    }

    private static Point meter(String pointId) {
        Point p = Point.findById(pointId);
        if (p == null) {
            throw ProblemException.notFound("point", pointId);
        }
        if (p.kind != PointKind.CUMULATIVE || AccountingRegistry.carrierOf(p).isEmpty()) {
            throw ProblemException.invalid("not a meter", List.of(new FieldError("pointId",
                    "'" + pointId + "' is no meter (a cumulative point of electricity, water, gas or heat)")));
        }
        return p;
    }

    private void department(String field, String id, String siteId, List<FieldError> errors) {
        Department d = id == null ? null : Department.findById(id);
        if (d == null || !access.maySee(d.siteId)) {
            errors.add(new FieldError(field, "no department '" + id + "'"));
        } else if (!d.siteId.equals(siteId)) {
            errors.add(new FieldError(field, "department '" + id + "' is on site " + d.siteId + ", the meter on " + siteId));
        }
    }

    static LocalDate date(String field, String value, List<FieldError> errors) {
        try {
            return LocalDate.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "required: a local date like 2026-03-12, was '" + value + "'"));
            return null;
        }
    }

    private static LocalDate parsed(String field, String value) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate d = date(field, value, errors);
        fail(errors);
        return d;
    }

    static void fail(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() + " problem(s)", errors);
        }
    }
}

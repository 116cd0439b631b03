package org.facilitymonitor.energy.accounting;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which department each meter's figures go to, day by day over a range of local days, and the
 * attribution itself: a linear map from per-meter per-day vectors (consumption, energy, cost per
 * tariff period — any additive quantity) to per-department per-day vectors.
 *
 * <p>On a day, a meter follows its latest effective-dated version (valid from ≤ the day), a
 * department assignment ({@code meter_department}) or a share set ({@code meter_share}); with none,
 * the department of its asset. Days are local days, so a meter moving on the 12th splits its month
 * exactly at local midnight. Shares: {@link Basis#FIXED} percentages, or in proportion to the
 * departments' floor area or head count in effect that day. Figures of a meter with no department
 * (or shares whose basis adds up to 0) go to {@link #UNASSIGNED}, so totals are kept.
 */
public final class Attribution {

    public static final String UNASSIGNED = "_unassigned";

    public enum Basis { FLOOR_AREA, HEAD_COUNT, FIXED }

    public record MeterDepartment(String pointId, LocalDate validFrom, String departmentId) {
    }

    /** One department's part of a shared meter's share set; {@code percent} only for {@link Basis#FIXED}. */
    public record MeterShare(String pointId, LocalDate validFrom, Basis basis, String departmentId, Double percent) {
    }

    public record Weight(String departmentId, double weight) {
    }

    private final LocalDate from;
    private final int days;
    private final Map<String, List<Weight>[]> weights;

    private Attribution(LocalDate from, int days, Map<String, List<Weight>[]> weights) {
        this.from = from;
        this.days = days;
        this.weights = weights;
    }

    /**
     * The plan for the local days {@code from} (inclusive) to {@code to} (exclusive).
     * {@code defaults}: meter point → its asset's department (may map to null).
     */
    @SuppressWarnings("unchecked")
    public static Attribution plan(LocalDate from, LocalDate to, Map<String, String> defaults,
                                   Collection<MeterDepartment> assignments, Collection<MeterShare> shares,
                                   DepartmentFacts facts) {
        int days = (int) ChronoUnit.DAYS.between(from, to);
        Map<String, List<MeterDepartment>> assigned = new HashMap<>();
        assignments.forEach(a -> assigned.computeIfAbsent(a.pointId(), p -> new ArrayList<>()).add(a));
        Map<String, Map<LocalDate, List<MeterShare>>> shareSets = new HashMap<>();
        shares.forEach(s -> shareSets.computeIfAbsent(s.pointId(), p -> new HashMap<>())
                .computeIfAbsent(s.validFrom(), v -> new ArrayList<>()).add(s));
        java.util.Set<String> points = new java.util.TreeSet<>(defaults.keySet());
        points.addAll(assigned.keySet());
        points.addAll(shareSets.keySet());
        Map<String, List<Weight>[]> weights = new LinkedHashMap<>();
        for (String point : points) {
            List<MeterDepartment> a = assigned.getOrDefault(point, List.of()).stream()
                    .sorted(Comparator.comparing(MeterDepartment::validFrom)).toList();
            Map<LocalDate, List<MeterShare>> s = shareSets.getOrDefault(point, Map.of());
            List<Weight>[] perDay = new List[days];
            for (int d = 0; d < days; d++) {
                LocalDate day = from.plusDays(d);
                MeterDepartment latestAssignment = null;
                for (MeterDepartment m : a) {
                    if (!m.validFrom().isAfter(day)) {
                        latestAssignment = m;
                    }
                }
                LocalDate latestShares = null;
                for (LocalDate v : s.keySet()) {
                    if (!v.isAfter(day) && (latestShares == null || v.isAfter(latestShares))) {
                        latestShares = v;
                    }
                }
                if (latestShares != null && (latestAssignment == null || !latestShares.isBefore(latestAssignment.validFrom()))) {
                    perDay[d] = shareWeights(s.get(latestShares), day, facts);
                } else {
                    String dept = latestAssignment != null ? latestAssignment.departmentId() : defaults.get(point);
                    perDay[d] = List.of(new Weight(dept == null ? UNASSIGNED : dept, 1));
                }
            }
            weights.put(point, perDay);
        }
        return new Attribution(from, days, weights);
    }

    private static List<Weight> shareWeights(List<MeterShare> set, LocalDate day, DepartmentFacts facts) {
        double[] basis = new double[set.size()];
        double total = 0;
        for (int i = 0; i < set.size(); i++) {
            MeterShare s = set.get(i);
            basis[i] = switch (s.basis()) {
                case FIXED -> s.percent() == null ? 0 : s.percent();
                case FLOOR_AREA -> facts.floorArea(s.departmentId(), day);
                case HEAD_COUNT -> facts.headCount(s.departmentId(), day);
            };
            total += basis[i];
        }
        if (total <= 0) {
            return List.of(new Weight(UNASSIGNED, 1));
        }
        List<Weight> out = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            out.add(new Weight(set.get(i).departmentId(), basis[i] / total));
        }
        return out;
    }

    public int days() {
        return days;
    }

    public LocalDate from() {
        return from;
    }

    /** The departments a meter's figures go to on a day, with their weights (adding up to 1). */
    public List<Weight> weights(String pointId, LocalDate day) {
        List<Weight>[] w = weights.get(pointId);
        int d = (int) ChronoUnit.DAYS.between(from, day);
        if (w == null || d < 0 || d >= days) {
            return List.of(new Weight(UNASSIGNED, 1));
        }
        return w[d];
    }

    /**
     * Per department (its own meters only; roll up with {@link DepartmentTree#rollUp}): Σ weight ×
     * meter figure, day by day. Linear: attributing a sum equals the sum of the attributions.
     * {@code NaN} (no figure) counts as 0; meters unknown to the plan go to {@link #UNASSIGNED}.
     */
    public Map<String, double[]> attribute(Map<String, double[]> perMeter) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : perMeter.entrySet()) {
            List<Weight>[] w = weights.get(e.getKey());
            double[] v = e.getValue();
            for (int d = 0; d < days; d++) {
                if (Double.isNaN(v[d]) || v[d] == 0) {
                    continue;
                }
                List<Weight> ws = w == null ? List.of(new Weight(UNASSIGNED, 1)) : w[d];
                for (Weight x : ws) {
                    out.computeIfAbsent(x.departmentId(), k -> new double[days])[d] += x.weight() * v[d];
                }
            }
        }
        return out;
    }
}

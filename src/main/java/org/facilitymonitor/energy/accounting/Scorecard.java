package org.facilitymonitor.energy.accounting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A month's scorecard per department (figures rolled up the tree): use against quota, intensity per
 * m² and per person, change against the month before and the same month a year before, and a rank
 * by use per m² among the departments of the same parent (a parent's figures include its
 * children's, so it is compared with its own siblings only): 1 = the least per m²; equal figures
 * share a rank; departments without floor area are not ranked.
 */
public final class Scorecard {

    private Scorecard() {
    }

    public record Row(String departmentId, String parentId, double use, Double quota, Double useOfQuota, Double perM2, Double perPerson,
                      Double monthOnMonth, Double yearOnYear, Integer rank) {
    }

    /** {@code parentId}: the department's parent (null for a root); ranks are among departments of one parent. */
    public record Inputs(String parentId, double use, double previousMonth, double sameMonthLastYear, Double quota, double floorAreaM2,
                         double headCount) {
    }

    public static List<Row> of(Map<String, Inputs> departments) {
        List<Row> rows = new ArrayList<>();
        departments.forEach((d, in) -> rows.add(new Row(d, in.parentId(), in.use(), in.quota(),
                in.quota() != null && in.quota() > 0 ? in.use() / in.quota() : null,
                in.floorAreaM2() > 0 ? in.use() / in.floorAreaM2() : null,
                in.headCount() > 0 ? in.use() / in.headCount() : null,
                change(in.use(), in.previousMonth()), change(in.use(), in.sameMonthLastYear()), null)));
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            Integer rank = null;
            if (r.perM2() != null) {
                rank = 1 + (int) rows.stream().filter(o -> o.perM2() != null && java.util.Objects.equals(o.parentId(), r.parentId())
                        && o.perM2() < r.perM2()).count();
            }
            out.add(new Row(r.departmentId(), r.parentId(), r.use(), r.quota(), r.useOfQuota(), r.perM2(), r.perPerson(),
                    r.monthOnMonth(), r.yearOnYear(), rank));
        }
        out.sort(Comparator.comparing((Row r) -> r.parentId() == null ? "" : r.parentId())
                .thenComparing(r -> r.rank() == null ? Integer.MAX_VALUE : r.rank()).thenComparing(Row::departmentId));
        return out;
    }

    /** Relative change (0.1 = +10 %), or null without a figure to compare with. */
    static Double change(double now, double before) {
        return before > 0 ? (now - before) / before : null;
    }
}

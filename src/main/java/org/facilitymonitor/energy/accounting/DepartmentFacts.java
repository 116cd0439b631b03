package org.facilitymonitor.energy.accounting;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Floor area (m²) and head count of departments, effective-dated: a fact holds from its date until the next. */
public final class DepartmentFacts {

    public record Fact(String departmentId, LocalDate validFrom, double floorAreaM2, double headCount) {
    }

    private final Map<String, List<Fact>> byDepartment = new HashMap<>();

    public DepartmentFacts(Collection<Fact> facts) {
        for (Fact f : facts) {
            byDepartment.computeIfAbsent(f.departmentId(), d -> new ArrayList<>()).add(f);
        }
        byDepartment.values().forEach(l -> l.sort(Comparator.comparing(Fact::validFrom)));
    }

    /** The department's own fact on a day, or null before its first. */
    public Fact at(String departmentId, LocalDate day) {
        Fact found = null;
        for (Fact f : byDepartment.getOrDefault(departmentId, List.of())) {
            if (f.validFrom().isAfter(day)) {
                break;
            }
            found = f;
        }
        return found;
    }

    public double floorArea(String departmentId, LocalDate day) {
        Fact f = at(departmentId, day);
        return f == null ? 0 : f.floorAreaM2();
    }

    public double headCount(String departmentId, LocalDate day) {
        Fact f = at(departmentId, day);
        return f == null ? 0 : f.headCount();
    }
}

package org.facilitymonitor.energy.accounting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The department tree of a site (department id → parent id, null for a root); rolls figures up it. */
public final class DepartmentTree {

    private final Map<String, String> parents;
    private final Map<String, List<String>> children = new TreeMap<>();

    public DepartmentTree(Map<String, String> parentOf) {
        this.parents = new TreeMap<>();
        parentOf.forEach((d, p) -> parents.put(d, p));
        parents.forEach((d, p) -> {
            if (p != null && parents.containsKey(p)) {
                children.computeIfAbsent(p, k -> new ArrayList<>()).add(d);
            }
        });
    }

    public boolean contains(String departmentId) {
        return parents.containsKey(departmentId);
    }

    public java.util.Set<String> departments() {
        return Collections.unmodifiableSet(parents.keySet());
    }

    public String parent(String departmentId) {
        return parents.get(departmentId);
    }

    public List<String> children(String departmentId) {
        return children.getOrDefault(departmentId, List.of());
    }

    /** Per department of the tree: its own figures plus all its descendants' (a department absent from {@code own} has 0). */
    public Map<String, double[]> rollUp(Map<String, double[]> own, int days) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String d : parents.keySet()) {
            out.put(d, new double[days]);
        }
        for (Map.Entry<String, double[]> e : own.entrySet()) {
            String d = e.getKey();
            int guard = 0;
            while (d != null && out.containsKey(d) && guard++ <= parents.size()) {
                double[] acc = out.get(d);
                for (int i = 0; i < days; i++) {
                    acc[i] += e.getValue()[i];
                }
                d = parents.get(d);
            }
        }
        return out;
    }

    /** The same for one figure per department (floor area, head count). */
    public Map<String, Double> rollUp(Map<String, Double> own) {
        Map<String, double[]> wrapped = new LinkedHashMap<>();
        own.forEach((d, v) -> wrapped.put(d, new double[] { v }));
        Map<String, Double> out = new LinkedHashMap<>();
        rollUp(wrapped, 1).forEach((d, v) -> out.put(d, v[0]));
        return out;
    }
}

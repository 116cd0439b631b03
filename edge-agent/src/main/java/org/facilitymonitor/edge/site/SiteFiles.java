package org.facilitymonitor.edge.site;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.edge.contract.ContractV1;

/** Reads and checks site description files (YAML, or JSON which is YAML too). */
public final class SiteFiles {

    // Unknown properties are ignored: the same file feeds the service's asset registry, which
    // may read more of it than the agent does.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private SiteFiles() {
    }

    public static SiteDescription load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static SiteDescription read(InputStream in, String name) throws IOException {
        SiteDescription d;
        try {
            d = YAML.readValue(in, SiteDescription.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("site file " + name + ": " + e.getOriginalMessage()
                    + " at " + e.getPathReference(), e);
        }
        if (d == null) {
            throw new IllegalArgumentException("site file " + name + ": empty");
        }
        try {
            check(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site file " + name + ": " + e.getMessage(), e);
        }
        return d;
    }

    private static void check(SiteDescription d) {
        if (d.site() == null) {
            throw new IllegalArgumentException("site: missing");
        }
        ContractV1.requireId("site.id", d.site().id());
        if (d.site().timezone() != null) {
            try {
                ZoneId.of(d.site().timezone());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("site.timezone: " + e.getMessage());
            }
        }
        Set<String> departments = new HashSet<>();
        for (int i = 0; i < d.departments().size(); i++) {
            unique(departments, "departments[" + i + "].id", d.departments().get(i).id());
        }
        for (int i = 0; i < d.departments().size(); i++) {
            String parent = d.departments().get(i).parent();
            if (parent != null && !departments.contains(parent)) {
                throw new IllegalArgumentException("departments[" + i + "].parent: no department " + parent);
            }
        }
        Map<String, Set<String>> zonesByBuilding = new HashMap<>();
        Set<String> places = new HashSet<>();
        for (int i = 0; i < d.buildings().size(); i++) {
            Building b = d.buildings().get(i);
            unique(places, "buildings[" + i + "].id", b.id());
            Set<String> zones = new HashSet<>();
            for (int z = 0; z < b.zones().size(); z++) {
                String zone = b.zones().get(z).id();
                unique(places, "buildings[" + i + "].zones[" + z + "].id", zone);
                zones.add(zone);
            }
            zonesByBuilding.put(b.id(), zones);
        }
        Set<String> assets = new HashSet<>();
        Set<String> points = new HashSet<>();
        for (int i = 0; i < d.assets().size(); i++) {
            Asset a = d.assets().get(i);
            String at = "assets[" + i + "]";
            unique(assets, at + ".id", a.id());
            Set<String> zones = zonesByBuilding.get(a.building());
            if (zones == null) {
                throw new IllegalArgumentException(at + ".building: no building " + a.building());
            }
            if (a.zone() != null && !zones.contains(a.zone())) {
                throw new IllegalArgumentException(at + ".zone: no zone " + a.zone() + " in building " + a.building());
            }
            if (a.department() != null && !departments.contains(a.department())) {
                throw new IllegalArgumentException(at + ".department: no department " + a.department());
            }
            List<Point> ps = a.points();
            for (int p = 0; p < ps.size(); p++) {
                Point point = ps.get(p);
                String pat = at + ".points[" + p + "]";
                unique(points, pat + ".id", point.id());
                if (point.kind() == null) {
                    throw new IllegalArgumentException(pat + ".kind: missing (cumulative, instantaneous or state)");
                }
                if (point.measurement() == null || point.field() == null) {
                    throw new IllegalArgumentException(pat + ": measurement and field are required");
                }
            }
        }
        for (int i = 0; i < d.assets().size(); i++) {
            String parent = d.assets().get(i).parent();
            if (parent != null && !assets.contains(parent)) {
                throw new IllegalArgumentException("assets[" + i + "].parent: no asset " + parent);
            }
        }
    }

    private static void unique(Set<String> seen, String field, String id) {
        ContractV1.requireId(field, id);
        if (!seen.add(id)) {
            throw new IllegalArgumentException(field + ": duplicate id " + id);
        }
    }
}

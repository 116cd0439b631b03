package org.facilitymonitor.edge.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SiteFilesTest {

    static final Path DEMO = Path.of(System.getProperty("fm.demo.site.file", "../demo/demo-campus.yaml"));

    @Test
    void loadsTheDemoCampus() throws IOException {
        SiteDescription d = SiteFiles.load(DEMO);

        assertThat(d.site()).isEqualTo(new Site("demo-campus", "Demo Campus", "Europe/Berlin"));
        assertThat(d.buildings()).extracting(Building::id).containsExactly("office", "dorm", "canteen");
        assertThat(d.building("canteen").orElseThrow().zones()).extracting(Zone::id)
                .contains("canteen-boiler-room", "canteen-kitchen");
        assertThat(d.departments()).contains(new Department("catering", "Catering", "campus-services"));
        Asset boiler = d.assets().stream().filter(a -> a.id().equals("canteen-boiler-1")).findFirst().orElseThrow();
        assertThat(boiler.kind()).isEqualTo("Boiler");
        assertThat(boiler.tags()).containsExactly("heating", "boiler", "hotWater");
        assertThat(boiler.points()).contains(new Point("canteen-boiler-1-burner", "Burner on", "run_state", "",
                PointKind.STATE, "heating", "burner_on"));
        Asset submeter = d.assets().stream().filter(a -> a.id().equals("office-elec-admin")).findFirst().orElseThrow();
        assertThat(submeter.parent()).isEqualTo("office-elec-main");
        assertThat(d.points()).hasSizeGreaterThan(50);
        assertThat(d.points()).extracting(Point::kind).contains(PointKind.CUMULATIVE, PointKind.INSTANTANEOUS, PointKind.STATE);
        assertThat(d.assetsIn(java.util.List.of("dorm"))).allMatch(a -> a.building().equals("dorm")).isNotEmpty();
    }

    @Test
    void namesTheFieldOfABadReference() {
        String yaml = """
                site: {id: s, name: S}
                buildings: [{id: b, name: B, zones: [{id: z, name: Z}]}]
                assets:
                - {id: a, name: A, kind: Pump, building: nowhere, points: []}
                """;
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("assets[0].building: no building nowhere");
    }

    @Test
    void refusesDuplicatePointIdsAndBadIds() {
        String dup = """
                site: {id: s, name: S}
                buildings: [{id: b, name: B}]
                assets:
                - {id: a, name: A, kind: Pump, building: b, points: [
                    {id: p, name: P, kind: state, measurement: m, field: f},
                    {id: p, name: P, kind: state, measurement: m, field: g}]}
                """;
        assertThatThrownBy(() -> read(dup)).hasMessageContaining("assets[0].points[1].id: duplicate id p");
        String upper = """
                site: {id: Site, name: S}
                """;
        assertThatThrownBy(() -> read(upper)).hasMessageContaining("site.id: invalid id 'Site'");
        String kind = """
                site: {id: s, name: S}
                buildings: [{id: b, name: B}]
                assets:
                - {id: a, name: A, kind: Pump, building: b, points: [{id: p, name: P, kind: sometimes, measurement: m, field: f}]}
                """;
        assertThatThrownBy(() -> read(kind)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes");
    }

    private static SiteDescription read(String yaml) throws IOException {
        return SiteFiles.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}

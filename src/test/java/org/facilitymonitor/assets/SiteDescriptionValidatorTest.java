package org.facilitymonitor.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.testing.DemoCatalog;
import org.junit.jupiter.api.Test;

class SiteDescriptionValidatorTest {

    @Test
    void demoCampusIsValidAndComplete() {
        SiteDescription demo = DemoCatalog.description();
        assertThat(SiteDescriptionValidator.validate(demo, RegistryIndex.EMPTY)).isEmpty();
        assertThat(demo.buildings()).extracting(SiteDescription.BuildingInfo::id).contains("office", "dorm", "canteen");
        assertThat(demo.assets()).extracting(SiteDescription.AssetInfo::kind).contains("Building_Electrical_Meter",
                "Electrical_Meter", "Water_Meter", "Building_Gas_Meter", "Boiler", "AHU", "Chiller", "Hot_Water_Pump");
        assertThat(demo.assets()).filteredOn(a -> a.kind().endsWith("Water_Meter")).extracting(a -> a.department())
                .contains("administration", "student-housing", "catering");
    }

    @Test
    void metersNameTheirCarrierOrHaveItInferredAndBadOnesAreNamed() {
        String yaml = """
                site: {id: m-site, name: M, timezone: UTC}
                buildings: [{id: m-b, name: B}]
                assets:
                  - id: m-meter
                    name: Meter
                    kind: Electrical_Meter
                    building: m-b
                    points:
                      - {id: m-kwh, name: E, quantity: active_energy, unit: kWh, kind: cumulative, measurement: electricity, field: energy_kwh}
                      - {id: m-heat, name: H, quantity: heat, unit: MWh, kind: cumulative, measurement: plant, field: heat_mwh, carrier: heat, registerModulus: 100000}
                      - {id: m-hours, name: R, quantity: run_time, unit: h, kind: cumulative, measurement: heating, field: run_hours}
                      - {id: m-bad-unit, name: W, quantity: volume, unit: kWh, kind: cumulative, measurement: meters, field: w_kwh, carrier: water}
                      - {id: m-bad-carrier, name: X, quantity: x, unit: kWh, kind: cumulative, measurement: meters, field: x_kwh, carrier: steam}
                      - {id: m-not-meter, name: P, quantity: power, unit: kW, kind: instantaneous, measurement: electricity, field: power_kw, carrier: electricity}
                      - {id: m-bad-modulus, name: M, quantity: e, unit: kWh, kind: cumulative, measurement: meters, field: m_kwh, registerModulus: -5}
                """;
        SiteDescription description = SiteDescriptionParser.parse(yaml.getBytes(StandardCharsets.UTF_8));
        List<FieldError> errors = SiteDescriptionValidator.validate(description, RegistryIndex.EMPTY);
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("assets[0].points[3].unit",
                "assets[0].points[4].carrier", "assets[0].points[5].kind", "assets[0].points[6].registerModulus");
        assertThat(errors.get(0).message()).contains("'kWh' is no unit of water").contains("L, l, m3, m³");
        List<SiteDescription.PointInfo> points = description.assets().get(0).points();
        assertThat(SiteDescriptionValidator.carrierOf(points.get(0))).contains(Carrier.ELECTRICITY);
        assertThat(SiteDescriptionValidator.carrierOf(points.get(1))).contains(Carrier.HEAT);
        assertThat(SiteDescriptionValidator.carrierOf(points.get(2))).as("a run-hour counter is no meter").isEmpty();
        assertThat(Carrier.HEAT.factorFrom("MWh")).contains(1000.0);
    }

    @Test
    void floorAreaAndUseTypeAreOptionalAndBadOnesAreNamed() {
        String yaml = """
                site: {id: f-site, name: F, timezone: UTC}
                buildings:
                  - {id: f-office, name: Office, floorAreaM2: 1250.5, useType: " Office "}
                  - {id: f-plain, name: Plain}
                  - {id: f-zero, name: Zero, floorAreaM2: 0, useType: ""}
                  - {id: f-minus, name: Minus, floorAreaM2: -10, useType: "office/lab"}
                """;
        SiteDescription description = SiteDescriptionParser.parse(yaml.getBytes(StandardCharsets.UTF_8));
        List<FieldError> errors = SiteDescriptionValidator.validate(description, RegistryIndex.EMPTY);
        assertThat(errors).extracting(FieldError::field).containsExactly("buildings[2].floorAreaM2",
                "buildings[2].useType", "buildings[3].floorAreaM2", "buildings[3].useType");
        assertThat(errors.get(0).message()).isEqualTo("must be a positive number of square metres");
        assertThat(errors.get(3).message()).startsWith("'office/lab' is not a use type");
        assertThat(description.buildings().get(0).floorAreaM2()).isEqualTo(1250.5);
        assertThat(SiteDescriptionValidator.normalisedUseType(description.buildings().get(0).useType())).isEqualTo("office");
    }

    @Test
    void everyBadEntryAndFieldIsListed() {
        String yaml = """
                site: {id: Bad Site, name: "", timezone: Mars/Olympus}
                departments:
                  - {id: ops, name: Ops, parent: nowhere}
                  - {id: ops, name: Ops again}
                buildings:
                  - id: b1
                    name: B1
                    zones: [{id: z1, name: Z1}]
                assets:
                  - id: pump-1
                    name: Pump
                    kind: pump
                    building: b2
                    zone: z1
                    department: finance
                    tags: [Bad-Tag]
                    points:
                      - {id: p1, name: P1, quantity: flow_rate, unit: m3/h, kind: gauge, measurement: Equipment, field: seq}
                      - {id: p1, name: P1 again, quantity: flow, unit: m3/h, kind: state, measurement: equipment, field: flow}
                      - {id: p3, name: P3, quantity: flow, unit: m3/h, kind: instantaneous, measurement: equipment, field: flow}
                """;
        SiteDescription description = SiteDescriptionParser.parse(yaml.getBytes(StandardCharsets.UTF_8));
        List<FieldError> errors = SiteDescriptionValidator.validate(description, RegistryIndex.EMPTY);
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "site.id", "site.name", "site.timezone",
                "departments[0].parent", "departments[1].id",
                "assets[0].kind", "assets[0].building", "assets[0].zone", "assets[0].department", "assets[0].tags[0]",
                "assets[0].points[0].kind", "assets[0].points[0].measurement", "assets[0].points[0].field",
                "assets[0].points[1].id", "assets[0].points[2].kind");
        assertThat(errors).filteredOn(e -> e.field().equals("assets[0].points[2].kind")).singleElement()
                .extracting(FieldError::message).asString().contains("equipment.flow").contains("integer");
    }

    @Test
    void referencesToAnotherSiteAreRefused() {
        RegistryIndex existing = new RegistryIndex(Set.of("north"), Map.of("hall", "north"), Map.of(), Map.of(),
                Map.of(), Map.of("pump-9", "north"), Map.of(),
                Map.of("p9", new RegistryIndex.StoredPoint("pump-9", "equipment", "current_a", PointKind.INSTANTANEOUS)));
        String yaml = """
                site: {id: south, name: South, timezone: UTC}
                buildings: [{id: hall, name: Hall}]
                assets:
                  - {id: pump-9, name: P, kind: Pump, building: hall,
                     points: [{id: p9, name: I, quantity: electric_current, unit: A, kind: state, measurement: equipment, field: current_a}]}
                """;
        List<FieldError> errors = SiteDescriptionValidator.validate(
                SiteDescriptionParser.parse(yaml.getBytes(StandardCharsets.UTF_8)), existing);
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("buildings[0].id", "assets[0].id");
        assertThat(errors).filteredOn(e -> e.field().equals("buildings[0].id")).singleElement()
                .extracting(FieldError::message).asString().contains("already belongs to site 'north'");
    }

    @Test
    void departmentCyclesAreFound() {
        String yaml = """
                site: {id: s, name: S, timezone: UTC}
                departments: [{id: a, name: A, parent: b}, {id: b, name: B, parent: a}]
                """;
        List<FieldError> errors = SiteDescriptionValidator.validate(
                SiteDescriptionParser.parse(yaml.getBytes(StandardCharsets.UTF_8)), RegistryIndex.EMPTY);
        assertThat(errors).extracting(FieldError::message).allMatch(m -> m.contains("cycle")).hasSize(2);
    }

    @Test
    void unknownFieldsAreAllNamedAndBrokenYamlSaysWhere() {
        String yaml = """
                site: {id: s, name: S, timezone: UTC, colour: red}
                assets:
                  - {id: a, name: A, kind: Pump, building: b, pionts: []}
                """;
        assertThatThrownBy(() -> SiteDescriptionParser.parse(yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("site.colour", "assets[0].pionts");
                });
        assertThatThrownBy(() -> SiteDescriptionParser.parse("site: {id: s\nname: [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("line");
                });
    }

    @Test
    void plausibleRangesAreForNumericPointsWithMinBelowMax() {
        String yaml = """
                site: {id: r-site, name: R, timezone: UTC}
                buildings: [{id: r-b, name: B}]
                assets:
                  - id: r-ahu
                    name: AHU
                    kind: AHU
                    building: r-b
                    points:
                      - {id: r-ok, name: T, quantity: temperature, unit: degC, kind: instantaneous, measurement: hvac, field: t1, plausibleMin: -20, plausibleMax: 60}
                      - {id: r-max-only, name: F, quantity: temperature, unit: degC, kind: instantaneous, measurement: hvac, field: t2, plausibleMax: 600}
                      - {id: r-equal, name: E, quantity: temperature, unit: degC, kind: instantaneous, measurement: hvac, field: t3, plausibleMin: 5, plausibleMax: 5}
                      - {id: r-reversed, name: R, quantity: pressure, unit: bar, kind: instantaneous, measurement: hvac, field: p1, plausibleMin: 10, plausibleMax: -1.5}
                      - {id: r-state, name: S, quantity: run_state, unit: '', kind: state, measurement: hvac, field: on1, plausibleMin: 0}
                      - {id: r-inf, name: I, quantity: temperature, unit: degC, kind: instantaneous, measurement: hvac, field: t4, plausibleMin: 1e999}
                """;
        SiteDescription description = SiteDescriptionParser.parse(yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(description.assets().get(0).points().get(0).plausibleMax()).isEqualTo(60.0);
        List<FieldError> errors = SiteDescriptionValidator.validate(description, RegistryIndex.EMPTY);
        assertThat(errors).extracting(FieldError::field).containsExactly("assets[0].points[2].plausibleMax",
                "assets[0].points[3].plausibleMax", "assets[0].points[4].plausibleMin", "assets[0].points[5].plausibleMin");
        assertThat(errors).extracting(FieldError::message).containsExactly("must be greater than plausibleMin (5), was 5",
                "must be greater than plausibleMin (10), was -1.5",
                "plausible ranges are for numeric points (cumulative or instantaneous), not state points",
                "must be a finite number");
    }
}

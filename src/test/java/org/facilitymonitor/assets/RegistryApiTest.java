package org.facilitymonitor.assets;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.testing.StackTestResource;
import org.junit.jupiter.api.Test;

/** The registry over REST, on the real PostgreSQL; the demo campus is imported at start-up. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class RegistryApiTest {

    private static final String SMALL_SITE = """
            site: {id: %1$s, name: Test site, timezone: Europe/Paris}
            departments:
              - {id: %1$s-ops, name: Operations}
            buildings:
              - id: %1$s-hall
                name: Hall
                zones: [{id: %1$s-plant, name: Plant room}]
            assets:
              - id: %1$s-pump
                name: Pump
                kind: Pump
                building: %1$s-hall
                zone: %1$s-plant
                department: %1$s-ops
                tags: [pump, motor]
                points:
                  - {id: %1$s-pump-current, name: Current, quantity: electric_current, unit: A, kind: instantaneous, measurement: equipment, field: current_a}
            """;

    @Test
    void demoCampusIsLoadedAndFilterable() {
        given().get("/api/sites/demo-campus").then().statusCode(200).body("timezone", equalTo("Europe/Berlin"));
        given().get("/api/buildings?site=demo-campus").then().statusCode(200)
                .body("items.id", hasItems("office", "dorm", "canteen"));
        given().get("/api/assets?building=canteen&kind=Boiler").then().statusCode(200)
                .body("items.id", contains("canteen-boiler-1", "canteen-boiler-2")).body("total", equalTo(2));
        given().get("/api/assets?tag=submeter&department=catering").then().statusCode(200)
                .body("items.id", contains("canteen-elec-kitchen", "canteen-water-kitchen"));
        given().get("/api/points?asset=canteen-boiler-1&kind=state").then().statusCode(200)
                .body("items.id", contains("canteen-boiler-1-burner")).body("items[0].field", equalTo("burner_on"));
        given().get("/api/assets?site=demo-campus&size=5&page=1").then().statusCode(200)
                .body("items", hasSize(5)).body("total", equalTo(21)).body("page", equalTo(1));
        given().get("/api/departments?parent=campus-services").then().statusCode(200).body("total", equalTo(5));
        given().get("/api/assets/office-elec-it/points").then().statusCode(200)
                .body("items.unit", contains("kWh", "kW"));
    }

    @Test
    void importingTwiceChangesNothingAndExportRoundTrips() {
        String site = "t-roundtrip";
        Map<?, ?> first = given().contentType("application/yaml").body(bytes(SMALL_SITE.formatted(site)))
                .post("/api/sites/import").then().statusCode(200).extract().as(Map.class);
        assertThat(first.get("created")).isEqualTo(6);
        given().contentType("application/yaml").body(bytes(SMALL_SITE.formatted(site))).post("/api/sites/import").then()
                .statusCode(200).body("created", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(6));
        String exported = given().accept(ContentType.JSON).get("/api/sites/" + site + "/export").then().statusCode(200)
                .body("assets[0].points[0].kind", equalTo("instantaneous")).extract().asString();
        given().contentType(ContentType.JSON).body(exported).post("/api/sites/import").then().statusCode(200)
                .body("unchanged", equalTo(6)).body("created", equalTo(0));
    }

    @Test
    void aBadFileListsEveryErrorAndImportsNothing() {
        String site = "t-bad";
        String bad = SMALL_SITE.formatted(site)
                .replace("kind: Pump", "kind: pump")
                .replace("zone: " + site + "-plant", "zone: nowhere")
                .replace("kind: instantaneous", "kind: analog");
        given().contentType("application/yaml").body(bytes(bad)).post("/api/sites/import").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("assets[0].kind", "assets[0].zone", "assets[0].points[0].kind"))
                .body("errors", hasSize(3))
                .body("detail", containsString("nothing was imported"));
        given().get("/api/sites/" + site).then().statusCode(404).body("detail", containsString(site));
        given().get("/api/buildings/" + site + "-hall").then().statusCode(404);
        given().contentType("application/yaml").body(bytes("site: [unclosed")).post("/api/sites/import").then().statusCode(400)
                .body("detail", containsString("line"));
    }

    @Test
    void dryRunValidatesWithoutWriting() {
        String site = "t-dry";
        given().contentType("application/yaml").body(bytes(SMALL_SITE.formatted(site))).queryParam("dryRun", true)
                .post("/api/sites/import").then().statusCode(200).body("dryRun", equalTo(true)).body("created", equalTo(6));
        given().get("/api/sites/" + site).then().statusCode(404);
    }

    @Test
    void assetsAndPointsHaveCrud() {
        String site = "t-crud";
        given().contentType("application/yaml").body(bytes(SMALL_SITE.formatted(site))).post("/api/sites/import").then().statusCode(200);
        Map<String, Object> motor = Map.of("name", "Fan motor", "kind", "Motor", "building", site + "-hall",
                "tags", List.of("motor"), "points", List.of(Map.of("id", site + "-motor-vibration", "name", "Vibration",
                        "quantity", "vibration", "unit", "mm/s", "kind", "instantaneous", "measurement", "equipment",
                        "field", "vibration_mm_s")));
        given().contentType(ContentType.JSON).body(motor).put("/api/assets/" + site + "-motor").then().statusCode(201)
                .body("site", equalTo(site)).body("tags", contains("motor"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Fan motor 2", "kind", "Motor", "building", site + "-hall"))
                .put("/api/assets/" + site + "-motor").then().statusCode(200).body("name", equalTo("Fan motor 2"));
        given().get("/api/points/" + site + "-motor-vibration").then().statusCode(200).body("asset", equalTo(site + "-motor"));

        given().contentType(ContentType.JSON).body(Map.of("asset", site + "-motor", "name", "Temperature", "quantity",
                "temperature", "unit", "degC", "kind", "instantaneous", "measurement", "equipment", "field", "winding_temp_c"))
                .put("/api/points/" + site + "-motor-temp").then().statusCode(201).body("field", equalTo("winding_temp_c"));
        given().contentType(ContentType.JSON).body(Map.of("asset", site + "-motor", "name", "Running", "quantity",
                "run_state", "unit", "", "kind", "state", "measurement", "equipment", "field", "current_a"))
                .put("/api/points/" + site + "-motor-running").then().statusCode(422)
                .body("errors[0].message", containsString("equipment.current_a"));

        given().contentType(ContentType.JSON).body(Map.of("name", "x", "kind", "Motor", "building", "nowhere"))
                .put("/api/assets/" + site + "-ghost").then().statusCode(422).body("errors[0].field", equalTo("building"));
        given().delete("/api/buildings/" + site + "-hall").then().statusCode(409).body("detail", containsString("assets"));
        given().delete("/api/assets/" + site + "-motor").then().statusCode(204);
        given().get("/api/points/" + site + "-motor-vibration").then().statusCode(404);
        given().get("/api/points?asset=" + site + "-pump").then().statusCode(200).body("items.asset", everyItem(equalTo(site + "-pump")));
    }

    @Test
    void requestParametersAreValidated() {
        given().get("/api/assets?size=5000").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("size"));
        given().get("/api/assets?q=" + "x".repeat(201)).then().statusCode(422).body("errors[0].field", equalTo("q"));
        given().get("/api/assets?site=Bad%20Site").then().statusCode(400);
        given().get("/api/assets/UPPER").then().statusCode(400);
        given().get("/api/points?kind=analog").then().statusCode(400);
        given().contentType("application/yaml").body(new byte[0]).post("/api/sites/import").then().statusCode(400);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}

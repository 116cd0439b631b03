package org.facilitymonitor.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles and site scope of the registry and telemetry endpoints, with real logins: a user of site A
 * gets 404 for site B's objects exactly as for missing ones, and never sees them in a listing.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class RegistryAccessTest {

    static final String A = "acc-a";
    static final String B = "acc-b";

    private static final String SITE = """
            site: {id: %1$s, name: Access test %1$s, timezone: Europe/Paris}
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
                points:
                  - {id: %1$s-pump-current, name: Current, quantity: electric_current, unit: A, kind: instantaneous, measurement: equipment, field: current_a}
            """;

    private static boolean imported;

    @BeforeEach
    void twoSites() {
        if (!imported) {
            for (String site : List.of(A, B)) {
                given().contentType("application/yaml").body(SITE.formatted(site).getBytes(StandardCharsets.UTF_8))
                        .post("/api/sites/import").then().statusCode(200);
            }
            imported = true;
        }
    }

    @Test
    void anotherSitesObjectsAreNotFoundExactlyLikeMissingOnes() {
        TestUser viewerA = TestUsers.user(Roles.VIEWER, A);
        given().get("/api/points/" + B + "-pump-current").then().statusCode(200); // it exists
        for (String[] object : new String[][] { { "sites", B }, { "buildings", B + "-hall" }, { "zones", B + "-plant" },
                { "departments", B + "-ops" }, { "assets", B + "-pump" }, { "points", B + "-pump-current" } }) {
            String path = "/api/" + object[0] + "/" + object[1];
            givenAs(viewerA).get("/api/" + object[0] + "/" + object[1].replace(B, A)).then().statusCode(200);
            JsonPath hidden = givenAs(viewerA).get(path).then().statusCode(404).contentType("application/problem+json")
                    .extract().jsonPath();
            JsonPath missing = givenAs(viewerA).get(path + "-nowhere").then().statusCode(404).extract().jsonPath();
            assertThat(hidden.getMap("").keySet()).as(path).isEqualTo(missing.getMap("").keySet());
            assertThat(hidden.getString("title")).isEqualTo(missing.getString("title"));
            assertThat(hidden.getString("detail")).isEqualTo(missing.getString("detail").replace("-nowhere", ""));
        }
        givenAs(viewerA).get("/api/assets/" + B + "-pump/points").then().statusCode(404);
        givenAs(viewerA).get("/api/sites/" + B + "/export").then().statusCode(404);
        givenAs(viewerA).get("/api/telemetry/points/" + B + "-pump-current/latest").then().statusCode(404);
        givenAs(viewerA).get("/api/telemetry/points/" + B + "-pump-current/history").then().statusCode(404);
        givenAs(viewerA).get("/api/telemetry/assets/" + B + "-pump/latest").then().statusCode(404);
        givenAs(viewerA).get("/api/telemetry/points/" + A + "-pump-current/latest").then().statusCode(200)
                .body("point", equalTo(A + "-pump-current"));
    }

    @Test
    void listingsHoldOnlyTheGrantedSites() {
        given().get("/api/points?size=1000").then().statusCode(200)
                .body("items.id", hasItem(A + "-pump-current")).body("items.id", hasItem(B + "-pump-current"));
        TestUser viewerA = TestUsers.user(Roles.VIEWER, A);
        assertThat(givenAs(viewerA).get("/api/sites").then().statusCode(200).extract().jsonPath().getList("id"))
                .containsExactly(A);
        for (String listing : List.of("buildings", "zones", "departments", "assets", "points")) {
            JsonPath page = givenAs(viewerA).get("/api/" + listing + "?size=1000").then().statusCode(200).extract()
                    .jsonPath();
            assertThat(page.getList("items.id", String.class)).as(listing).isNotEmpty()
                    .allMatch(id -> id.startsWith(A + "-"));
            assertThat(page.getLong("total")).as(listing).isEqualTo(page.getList("items").size());
        }
        givenAs(viewerA).get("/api/points?site=" + B).then().statusCode(200).body("total", equalTo(0));
        givenAs(viewerA).get("/api/zones?building=" + B + "-hall").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void viewersAndCrewsReadButNeverWrite() {
        for (TestUser user : List.of(TestUsers.user(Roles.VIEWER, A), TestUsers.user(Roles.CREW, A),
                TestUsers.user(Roles.MANAGER, A))) {
            givenAs(user).get("/api/assets/" + A + "-pump").then().statusCode(200);
            givenAs(user).contentType(ContentType.JSON).body(Map.of("asset", A + "-pump", "name", "Renamed",
                    "quantity", "electric_current", "unit", "A", "kind", "instantaneous", "measurement", "equipment",
                    "field", "current_a")).put("/api/points/" + A + "-pump-current").then().statusCode(403);
            givenAs(user).delete("/api/assets/" + A + "-pump").then().statusCode(403);
            givenAs(user).contentType("application/yaml").body(SITE.formatted(A).getBytes(StandardCharsets.UTF_8))
                    .post("/api/sites/import").then().statusCode(403);
        }
        given().get("/api/points/" + A + "-pump-current").then().statusCode(200).body("name", not(equalTo("Renamed")));
        given().get("/api/assets/" + A + "-pump").then().statusCode(200);
        anonymous().get("/api/points").then().statusCode(401);
        anonymous().get("/api/telemetry/points/" + A + "-pump-current/latest").then().statusCode(401);
    }

    @Test
    void anEngineerWritesItsOwnSitesOnly() {
        TestUser engineerA = TestUsers.user(Roles.ENGINEER, A);
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("asset", A + "-pump", "name", "Motor current",
                "quantity", "electric_current", "unit", "A", "kind", "instantaneous", "measurement", "equipment",
                "field", "current_a")).put("/api/points/" + A + "-pump-current").then().statusCode(200)
                .body("name", equalTo("Motor current"));
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("site", A, "name", "Annex"))
                .put("/api/buildings/" + A + "-annex").then().statusCode(201);

        // another site's object: 404 as if missing, and it stays as it was
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("asset", A + "-pump", "name", "Hijacked",
                "quantity", "electric_current", "unit", "A", "kind", "instantaneous", "measurement", "equipment",
                "field", "current_a")).put("/api/points/" + B + "-pump-current").then().statusCode(404)
                .body("detail", equalTo("point '" + B + "-pump-current' does not exist"));
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("site", A, "name", "Hijacked"))
                .put("/api/buildings/" + B + "-hall").then().statusCode(404)
                .body("detail", equalTo("building '" + B + "-hall' does not exist"));
        // an incomplete body is refused alike for a new id and for another site's id
        givenAs(engineerA).contentType(ContentType.JSON).body("{}").put("/api/buildings/" + B + "-hall").then()
                .statusCode(422).body("errors[0].field", equalTo("site"));
        givenAs(engineerA).contentType(ContentType.JSON).body("{}").put("/api/buildings/" + A + "-new").then()
                .statusCode(422).body("errors[0].field", equalTo("site"));
        givenAs(engineerA).delete("/api/assets/" + B + "-pump").then().statusCode(404);
        givenAs(engineerA).delete("/api/zones/" + B + "-plant").then().statusCode(404);
        given().get("/api/points/" + B + "-pump-current").then().statusCode(200).body("name", equalTo("Current"));
        given().get("/api/zones/" + B + "-plant").then().statusCode(200);

        // creating in a site not granted: 404 for that site; a parent in it is as unknown as a missing one
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("site", B, "name", "Annex"))
                .put("/api/buildings/" + B + "-annex").then().statusCode(404)
                .body("detail", equalTo("site '" + B + "' does not exist"));
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("name", "Fan", "kind", "Fan", "building", B + "-hall"))
                .put("/api/assets/" + A + "-fan").then().statusCode(422).body("errors[0].field", equalTo("building"))
                .body("errors[0].message", equalTo("unknown building '" + B + "-hall'"));
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("asset", B + "-pump", "name", "Spy",
                "quantity", "electric_current", "unit", "A", "kind", "instantaneous", "measurement", "equipment",
                "field", "spy_a")).put("/api/points/" + A + "-spy").then().statusCode(422)
                .body("errors[0].field", equalTo("asset"));
        givenAs(engineerA).contentType("application/yaml").body(SITE.formatted(B).getBytes(StandardCharsets.UTF_8))
                .post("/api/sites/import").then().statusCode(404);
        given().get("/api/buildings/" + B + "-annex").then().statusCode(404);

        // sites themselves: engineers import theirs; only admins create, edit or delete one
        givenAs(engineerA).contentType(ContentType.JSON).body(Map.of("name", "Renamed A", "timezone", "Europe/Paris"))
                .put("/api/sites/" + A).then().statusCode(403);
        givenAs(engineerA).contentType("application/yaml").body(SITE.formatted(A).getBytes(StandardCharsets.UTF_8))
                .post("/api/sites/import").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("name", "Renamed A", "timezone", "Europe/Paris"))
                .put("/api/sites/" + A).then().statusCode(200).body("name", equalTo("Renamed A"));
        TestUser engineerAll = TestUsers.user(Roles.ENGINEER);
        givenAs(engineerAll).contentType(ContentType.JSON).body(Map.of("name", "New", "timezone", "Europe/Paris"))
                .put("/api/sites/acc-new").then().statusCode(403);
        givenAs(engineerAll).contentType("application/yaml").body(SITE.formatted("acc-new").getBytes(StandardCharsets.UTF_8))
                .post("/api/sites/import").then().statusCode(403);
        givenAs(engineerAll).delete("/api/sites/" + A).then().statusCode(403);
        given().get("/api/sites/acc-new").then().statusCode(404);
    }

    @Test
    void boundsAreRefusedNamingTheParameter() {
        TestUser viewerA = TestUsers.user(Roles.VIEWER, A);
        givenAs(viewerA).get("/api/points?size=1001").then().statusCode(422).body("errors[0].field", equalTo("size"));
        givenAs(viewerA).get("/api/points?page=-1").then().statusCode(422).body("errors[0].field", equalTo("page"));
        givenAs(viewerA).get("/api/buildings?q=" + "x".repeat(201)).then().statusCode(422)
                .body("errors[0].field", equalTo("q"));
        givenAs(viewerA).queryParam("from", "2020-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/telemetry/points/" + A + "-pump-current/usage").then().statusCode(422)
                .body("errors[0].field", equalTo("from"));
        given().contentType("text/plain").body(SITE.formatted(A)).post("/api/sites/import").then().statusCode(415);
    }
}

package org.facilitymonitor.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Roles, site scope and bounded parameters of the energy endpoints: two sites with a meter, a
 * department, a tariff, a virtual meter and a report subscription each; users of each role granted
 * one site; what they may do, what another site's user sees (the same 404 as for an object that
 * does not exist, lists without the other site), and the limits of ranges and lists.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class EnergyAccessTest {

    static final String A = "scope-a";
    static final String B = "scope-b";
    static final String MONTH = "2026-01";

    /** Per site: the tariff's id and the subscription's id, created once for the class. */
    static final Map<String, Long> TARIFFS = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, Long> SUBSCRIPTIONS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void twoSites() {
        for (String site : List.of(A, B)) {
            if (TARIFFS.containsKey(site)) {
                continue;
            }
            given().contentType("application/yaml").body(siteYaml(site).getBytes(StandardCharsets.UTF_8))
                    .post("/api/sites/import").then().statusCode(200);
            TARIFFS.put(site, given().contentType(ContentType.JSON).body(Map.of("siteId", site, "carrier", "ELECTRICITY",
                    "name", "Grid " + site, "currency", "EUR")).post("/api/tariffs").then().statusCode(201)
                    .extract().jsonPath().getLong("id"));
            given().contentType(ContentType.JSON).body(Map.of("siteId", site, "name", "Meter of " + site,
                    "carrier", "ELECTRICITY", "formula", meter(site))).put("/api/energy/virtual-meters/" + vm(site))
                    .then().statusCode(201);
            SUBSCRIPTIONS.put(site, given().contentType(ContentType.JSON).body(Map.of("site", site,
                    "recipients", List.of("boss@" + site + ".example.org"), "dayOfMonth", 3))
                    .post("/api/energy/report-subscriptions").then().statusCode(201).extract().jsonPath().getLong("id"));
        }
    }

    static String siteYaml(String site) {
        return """
                site: {id: %1$s, name: Site %1$s, timezone: Europe/Berlin}
                departments: [{id: %1$s-dept, name: Department}]
                buildings: [{id: %1$s-hall, name: Hall}]
                assets:
                  - id: %1$s-meter
                    name: Meter
                    kind: Building_Electrical_Meter
                    building: %1$s-hall
                    department: %1$s-dept
                    points:
                      - {id: %1$s-meter-energy, name: E, quantity: active_energy, unit: kWh, kind: cumulative,
                         measurement: electricity, field: energy_kwh}
                """.formatted(site);
    }

    static String meter(String site) {
        return site + "-meter-energy";
    }

    static String vm(String site) {
        return site + "-vm";
    }

    static String tariff(String site) {
        return "/api/tariffs/" + TARIFFS.get(site);
    }

    static String futureVersion(String validFrom) {
        return "{\"validFrom\": \"" + validFrom + "\", \"definition\": {\"seasons\": [{\"name\": \"all year\", \"fromMonth\": 1,"
                + " \"toMonth\": 12, \"prices\": {\"FLAT\": 0.4}, \"days\": {\"WORKDAY\": [{\"from\": \"00:00\", \"to\": \"24:00\","
                + " \"period\": \"FLAT\"}]}}]}}";
    }

    static ValidatableResponse json(RequestSpecification r, String method, String path, Object body) {
        return r.contentType(ContentType.JSON).body(body).request(method, path).then();
    }

    @Test
    void anonymousViewerAndCrewChangeNothing() {
        anonymous().get(tariff(A)).then().statusCode(401);
        anonymous().get("/api/energy/consumption?point=" + meter(A) + "&from=2026-01-01&to=2026-01-02").then().statusCode(401);

        TestUser viewer = TestUsers.user(Roles.VIEWER, A);
        givenAs(viewer).get(tariff(A)).then().statusCode(200).body("siteId", equalTo(A));
        givenAs(viewer).get("/api/energy/virtual-meters/" + vm(A)).then().statusCode(200);
        json(givenAs(viewer), "POST", tariff(A) + "/versions", futureVersion("2099-01-01")).statusCode(403);
        json(givenAs(viewer), "PUT", "/api/energy/sites/" + A + "/calorific-values",
                Map.of("values", List.of(Map.of("validFrom", "2026-01-01", "kwhPerM3", 10.5)))).statusCode(403);
        json(givenAs(viewer), "PUT", "/api/energy/virtual-meters/" + vm(A), Map.of("siteId", A, "name", "renamed",
                "carrier", "ELECTRICITY", "formula", meter(A))).statusCode(403);
        json(givenAs(viewer), "POST", "/api/energy/report-subscriptions", Map.of("site", A,
                "recipients", List.of("x@example.org"), "dayOfMonth", 1)).statusCode(403);
        givenAs(viewer).delete("/api/energy/report-subscriptions/" + SUBSCRIPTIONS.get(A)).then().statusCode(403);
        givenAs(viewer).contentType(ContentType.JSON).post("/api/energy/sites/" + A + "/recompute?from=2026-01-01&to=2026-01-02").then().statusCode(403);

        TestUser crew = TestUsers.user(Roles.CREW, A);
        givenAs(crew).get(tariff(A) + "/versions").then().statusCode(200);
        json(givenAs(crew), "POST", tariff(A) + "/versions", futureVersion("2099-02-01")).statusCode(403);
        json(givenAs(crew), "PUT", "/api/tariffs/holidays/" + A + "/2099", List.of(Map.of("day", "2099-05-01"))).statusCode(403);
        json(givenAs(crew), "PUT", "/api/energy/quotas", Map.of("departmentId", A + "-dept", "carrier", "ELECTRICITY",
                "validFrom", "2099-01", "amount", 100)).statusCode(403);
        json(givenAs(crew), "PUT", "/api/energy/departments/" + A + "-dept/facts",
                Map.of("validFrom", "2099-01-01", "floorAreaM2", 10, "headCount", 1)).statusCode(403);

        // a manager's change goes through; the refused ones stored nothing
        TestUser manager = TestUsers.user(Roles.MANAGER, A);
        json(givenAs(manager), "POST", tariff(A) + "/versions", futureVersion("2099-03-01")).statusCode(201);
        given().get(tariff(A) + "/versions").then().statusCode(200).body("validFrom", hasItem("2099-03-01"))
                .body("validFrom", not(hasItem("2099-01-01"))).body("validFrom", not(hasItem("2099-02-01")));
        given().get("/api/tariffs/holidays/" + A + "/2099").then().statusCode(200).body("$", org.hamcrest.Matchers.empty());
        given().get("/api/energy/virtual-meters/" + vm(A)).then().body("name", equalTo("Meter of " + A));
    }

    @Test
    void managersChangeTheCommercialSideEngineersTheTechnical() {
        TestUser manager = TestUsers.user(Roles.MANAGER, A);
        json(givenAs(manager), "POST", tariff(A) + "/versions", futureVersion("2098-01-01")).statusCode(201)
                .body("createdBy", equalTo(manager.username()));
        // the actor comes from the login: a body naming somebody else is refused, naming the field
        json(givenAs(manager), "POST", tariff(A) + "/versions",
                futureVersion("2098-02-01").replace("}}]}}", "}}]}, \"actor\": \"somebody-else\"}")).statusCode(422)
                .body("errors.field", contains("actor"));
        json(givenAs(manager), "PUT", "/api/tariffs/holidays/" + A + "/2098", List.of(Map.of("day", "2098-05-01")))
                .statusCode(200).body("day", contains("2098-05-01"));
        json(givenAs(manager), "PUT", "/api/energy/departments/" + A + "-dept/facts",
                Map.of("validFrom", "2098-01-01", "floorAreaM2", 120.5, "headCount", 7)).statusCode(200)
                .body("floorAreaM2", hasItem(120.5f));
        givenAs(manager).contentType(ContentType.JSON).post("/api/energy/sites/" + A + "/recompute?from=2026-01-01&to=2026-01-02").then().statusCode(403);
        json(givenAs(manager), "PUT", "/api/energy/sites/" + A + "/calorific-values",
                Map.of("values", List.of(Map.of("validFrom", "2026-01-01", "kwhPerM3", 10.5)))).statusCode(403);

        TestUser engineer = TestUsers.user(Roles.ENGINEER, A);
        givenAs(engineer).contentType(ContentType.JSON).post("/api/energy/sites/" + A + "/recompute?from=2026-01-01&to=2026-01-03").then().statusCode(202)
                .body("site", equalTo(A)).body("from", equalTo("2025-12-31T23:00:00Z"));
        json(givenAs(engineer), "PUT", "/api/energy/sites/" + A + "/calorific-values",
                Map.of("values", List.of(Map.of("validFrom", "2026-01-01", "kwhPerM3", 10.5)))).statusCode(200)
                .body("values[0].kwhPerM3", equalTo(10.5f));
        json(givenAs(engineer), "PUT", "/api/energy/virtual-meters/" + A + "-vm2", Map.of("siteId", A, "name", "Twice",
                "carrier", "ELECTRICITY", "formula", "2*" + meter(A))).statusCode(201).body("meters.'" + meter(A) + "'", equalTo(2.0f));
        json(givenAs(engineer), "POST", tariff(A) + "/versions", futureVersion("2098-03-01")).statusCode(403);
        given().get(tariff(A) + "/versions").then().body("validFrom", not(hasItem("2098-03-01")));
    }

    @Test
    void anotherSitesUserGetsTheAnswerOfAnObjectThatDoesNotExist() {
        TestUser viewerB = TestUsers.user(Roles.VIEWER, B);
        TestUser managerB = TestUsers.user(Roles.MANAGER, B);
        TestUser engineerB = TestUsers.user(Roles.ENGINEER, B);
        long tariffA = TARIFFS.get(A);

        JsonPath missing = given().get("/api/tariffs/999999999").then().statusCode(404).extract().jsonPath();
        JsonPath hidden = givenAs(viewerB).get(tariff(A)).then().statusCode(404).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(hidden.getString("title")).isEqualTo(missing.getString("title"));
        assertThat(hidden.getString("detail")).isEqualTo("tariff '" + tariffA + "' does not exist");
        assertThat(missing.getString("detail")).isEqualTo("tariff '999999999' does not exist");
        givenAs(viewerB).get(tariff(A) + "/audit").then().statusCode(404);
        json(givenAs(managerB), "POST", tariff(A) + "/versions", futureVersion("2097-01-01")).statusCode(404)
                .body("detail", equalTo("tariff '" + tariffA + "' does not exist"));
        json(givenAs(managerB), "PUT", "/api/tariffs/holidays/" + A + "/2097", List.of()).statusCode(404)
                .body("detail", equalTo("site '" + A + "' does not exist"));
        // creating in a site not granted: the same refusal as for a site that does not exist
        String unknownSite = json(given(), "POST", "/api/tariffs", Map.of("siteId", "no-such-site", "carrier", "WATER",
                "name", "Water", "currency", "EUR")).statusCode(422).extract().jsonPath().getString("errors[0].message");
        json(givenAs(managerB), "POST", "/api/tariffs", Map.of("siteId", A, "carrier", "WATER", "name", "Water",
                "currency", "EUR")).statusCode(422).body("errors.field", contains("siteId"))
                .body("errors[0].message", equalTo(unknownSite.replace("no-such-site", A)));

        givenAs(viewerB).get("/api/energy/virtual-meters/" + vm(A)).then().statusCode(404)
                .body("detail", equalTo("virtual meter '" + vm(A) + "' does not exist"));
        json(givenAs(engineerB), "PUT", "/api/energy/virtual-meters/" + vm(A), Map.of("siteId", B, "name", "taken over",
                "carrier", "ELECTRICITY", "formula", meter(B))).statusCode(404);
        givenAs(engineerB).delete("/api/energy/virtual-meters/" + vm(A)).then().statusCode(404);
        given().get("/api/energy/virtual-meters/" + vm(A)).then().statusCode(200).body("siteId", equalTo(A))
                .body("name", equalTo("Meter of " + A));

        String range = "&from=2026-01-01&to=2026-01-02";
        given().get("/api/energy/consumption?point=" + meter(A) + range).then().statusCode(200).body("point", equalTo(meter(A)));
        givenAs(viewerB).get("/api/energy/consumption?point=" + meter(B) + range).then().statusCode(200);
        givenAs(viewerB).get("/api/energy/consumption?point=" + meter(A) + range).then().statusCode(404)
                .body("detail", equalTo("point '" + meter(A) + "' does not exist"));
        givenAs(viewerB).get("/api/energy/meters/" + meter(A) + "/attribution").then().statusCode(404);
        givenAs(viewerB).get("/api/energy/departments/" + A + "-dept/facts").then().statusCode(404)
                .body("detail", equalTo("department '" + A + "-dept' does not exist"));
        givenAs(viewerB).get("/api/energy/costs?site=" + A + "&month=" + MONTH).then().statusCode(404);
        givenAs(viewerB).get("/api/energy/quotas?site=" + A).then().statusCode(404);
        givenAs(viewerB).get("/api/energy/report-subscriptions/" + SUBSCRIPTIONS.get(A)).then().statusCode(404);
        givenAs(viewerB).get("/api/energy/scorecard?site=" + A + "&carrier=electricity&month=" + MONTH).then().statusCode(404)
                .body("detail", equalTo("site '" + A + "' does not exist"));
        givenAs(viewerB).get("/api/energy/scorecard?site=" + B + "&carrier=electricity&month=" + MONTH).then().statusCode(200)
                .body("siteId", equalTo(B)).body("rows.departmentId", contains(B + "-dept"));

        // lists: the administrator's hold both sites, B's user's only B
        int tA = (int) tariffA;
        int tB = TARIFFS.get(B).intValue();
        given().get("/api/tariffs").then().body("id", hasItems(tA, tB));
        givenAs(viewerB).get("/api/tariffs").then().statusCode(200).body("id", hasItem(tB)).body("id", not(hasItem(tA)))
                .body("siteId", not(hasItem(A)));
        givenAs(viewerB).get("/api/tariffs?site=" + A).then().statusCode(200).body("$", org.hamcrest.Matchers.empty());
        given().get("/api/energy/virtual-meters").then().body("id", hasItems(vm(A), vm(B)));
        givenAs(viewerB).get("/api/energy/virtual-meters").then().body("id", hasItem(vm(B))).body("siteId", not(hasItem(A)));
        int sA = SUBSCRIPTIONS.get(A).intValue();
        int sB = SUBSCRIPTIONS.get(B).intValue();
        given().get("/api/energy/report-subscriptions").then().body("id", hasItems(sA, sB));
        givenAs(viewerB).get("/api/energy/report-subscriptions").then().body("id", hasItem(sB)).body("site", not(hasItem(A)));
    }

    @Test
    void reportRecipientsAreShownToThoseWhoManageThem() {
        long id = SUBSCRIPTIONS.get(A);
        String address = "boss@" + A + ".example.org";
        for (String role : List.of(Roles.MANAGER, Roles.ENGINEER)) {
            givenAs(TestUsers.user(role, A)).get("/api/energy/report-subscriptions/" + id).then().statusCode(200)
                    .body("recipients", contains(address));
        }
        given().get("/api/energy/report-subscriptions/" + id).then().body("recipients", contains(address));
        for (String role : List.of(Roles.VIEWER, Roles.CREW)) {
            TestUser user = TestUsers.user(role, A);
            givenAs(user).get("/api/energy/report-subscriptions/" + id).then().statusCode(200)
                    .body("site", equalTo(A)).body("dayOfMonth", equalTo(3)).body("recipients", nullValue());
            String listed = givenAs(user).get("/api/energy/report-subscriptions?site=" + A).then().statusCode(200)
                    .body("id", hasItem((int) id)).extract().asString();
            assertThat(listed).doesNotContain("@");
        }
    }

    @Test
    void rangesAndListsAreBoundedAndTheRefusalNamesTheParameter() {
        String consumption = "/api/energy/consumption?point=" + meter(A) + "&interval=";
        given().get(consumption + "15m&from=2026-01-01&to=2026-04-04").then().statusCode(200); // 93 days
        given().get(consumption + "15m&from=2026-01-01&to=2026-04-05").then().statusCode(422)
                .body("errors.field", contains("to")).body("errors[0].message", containsString("93 days"));
        given().get(consumption + "1h&from=2026-01-01&to=2027-02-06").then().statusCode(422)
                .body("errors.field", contains("to")).body("errors[0].message", containsString("400 days"));
        given().get(consumption + "1d&from=2016-01-01&to=2026-01-01").then().statusCode(200);

        TestUser engineer = TestUsers.user(Roles.ENGINEER, A);
        givenAs(engineer).contentType(ContentType.JSON).post("/api/energy/sites/" + A + "/recompute?from=2025-01-01&to=2026-01-03").then().statusCode(422)
                .body("errors.field", contains("to")).body("errors[0].message", containsString("366 days"));
        given().get("/api/energy/virtual-meters/" + vm(A) + "/consumption?from=2024-01-01&to=2026-04-01").then()
                .statusCode(422).body("errors.field", contains("to"));

        String many = IntStream.range(0, 201).mapToObj(i -> A + "-dept").collect(Collectors.joining(","));
        given().get("/api/energy/reports?site=" + A + "&from=2026-01-01&to=2026-02-01&departments=" + many).then()
                .statusCode(422).body("errors.field", contains("departments"));
        given().get("/api/energy/reports?site=" + A + "&from=2025-01-01&to=2026-02-06").then().statusCode(422)
                .body("errors.field", contains("to"));
        given().get("/api/tariffs?site=" + "x".repeat(65)).then().statusCode(422).body("errors.field", contains("site"));

        List<Map<String, String>> days = new ArrayList<>();
        for (int d = 0; d < 367; d++) {
            days.add(Map.of("day", java.time.LocalDate.of(2096, 1, 1).plusDays(d % 366).toString()));
        }
        json(given(), "PUT", "/api/tariffs/holidays/" + A + "/2096", days).statusCode(422)
                .body("errors.field", contains("body")).body("errors[0].message", containsString("366"));
        json(given(), "POST", "/api/energy/report-subscriptions", Map.of("site", A, "recipients", List.of("x@example.org"),
                "dayOfMonth", 1, "departments", java.util.Collections.nCopies(201, A + "-dept"))).statusCode(422)
                .body("errors.field", hasItem("departments"));
    }
}

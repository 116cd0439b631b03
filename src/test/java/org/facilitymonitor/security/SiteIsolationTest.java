package org.facilitymonitor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.facilitymonitor.security.OpenApiOperations.Operation;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

/**
 * A user of another site cannot tell a site's objects from missing ones: for every operation of
 * the OpenAPI document whose path names an object of a victim site, the other site's engineer gets
 * the same status as for an id that does not exist, and no answer (lists included) contains the
 * victim's ids. Writes change nothing: the victim's objects are all still there afterwards, and the
 * victim's own engineer sees them.
 */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class SiteIsolationTest {

    @Test
    void anotherSitesObjectsAreIndistinguishableFromMissingOnes() throws Exception {
        String v = "iso-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "oth-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/yaml").body("""
                site: {id: %1$s, name: Victim site, timezone: Europe/Paris}
                departments: [{id: %1$s-dep, name: Victim department}]
                buildings:
                  - {id: %1$s-hall, name: Hall, zones: [{id: %1$s-plant, name: Plant room}]}
                assets:
                  - id: %1$s-pump
                    name: Pump
                    kind: Pump
                    building: %1$s-hall
                    zone: %1$s-plant
                    department: %1$s-dep
                    points:
                      - {id: %1$s-pump-current, name: Current, quantity: electric_current, unit: A, kind: instantaneous, measurement: equipment, field: current_a}
                """.formatted(v).getBytes(StandardCharsets.UTF_8)).post("/api/sites/import").then().statusCode(200);
        given().contentType("application/yaml")
                .body("site: {id: %s, name: Other site, timezone: Europe/Paris}".formatted(other).getBytes(StandardCharsets.UTF_8))
                .post("/api/sites/import").then().statusCode(200);
        long rule = ((Number) given().contentType(ContentType.JSON).body(Map.of("name", v + " current high",
                "pointId", v + "-pump-current", "kind", "THRESHOLD", "severity", "MINOR",
                "params", Map.of("direction", "ABOVE", "limit", 50))).post("/api/rules").then().statusCode(201)
                .extract().path("id")).longValue();
        long order = ((Number) given().contentType(ContentType.JSON).body(Map.of("assetId", v + "-pump", "title",
                "Noisy pump", "priority", "P3")).post("/api/work-orders").then().statusCode(201)
                .extract().path("id")).longValue();

        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("/api/sites/{id}", v);
        ids.put("/api/buildings/{id}", v + "-hall");
        ids.put("/api/zones/{id}", v + "-plant");
        ids.put("/api/assets/{id}", v + "-pump");
        ids.put("/api/telemetry/assets/{id}", v + "-pump");
        ids.put("/api/points/{id}", v + "-pump-current");
        ids.put("/api/telemetry/points/{id}", v + "-pump-current");
        ids.put("/api/departments/{id}", v + "-dep");
        ids.put("/api/rules/{id}", String.valueOf(rule));
        ids.put("/api/work-orders/{id}", String.valueOf(order));

        TestUser outsider = TestUsers.user("engineer", other);
        TestUser insider = TestUsers.user("engineer", v);
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        int seenByInsider = 0;
        for (Operation op : OpenApiOperations.read()) {
            String victimPath = resolve(op, ids, v);
            if (victimPath == null) {
                // no path object of the victim: a list or a global resource; it must not mention the victim
                if (op.method().equals("GET") && !op.template().contains("{")) {
                    Response r = op.call(givenAs(outsider), op.template() + siteQuery(op, v));
                    if (mentions(r.asString(), v, List.of(v))) {
                        leaks.add("GET " + op.template() + siteQuery(op, v) + " -> " + r.statusCode() + " mentions " + v);
                    }
                    checked++;
                }
                continue;
            }
            String missingPath = op.missingPath();
            Response seen = op.call(givenAs(outsider), victimPath);
            Response missing = op.call(givenAs(outsider), missingPath);
            checked++;
            boolean mentions = mentions(seen.asString(), v, List.of(victimPath.split("/")));
            if (seen.statusCode() != missing.statusCode() || mentions) {
                leaks.add(op.method() + " " + victimPath + " -> " + seen.statusCode() + " (missing id: "
                        + missing.statusCode() + ")" + (mentions ? " and mentions " + v + ": " + seen.asString() : ""));
            }
            if (op.method().equals("GET") && op.template().matches("/api/[a-z-]+/\\{id}")
                    && givenAs(insider).get(victimPath).statusCode() == 200) {
                seenByInsider++;
            }
        }
        assertThat(leaks).as("answers to another site's engineer that differ from a missing object's (%d checked)", checked)
                .isEmpty();
        assertThat(seenByInsider).as("victim objects the victim site's own engineer can read").isGreaterThanOrEqualTo(8);
        given().get("/api/assets/" + v + "-pump").then().statusCode(200);
        given().get("/api/rules/" + rule).then().statusCode(200);
        given().get("/api/work-orders/" + order).then().statusCode(200);
        given().get("/api/sites/" + v).then().statusCode(200);
    }

    /** The path with the victim's ids, or null when a path parameter names nothing of the victim's. */
    private static String resolve(Operation op, Map<String, String> ids, String site) {
        String template = op.template();
        if (op.pathParams().isEmpty() || template.startsWith("/request/") || template.startsWith("/api/users")
                || template.startsWith("/api/me") || template.startsWith("/api/edges")) {
            return null;
        }
        String path = template;
        for (String p : op.pathParams()) {
            String value = null;
            if (p.equals("site") || p.equals("siteId")) {
                value = site;
            } else if (p.equals("pointId")) {
                value = ids.get("/api/points/{id}");
            } else if (p.equals("assetId")) {
                value = ids.get("/api/assets/{id}");
            } else {
                for (Map.Entry<String, String> e : ids.entrySet()) {
                    if (template.startsWith(e.getKey().replace("{id}", "{" + p + "}"))) {
                        value = e.getValue();
                    }
                }
            }
            if (value == null) {
                return null;
            }
            path = path.replace("{" + p + "}", value);
        }
        return path;
    }

    private static String siteQuery(Operation op, String site) {
        return op.queryParams().contains("site") ? "?site=" + site : op.queryParams().contains("siteId") ? "?siteId=" + site : "";
    }

    /**
     * Whether an answer names anything of the victim's beyond the ids the request itself named (a
     * 404 saying "asset 'x' does not exist" repeats x, as it does for a missing id).
     */
    private static boolean mentions(String body, String victim, List<String> asked) {
        String rest = body;
        for (String id : asked.stream().filter(a -> a.startsWith(victim)).sorted((a, b) -> b.length() - a.length()).toList()) {
            rest = rest.replaceAll(Pattern.quote(id) + "(?![a-z0-9-])", "ASKED");
        }
        return rest.contains(victim);
    }
}

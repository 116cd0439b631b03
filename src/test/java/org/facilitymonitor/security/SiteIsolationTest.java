package org.facilitymonitor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;
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

    private static final String MISSING_ID = "zz-no-such-id";
    private static final String MISSING_NUMBER = "987654321";

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
        for (Op op : operations()) {
            String victimPath = op.resolve(ids, v);
            if (victimPath == null) {
                // no path object of the victim: a list or a global resource; it must not mention the victim
                if (op.method().equals("GET") && !op.template().contains("{")) {
                    Response r = send(givenAs(outsider), op.method(), op.template() + op.siteQuery(v), op.contentType());
                    if (mentions(r.asString(), v, List.of(v))) {
                        leaks.add("GET " + op.template() + op.siteQuery(v) + " -> " + r.statusCode() + " mentions " + v);
                    }
                    checked++;
                }
                continue;
            }
            String missingPath = op.missing();
            Response seen = send(givenAs(outsider), op.method(), victimPath, op.contentType());
            Response missing = send(givenAs(outsider), op.method(), missingPath, op.contentType());
            checked++;
            boolean mentions = mentions(seen.asString(), v, List.of(victimPath.split("/")));
            if (seen.statusCode() != missing.statusCode() || mentions) {
                leaks.add(op.method() + " " + victimPath + " -> " + seen.statusCode() + " (missing id: "
                        + missing.statusCode() + ")" + (mentions ? " and mentions " + v + ": " + seen.asString() : ""));
            }
            if (op.method().equals("GET") && op.template().matches("/api/[a-z-]+/\\{id}")
                    && send(givenAs(insider), "GET", victimPath, null).statusCode() == 200) {
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

    record Op(String method, String template, List<String> pathParams, List<String> queryParams, String contentType) {

        /** The path with the victim's ids, or null when a path parameter names nothing of the victim's. */
        String resolve(Map<String, String> ids, String site) {
            if (pathParams.isEmpty() || template.startsWith("/request/") || template.startsWith("/api/users")
                    || template.startsWith("/api/me") || template.startsWith("/api/edges")) {
                return null;
            }
            String path = template;
            for (String p : pathParams) {
                String value = null;
                if (p.equals("site") || p.equals("siteId")) {
                    value = site;
                } else if (p.equals("pointId")) {
                    value = ids.get("/api/points/{id}");
                } else if (p.equals("assetId")) {
                    value = ids.get("/api/assets/{id}");
                } else {
                    for (Map.Entry<String, String> e : ids.entrySet()) {
                        String prefix = e.getKey().replace("{id}", "{" + p + "}");
                        if (template.startsWith(prefix)) {
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

        String missing() {
            String path = template;
            for (String p : pathParams) {
                boolean numeric = p.equals("id") && (template.startsWith("/api/rules") || template.startsWith("/api/work-orders"));
                path = path.replace("{" + p + "}", numeric ? MISSING_NUMBER : MISSING_ID);
            }
            return path;
        }

        String siteQuery(String site) {
            return queryParams.contains("site") ? "?site=" + site : queryParams.contains("siteId") ? "?siteId=" + site : "";
        }
    }

    private static Response send(RequestSpecification request, String method, String path, String contentType) {
        RequestSpecification r = request.redirects().follow(false);
        if (contentType != null) {
            r = r.contentType(contentType).body(contentType.contains("json") ? "{}" : "");
        }
        return r.request(method, path);
    }

    private static List<Op> operations() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString()).path("paths");
        List<Op> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                for (JsonNode param : op.getValue().path("parameters")) {
                    (param.path("in").asText().equals("path") ? pathParams : queryParams).add(param.path("name").asText());
                }
                String contentType = null;
                JsonNode content = op.getValue().path("requestBody").path("content");
                if (content.isObject() && content.fieldNames().hasNext()) {
                    List<String> types = new ArrayList<>();
                    content.fieldNames().forEachRemaining(types::add);
                    contentType = types.contains("application/json") ? "application/json" : types.get(0);
                }
                out.add(new Op(method, path.getKey(), pathParams, queryParams, contentType));
            }
        }
        return out;
    }
}

package org.facilitymonitor.testing;

import static org.facilitymonitor.testing.RestRequests.given;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users of each role for tests, created over REST by the test administrator, once per role and
 * set of sites in this JVM (the stack, and so the users, outlive a restart of the service).
 */
public final class TestUsers {

    private static final Map<String, TestUser> CREATED = new ConcurrentHashMap<>();

    public record TestUser(String username, String password) {
    }

    private TestUsers() {
    }

    /** A user of {@code role} granted {@code sites}; with no sites, granted every site. */
    public static TestUser user(String role, String... sites) {
        String key = role + ":" + String.join(",", Arrays.stream(sites).sorted().toList());
        return CREATED.computeIfAbsent(key, k -> create(role, List.of(sites)));
    }

    private static TestUser create(String role, List<String> sites) {
        String username = (role + "-" + String.join("-", sites) + "-" + UUID.randomUUID().toString().substring(0, 8))
                .replace("--", "-");
        if (username.length() > 60) {
            username = role + "-" + UUID.randomUUID();
        }
        String password = "pw-" + UUID.randomUUID();
        given().contentType("application/json")
                .body(Map.of("username", username, "role", role, "sites", sites, "allSites", sites.isEmpty(),
                        "password", password))
                .post("/api/users")
                .then().statusCode(201);
        return new TestUser(username, password);
    }
}

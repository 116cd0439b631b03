package org.facilitymonitor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.StackDb;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.Test;

/** Logins (basic, API tokens, form session, OIDC bearer), the first admin, the audit log and request hygiene. */
@QuarkusTest
@WithTestResource(StackTestResource.class)
class SecurityCoreTest {

    @StackTestResource.InjectStack
    NativeStack stack;

    @Test
    void anonymousRequestsAreRefusedExceptHealthAndTheCredentialsAreChecked() {
        anonymous().get("/api/sites").then().statusCode(401);
        anonymous().get("/q/metrics").then().statusCode(401);
        anonymous().get("/q/openapi").then().statusCode(401);
        anonymous().get("/q/health/ready").then().statusCode(200);
        anonymous().auth().preemptive().basic(StackTestResource.ADMIN_USERNAME, "wrong-password-123")
                .get("/api/sites").then().statusCode(401);
        anonymous().auth().preemptive().basic("no-such-user", "whatever-password-1")
                .get("/api/sites").then().statusCode(401);
        given().get("/api/sites").then().statusCode(200).body("id", hasItem("demo-campus"));
        given().get("/api/me").then().statusCode(200)
                .body("username", equalTo(StackTestResource.ADMIN_USERNAME))
                .body("roles", contains("admin")).body("allSites", equalTo(true)).body("via", equalTo("password"));
    }

    @Test
    void theFirstAdminIsStoredHashedAndAUserGetsAGeneratedPasswordShownOnce() throws Exception {
        String hash = (String) new StackDb(stack).rows("select password_hash from app_user where username = ?",
                StackTestResource.ADMIN_USERNAME).get(0).get("password_hash");
        assertThat(hash).startsWith("$2a$").doesNotContain(stack.setting("QUARKUS_DATASOURCE_PASSWORD"));

        String name = "gen-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = given().contentType("application/json")
                .body(Map.of("username", name, "role", "viewer", "sites", List.of("demo-campus")))
                .post("/api/users");
        created.then().statusCode(201).body("user.role", equalTo("viewer")).body("user.sites", contains("demo-campus"));
        String password = created.path("password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        givenAs(new TestUser(name, password)).get("/api/me").then().statusCode(200)
                .body("roles", contains("viewer")).body("allSites", equalTo(false)).body("sites", contains("demo-campus"));
        given().get("/api/users/" + name).then().statusCode(200).body("password", nullValue());

        given().contentType("application/json").body(Map.of("enabled", false)).put("/api/users/" + name)
                .then().statusCode(200).body("enabled", equalTo(false));
        givenAs(new TestUser(name, password)).get("/api/me").then().statusCode(401);
    }

    @Test
    void badUsersAreRefusedWithEveryFieldNamed() {
        given().contentType("application/json")
                .body(Map.of("username", "Bad Name", "role", "janitor", "sites", List.of("no-such-site"), "password", "short"))
                .post("/api/users")
                .then().statusCode(422)
                .body("errors.field", contains("username", "role", "sites", "password"));
        given().contentType("application/json")
                .body(Map.of("username", StackTestResource.ADMIN_USERNAME, "role", "viewer"))
                .post("/api/users").then().statusCode(409);
    }

    @Test
    void theLastEnabledAdministratorCannotBeDeletedDisabledOrDemoted() {
        StackDb db = new StackDb(stack);
        // other test classes create admins of their own: set them aside for this test, then restore them
        List<Object> others = db.rows("select username from app_user where role = 'admin' and enabled and username <> ?",
                StackTestResource.ADMIN_USERNAME).stream().map(r -> r.get("username")).toList();
        db.execute("update app_user set enabled = false where role = 'admin' and username <> ?", StackTestResource.ADMIN_USERNAME);
        try {
            String detail = "user '" + StackTestResource.ADMIN_USERNAME + "' is the last enabled administrator";
            given().delete("/api/users/" + StackTestResource.ADMIN_USERNAME).then().statusCode(409).body("detail", equalTo(detail));
            given().contentType("application/json").body(Map.of("enabled", false))
                    .put("/api/users/" + StackTestResource.ADMIN_USERNAME).then().statusCode(409).body("detail", equalTo(detail));
            given().contentType("application/json").body(Map.of("role", "viewer"))
                    .put("/api/users/" + StackTestResource.ADMIN_USERNAME).then().statusCode(409).body("detail", equalTo(detail));
        } finally {
            for (Object name : others) {
                db.execute("update app_user set enabled = true where username = ?", name);
            }
        }
        given().get("/api/me").then().statusCode(200).body("roles", contains("admin"));
    }

    @Test
    void onlyAdminsManageUsersAndReadTheAuditLog() {
        TestUser engineer = TestUsers.user("engineer");
        givenAs(engineer).get("/api/users").then().statusCode(403);
        givenAs(engineer).contentType("application/json").body(Map.of("username", "x-sneaky", "role", "admin"))
                .post("/api/users").then().statusCode(403);
        givenAs(engineer).get("/api/audit").then().statusCode(403);
        given().get("/api/users").then().statusCode(200).body("username", hasItem(engineer.username()));
    }

    @Test
    void apiTokensAreShownOnceStoredHashedRevocableAndExpire() throws Exception {
        TestUser crew = TestUsers.user("crew", "demo-campus");
        Response created = givenAs(crew).contentType("application/json")
                .body(Map.of("name", "script " + UUID.randomUUID(), "expiresInDays", 30)).post("/api/me/tokens");
        created.then().statusCode(201).body("info.prefix", startsWith("fm_")).body("info.active", equalTo(true));
        String token = created.path("token");
        int id = created.path("info.id");
        assertThat(token).startsWith("fm_").hasSize(46);
        assertThat(Instant.parse(created.path("info.expiresAt"))).isBetween(Instant.now().plusSeconds(29 * 86400),
                Instant.now().plusSeconds(31 * 86400));

        String stored = (String) new StackDb(stack).rows("select token_hash from api_token where id = ?", (long) id)
                .get(0).get("token_hash");
        assertThat(stored).hasSize(64).isNotEqualTo(token);
        anonymous().header("Authorization", "Bearer " + token).get("/api/me").then().statusCode(200)
                .body("username", equalTo(crew.username())).body("via", equalTo("token"));
        givenAs(crew).get("/api/me/tokens").then().statusCode(200).body("token", hasItem(nullValue()))
                .body("find { it.id == " + id + " }.active", equalTo(true));

        givenAs(crew).delete("/api/me/tokens/" + id).then().statusCode(200).body("active", equalTo(false));
        anonymous().header("Authorization", "Bearer " + token).get("/api/me").then().statusCode(401);

        Response second = givenAs(crew).contentType("application/json")
                .body(Map.of("name", "expiring " + UUID.randomUUID())).post("/api/me/tokens");
        String secondToken = second.path("token");
        anonymous().header("Authorization", "Bearer " + secondToken).get("/api/me").then().statusCode(200);
        new StackDb(stack).execute("update api_token set expires_at = now() - interval '1 second' where id = ?",
                ((Integer) second.path("info.id")).longValue());
        anonymous().header("Authorization", "Bearer " + secondToken).get("/api/me").then().statusCode(401);

        givenAs(crew).contentType("application/json").body(Map.of("name", "too long", "expiresInDays", 4000))
                .post("/api/me/tokens").then().statusCode(422).body("errors[0].field", equalTo("expiresInDays"));
        anonymous().header("Authorization", "Bearer fm_" + "x".repeat(43)).get("/api/me").then().statusCode(401);
    }

    @Test
    void aFormLoginGivesASessionCookieThatIsNeverSentCrossSite() {
        TestUser manager = TestUsers.user("manager", "demo-campus");
        Response login = anonymous().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", manager.username()).formParam("j_password", manager.password())
                .post("/j_security_check");
        assertThat(login.statusCode()).isIn(200, 302, 303);
        String cookie = login.getCookie("quarkus-credential");
        assertThat(cookie).isNotBlank();
        assertThat(login.getHeader("Set-Cookie")).containsIgnoringCase("SameSite=Strict").containsIgnoringCase("HttpOnly");
        anonymous().cookie("quarkus-credential", cookie).get("/api/me").then().statusCode(200)
                .body("username", equalTo(manager.username())).body("via", equalTo("session"));

        Response wrong = anonymous().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", manager.username()).formParam("j_password", "not-the-password")
                .post("/j_security_check");
        assertThat(wrong.getCookie("quarkus-credential")).isNull();
    }

    @Test
    void oidcBearerTokensSignedByTheConfiguredKeyCarryRolesAndSites() throws Exception {
        String token = Jwt.issuer("https://idp.facility-monitor.test").upn("oidc-alice@example.org")
                .claim("fm_roles", List.of("viewer", "not-a-role")).claim("fm_sites", List.of("demo-campus"))
                .expiresIn(300).sign(testKey());
        anonymous().header("Authorization", "Bearer " + token).get("/api/me").then().statusCode(200)
                .body("username", equalTo("oidc-alice@example.org")).body("roles", contains("viewer"))
                .body("sites", contains("demo-campus")).body("via", equalTo("oidc"));
        anonymous().header("Authorization", "Bearer " + token).get("/api/users").then().statusCode(403);

        String otherIssuer = Jwt.issuer("https://evil.example").upn("mallory").claim("fm_roles", List.of("admin"))
                .expiresIn(300).sign(testKey());
        anonymous().header("Authorization", "Bearer " + otherIssuer).get("/api/me").then().statusCode(401);
        String expired = Jwt.issuer("https://idp.facility-monitor.test").upn("late").claim("fm_roles", List.of("admin"))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign(testKey());
        anonymous().header("Authorization", "Bearer " + expired).get("/api/me").then().statusCode(401);
    }

    @Test
    void everyStateChangeIsAuditedWithItsActorAndAddressAndReadsAreNot() {
        TestUser viewer = TestUsers.user("viewer", "demo-campus");
        String marker = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        givenAs(viewer).contentType("application/json").body(Map.of("name", marker)).post("/api/me/tokens")
                .then().statusCode(201);
        givenAs(viewer).contentType("application/json").body(Map.of("username", marker, "role", "admin"))
                .post("/api/users").then().statusCode(403);
        given().get("/api/audit?actor=" + viewer.username() + "&limit=10").then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].method", equalTo("POST")).body("[0].path", equalTo("/api/users")).body("[0].status", equalTo(403))
                .body("[0].remote", equalTo("127.0.0.1")).body("[0].role", equalTo("viewer"))
                .body("[1].path", equalTo("/api/me/tokens")).body("[1].status", equalTo(201));
        given().get("/api/audit?limit=5000").then().statusCode(422).body("errors[0].field", equalTo("limit"));
    }

    @Test
    void crossSiteContentTypesAreRefusedOnWritesAndEveryResponseCarriesSecurityHeaders() {
        given().contentType("text/plain").body("{\"name\":\"x\"}").post("/api/me/tokens").then().statusCode(415);
        // an endpoint without a body declares no type: a cross-site text/plain POST would otherwise reach it
        given().contentType("text/plain").body("x").delete("/api/me/tokens/999999").then().statusCode(415)
                .body("detail", equalTo("Content-Type text/plain is not accepted here; send application/json"));
        given().delete("/api/me/tokens/999999").then().statusCode(404);
        given().contentType("application/x-www-form-urlencoded").formParam("name", "x").post("/api/me/tokens")
                .then().statusCode(415);
        Response any = given().get("/api/me");
        assertThat(any.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(any.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(anonymous().get("/q/health/ready").getHeader("X-Frame-Options")).isEqualTo("DENY");
        RestAssured.given().get("/q/swagger-ui").then().statusCode(not(equalTo(200)));
    }

    private static PrivateKey testKey() throws Exception {
        String pem = Files.readString(Path.of("src/test/resources/oidc/test-signing-key.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}

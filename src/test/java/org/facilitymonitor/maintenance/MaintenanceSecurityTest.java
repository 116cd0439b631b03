package org.facilitymonitor.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.Metrics;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.RuleSetVersion;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.facilitymonitor.testing.TestEdge;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Work orders, plans and the public request form attacked as issue 10 lists it: the wrong role, another
 * site's user, a body naming someone else as the actor, someone else accepting, a flood of public requests
 * trying to mute an asset's alarms. Real PostgreSQL, broker and InfluxDB.
 */
@QuarkusTest
@TestProfile(MaintenanceTestProfile.class)
@WithTestResource(StackTestResource.class)
class MaintenanceSecurityTest {

    static final String SITE = "demo-campus";
    static final String ASSET = "canteen-boiler-1";
    static final String AHU = "dorm-ahu-1";
    static final String OTHER_SITE = """
            site: {id: maint-other, name: Another campus, timezone: Europe/Berlin}
            buildings: [{id: maint-other-hall, name: Hall}]
            assets:
              - {id: maint-other-pump, name: Pump, kind: Pump, building: maint-other-hall}
            """;

    @InjectStack
    NativeStack stack;
    @Inject
    EntityManager em;
    @Inject
    RequestFormLimiter limiter;
    @Inject
    MaintenanceConfig config;

    private final List<Long> rules = new ArrayList<>();
    private static long seq = System.currentTimeMillis() * 10;

    @BeforeEach
    void freshLimitsAndNoOpenOrdersOnTheAhu() {
        limiter.reset();
        cancelOpenOrders(AHU);
    }

    @AfterEach
    void cleanUp() {
        limiter.reset();
        cancelOpenOrders(AHU);
        QuarkusTransaction.requiringNew().run(() -> {
            for (long id : rules) {
                em.createNativeQuery("delete from alarm_event where alarm_id in (select id from alarm where rule_id = ?1)")
                        .setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from alarm where rule_id = ?1").setParameter(1, id).executeUpdate();
                em.createNativeQuery("delete from rule where id = ?1").setParameter(1, id).executeUpdate();
            }
            em.createNativeQuery("update rule_set_version set version = version + 1").executeUpdate();
        });
    }

    @Test
    void eachRoleMovesOnlyWhatItMayAndActorsAreTheLogins() {
        TestUser requester = TestUsers.user(Roles.CREW);
        TestUser crew = TestUsers.user(Roles.CREW, SITE);
        TestUser engineer = TestUsers.user(Roles.ENGINEER, SITE);
        TestUser viewer = TestUsers.user(Roles.VIEWER, SITE);
        TestUser manager = TestUsers.user(Roles.MANAGER, SITE);

        givenAs(viewer).contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Viewer's request"))
                .post("/api/work-orders").then().statusCode(403);
        givenAs(manager).contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Manager's request"))
                .post("/api/work-orders").then().statusCode(403);
        givenAs(requester).contentType(ContentType.JSON)
                .body(Map.of("assetId", ASSET, "title", "Someone else's request", "requester", "mallory"))
                .post("/api/work-orders").then().statusCode(422).body("errors[0].field", equalTo("requester"));
        long id = givenAs(requester).contentType(ContentType.JSON)
                .body(Map.of("assetId", ASSET, "title", "Radiator cold", "contact", "room 12, +49 30 1234567"))
                .post("/api/work-orders").then().statusCode(201).body("requester", equalTo(requester.username()))
                .body("requesterContact", nullValue()) // crew does not see contacts, not even its own
                .extract().jsonPath().getLong("id");

        givenAs(viewer).get("/api/work-orders/" + id).then().statusCode(200).body("requesterContact", nullValue())
                .body("title", equalTo("Radiator cold"));
        givenAs(manager).get("/api/work-orders/" + id).then().statusCode(200).body("requesterContact", nullValue());
        givenAs(engineer).get("/api/work-orders/" + id).then().statusCode(200)
                .body("requesterContact", equalTo("room 12, +49 30 1234567"));

        transition(viewer, id, Map.of("to", "DISPATCHED", "assignee", "bob")).statusCode(403);
        transition(crew, id, Map.of("to", "DISPATCHED", "assignee", "bob")).statusCode(403)
                .body("detail", containsString("needs the role admin or engineer"));
        transition(crew, id, Map.of("to", "CANCELLED")).statusCode(403);
        transition(engineer, id, Map.of("to", "DISPATCHED", "assignee", "bob", "actor", "the-boss")).statusCode(422)
                .body("errors[0].field", equalTo("actor")).body("errors[0].message", containsString(engineer.username()));
        given().get("/api/work-orders/" + id).then().body("state", equalTo("REQUESTED"));

        transition(engineer, id, Map.of("to", "DISPATCHED", "assignee", "bob")).statusCode(200);
        transition(viewer, id, Map.of("to", "IN_PROGRESS")).statusCode(403);
        transition(manager, id, Map.of("to", "IN_PROGRESS")).statusCode(403);
        transition(crew, id, Map.of("to", "IN_PROGRESS")).statusCode(200);
        transition(crew, id, Map.of("to", "COMPLETED", "notes", "valve freed")).statusCode(200);
        for (TestUser notTheRequester : List.of(crew, engineer, TestUsers.user(Roles.ADMIN))) {
            transition(notTheRequester, id, Map.of("to", "ACCEPTED")).statusCode(403)
                    .body("detail", containsString("only by its requester '" + requester.username() + "'"));
        }
        transition(requester, id, Map.of("to", "ACCEPTED", "actor", requester.username())).statusCode(200);
        transition(engineer, id, Map.of("to", "RATED", "rating", 5)).statusCode(403)
                .body("detail", containsString("rated only by its requester"));
        transition(requester, id, Map.of("to", "RATED", "rating", 2)).statusCode(200).body("rating", equalTo(2));

        List<String> actors = given().get("/api/work-orders/" + id + "/history").then().statusCode(200).extract()
                .jsonPath().getList("actor");
        assertThat(actors).containsExactly(requester.username(), engineer.username(), crew.username(), crew.username(),
                requester.username(), requester.username());

        // plans: every role reads, only engineers and admins write
        givenAs(viewer).get("/api/maintenance/plans").then().statusCode(200);
        Map<String, Object> plan = Map.of("assetId", ASSET, "title", "Monthly check",
                "calendar", Map.of("interval", "months", "start", "2030-01-01"));
        for (TestUser refused : List.of(viewer, crew, manager)) {
            givenAs(refused).contentType(ContentType.JSON).body(plan).post("/api/maintenance/plans").then().statusCode(403);
        }
        long planId = givenAs(engineer).contentType(ContentType.JSON).body(plan).post("/api/maintenance/plans").then()
                .statusCode(201).body("siteId", equalTo(SITE)).extract().jsonPath().getLong("id");
        givenAs(crew).contentType("application/json").post("/api/maintenance/plans/" + planId + "/run").then().statusCode(403);
        givenAs(crew).delete("/api/maintenance/plans/" + planId).then().statusCode(403);
        givenAs(engineer).delete("/api/maintenance/plans/" + planId).then().statusCode(204);
        givenAs(viewer).get("/api/maintenance/reports").then().statusCode(200);
        anonymous().get("/api/work-orders/" + id).then().statusCode(401);
        anonymous().get("/api/maintenance/reports").then().statusCode(401);
    }

    @Test
    void anotherSitesUserFindsNoOrderOrPlanAndCannotCreateOne() {
        given().contentType("application/yaml").body(OTHER_SITE.getBytes(StandardCharsets.UTF_8)).post("/api/sites/import")
                .then().statusCode(200);
        TestUser stranger = TestUsers.user(Roles.ENGINEER, "maint-other");
        TestUser local = TestUsers.user(Roles.ENGINEER, SITE);
        long id = given().contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Demo campus order"))
                .post("/api/work-orders").then().statusCode(201).extract().jsonPath().getLong("id");
        long missing = id + 1_000_000_000L;

        String absent = givenAs(stranger).get("/api/work-orders/" + missing).then().statusCode(404).extract().asString();
        String hidden = givenAs(stranger).get("/api/work-orders/" + id).then().statusCode(404).extract().asString();
        assertThat(hidden).isEqualTo(absent.replace(Long.toString(missing), Long.toString(id)));
        givenAs(stranger).get("/api/work-orders/" + id + "/history").then().statusCode(404);
        transition(stranger, id, Map.of("to", "CANCELLED")).statusCode(404)
                .body("detail", equalTo("work order '" + id + "' does not exist"));
        givenAs(local).get("/api/work-orders/" + id).then().statusCode(200);

        // the list: the local engineer sees the order, the stranger sees only the other site's
        givenAs(local).get("/api/work-orders?asset=" + ASSET + "&size=1000").then().statusCode(200)
                .body("items.id", hasItem((int) id));
        JsonPath strangers = givenAs(stranger).get("/api/work-orders?size=1000").then().statusCode(200).extract().jsonPath();
        assertThat(strangers.getList("items.id", Long.class)).doesNotContain(id);
        givenAs(stranger).get("/api/work-orders?asset=" + ASSET).then().body("total", equalTo(0));

        // creating in a site not granted: the asset is as unknown as a missing one
        String unknownAsset = givenAs(stranger).contentType(ContentType.JSON)
                .body(Map.of("assetId", "no-such-asset", "title", "x")).post("/api/work-orders").then().statusCode(422)
                .extract().jsonPath().getString("errors[0].message");
        String otherSitesAsset = givenAs(stranger).contentType(ContentType.JSON)
                .body(Map.of("assetId", ASSET, "title", "x")).post("/api/work-orders").then().statusCode(422)
                .extract().jsonPath().getString("errors[0].message");
        assertThat(otherSitesAsset).isEqualTo(unknownAsset.replace("no-such-asset", ASSET));
        long own = givenAs(stranger).contentType(ContentType.JSON)
                .body(Map.of("assetId", "maint-other-pump", "title", "Pump noisy")).post("/api/work-orders").then()
                .statusCode(201).body("siteId", equalTo("maint-other")).extract().jsonPath().getLong("id");
        givenAs(local).get("/api/work-orders/" + own).then().statusCode(404);
        JsonPath strangersNow = givenAs(stranger).get("/api/work-orders?size=1000").then().extract().jsonPath();
        assertThat(strangersNow.getList("items.id", Long.class)).contains(own).doesNotContain(id);
        assertThat(strangersNow.getList("items.siteId", String.class)).containsOnly("maint-other");

        // reports count only the granted sites' orders
        assertThat(givenAs(local).get("/api/maintenance/reports").then().statusCode(200).extract().jsonPath()
                .getList("mtbfByAsset.assetId", String.class)).doesNotContain("maint-other-pump");

        // plans
        long planId = given().contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Yearly service",
                "calendar", Map.of("interval", "years", "start", "2030-01-01"))).post("/api/maintenance/plans").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        givenAs(stranger).get("/api/maintenance/plans/" + planId).then().statusCode(404);
        givenAs(stranger).get("/api/maintenance/plans/" + planId + "/occurrences").then().statusCode(404);
        givenAs(stranger).contentType("application/json").post("/api/maintenance/plans/" + planId + "/run").then().statusCode(404);
        givenAs(stranger).delete("/api/maintenance/plans/" + planId).then().statusCode(404);
        givenAs(stranger).contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Mine now",
                "calendar", Map.of("interval", "years", "start", "2030-01-01"))).put("/api/maintenance/plans/" + planId)
                .then().statusCode(404);
        assertThat(givenAs(stranger).get("/api/maintenance/plans").then().statusCode(200).extract().jsonPath()
                .getList("id", Long.class)).doesNotContain(planId);
        givenAs(stranger).contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Sneaky",
                "calendar", Map.of("interval", "years", "start", "2030-01-01"))).post("/api/maintenance/plans").then()
                .statusCode(422).body("errors.field", hasItem("assetId"));
        givenAs(local).get("/api/maintenance/plans/" + planId).then().statusCode(200).body("siteId", equalTo(SITE));
        given().get("/api/maintenance/plans/" + planId + "/occurrences?from=2030-01-01&to=2036-01-02").then()
                .statusCode(422).body("errors.field", hasItem("to"));
        given().delete("/api/maintenance/plans/" + planId).then().statusCode(204);
    }

    @Test
    void thePublicRequesterAndNobodyElseAcceptsAndRatesWithTheFollowUpKey() {
        Response posted = anonymous().contentType(ContentType.URLENC).formParam("title", "Water dripping")
                .formParam("contact", "dana@campus.example").formParam("priority", "P3").post("/request/" + ASSET);
        posted.then().statusCode(201).contentType(ContentType.HTML)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
        String link = posted.asString().replaceAll("(?s).*<a href=\"([^\"]+)\">.*", "$1").replace("&amp;", "&");
        assertThat(link).matches("/request/" + ASSET + "/orders/\\d+\\?key=fmr_[A-Za-z0-9_-]{43}");
        long id = Long.parseLong(link.replaceAll(".*/orders/(\\d+)\\?.*", "$1"));
        String key = link.substring(link.indexOf("key=") + 4);

        anonymous().accept(ContentType.JSON).get(link).then().statusCode(200).body("state", equalTo("REQUESTED"))
                .body("title", equalTo("Water dripping"));
        String wrongKey = "fmr_" + "A".repeat(43);
        anonymous().accept(ContentType.JSON).queryParam("key", wrongKey).get("/request/" + ASSET + "/orders/" + id).then()
                .statusCode(404);
        anonymous().accept(ContentType.JSON).queryParam("key", key).get("/request/canteen-boiler-2/orders/" + id).then()
                .statusCode(404);
        given().get("/api/work-orders/" + id).then().body("requester", nullValue())
                .body("requesterContact", equalTo("dana@campus.example"));
        givenAs(TestUsers.user(Roles.CREW, SITE)).get("/api/work-orders/" + id).then().body("requesterContact", nullValue());

        given().contentType(ContentType.JSON).body(Map.of("to", "DISPATCHED", "team", "plumbing"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("to", "IN_PROGRESS")).post("/api/work-orders/" + id + "/transitions")
                .then().statusCode(200);
        // before completion, accepting is out of order
        follow(id, "accept", key).then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("to", "COMPLETED")).post("/api/work-orders/" + id + "/transitions")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("to", "ACCEPTED")).post("/api/work-orders/" + id + "/transitions")
                .then().statusCode(403).body("detail", containsString("follow-up link"));
        follow(id, "accept", wrongKey).then().statusCode(404);
        anonymous().accept(ContentType.HTML).queryParam("key", key).get("/request/" + ASSET + "/orders/" + id).then()
                .statusCode(200).body(containsString("/orders/" + id + "/accept")).body(not(containsString("/rate\"")));
        follow(id, "accept", key).then().statusCode(200).body("state", equalTo("ACCEPTED")).body("actions", hasItem("rate"));
        anonymous().contentType(ContentType.URLENC).accept(ContentType.JSON).formParam("key", key).formParam("rating", 9)
                .post("/request/" + ASSET + "/orders/" + id + "/rate").then().statusCode(422)
                .body("errors[0].field", equalTo("rating"));
        anonymous().contentType(ContentType.URLENC).accept(ContentType.JSON).formParam("key", key).formParam("rating", 4)
                .formParam("comment", "quick").post("/request/" + ASSET + "/orders/" + id + "/rate").then().statusCode(200)
                .body("state", equalTo("RATED")).body("rating", equalTo(4));
        List<String> actors = given().get("/api/work-orders/" + id + "/history").then().extract().jsonPath().getList("actor");
        assertThat(actors).first().isEqualTo(WorkOrderService.PUBLIC_ACTOR);
        assertThat(actors).endsWith(WorkOrderService.PUBLIC_ACTOR, WorkOrderService.PUBLIC_ACTOR);

        // a logged-in user of the site who uses the form is the requester, with no key to keep
        TestUser crew = TestUsers.user(Roles.CREW, SITE);
        givenAs(crew).contentType(ContentType.JSON).body(Map.of("title", "Lamp out", "contact", "desk 3"))
                .post("/request/" + ASSET).then().statusCode(201).body("key", nullValue());
        // single-line fields refuse CR/LF (they end up in e-mail subjects)
        anonymous().contentType(ContentType.URLENC).formParam("title", "Leak\r\nBcc: everyone@campus.example")
                .formParam("contact", "eve").post("/request/" + ASSET).then().statusCode(422)
                .body(containsString("title must be a single line"));
        anonymous().contentType(ContentType.URLENC).formParam("title", "t".repeat(201)).formParam("contact", "eve")
                .post("/request/" + ASSET).then().statusCode(422).body(containsString("title must be at most 200 characters"));
        anonymous().accept(ContentType.HTML).get("/request/" + ASSET).then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }

    @Test
    void aFloodOfPublicRequestsIsLimitedAndDoesNotMuteTheAssetsAlarms() {
        int perAsset = config.requestForm().perAsset();
        int perClient = config.requestForm().perClient();
        assertThat(perClient).as("the test needs room for both limits").isGreaterThan(perAsset);
        double assetLimited = Metrics.value("fm_request_form_limited_total{reason=\"asset\"}");
        double clientLimited = Metrics.value("fm_request_form_limited_total{reason=\"client\"}");

        for (int i = 0; i < perAsset; i++) {
            publicRequest(AHU, "Flood " + i).then().statusCode(201);
        }
        Response limited = publicRequest(AHU, "Flood " + perAsset);
        limited.then().statusCode(429).body(containsString("asset '" + AHU + "' got " + perAsset + " requests"));
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, config.requestForm().window().toSeconds());
        anonymous().contentType(ContentType.JSON).body(Map.of("title", "Flood json", "contact", "bot"))
                .post("/request/" + AHU).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("status", equalTo(429)).body("detail", containsString(AHU));
        assertThat(Metrics.value("fm_request_form_limited_total{reason=\"asset\"}")).isEqualTo(assetLimited + 2);

        // the rest of this address's allowance on another asset, then the address is limited
        for (int i = perAsset; i < perClient; i++) {
            publicRequest("canteen-pump-hw-1", "Flood " + i).then().statusCode(201);
        }
        publicRequest("canteen-pump-hw-2", "One too many").then().statusCode(429)
                .body(containsString("at most " + perClient + " requests per"));
        assertThat(Metrics.value("fm_request_form_limited_total{reason=\"client\"}")).isEqualTo(clientLimited + 1);
        List<Long> flood = given().get("/api/work-orders?asset=" + AHU + "&state=REQUESTED&size=1000").then()
                .statusCode(200).extract().jsonPath().getList("items.id", Long.class);
        assertThat(flood).hasSizeGreaterThanOrEqualTo(perAsset);

        // the asset's alarm is raised, not suppressed, while the flood's orders wait in REQUESTED
        long rule = createRule(threshold("dorm-ahu-1-filter-dp", 400, 380));
        RuleSetVersion.awaitLoaded(stack);
        long t0 = System.currentTimeMillis() - 120_000;
        series("dorm-ahu-1-filter-dp", t0, 390, 410, 412, 414, 416);
        await().atMost(Duration.ofSeconds(20)).until(() -> alarms(rule).size() == 1);
        Map<String, Object> alarm = alarms(rule).get(0);
        assertThat(alarm.get("suppressed")).isEqualTo(false);
        assertThat(alarm.get("status")).isEqualTo("ACTIVE_UNACK");

        // once someone dispatches a request, the asset is being worked on: its next alarm is suppressed
        given().contentType(ContentType.JSON).body(Map.of("to", "DISPATCHED", "team", "hvac"))
                .post("/api/work-orders/" + flood.get(0) + "/transitions").then().statusCode(200);
        long second = createRule(threshold("dorm-ahu-1-filter-dp", 500, 480));
        RuleSetVersion.awaitLoaded(stack);
        series("dorm-ahu-1-filter-dp", t0 + 10_000, 550, 551, 552, 553, 554);
        await().atMost(Duration.ofSeconds(20)).until(() -> alarms(second).size() == 1);
        assertThat(alarms(second).get(0).get("suppressed")).isEqualTo(true);
        assertThat((String) alarms(second).get(0).get("suppressionReason")).contains("open work order");
    }

    private static Response publicRequest(String asset, String title) {
        return anonymous().contentType(ContentType.URLENC).formParam("title", title).formParam("contact", "flooder")
                .post("/request/" + asset);
    }

    private static Response follow(long id, String action, String key) {
        return anonymous().contentType(ContentType.URLENC).accept(ContentType.JSON).formParam("key", key)
                .post("/request/" + ASSET + "/orders/" + id + "/" + action);
    }

    private static io.restassured.response.ValidatableResponse transition(TestUser as, long id, Map<String, Object> body) {
        return givenAs(as).contentType(ContentType.JSON).body(body).post("/api/work-orders/" + id + "/transitions").then();
    }

    private long createRule(Map<String, Object> rule) {
        long id = given().contentType(ContentType.JSON).body(rule).post("/api/rules").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        rules.add(id);
        return id;
    }

    private static Map<String, Object> threshold(String point, double limit, double clearLimit) {
        return Map.of("name", "limit " + limit + " on " + point, "pointId", point, "kind", "THRESHOLD", "severity", "MAJOR",
                "params", Map.of("direction", "ABOVE", "limit", limit, "for", "2s", "clearLimit", clearLimit));
    }

    private void series(String point, long ts0, double... values) {
        try (TestEdge edge = new TestEdge(stack.mqttUrl(), SITE, "dorm-edge", StackTestResource.EDGE_PASSWORD)) {
            for (int i = 0; i < values.length; i++) {
                List<Object[]> readings = new ArrayList<>();
                readings.add(new Object[] {point, ts0 + i * 1_000L, values[i]});
                edge.publish(TestEdge.batch(SITE, "dorm-edge", seq++, false, readings));
            }
        }
    }

    private static List<Map<String, Object>> alarms(long ruleId) {
        List<Map<String, Object>> all = given().queryParam("asset", AHU).queryParam("limit", 1000).get("/api/alarms")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(a -> ((Number) a.get("ruleId")).longValue() == ruleId).toList();
    }

    private void cancelOpenOrders(String asset) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update work_order set state = 'CANCELLED',"
                + " cancelled_at = now() where asset_id = ?1 and state not in ('CLOSED', 'CANCELLED')")
                .setParameter(1, asset).executeUpdate());
    }
}

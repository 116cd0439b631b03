package org.facilitymonitor.maintenance;

import static org.facilitymonitor.testing.RestRequests.anonymous;
import static org.facilitymonitor.testing.RestRequests.given;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.RestRequests;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Work orders over REST on the real PostgreSQL (demo campus imported at start-up). */
@QuarkusTest
@TestProfile(MaintenanceTestProfile.class)
@WithTestResource(StackTestResource.class)
class WorkOrderApiTest {

    static final String ASSET = "canteen-boiler-1";
    /** Orders made by {@link #orderIn} are the test administrator's requests. */
    static final String REQUESTER = RestRequests.adminUsername();

    /** A path from REQUESTED to each state. */
    static final Map<WorkOrderState, List<WorkOrderState>> PATH = Map.of(
            WorkOrderState.REQUESTED, List.of(),
            WorkOrderState.DISPATCHED, List.of(WorkOrderState.DISPATCHED),
            WorkOrderState.IN_PROGRESS, List.of(WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS),
            WorkOrderState.COMPLETED, List.of(WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS, WorkOrderState.COMPLETED),
            WorkOrderState.ACCEPTED, List.of(WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS, WorkOrderState.COMPLETED,
                    WorkOrderState.ACCEPTED),
            WorkOrderState.VERIFIED, List.of(WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS, WorkOrderState.COMPLETED,
                    WorkOrderState.VERIFIED),
            WorkOrderState.REOPENED, List.of(WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS, WorkOrderState.COMPLETED,
                    WorkOrderState.REOPENED),
            WorkOrderState.RATED, List.of(WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS, WorkOrderState.COMPLETED,
                    WorkOrderState.ACCEPTED, WorkOrderState.RATED),
            WorkOrderState.CLOSED, List.of(WorkOrderState.DISPATCHED, WorkOrderState.IN_PROGRESS, WorkOrderState.COMPLETED,
                    WorkOrderState.ACCEPTED, WorkOrderState.CLOSED),
            WorkOrderState.CANCELLED, List.of(WorkOrderState.CANCELLED));

    @Inject
    MutableClock clock;

    @BeforeEach
    void systemTime() {
        clock.reset();
    }

    /** The clock is shared by every class of the profile: leave it on system time for whichever class runs next. */
    @AfterEach
    void backToSystemTime() {
        clock.reset();
    }

    static Stream<Arguments> illegalTransitions() {
        List<Arguments> cases = new ArrayList<>();
        for (WorkOrderState from : WorkOrderState.values()) {
            for (WorkOrderState to : WorkOrderState.values()) {
                if (!WorkOrderLifecycle.isAllowed(from, to)) {
                    cases.add(Arguments.of(from, to));
                }
            }
        }
        assertThat(cases).hasSize(84);
        return cases.stream();
    }

    static Stream<Arguments> legalTransitions() {
        List<Arguments> cases = new ArrayList<>();
        for (WorkOrderState from : WorkOrderState.values()) {
            WorkOrderLifecycle.allowedFrom(from).forEach(to -> cases.add(Arguments.of(from, to)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} refused")
    @MethodSource("illegalTransitions")
    void everyIllegalTransitionIsRefusedWith409NamingTheStateAndTheAllowedOnes(WorkOrderState from, WorkOrderState to) {
        long id = orderIn(from);
        given().contentType(ContentType.JSON).body(validBody(to)).post("/api/work-orders/" + id + "/transitions").then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo(WorkOrderLifecycle.refusal(id, from)))
                .body("detail", containsString("work order " + id + " is " + from + "; allowed: "));
        given().get("/api/work-orders/" + id).then().statusCode(200).body("state", equalTo(from.name()));
        assertThat(history(id)).hasSize(PATH.get(from).size() + 1);
    }

    @ParameterizedTest(name = "{0} -> {1} accepted")
    @MethodSource("legalTransitions")
    void everyLegalTransitionIsAccepted(WorkOrderState from, WorkOrderState to) {
        long id = orderIn(from);
        given().contentType(ContentType.JSON).body(validBody(to)).post("/api/work-orders/" + id + "/transitions").then()
                .statusCode(200).body("state", equalTo(to.name()));
    }

    @Test
    void refusalExampleFromTheIssue() {
        long id = orderIn(WorkOrderState.COMPLETED);
        given().contentType(ContentType.JSON).body(validBody(WorkOrderState.CLOSED))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(409)
                .body("detail", equalTo("work order " + id + " is COMPLETED; allowed: ACCEPTED, VERIFIED, REOPENED"));
    }

    @Test
    void happyPathStampsEveryStepFromTheClockAndAuditsItWithTheLoginsAsActors() {
        TestUser alice = TestUsers.user(Roles.CREW);
        TestUser dispatcher = TestUsers.user(Roles.ENGINEER);
        TestUser bob = TestUsers.user(Roles.CREW, "demo-campus");
        Instant t0 = Instant.parse("2027-03-01T08:00:00Z");
        clock.set(t0);
        JsonPath created = givenAs(alice).contentType(ContentType.JSON)
                .body(Map.of("assetId", ASSET, "title", "Boiler 1 lockout", "description", "red lamp on", "priority", "P2",
                        "contact", "alice, ext. 4711"))
                .post("/api/work-orders").then().statusCode(201).header("Location", containsString("/api/work-orders/"))
                .body("state", equalTo("REQUESTED")).body("kind", equalTo("REQUEST"))
                .body("requester", equalTo(alice.username())).body("siteId", equalTo("demo-campus"))
                .body("departmentId", equalTo("facilities")).body("priority", equalTo("P2"))
                .body("allowedNext", contains("DISPATCHED", "CANCELLED"))
                // P2 defaults: dispatch 1 h, start 4 h, complete 1 d from the request
                .body("requestedAt", equalTo("2027-03-01T08:00:00Z"))
                .body("dispatchDue", equalTo("2027-03-01T09:00:00Z"))
                .body("startDue", equalTo("2027-03-01T12:00:00Z"))
                .body("completeDue", equalTo("2027-03-02T08:00:00Z"))
                .body("acceptDue", nullValue()).extract().jsonPath();
        long id = created.getLong("id");

        clock.advance(Duration.ofMinutes(10));
        move(dispatcher, id, Map.of("to", "DISPATCHED", "assignee", "bob", "team", "hvac"))
                .body("dispatchedAt", equalTo("2027-03-01T08:10:00Z")).body("assignee", equalTo("bob"))
                .body("team", equalTo("hvac"));
        clock.advance(Duration.ofMinutes(20));
        move(bob, id, Map.of("to", "IN_PROGRESS", "actor", bob.username())).body("startedAt", equalTo("2027-03-01T08:30:00Z"));
        clock.advance(Duration.ofHours(1));
        move(bob, id, Map.of("to", "COMPLETED", "notes", "ignition electrode replaced\nflue checked", "labourMinutes", 55,
                "parts", List.of(Map.of("name", "ignition electrode", "quantity", 1), Map.of("name", "gasket", "quantity", 2.5)),
                "checklist", List.of(Map.of("item", "flue gas measured", "passed", true, "note", "CO 12 ppm"))))
                .body("completedAt", equalTo("2027-03-01T09:30:00Z"))
                .body("acceptDue", equalTo("2027-03-03T09:30:00Z"))
                .body("labourMinutes", equalTo(55)).body("parts.name", contains("ignition electrode", "gasket"))
                .body("parts[1].quantity", equalTo(2.5f)).body("checklist[0].passed", equalTo(true))
                .body("notes", equalTo("ignition electrode replaced\nflue checked"));
        clock.advance(Duration.ofHours(1));
        move(alice, id, Map.of("to", "ACCEPTED", "comment", "works again"))
                .body("acceptedAt", equalTo("2027-03-01T10:30:00Z"));
        clock.advance(Duration.ofMinutes(15));
        move(alice, id, Map.of("to", "RATED", "rating", 5, "comment", "fast and tidy"))
                .body("rating", equalTo(5)).body("ratingComment", equalTo("fast and tidy"))
                .body("ratedAt", equalTo("2027-03-01T10:45:00Z"));
        clock.advance(Duration.ofMinutes(15));
        move(dispatcher, id, Map.of("to", "CLOSED")).body("closedAt", equalTo("2027-03-01T11:00:00Z"))
                .body("allowedNext", org.hamcrest.Matchers.empty());

        List<Map<String, Object>> history = history(id);
        assertThat(history).extracting(e -> e.get("from"), e -> e.get("to"), e -> e.get("actor"), e -> e.get("at"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, "REQUESTED", alice.username(), "2027-03-01T08:00:00Z"),
                        org.assertj.core.groups.Tuple.tuple("REQUESTED", "DISPATCHED", dispatcher.username(), "2027-03-01T08:10:00Z"),
                        org.assertj.core.groups.Tuple.tuple("DISPATCHED", "IN_PROGRESS", bob.username(), "2027-03-01T08:30:00Z"),
                        org.assertj.core.groups.Tuple.tuple("IN_PROGRESS", "COMPLETED", bob.username(), "2027-03-01T09:30:00Z"),
                        org.assertj.core.groups.Tuple.tuple("COMPLETED", "ACCEPTED", alice.username(), "2027-03-01T10:30:00Z"),
                        org.assertj.core.groups.Tuple.tuple("ACCEPTED", "RATED", alice.username(), "2027-03-01T10:45:00Z"),
                        org.assertj.core.groups.Tuple.tuple("RATED", "CLOSED", dispatcher.username(), "2027-03-01T11:00:00Z"));
        assertThat(history).extracting(e -> e.get("comment")).containsExactly("red lamp on", null, null, null,
                "works again", "fast and tidy", null);
        assertThat(history).extracting(e -> e.get("kind")).containsOnly("TRANSITION");
    }

    @Test
    void reopenedOrderGoesBackToTheCrewAndIsVerifiedAfterTheRedo() {
        long id = orderIn(WorkOrderState.COMPLETED);
        given().contentType(ContentType.JSON).body(Map.of("to", "REOPENED"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(422)
                .body("errors[0].field", equalTo("comment"));
        move(id, Map.of("to", "REOPENED", "comment", "still leaking"))
                .body("completedAt", nullValue()).body("acceptDue", nullValue()).body("assignee", equalTo("bob"))
                .body("allowedNext", contains("DISPATCHED", "IN_PROGRESS"));
        move(id, Map.of("to", "IN_PROGRESS"));
        move(id, Map.of("to", "COMPLETED", "notes", "seal replaced"));
        TestUser carol = TestUsers.user(Roles.ENGINEER);
        givenAs(carol).contentType(ContentType.JSON).body(Map.of("to", "ACCEPTED"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(403)
                .body("detail", containsString("only by its requester '" + REQUESTER + "'"));
        move(carol, id, Map.of("to", "VERIFIED")).body("state", equalTo("VERIFIED"));
        given().get("/api/work-orders/" + id + "/history").then().body("actor[-1]", equalTo(carol.username()));
        assertThat(history(id)).extracting(e -> e.get("to")).containsExactly("REQUESTED", "DISPATCHED", "IN_PROGRESS",
                "COMPLETED", "REOPENED", "IN_PROGRESS", "COMPLETED", "VERIFIED");
    }

    @Test
    void ratingOutOfRangeIs400NamingTheField() {
        long id = orderIn(WorkOrderState.ACCEPTED);
        for (Object rating : List.of(0, 6, -1)) {
            given().contentType(ContentType.JSON).body(Map.of("to", "RATED", "rating", rating))
                    .post("/api/work-orders/" + id + "/transitions").then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("rating")).body("errors[0].message", equalTo("must be between 1 and 5"))
                    .body("detail", containsString("rating"));
        }
        given().contentType(ContentType.JSON).body(Map.of("to", "RATED"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(422)
                .body("errors.field", contains("rating"));
        given().get("/api/work-orders/" + id).then().body("state", equalTo("ACCEPTED")).body("rating", nullValue());
    }

    @Test
    void badRequestsNameEveryField() {
        given().contentType(ContentType.JSON).body(Map.of("assetId", "no-such-asset", "priority", "P9"))
                .post("/api/work-orders").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("title", "priority", "assetId"));
        given().contentType(ContentType.JSON).body(Map.of("assetId", ASSET, "title", "Leak\r\nBcc: all@campus.example",
                "contact", "eve\u0007", "description", "two\nlines are fine\u0000 but not NUL"))
                .post("/api/work-orders").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("title", "contact", "description"))
                .body("detail", containsString("title must be a single line without control characters, found U+000D"));
        long id = orderIn(WorkOrderState.REQUESTED);
        given().contentType(ContentType.JSON).body(Map.of("to", "DISPATCHED"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(422)
                .body("errors.field", contains("assignee"));
        given().contentType(ContentType.JSON).body(Map.of("to", "DISPATCHED", "assignee", "bob\nX-Injected: yes"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(422)
                .body("errors.field", contains("assignee"));
        given().contentType(ContentType.JSON).body(Map.of("to", "FIXED"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(422)
                .body("errors.field", contains("to"));
        long inProgress = orderIn(WorkOrderState.IN_PROGRESS);
        given().contentType(ContentType.JSON).body(Map.of("to", "COMPLETED", "labourMinutes", -5,
                "parts", List.of(Map.of("name", "", "quantity", 0)))).post("/api/work-orders/" + inProgress + "/transitions")
                .then().statusCode(422).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("labourMinutes",
                        "parts[0].name", "parts[0].quantity"));
        given().get("/api/work-orders/999999999").then().statusCode(404);
        given().contentType(ContentType.JSON).body(validBody(WorkOrderState.DISPATCHED))
                .post("/api/work-orders/999999999/transitions").then().statusCode(404);
    }

    @Test
    void listingFiltersByStateAndAsset() {
        long id = orderIn(WorkOrderState.IN_PROGRESS);
        given().get("/api/work-orders?asset=" + ASSET + "&state=IN_PROGRESS&size=1000").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem((int) id))
                .body("items.state", org.hamcrest.Matchers.everyItem(equalTo("IN_PROGRESS")));
        given().get("/api/work-orders?state=NOPE").then().statusCode(422).body("errors.field", contains("state"));
    }

    @Test
    void outOfRangeQueryParametersAre422NamingTheParameter() {
        given().get("/api/work-orders?size=0").then().statusCode(422).body("errors.field", contains("size"));
        given().get("/api/work-orders?size=1001").then().statusCode(422).body("errors.field", contains("size"));
        given().get("/api/work-orders?page=-1").then().statusCode(422).body("errors.field", contains("page"));
        given().get("/api/work-orders?page=101&size=1000").then().statusCode(422).body("errors.field", contains("page"))
                .body("errors[0].message", containsString("100000"));
        given().get("/api/work-orders?asset=" + "a".repeat(65)).then().statusCode(422).body("errors.field", contains("asset"));
        given().get("/api/work-orders?team=" + "t".repeat(101)).then().statusCode(422).body("errors.field", contains("team"));
        given().get("/api/work-orders?priority=P9").then().statusCode(422).body("errors.field", contains("priority"));
        given().get("/api/work-orders?page=100&size=1000").then().statusCode(200);
    }

    @Test
    void theAssetRequestLinkServesAFormThatCreatesARequest() {
        anonymous().accept(ContentType.HTML).get("/request/" + ASSET).then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("<form method=\"post\">")).body(containsString("name=\"contact\""))
                .body(containsString(ASSET));
        anonymous().accept(ContentType.JSON).get("/request/" + ASSET).then().statusCode(200)
                .body("url", equalTo("/request/" + ASSET)).body("method", equalTo("POST"));
        String page = anonymous().contentType(ContentType.URLENC).formParam("title", "Boiler <noisy>")
                .formParam("requester", "dan").formParam("priority", "P4").post("/request/" + ASSET).then()
                .statusCode(201).body(containsString("Work order <b>")).extract().asString();
        long id = Long.parseLong(page.replaceAll("(?s).*Work order <b>(\\d+)</b>.*", "$1"));
        given().get("/api/work-orders/" + id).then().body("title", equalTo("Boiler <noisy>"))
                .body("requester", nullValue()).body("requesterContact", equalTo("dan"))
                .body("priority", equalTo("P4")).body("assetId", equalTo(ASSET));
        anonymous().contentType(ContentType.URLENC).formParam("title", "x").post("/request/" + ASSET).then().statusCode(422)
                .body(containsString("contact is required"));
        anonymous().accept(ContentType.HTML).get("/request/no-such-asset").then().statusCode(404);
    }

    static long orderIn(WorkOrderState state) {
        long id = given().contentType(ContentType.JSON)
                .body(Map.of("assetId", ASSET, "title", "Check " + state, "requester", REQUESTER, "priority", "P3"))
                .post("/api/work-orders").then().statusCode(201).extract().jsonPath().getLong("id");
        for (WorkOrderState step : PATH.get(state)) {
            move(id, validBody(step));
        }
        return id;
    }

    static Map<String, Object> validBody(WorkOrderState to) {
        Map<String, Object> body = new HashMap<>();
        body.put("to", to.name());
        body.put("comment", "moving to " + to);
        body.put("assignee", "bob");
        body.put("rating", 3);
        return body;
    }

    static io.restassured.response.ValidatableResponse move(long id, Map<String, ?> body) {
        return move(null, id, body);
    }

    static io.restassured.response.ValidatableResponse move(TestUser as, long id, Map<String, ?> body) {
        return (as == null ? given() : givenAs(as)).contentType(ContentType.JSON).body(body).post("/api/work-orders/" + id + "/transitions").then()
                .statusCode(200).body("state", equalTo(body.get("to")));
    }

    static List<Map<String, Object>> history(long id) {
        return given().get("/api/work-orders/" + id + "/history").then().statusCode(200).extract().jsonPath()
                .getList("$");
    }
}

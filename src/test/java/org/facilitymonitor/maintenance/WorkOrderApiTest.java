package org.facilitymonitor.maintenance;

import static org.facilitymonitor.testing.RestRequests.given;
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
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.StackTestResource;
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
    static final String REQUESTER = "alice@campus.example";

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
    void happyPathStampsEveryStepFromTheClockAndAuditsIt() {
        Instant t0 = Instant.parse("2027-03-01T08:00:00Z");
        clock.set(t0);
        JsonPath created = given().contentType(ContentType.JSON)
                .body(Map.of("assetId", ASSET, "title", "Boiler 1 lockout", "description", "red lamp on", "requester",
                        REQUESTER, "priority", "P2"))
                .post("/api/work-orders").then().statusCode(201).header("Location", containsString("/api/work-orders/"))
                .body("state", equalTo("REQUESTED")).body("kind", equalTo("REQUEST"))
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
        move(id, Map.of("to", "DISPATCHED", "actor", "dispatcher", "assignee", "bob", "team", "hvac"))
                .body("dispatchedAt", equalTo("2027-03-01T08:10:00Z")).body("assignee", equalTo("bob"))
                .body("team", equalTo("hvac"));
        clock.advance(Duration.ofMinutes(20));
        move(id, Map.of("to", "IN_PROGRESS", "actor", "bob")).body("startedAt", equalTo("2027-03-01T08:30:00Z"));
        clock.advance(Duration.ofHours(1));
        move(id, Map.of("to", "COMPLETED", "actor", "bob", "notes", "ignition electrode replaced", "labourMinutes", 55,
                "parts", List.of(Map.of("name", "ignition electrode", "quantity", 1), Map.of("name", "gasket", "quantity", 2.5)),
                "checklist", List.of(Map.of("item", "flue gas measured", "passed", true, "note", "CO 12 ppm"))))
                .body("completedAt", equalTo("2027-03-01T09:30:00Z"))
                .body("acceptDue", equalTo("2027-03-03T09:30:00Z"))
                .body("labourMinutes", equalTo(55)).body("parts.name", contains("ignition electrode", "gasket"))
                .body("parts[1].quantity", equalTo(2.5f)).body("checklist[0].passed", equalTo(true))
                .body("notes", equalTo("ignition electrode replaced"));
        clock.advance(Duration.ofHours(1));
        move(id, Map.of("to", "ACCEPTED", "actor", REQUESTER, "comment", "works again"))
                .body("acceptedAt", equalTo("2027-03-01T10:30:00Z"));
        clock.advance(Duration.ofMinutes(15));
        move(id, Map.of("to", "RATED", "actor", REQUESTER, "rating", 5, "comment", "fast and tidy"))
                .body("rating", equalTo(5)).body("ratingComment", equalTo("fast and tidy"))
                .body("ratedAt", equalTo("2027-03-01T10:45:00Z"));
        clock.advance(Duration.ofMinutes(15));
        move(id, Map.of("to", "CLOSED", "actor", "dispatcher")).body("closedAt", equalTo("2027-03-01T11:00:00Z"))
                .body("allowedNext", org.hamcrest.Matchers.empty());

        List<Map<String, Object>> history = history(id);
        assertThat(history).extracting(e -> e.get("from"), e -> e.get("to"), e -> e.get("actor"), e -> e.get("at"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, "REQUESTED", REQUESTER, "2027-03-01T08:00:00Z"),
                        org.assertj.core.groups.Tuple.tuple("REQUESTED", "DISPATCHED", "dispatcher", "2027-03-01T08:10:00Z"),
                        org.assertj.core.groups.Tuple.tuple("DISPATCHED", "IN_PROGRESS", "bob", "2027-03-01T08:30:00Z"),
                        org.assertj.core.groups.Tuple.tuple("IN_PROGRESS", "COMPLETED", "bob", "2027-03-01T09:30:00Z"),
                        org.assertj.core.groups.Tuple.tuple("COMPLETED", "ACCEPTED", REQUESTER, "2027-03-01T10:30:00Z"),
                        org.assertj.core.groups.Tuple.tuple("ACCEPTED", "RATED", REQUESTER, "2027-03-01T10:45:00Z"),
                        org.assertj.core.groups.Tuple.tuple("RATED", "CLOSED", "dispatcher", "2027-03-01T11:00:00Z"));
        assertThat(history).extracting(e -> e.get("comment")).containsExactly("red lamp on", null, null, null,
                "works again", "fast and tidy", null);
        assertThat(history).extracting(e -> e.get("kind")).containsOnly("TRANSITION");
    }

    @Test
    void reopenedOrderGoesBackToTheCrewAndIsVerifiedAfterTheRedo() {
        long id = orderIn(WorkOrderState.COMPLETED);
        given().contentType(ContentType.JSON).body(Map.of("to", "REOPENED", "actor", REQUESTER))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(400)
                .body("errors[0].field", equalTo("comment"));
        move(id, Map.of("to", "REOPENED", "actor", REQUESTER, "comment", "still leaking"))
                .body("completedAt", nullValue()).body("acceptDue", nullValue()).body("assignee", equalTo("bob"))
                .body("allowedNext", contains("DISPATCHED", "IN_PROGRESS"));
        move(id, Map.of("to", "IN_PROGRESS", "actor", "bob"));
        move(id, Map.of("to", "COMPLETED", "actor", "bob", "notes", "seal replaced"));
        given().contentType(ContentType.JSON).body(Map.of("to", "ACCEPTED", "actor", "carol-engineer"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(403)
                .body("detail", containsString("only by its requester"));
        move(id, Map.of("to", "VERIFIED", "actor", "carol-engineer")).body("state", equalTo("VERIFIED"));
        assertThat(history(id)).extracting(e -> e.get("to")).containsExactly("REQUESTED", "DISPATCHED", "IN_PROGRESS",
                "COMPLETED", "REOPENED", "IN_PROGRESS", "COMPLETED", "VERIFIED");
    }

    @Test
    void ratingOutOfRangeIs400NamingTheField() {
        long id = orderIn(WorkOrderState.ACCEPTED);
        for (Object rating : List.of(0, 6, -1)) {
            given().contentType(ContentType.JSON).body(Map.of("to", "RATED", "actor", REQUESTER, "rating", rating))
                    .post("/api/work-orders/" + id + "/transitions").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", contains("rating")).body("errors[0].message", equalTo("must be between 1 and 5"))
                    .body("detail", containsString("rating"));
        }
        given().contentType(ContentType.JSON).body(Map.of("to", "RATED", "actor", REQUESTER))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(400)
                .body("errors.field", contains("rating"));
        given().get("/api/work-orders/" + id).then().body("state", equalTo("ACCEPTED")).body("rating", nullValue());
    }

    @Test
    void badRequestsNameEveryField() {
        given().contentType(ContentType.JSON).body(Map.of("assetId", "no-such-asset", "priority", "P9"))
                .post("/api/work-orders").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("title", "requester", "priority", "assetId"));
        long id = orderIn(WorkOrderState.REQUESTED);
        given().contentType(ContentType.JSON).body(Map.of("to", "DISPATCHED"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("actor", "assignee"));
        given().contentType(ContentType.JSON).body(Map.of("to", "FIXED", "actor", "bob"))
                .post("/api/work-orders/" + id + "/transitions").then().statusCode(400)
                .body("errors.field", contains("to"));
        long inProgress = orderIn(WorkOrderState.IN_PROGRESS);
        given().contentType(ContentType.JSON).body(Map.of("to", "COMPLETED", "actor", "bob", "labourMinutes", -5,
                "parts", List.of(Map.of("name", "", "quantity", 0)))).post("/api/work-orders/" + inProgress + "/transitions")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("labourMinutes",
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
        given().get("/api/work-orders?state=NOPE").then().statusCode(400);
    }

    @Test
    void theAssetRequestLinkServesAFormThatCreatesARequest() {
        given().accept(ContentType.HTML).get("/request/" + ASSET).then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("<form method=\"post\">")).body(containsString("name=\"requester\""))
                .body(containsString(ASSET));
        given().accept(ContentType.JSON).get("/request/" + ASSET).then().statusCode(200)
                .body("url", equalTo("/api/work-orders")).body("method", equalTo("POST"))
                .body("body.assetId", equalTo(ASSET));
        String page = given().contentType(ContentType.URLENC).formParam("title", "Boiler <noisy>")
                .formParam("requester", "dan").formParam("priority", "P4").post("/request/" + ASSET).then()
                .statusCode(201).body(containsString("Work order <b>")).extract().asString();
        long id = Long.parseLong(page.replaceAll("(?s).*Work order <b>(\\d+)</b>.*", "$1"));
        given().get("/api/work-orders/" + id).then().body("title", equalTo("Boiler <noisy>"))
                .body("requester", equalTo("dan")).body("priority", equalTo("P4")).body("assetId", equalTo(ASSET));
        given().contentType(ContentType.URLENC).formParam("title", "x").post("/request/" + ASSET).then().statusCode(400)
                .body(containsString("requester is required"));
        given().accept(ContentType.HTML).get("/request/no-such-asset").then().statusCode(404);
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
        body.put("actor", REQUESTER);
        body.put("comment", "moving to " + to);
        body.put("assignee", "bob");
        body.put("rating", 3);
        return body;
    }

    static io.restassured.response.ValidatableResponse move(long id, Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/work-orders/" + id + "/transitions").then()
                .statusCode(200).body("state", equalTo(body.get("to")));
    }

    static List<Map<String, Object>> history(long id) {
        return given().get("/api/work-orders/" + id + "/history").then().statusCode(200).extract().jsonPath()
                .getList("$");
    }
}

package org.facilitymonitor.energy.tariffs;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.adminUsername;
import static org.facilitymonitor.testing.RestRequests.givenAs;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.security.Roles;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.TestUsers;
import org.facilitymonitor.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tariffs over REST on the demo campus (Europe/Berlin): versions, audited corrections, their event, quotes, errors. */
@QuarkusTest
@TestProfile(TariffsTestProfile.class)
@WithTestResource(StackTestResource.class)
class TariffApiTest {

    static final String SITE = "demo-campus";

    static final String FLAT_040 = flat("0.40");
    static final String FLAT_050 = flat("0.50");
    /** Workdays: valley 00:00–08:00 at 0.30, flat 08:00–24:00 at 0.60; 28 a month fixed. */
    static final String VALLEY_FLAT = """
            {"seasons": [{"name": "all year", "fromMonth": 1, "toMonth": 12, "prices": {"VALLEY": 0.30, "FLAT": 0.60},
              "days": {"WORKDAY": [{"from": "00:00", "to": "08:00", "period": "VALLEY"},
                                   {"from": "08:00", "to": "24:00", "period": "FLAT"}]}}],
             "fixedMonthlyCharge": 28}
            """;

    @Inject
    MutableClock clock;
    @Inject
    RecordedCorrections corrections;

    @BeforeEach
    void noEventsYet() {
        corrections.clear();
    }

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    static String flat(String price) {
        return """
                {"seasons": [{"name": "all year", "fromMonth": 1, "toMonth": 12, "prices": {"FLAT": %s},
                  "days": {"WORKDAY": [{"from": "00:00", "to": "24:00", "period": "FLAT"}]}}]}
                """.formatted(price);
    }

    static String version(String validFrom, String definition, String actor, String reason) {
        return "{\"validFrom\": \"" + validFrom + "\", \"definition\": " + definition
                + (actor == null ? "" : ", \"actor\": \"" + actor + "\"")
                + (reason == null ? "" : ", \"reason\": \"" + reason + "\"") + "}";
    }

    static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    static long createTariff(String carrier, String name) {
        return post("/api/tariffs", "{\"siteId\": \"" + SITE + "\", \"carrier\": \"" + carrier + "\", \"name\": \"" + name
                + "\", \"currency\": \"CNY\"}").statusCode(201).body("timezone", equalTo("Europe/Berlin"))
                .extract().jsonPath().getLong("id");
    }

    @Test
    void versionsCorrectionsAuditAndTheEventAfterCommit() {
        clock.set(Instant.parse("2026-12-20T12:00:00Z"));
        long id = createTariff("ELECTRICITY", "Grid 10 kV");
        post("/api/tariffs", "{\"siteId\": \"" + SITE + "\", \"carrier\": \"ELECTRICITY\", \"name\": \"again\", \"currency\": \"CNY\"}")
                .statusCode(409).contentType("application/problem+json").body("errors.field", contains("carrier"));
        String versions = "/api/tariffs/" + id + "/versions";

        // planned ahead: an ordinary version, no reason needed; its actor is the login
        String admin = adminUsername();
        post(versions, version("2027-01-01", FLAT_040, null, null)).statusCode(201)
                .body("validFrom", equalTo("2027-01-01")).body("createdBy", equalTo(admin)).body("correction", equalTo(false));

        clock.set(Instant.parse("2027-03-10T12:00:00Z"));
        // somebody else named as the actor is refused, naming the field; nothing stored
        post(versions, version("2027-04-01", FLAT_050, "bob", null)).statusCode(422).body("errors.field", contains("actor"))
                .body("errors.message", hasItem(containsString(admin)));
        post(versions, version("2027-04-01", FLAT_050, null, null)).statusCode(201).body("createdBy", equalTo(admin));
        post(versions, version("2027-04-01", FLAT_050, null, null)).statusCode(409).body("errors.field", contains("validFrom"));

        // a version valid from a past day is a correction: a reason is required, nothing stored without it
        post(versions, version("2027-02-15", VALLEY_FLAT, null, null)).statusCode(422)
                .body("errors.field", contains("reason"));
        post(versions, version("2027-02-15", VALLEY_FLAT, admin, "valley prices from the utility's letter of 1 March"))
                .statusCode(201).body("correction", equalTo(true)).body("createdBy", equalTo(admin));

        // the first event is the correction's: the future version and the refused request fired none
        await().atMost(Duration.ofSeconds(10)).until(() -> !corrections.events().isEmpty());
        assertThat(corrections.events()).containsExactly(
                new TariffCorrected(SITE, Carrier.ELECTRICITY, LocalDate.parse("2027-02-15")));

        given().get("/api/tariffs/" + id + "/audit").then().statusCode(200).body("$", hasSize(1))
                .body("[0].action", equalTo("ADDED")).body("[0].validFrom", equalTo("2027-02-15"))
                .body("[0].actor", equalTo(admin)).body("[0].reason", containsString("letter of 1 March"))
                .body("[0].at", equalTo("2027-03-10T12:00:00Z"))
                .body("[0].oldDefinition.seasons[0].prices.FLAT", equalTo(0.40f))
                .body("[0].newDefinition.seasons[0].prices.VALLEY", equalTo(0.30f));

        // changing a past version (here by a manager of the site): audited with its old and new definition and
        // the manager as the actor, event from its first day
        TestUser manager = TestUsers.user(Roles.MANAGER, SITE);
        givenAs(manager).contentType(ContentType.JSON).body("{\"definition\": " + FLAT_050 + "}")
                .put(versions + "/2027-01-01").then().statusCode(422).body("errors.field", contains("reason"));
        givenAs(manager).contentType(ContentType.JSON)
                .body("{\"definition\": " + FLAT_050 + ", \"reason\": \"price was 0.50 all along\"}")
                .put(versions + "/2027-01-01").then().statusCode(200).body("updatedBy", equalTo(manager.username()))
                .body("definition.seasons[0].prices.FLAT", equalTo(0.50f));
        await().atMost(Duration.ofSeconds(10)).until(() -> corrections.events().size() == 2);
        assertThat(corrections.events().get(1)).isEqualTo(new TariffCorrected(SITE, Carrier.ELECTRICITY, LocalDate.parse("2027-01-01")));
        given().get("/api/tariffs/" + id + "/audit").then().body("$", hasSize(2))
                .body("[1].action", equalTo("CHANGED")).body("[1].actor", equalTo(manager.username()))
                .body("[1].oldDefinition.seasons[0].prices.FLAT", equalTo(0.40f))
                .body("[1].newDefinition.seasons[0].prices.FLAT", equalTo(0.50f));
        given().contentType(ContentType.JSON).body("{\"definition\": " + FLAT_050 + "}")
                .put(versions + "/2027-01-02").then().statusCode(404);

        // a future version changed: audited, no reason needed, no event; one valid from today: no reason, but
        // today's elapsed intervals are stale, so the event (which also proves the change before it fired none)
        given().contentType(ContentType.JSON).body("{\"definition\": " + FLAT_040 + "}")
                .put(versions + "/2027-04-01").then().statusCode(200).body("updatedBy", equalTo(admin));
        post(versions, version("2027-03-10", FLAT_050, null, null)).statusCode(201).body("correction", equalTo(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> corrections.events().size() == 3);
        assertThat(corrections.events()).containsExactly(
                new TariffCorrected(SITE, Carrier.ELECTRICITY, LocalDate.parse("2027-02-15")),
                new TariffCorrected(SITE, Carrier.ELECTRICITY, LocalDate.parse("2027-01-01")),
                new TariffCorrected(SITE, Carrier.ELECTRICITY, LocalDate.parse("2027-03-10")));
        given().get("/api/tariffs/" + id + "/audit").then().body("action", contains("ADDED", "CHANGED", "CHANGED"))
                .body("[2].validFrom", equalTo("2027-04-01")).body("[2].reason", nullValue());

        given().get(versions).then().statusCode(200)
                .body("validFrom", contains("2027-01-01", "2027-02-15", "2027-03-10", "2027-04-01"))
                .body("correction", contains(false, true, false, false));
        given().get("/api/tariffs?site=" + SITE + "&carrier=ELECTRICITY").then().body("id", contains((int) id));

        // 14 Feb 23:00–15 Feb 01:00 local, 4 kWh: 2 at 0.50 (first version) + 2 valley at 0.30 (the correction);
        // 15 Feb 08:00–08:30 local, 1 kWh flat at 0.60. February's bill adds 28 × 14/28 days fixed.
        givenDoubles().contentType(ContentType.JSON).body("""
                {"intervals": [{"start": "2027-02-14T22:00:00Z", "end": "2027-02-15T00:00:00Z", "quantity": 4},
                               {"start": "2027-02-15T07:00:00Z", "end": "2027-02-15T07:30:00Z", "quantity": 1}]}
                """).post("/api/tariffs/" + id + "/quote").then().statusCode(200)
                .body("currency", equalTo("CNY")).body("unit", equalTo("kWh"))
                .body("intervals[0].amount", closeTo(1.60, 1e-12))
                .body("intervals[0].lines.item", contains("FLAT", "VALLEY"))
                .body("intervals[0].lines.version", contains("2027-01-01", "2027-02-15"))
                .body("intervals[1].amount", closeTo(0.60, 1e-12))
                .body("energyTotal", closeTo(2.20, 1e-12))
                .body("bills", hasSize(1)).body("bills[0].month", equalTo("2027-02"))
                .body("bills[0].total", closeTo(16.20, 1e-12))
                .body("bills[0].lines.find { it.kind == 'FIXED' }.amount", closeTo(14.0, 1e-12));
    }

    @Test
    void holidaysOfThePastFireTheEventForEveryTariffOfTheSite() {
        clock.set(Instant.parse("2027-03-10T12:00:00Z"));
        long water = createTariff("WATER", "Municipal water");
        post("/api/tariffs/" + water + "/versions", version("2027-03-20", """
                {"tiers": [{"upTo": 20, "price": 3.00}, {"upTo": 30, "price": 4.00}, {"price": 5.00}], "fixedMonthlyCharge": 10}
                """, null, null)).statusCode(201);

        given().contentType(ContentType.JSON).put("/api/tariffs/holidays/" + SITE + "/2027").then().statusCode(422)
                .body("errors.field", contains("body"));
        given().contentType(ContentType.JSON).body("[{\"day\": \"2027-13-01\"}, {\"day\": \"2026-12-31\"},"
                + " {\"day\": \"2027-05-01\", \"kind\": \"FEAST\"}, {\"day\": \"2027-05-01\"}]")
                .put("/api/tariffs/holidays/" + SITE + "/2027").then().statusCode(422)
                .body("errors.field", containsInAnyOrder("[0].day", "[1].day", "[2].kind", "[3].day"));
        given().contentType(ContentType.JSON).body("[{\"day\": \"2027-05-01\", \"name\": \"Labour Day\"},"
                + " {\"day\": \"2027-05-08\", \"kind\": \"WORKDAY\", \"name\": \"swapped\"}]")
                .put("/api/tariffs/holidays/" + SITE + "/2027").then().statusCode(200)
                .body("day", contains("2027-05-01", "2027-05-08")).body("kind", contains("HOLIDAY", "WORKDAY"));
        // only future days changed: no event. Then a past day: the event, from that day, for the water tariff too.
        given().contentType(ContentType.JSON).body("[{\"day\": \"2027-01-06\", \"name\": \"Epiphany\"},"
                + " {\"day\": \"2027-05-01\", \"name\": \"Labour Day\"}, {\"day\": \"2027-05-08\", \"kind\": \"WORKDAY\"}]")
                .put("/api/tariffs/holidays/" + SITE + "/2027").then().statusCode(200).body("$", hasSize(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> !corrections.events().isEmpty());
        assertThat(corrections.events()).contains(new TariffCorrected(SITE, Carrier.WATER, LocalDate.parse("2027-01-06")));
        assertThat(corrections.events()).allSatisfy(e -> assertThat(e.fromDay()).isEqualTo(LocalDate.parse("2027-01-06")));
        given().get("/api/tariffs/holidays/" + SITE + "/2027").then().body("name", contains("Epiphany", "Labour Day", null));

        // tiers over the month's cumulative quantity: 25 m³ in the first interval crosses 20 in it
        givenDoubles().contentType(ContentType.JSON).body("""
                {"intervals": [{"start": "2027-03-21T00:00:00Z", "end": "2027-03-21T10:00:00Z", "quantity": 25},
                               {"start": "2027-03-22T00:00:00Z", "end": "2027-03-22T10:00:00Z", "quantity": 10}]}
                """).post("/api/tariffs/" + water + "/quote").then().statusCode(200)
                .body("intervals[0].amount", closeTo(80.0, 1e-9)) // 20 × 3 + 5 × 4
                .body("intervals[1].amount", closeTo(45.0, 1e-9)) // 5 × 4 + 5 × 5
                .body("bills[0].tierCrossings.at", contains("2027-03-21T08:00:00Z", "2027-03-22T05:00:00Z"))
                // days before the first version (1–19 March) are not priced; fixed 10 × 12/31 days
                .body("bills[0].total", closeTo(125.0 + 10.0 * 12 / 31, 1e-9));
    }

    @Test
    void badRequestsNameTheField() {
        clock.set(Instant.parse("2027-03-10T12:00:00Z"));
        post("/api/tariffs", "{\"siteId\": \"no-such-site\", \"carrier\": \"STEAM\", \"name\": \" \", \"currency\": \"yuan\"}")
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("siteId", "carrier", "name", "currency"));
        given().get("/api/tariffs/999999").then().statusCode(404);
        given().get("/api/tariffs?carrier=STEAM").then().statusCode(400).body("errors.field", contains("carrier"));

        long gas = createTariff("GAS", "Gas");
        post("/api/tariffs/" + gas + "/versions", """
                {"validFrom": "2027-04-31", "definition": {"tiers": [{"upTo": 100, "price": 2.5}, {"price": -1}],
                 "demandChargePerKw": 30}}
                """).statusCode(422).body("errors.field", containsInAnyOrder("validFrom", "definition.tiers[1].price",
                "definition.demandChargePerKw"))
                .body("errors.message", hasItem(containsString("needs a carrier metered in kWh")));
        post("/api/tariffs/" + gas + "/versions", "{\"validFrom\": \"2027-04-01\"}").statusCode(422)
                .body("errors.field", contains("definition"));
        post("/api/tariffs/" + gas + "/versions", "{\"validFrom\": \"2027-04-01\", \"definition\": {\"seasons\": [], \"tiers\": []}}")
                .statusCode(422).body("errors.field", hasItem("definition.seasons"));
        given().contentType(ContentType.JSON).body("{\"definition\": {}}").put("/api/tariffs/" + gas + "/versions/someday")
                .then().statusCode(400).body("errors.field", contains("validFrom"));
        post("/api/tariffs/" + gas + "/quote", "{\"intervals\": [{\"start\": \"2027-03-01T00:00:00Z\", \"end\": \"2027-03-01T00:00:00Z\","
                + " \"quantity\": 1}, {\"start\": \"yesterday\", \"quantity\": -1}]}").statusCode(422)
                .body("errors.field", containsInAnyOrder("intervals[0].end", "intervals[1].start", "intervals[1].end",
                        "intervals[1].quantity"));
        given().get("/api/tariffs/" + gas + "/audit").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/tariffs/" + gas + "/versions").then().statusCode(200).body("$", hasSize(0));
        assertThat(corrections.events()).isEmpty();
        given().get("/api/tariffs/" + gas).then().body("unit", equalTo("m3")).body("name", equalTo("Gas"))
                .body("createdAt", equalTo("2027-03-10T12:00:00Z"));
        List<Map<String, Object>> all = given().get("/api/tariffs?site=" + SITE).then().extract().jsonPath().getList("$");
        assertThat(all).extracting(t -> t.get("carrier")).contains("GAS");
    }
}

package org.facilitymonitor.energy.accounting;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.facilitymonitor.testing.RestRequests.givenDoubles;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.InfluxProbe;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.OutboxMarker;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectSmtp;
import org.facilitymonitor.testing.StackTestResource.InjectStack;
import org.junit.jupiter.api.Test;

/**
 * Energy accounting against the real stack, from {@code consumption_1d} rows written the way the
 * rollup writes them (the demo campus, Europe/Berlin): the balance check raising and clearing an
 * alarm through the alarm pipeline, department figures over REST with a meter moving department,
 * virtual meters, and quota notifications arriving by e-mail once however often the job runs. The
 * scheduled jobs are off; the test runs them for chosen days.
 */
@QuarkusTest
@TestProfile(EnergyAccountingTest.JobsOff.class)
@WithTestResource(StackTestResource.class)
class EnergyAccountingTest {

    public static class JobsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fm.energy.balance.every", "off", "fm.energy.accounting.every", "off",
                    "fm.energy.accounting.quota-every", "off");
        }
    }

    private static final String SITE = "demo-campus";
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    @InjectStack
    NativeStack stack;
    @InjectSmtp
    GreenMail smtp;
    @Inject
    TelemetryWriter writer;
    @Inject
    QuotaService quotas;
    @Inject
    NotificationService notifications;

    @Test
    void balanceAlarmIsRaisedThroughThePipelineAndClearedWhenBalanced() throws Exception {
        // 10 Feb: sub-meters 600 + 430 = 1030 kWh > 1000 × 1.02. 11 Feb: 500 + 200 = 700, untracked 30 % > 25 %.
        // 12 Feb: 600 + 300 = 900, untracked 10 %: balanced.
        write(LocalDate.of(2026, 2, 10), "electricity", Map.of("office-elec-main-energy", 1000.0,
                "office-elec-admin-energy", 600.0, "office-elec-it-energy", 430.0));
        write(LocalDate.of(2026, 2, 11), "electricity", Map.of("office-elec-main-energy", 1000.0,
                "office-elec-admin-energy", 500.0, "office-elec-it-energy", 200.0));
        write(LocalDate.of(2026, 2, 12), "electricity", Map.of("office-elec-main-energy", 1000.0,
                "office-elec-admin-energy", 600.0, "office-elec-it-energy", 300.0));

        assertThat(action(check("2026-02-10"))).isEqualTo("RAISED");
        String message = "2026-02-10 office-elec-main-energy: main 1000 kWh, sub-meters 1030 kWh, untracked -3%;"
                + " the sub-meters exceed the main by more than the tolerance of 2%";
        List<Map<String, Object>> rules = given().queryParam("point", "office-elec-main-energy").get("/api/rules").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.kind == 'METER_BALANCE' }");
        assertThat(rules).as("one balance rule for the main meter").hasSize(1);
        Object ruleId = rules.get(0).get("id");
        Map<String, Object> alarm = activeBalanceAlarm(ruleId);
        assertThat(alarm).as("the balance alarm").isNotNull();
        assertThat(alarm.get("message")).isEqualTo(message);
        assertThat(alarm.get("assetId")).isEqualTo("office-elec-main");
        assertThat(alarm.get("raisedAt")).isEqualTo(LocalDate.of(2026, 2, 11).atStartOfDay(ZONE).toInstant().toString());

        assertThat(action(check("2026-02-10"))).as("a rerun of the same day").isEqualTo("ALREADY_ACTIVE");
        given().get("/api/alarms/" + alarm.get("id")).then().statusCode(200).body("alarm.occurrences", equalTo(1));

        JsonPath untracked = check("2026-02-11");
        assertThat(action(untracked)).as("the next day, untracked too high").isEqualTo("REPEATED");
        assertThat(untracked.getDouble(MAIN + ".verdict.untrackedShare")).isCloseTo(0.3, within(1e-12));
        assertThat(action(check("2026-02-11"))).isEqualTo("ALREADY_ACTIVE");
        JsonPath history = given().get("/api/alarms/" + alarm.get("id")).then().statusCode(200)
                .body("alarm.occurrences", equalTo(2)).extract().jsonPath();
        assertThat(history.getList("history.comment", String.class)).contains("2026-02-11 office-elec-main-energy: main 1000 kWh,"
                + " sub-meters 700 kWh, untracked 30%; above the untracked limit of 25%");

        JsonPath balanced = check("2026-02-12");
        assertThat(action(balanced)).isEqualTo("CLEARED");
        assertThat(balanced.getDouble(MAIN + ".verdict.untrackedShare")).isCloseTo(0.1, within(1e-12));
        given().get("/api/alarms/" + alarm.get("id")).then().statusCode(200).body("alarm.status", equalTo("CLEARED"));
        assertThat(activeBalanceAlarm(ruleId)).isNull();
        assertThat(action(check("2026-02-12"))).isEqualTo("BALANCED");
        assertThat(given().queryParam("point", "office-elec-main-energy").get("/api/rules").then().extract().jsonPath()
                .getList("findAll { it.kind == 'METER_BALANCE' }")).as("still one rule after reruns").hasSize(1);
    }

    private static final String MAIN = "find { it.verdict.mainPointId == 'office-elec-main-energy' }";

    private static String action(JsonPath outcomes) {
        return outcomes.getString(MAIN + ".action");
    }

    @Test
    void departmentFiguresFollowTheMeterTreeAMoveAndTheFacts() {
        LocalDate d5 = LocalDate.of(2026, 1, 5);
        LocalDate d6 = LocalDate.of(2026, 1, 6);
        write(d5, "electricity", Map.of("office-elec-main-energy", 1000.0, "office-elec-admin-energy", 300.0,
                "office-elec-it-energy", 450.0, "dorm-elec-main-energy", 700.0, "canteen-elec-main-energy", 500.0,
                "canteen-elec-kitchen-energy", 200.0));
        write(d6, "electricity", Map.of("office-elec-main-energy", 800.0, "office-elec-admin-energy", 200.0,
                "office-elec-it-energy", 500.0, "dorm-elec-main-energy", 600.0, "canteen-elec-main-energy", 400.0,
                "canteen-elec-kitchen-energy", 100.0));
        given().contentType(ContentType.JSON).body(Map.of("validFrom", "2026-01-06", "departmentId", "administration"))
                .put("/api/energy/meters/office-elec-it-energy/departments").then().statusCode(200)
                .body("defaultDepartmentId", equalTo("it-services")).body("departments[0].departmentId", equalTo("administration"));
        given().contentType(ContentType.JSON).body(Map.of("validFrom", "2026-01-01", "floorAreaM2", 400, "headCount", 20))
                .put("/api/energy/departments/administration/facts").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("validFrom", "2026-01-01", "floorAreaM2", 100, "headCount", 5))
                .put("/api/energy/departments/it-services/facts").then().statusCode(200);

        // Nets: office main 250 | 100, canteen main 300 | 300 (facilities); IT's 500 on the 6th goes to administration.
        JsonPath d = givenDoubles().queryParam("site", SITE).queryParam("carrier", "electricity")
                .queryParam("from", "2026-01-05").queryParam("to", "2026-01-07").get("/api/energy/departments").then()
                .statusCode(200).extract().jsonPath();
        assertThat(d.getDouble("departments.find { it.departmentId == 'facilities' }.total")).isCloseTo(950, within(1e-9));
        assertThat(d.getDouble("departments.find { it.departmentId == 'administration' }.total")).isCloseTo(1000, within(1e-9));
        assertThat(d.getDouble("departments.find { it.departmentId == 'it-services' }.total")).isCloseTo(450, within(1e-9));
        assertThat(d.getDouble("departments.find { it.departmentId == 'student-housing' }.total")).isCloseTo(1300, within(1e-9));
        assertThat(d.getDouble("departments.find { it.departmentId == 'catering' }.total")).isCloseTo(300, within(1e-9));
        assertThat(d.getDouble("departments.find { it.departmentId == 'campus-services' }.own")).isZero();
        assertThat(d.getDouble("departments.find { it.departmentId == 'campus-services' }.total")).isCloseTo(4000, within(1e-9));
        assertThat(d.getDouble("departments.find { it.departmentId == 'administration' }.perM2")).isCloseTo(2.5, within(1e-12));
        assertThat(d.getDouble("departments.find { it.departmentId == 'administration' }.perPerson")).isCloseTo(50, within(1e-12));
        assertThat(d.getDouble("departments.find { it.departmentId == 'campus-services' }.perM2")).isCloseTo(8, within(1e-12));
        assertThat(d.getDouble("departments.find { it.departmentId == 'campus-services' }.perPerson")).isCloseTo(160, within(1e-12));
        givenDoubles().queryParam("carrier", "electricity").queryParam("from", "2026-01-05").queryParam("to", "2026-01-07")
                .get("/api/energy/departments/administration/consumption").then().statusCode(200)
                .body("samples.value", contains(300.0, 700.0)).body("total", closeTo(1000, 1e-9));

        given().queryParam("site", SITE).queryParam("from", "2026-01-05").queryParam("to", "2026-01-07")
                .contentType(ContentType.JSON).post("/api/energy/departments/recompute").then().statusCode(200);
        InfluxProbe influx = new InfluxProbe(stack.influxUrl(), "facility");
        List<InfluxProbe.Series> series = influx.query("SELECT value, energy_kwh FROM department_consumption_1d WHERE site = '"
                + SITE + "' AND department = 'administration' AND carrier = 'electricity' AND time >= '2026-01-04T00:00:00Z'"
                + " AND time < '2026-01-08T00:00:00Z'");
        assertThat(series).hasSize(1);
        List<JsonNode> rows = series.get(0).rows();
        assertThat(rows).extracting(r -> r.get(0).asLong()).containsExactly(d5.atStartOfDay(ZONE).toInstant().toEpochMilli(),
                d6.atStartOfDay(ZONE).toInstant().toEpochMilli());
        assertThat(rows).extracting(r -> r.get(1).asDouble()).containsExactly(300.0, 700.0);
        assertThat(rows).extracting(r -> r.get(2).asDouble()).containsExactly(300.0, 700.0);

        // Water: the dormitory meter shared 70/30 with catering from the 6th.
        write(d5, "water", Map.of("campus-water-main-volume", 50.0, "office-water-volume", 10.0, "dorm-water-volume", 20.0,
                "canteen-water-kitchen-volume", 5.0));
        write(d6, "water", Map.of("campus-water-main-volume", 40.0, "office-water-volume", 10.0, "dorm-water-volume", 10.0,
                "canteen-water-kitchen-volume", 5.0));
        given().contentType(ContentType.JSON).body(Map.of("validFrom", "2026-01-06", "basis", "FIXED", "shares", List.of(
                Map.of("departmentId", "student-housing", "percent", 70), Map.of("departmentId", "catering", "percent", 30))))
                .put("/api/energy/meters/dorm-water-volume/shares").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("validFrom", "2026-01-06", "basis", "FIXED", "shares", List.of(
                Map.of("departmentId", "student-housing", "percent", 70), Map.of("departmentId", "catering", "percent", 20))))
                .put("/api/energy/meters/dorm-water-volume/shares").then().statusCode(422).body("errors[0].field", equalTo("shares"));
        JsonPath w = givenDoubles().queryParam("site", SITE).queryParam("carrier", "water")
                .queryParam("from", "2026-01-05").queryParam("to", "2026-01-07").get("/api/energy/departments").then()
                .statusCode(200).extract().jsonPath();
        assertThat(w.getDouble("departments.find { it.departmentId == 'facilities' }.total")).isCloseTo(30, within(1e-9));
        assertThat(w.getDouble("departments.find { it.departmentId == 'administration' }.total")).isCloseTo(20, within(1e-9));
        assertThat(w.getDouble("departments.find { it.departmentId == 'student-housing' }.total")).isCloseTo(27, within(1e-9));
        assertThat(w.getDouble("departments.find { it.departmentId == 'catering' }.total")).isCloseTo(13, within(1e-9));
        assertThat(w.getDouble("departments.find { it.departmentId == 'campus-services' }.total")).isCloseTo(90, within(1e-9));
        assertThat(w.getString("departments.find { it.departmentId == 'catering' }.energyKwh")).isNull();
        given().queryParam("site", SITE).queryParam("carrier", "water").get("/api/energy/meters").then().statusCode(200)
                .body("find { it.pointId == 'campus-water-main-volume' }.subMeters",
                        contains("canteen-water-kitchen-volume", "dorm-water-volume", "office-water-volume"));

        // A virtual meter: the office's untracked share, and a formula naming a water meter refused by the term.
        given().contentType(ContentType.JSON).body(Map.of("siteId", SITE, "name", "Office untracked", "carrier", "ELECTRICITY",
                "formula", "office-elec-main-energy - office-elec-admin-energy - office-elec-it-energy"))
                .put("/api/energy/virtual-meters/office-untracked").then().statusCode(anyOf(equalTo(201), equalTo(200)));
        givenDoubles().queryParam("from", "2026-01-05").queryParam("to", "2026-01-07")
                .get("/api/energy/virtual-meters/office-untracked/consumption").then().statusCode(200)
                .body("samples.value", contains(250.0, 100.0)).body("unit", equalTo("kWh"));
        givenDoubles().queryParam("from", "2026-01-01").queryParam("to", "2026-02-01").queryParam("interval", "1mo")
                .get("/api/energy/virtual-meters/office-untracked/consumption").then().statusCode(200)
                .body("samples.start", contains("2026-01")).body("samples.value", contains(350.0));
        given().contentType(ContentType.JSON).body(Map.of("siteId", SITE, "name", "Half", "carrier", "ELECTRICITY",
                "formula", "0.5*office-untracked + office-water-volume")).put("/api/energy/virtual-meters/bad-one").then()
                .statusCode(422).body("errors.field", hasItem("formula"))
                .body("errors[0].message", containsString("term 'office-water-volume'"));
    }

    @Test
    void aQuotaCrossingIsEmailedOnceHoweverOftenTheJobRuns() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("name", "Hedda Housing", "email", "hedda@housing.example.org",
                "channels", List.of("EMAIL"), "minSeverity", "INFO")).put("/api/notifications/persons/hedda").then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));
        // November 2025: student housing 600 + 500 = 1,100 kWh by the 5th (quota 1,000: crossed); catering 40 + 30 = 70
        // by the 5th, forecast 70 + 70/4 × 26 = 525 (quota 500: forecast to cross). The 1st and 2nd have no figures (0).
        write(LocalDate.of(2025, 11, 3), "electricity", Map.of("dorm-elec-main-energy", 600.0, "canteen-elec-main-energy", 40.0,
                "canteen-elec-kitchen-energy", 40.0));
        write(LocalDate.of(2025, 11, 4), "electricity", Map.of("dorm-elec-main-energy", 500.0, "canteen-elec-main-energy", 30.0,
                "canteen-elec-kitchen-energy", 30.0));
        for (String dept : List.of("student-housing", "catering")) {
            given().contentType(ContentType.JSON).body(Map.of("departmentId", dept, "carrier", "ELECTRICITY", "validFrom", "2025-11",
                    "amount", dept.equals("catering") ? 500 : 1000, "notifyPersons", List.of("hedda"))).put("/api/energy/quotas")
                    .then().statusCode(200);
        }
        JsonPath status = givenDoubles().queryParam("site", SITE).queryParam("month", "2025-11").get("/api/energy/quotas/status")
                .then().statusCode(200).extract().jsonPath();
        assertThat(status.getDouble("find { it.departmentId == 'student-housing' }.used")).isCloseTo(1100, within(1e-9));

        LocalDate today = LocalDate.of(2025, 11, 5);
        assertThat(quotas.notifyCrossings(SITE, today)).as("deliveries enqueued by the first run").isEqualTo(2);
        assertThat(quotas.notifyCrossings(SITE, today)).as("deliveries enqueued by the second run").isZero();
        // the status the dashboard's gauges show: student housing at 1,100 of 1,000 kWh
        var gauge = new InfluxProbe(stack.influxUrl(), "facility").query(
                "SELECT last(\"share\") AS share, last(\"used\") AS used FROM \"quota_status\" WHERE \"department\" = "
                + "'student-housing' AND \"carrier\" = 'electricity'");
        assertThat(gauge.get(0).rows().get(0).get(1).asDouble()).isCloseTo(1.1, within(1e-9));
        assertThat(gauge.get(0).rows().get(0).get(2).asDouble()).isCloseTo(1100, within(1e-9));
        String crossed = "quota:student-housing:electricity:2025-11:crossed";
        String forecast = "quota:catering:electricity:2025-11:forecast";
        await().atMost(Duration.ofSeconds(30)).until(() -> mails(crossed).size() + mails(forecast).size() >= 2);
        OutboxMarker.awaitDispatchRun(notifications, smtp);
        assertThat(mails(crossed)).hasSize(1);
        assertThat(mails(forecast)).hasSize(1);
        MimeMessage m = mails(crossed).get(0);
        assertThat(m.getSubject()).contains("Student housing has used its electricity quota for 2025-11");
        String body = m.getContent().toString();
        assertThat(body).contains("Quota: 1000 kWh", "Used to date: 1100 kWh (110% of the quota, 4 complete day(s))");
        assertThat(mails(forecast).get(0).getContent().toString()).contains("Month-end forecast: 525 kWh");
        assertThat(mails("quota:catering:electricity:2025-11:crossed")).isEmpty();
    }

    @Test
    void scorecardComparesWithTheMonthBeforeAndTheYearBeforeAndRanksSiblingsPerSquareMetre() {
        write(LocalDate.of(2024, 9, 15), "electricity", Map.of("dorm-elec-main-energy", 1200.0));
        write(LocalDate.of(2025, 8, 15), "electricity", Map.of("dorm-elec-main-energy", 800.0));
        write(LocalDate.of(2025, 9, 15), "electricity", Map.of("dorm-elec-main-energy", 1000.0, "canteen-elec-main-energy", 300.0,
                "canteen-elec-kitchen-energy", 300.0));
        // Facts for September 2025 only (zero from October), so the other tests' months keep their own.
        fact("student-housing", "2025-09-01", 1000, 50);
        fact("catering", "2025-09-01", 200, 10);
        fact("student-housing", "2025-10-01", 0, 0);
        fact("catering", "2025-10-01", 0, 0);
        JsonPath card = givenDoubles().queryParam("site", SITE).queryParam("carrier", "electricity").queryParam("month", "2025-09")
                .get("/api/energy/scorecard").then().statusCode(200).extract().jsonPath();
        String housing = "rows.find { it.departmentId == 'student-housing' }";
        String catering = "rows.find { it.departmentId == 'catering' }";
        assertThat(card.getDouble(housing + ".use")).isCloseTo(1000, within(1e-9));
        assertThat(card.getDouble(housing + ".perM2")).isCloseTo(1.0, within(1e-12));
        assertThat(card.getDouble(housing + ".perPerson")).isCloseTo(20, within(1e-12));
        assertThat(card.getDouble(housing + ".monthOnMonth")).isCloseTo(0.25, within(1e-12));
        assertThat(card.getDouble(housing + ".yearOnYear")).isCloseTo(-1.0 / 6, within(1e-12));
        assertThat(card.getInt(housing + ".rank")).isEqualTo(1);
        assertThat(card.getDouble(catering + ".perM2")).isCloseTo(1.5, within(1e-12));
        assertThat(card.getString(catering + ".monthOnMonth")).isNull();
        assertThat(card.getInt(catering + ".rank")).isEqualTo(2);
        assertThat(card.getString("rows.find { it.departmentId == 'facilities' }.rank")).isNull();
        assertThat(card.getDouble("rows.find { it.departmentId == 'campus-services' }.use")).isCloseTo(1300, within(1e-9));
        assertThat(card.getInt("rows.find { it.departmentId == 'campus-services' }.rank")).isEqualTo(1);
    }

    private static void fact(String department, String validFrom, double area, double heads) {
        given().contentType(ContentType.JSON).body(Map.of("validFrom", validFrom, "floorAreaM2", area, "headCount", heads))
                .put("/api/energy/departments/" + department + "/facts").then().statusCode(200);
    }

    private JsonPath check(String day) {
        return givenDoubles().queryParam("site", SITE).queryParam("day", day).contentType(ContentType.JSON).post("/api/energy/balance/check").then()
                .statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> activeBalanceAlarm(Object ruleId) {
        List<Map<String, Object>> alarms = given().queryParam("site", SITE).queryParam("asset", "office-elec-main")
                .get("/api/alarms").then().statusCode(200).extract().jsonPath().getList("");
        return alarms.stream().filter(a -> ruleId.equals(a.get("ruleId")) && !"CLEARED".equals(a.get("status"))).findFirst()
                .orElse(null);
    }

    /** consumption_1d rows in the rollup's schema, one per meter, at the day's local midnight. */
    private void write(LocalDate day, String carrier, Map<String, Double> values) {
        long ts = day.atStartOfDay(ZONE).toInstant().toEpochMilli();
        List<String> lines = new ArrayList<>();
        values.forEach((point, v) -> {
            String asset = point.substring(0, point.lastIndexOf('-'));
            lines.add("consumption_1d,site=" + SITE + ",building=" + asset.substring(0, asset.indexOf('-')) + ",asset=" + asset
                    + ",point=" + point + ",carrier=" + carrier + " value=" + v + (carrier.equals("water") ? "" : ",energy_kwh=" + v)
                    + ",coverage=1,estimated=0i,resets=0i,rollovers=0i " + ts);
        });
        try {
            writer.write(lines);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<MimeMessage> mails(String eventKey) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (eventKey.equals(m.getHeader("X-FM-Event-Key", null))) {
                out.add(m);
            }
        }
        return out;
    }
}

package org.facilitymonitor.energy.reports;

import static org.facilitymonitor.testing.RestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVRecord;
import org.facilitymonitor.notify.NotificationService;
import org.facilitymonitor.telemetry.TelemetryWriter;
import org.facilitymonitor.testing.MutableClock;
import org.facilitymonitor.testing.OutboxMarker;
import org.facilitymonitor.testing.StackTestResource;
import org.facilitymonitor.testing.StackTestResource.InjectSmtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Monthly reports through the real notifier: daily consumption written to {@code consumption_1d} as
 * the rollup writes it, a subscription due on the 5th (Europe/Berlin), the job run twice at once and
 * once more, the e-mails in GreenMail (SMTP) once per recipient, their CSV, XLSX and PDF
 * attachments read back with the figures of the written days. March 2025 has the spring DST
 * change: its days start at 23:00 UTC until the 30th, at 22:00 UTC from the 31st.
 */
@QuarkusTest
@TestProfile(ReportTestProfile.class)
@WithTestResource(StackTestResource.class)
class ReportSubscriptionEmailTest {

    private static final String SITE = "demo-campus";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate MARCH = LocalDate.of(2025, 3, 1);
    private static final String DIRECT = "ria@reports.example.org";
    private static final String PERSON_EMAIL = "pat@reports.example.org";
    private static final String CHINESE_READER = "li@reports.example.org";

    // Hand-computed from the days written below (31 March days).
    private static final double OFFICE_MAIN = 100.5 * 31; // 3115.5 kWh, facilities
    private static final double OFFICE_ADMIN = 40.25 * 31; // 1247.75 kWh, administration, sub-meter of office main
    private static final double DORM = 200.0 * 31; // 6200 kWh, student housing
    private static final double WATER_MAIN = 12.5 * 31; // 387.5 m³, canteen, facilities
    private static final double OFFICE_WATER = 2.5 * 31; // 77.5 m³, office, administration, sub-meter of the water main
    private static final double ELECTRICITY = OFFICE_MAIN + DORM; // 9315.5 kWh: the sub-meter not counted twice

    @InjectSmtp
    GreenMail smtp;
    @Inject
    MutableClock clock;
    @Inject
    ReportJob job;
    @Inject
    NotificationService notifications;
    @Inject
    TelemetryWriter writer;
    @Inject
    EntityManager em;

    @BeforeEach
    void writeDays() throws Exception {
        List<String> lines = new ArrayList<>();
        for (LocalDate d = MARCH; d.isBefore(MARCH.plusMonths(1)); d = d.plusDays(1)) {
            lines.add(day("office", "office-elec-main", "office-elec-main-energy", "electricity", d, 100.5, false));
            lines.add(day("office", "office-elec-admin", "office-elec-admin-energy", "electricity", d, 40.25, false));
            lines.add(day("dorm", "dorm-elec-main", "dorm-elec-main-energy", "electricity", d, 200, d.getDayOfMonth() == 30));
            lines.add(day("canteen", "campus-water-main", "campus-water-main-volume", "water", d, 12.5, false));
            lines.add(day("office", "office-water", "office-water-volume", "water", d, 2.5, false));
            lines.add(day("office", "office-elec-main", "office-elec-main-energy", "electricity", d.minusYears(1), 80, false));
        }
        for (LocalDate d = MARCH.minusMonths(1); d.isBefore(MARCH); d = d.plusDays(1)) {
            lines.add(day("office", "office-elec-main", "office-elec-main-energy", "electricity", d, 90, false));
        }
        // The day after the period: not in March's report.
        lines.add(day("office", "office-elec-main", "office-elec-main-energy", "electricity", MARCH.plusMonths(1), 1000, false));
        writer.write(lines);
    }

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    private static String day(String building, String asset, String point, String carrier, LocalDate day, double value,
            boolean estimated) {
        long start = day.atStartOfDay(BERLIN).toInstant().toEpochMilli();
        return "consumption_1d,site=" + SITE + ",building=" + building + ",asset=" + asset + ",point=" + point + ",carrier="
                + carrier + " value=" + value + ",coverage=" + (estimated ? 0.5 : 1.0) + ",estimated=" + (estimated ? 1 : 0)
                + "i,resets=0i,rollovers=0i " + start;
    }

    @Test
    void aDueReportIsEmailedOncePerRecipientWithAttachmentsThatAddUp() throws Exception {
        // A person whose alarm preferences would exclude an INFO e-mail: the subscription names them, so they get it.
        given().contentType(ContentType.JSON).body(Map.of("name", "Pat", "email", PERSON_EMAIL, "channels", List.of(),
                "minSeverity", "CRITICAL")).put("/api/notifications/persons/rep-pat").then()
                .statusCode(anyOf(equalTo(200), equalTo(201)));

        clock.set(Instant.parse("2025-03-20T10:00:00Z"));
        long monthly = subscribe(Map.of("site", SITE, "name", "Monthly energy", "recipients", List.of(DIRECT, "rep-pat"),
                "dayOfMonth", 5, "language", "en"));
        long chinese = subscribe(Map.of("site", SITE, "recipients", List.of(CHINESE_READER), "dayOfMonth", 5,
                "language", "zh-CN", "departments", List.of("administration"), "formats", List.of("csv", "pdf")));

        clock.set(Instant.parse("2025-04-04T21:59:00Z")); // 23:59 on the 4th in Berlin
        assertThat(job.sendDue()).as("e-mails enqueued before the day").isZero();

        clock.set(Instant.parse("2025-04-04T22:05:00Z")); // 00:05 on the 5th in Berlin
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> runs = List.of(job::sendDue, job::sendDue);
        int enqueued = 0;
        for (Future<Integer> f : pool.invokeAll(runs)) {
            enqueued += f.get();
        }
        pool.shutdown();
        enqueued += job.sendDue();
        assertThat(enqueued).as("e-mails enqueued by three runs, two of them concurrent").isEqualTo(3);

        String monthlyKey = "report:" + monthly + ":2025-03-01";
        String chineseKey = "report:" + chinese + ":2025-03-01";
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(monthlyKey).size() >= 2 && mails(chineseKey).size() >= 1);
        OutboxMarker.awaitDispatchRun(notifications, smtp);
        assertThat(recipients(mails(monthlyKey))).containsExactlyInAnyOrder(DIRECT, PERSON_EMAIL);
        assertThat(recipients(mails(chineseKey))).containsExactly(CHINESE_READER);
        assertThat(claims()).as("delivery claims").isEqualTo(3);

        for (MimeMessage mail : mails(monthlyKey)) {
            assertThat(mail.getSubject()).isEqualTo("[INFO] Energy report Demo Campus, 2025-03");
            Map<String, byte[]> files = attachments(mail);
            assertThat(files.keySet()).containsExactly("energy-report-demo-campus-2025-03-01_2025-04-01-en.csv",
                    "energy-report-demo-campus-2025-03-01_2025-04-01-en.xlsx",
                    "energy-report-demo-campus-2025-03-01_2025-04-01-en.pdf");
            assertEnglishReport(files.get("energy-report-demo-campus-2025-03-01_2025-04-01-en.csv"),
                    files.get("energy-report-demo-campus-2025-03-01_2025-04-01-en.xlsx"),
                    files.get("energy-report-demo-campus-2025-03-01_2025-04-01-en.pdf"));
        }

        MimeMessage zh = mails(chineseKey).get(0);
        assertThat(zh.getSubject()).isEqualTo("[INFO] 能源报告 Demo Campus，2025-03");
        Map<String, byte[]> files = attachments(zh);
        assertThat(files.keySet()).containsExactly("energy-report-demo-campus-2025-03-01_2025-04-01-zh-CN.csv",
                "energy-report-demo-campus-2025-03-01_2025-04-01-zh-CN.pdf");
        Map<String, List<CSVRecord>> csv = ReportFiles.csvBlocks(files.get("energy-report-demo-campus-2025-03-01_2025-04-01-zh-CN.csv"));
        assertThat(ReportFiles.csvSum(csv, "buildings", 4, 2, "电")).isEqualTo(ELECTRICITY, within(1e-9));
        assertThat(csv.get("departments").stream().skip(1).map(r -> r.get(0)).distinct().toList())
                .as("departments of a report filtered to administration").containsExactly("administration");
        assertThat(ReportFiles.csvSum(csv, "departments", 4, 2, "电")).isEqualTo(OFFICE_ADMIN, within(1e-9));
        assertThat(ReportFiles.csvSum(csv, "departments", 4, 2, "水")).isEqualTo(OFFICE_WATER, within(1e-9));
        String zhText = ReportFiles.pdfText(files.get("energy-report-demo-campus-2025-03-01_2025-04-01-zh-CN.pdf"));
        assertThat(zhText).contains("9,315.5");

        // Another run the same month, and one on the 6th: the claims hold, nothing more is sent.
        assertThat(job.sendDue()).isZero();
        clock.set(Instant.parse("2025-04-06T08:00:00Z"));
        assertThat(job.sendDue()).isZero();
        OutboxMarker.awaitDispatchRun(notifications, smtp);
        assertThat(recipients(mails(monthlyKey))).containsExactlyInAnyOrder(DIRECT, PERSON_EMAIL);
        assertThat(recipients(mails(chineseKey))).containsExactly(CHINESE_READER);
    }

    private static void assertEnglishReport(byte[] csvBytes, byte[] xlsx, byte[] pdf) throws IOException {
        Map<String, List<CSVRecord>> csv = ReportFiles.csvBlocks(csvBytes);
        assertThat(ReportFiles.csvSum(csv, "totals", 4, 2, "Electricity")).isEqualTo(ELECTRICITY, within(1e-9));
        assertThat(ReportFiles.csvSum(csv, "totals", 4, 2, "Water")).isEqualTo(WATER_MAIN, within(1e-9));
        assertThat(ReportFiles.csvSum(csv, "buildings", 4, 2, "Electricity")).isEqualTo(ELECTRICITY, within(1e-9));
        assertThat(ReportFiles.csvSum(csv, "buildings", 4, 2, "Water")).isEqualTo(WATER_MAIN, within(1e-9));
        assertThat(csv.get("buildings").stream().skip(1).map(r -> r.get(0) + " " + r.get(2) + " " + r.get(4)).toList())
                .containsExactly("canteen Water 310", "dorm Electricity 6200", "office Electricity 3115.5",
                        "office Water 77.5");
        assertThat(csv.get("departments").stream().skip(1).map(r -> r.get(0) + " " + r.get(2) + " " + r.get(4)).toList())
                .containsExactly("administration Electricity 1247.75", "administration Water 77.5",
                        "facilities Electricity 1867.75", "facilities Water 310", "student-housing Electricity 6200");
        assertThat(ReportFiles.csvSum(csv, "costs", 6, 2, "Electricity")).isEqualTo(FixedCostFigures.ELECTRICITY_TOTAL,
                within(1e-9));
        assertThat(csv.get("quotas").get(1).toList()).containsExactly("administration", "Administration", "Electricity",
                "kWh", "1500", "1247.75", String.valueOf(1247.75 / 1500), "1247.75");
        CSVRecord siteChange = csv.get("changes").get(1);
        assertThat(siteChange.toList().subList(0, 11)).containsExactly("Site", "Demo Campus", "Electricity", "kWh",
                "9315.5", "2520", "6795.5", String.valueOf((ELECTRICITY - 2520) / 2520 * 100), "2480", "6835.5",
                String.valueOf((ELECTRICITY - 2480) / 2480 * 100));
        assertThat(csv.get("top").get(1).toList().subList(0, 2)).containsExactly("1", "dorm-elec-main-energy");
        assertThat(csv.get("quality").get(1).toList()).containsExactly("Electricity", "3", "93", "1",
                String.valueOf(1 / 93.0), String.valueOf(92.5 / 93));

        assertThat(ReportFiles.xlsxSum(xlsx, 2, 4, 2, "Electricity")).isEqualTo(ELECTRICITY, within(1e-9));
        assertThat(ReportFiles.xlsxSum(xlsx, 3, 4, 2, "Water")).isEqualTo(WATER_MAIN, within(1e-9));
        assertThat(ReportFiles.xlsxSum(xlsx, 4, 6, 2, null)).isEqualTo(FixedCostFigures.ELECTRICITY_TOTAL, within(1e-9));

        assertThat(ReportFiles.pdfText(pdf)).contains("Energy report: Demo Campus", "9,315.5", "3,115.5", "6,200",
                "1,867.75", "Total cost, Electricity: 965.75 EUR", "83.2%");
        assertThat(ReportFiles.pdfImages(pdf)).as("charts: electricity and water by building, cost by period").isEqualTo(3);
    }

    @Test
    void aReportIsDownloadedForAnyPeriod() throws Exception {
        Response r = given().queryParam("site", SITE).queryParam("from", "2025-03-01").queryParam("to", "2025-04-01")
                .queryParam("format", "xlsx").get("/api/energy/reports");
        r.then().statusCode(200).header("Content-Disposition",
                "attachment; filename=\"energy-report-demo-campus-2025-03-01_2025-04-01-en.xlsx\"");
        assertThat(ReportFiles.xlsxSum(r.asByteArray(), 2, 4, 2, "Electricity")).isEqualTo(ELECTRICITY, within(1e-9));

        // Two days across the DST change: 30 and 31 March.
        byte[] csv = given().queryParam("site", SITE).queryParam("from", "2025-03-30").queryParam("to", "2025-04-01")
                .queryParam("format", "csv").get("/api/energy/reports").then().statusCode(200).extract().asByteArray();
        assertThat(ReportFiles.csvSum(ReportFiles.csvBlocks(csv), "totals", 4, 2, "Electricity"))
                .isEqualTo(2 * (100.5 + 200), within(1e-9));
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        given().queryParam("site", "no-such-site").queryParam("from", "2025-13-01").queryParam("to", "2025-03-01")
                .queryParam("format", "docx").queryParam("lang", "fr").get("/api/energy/reports").then().statusCode(422)
                .body("errors.field", hasItems("site", "from", "format", "lang"));
        given().queryParam("site", SITE).queryParam("from", "2025-04-01").queryParam("to", "2025-03-01")
                .queryParam("departments", "administration,nobody").get("/api/energy/reports").then().statusCode(422)
                .body("errors.field", hasItems("to", "departments"));
        given().contentType(ContentType.JSON).body(Map.of("site", SITE, "recipients", List.of("ok@example.org", "not an address"),
                "dayOfMonth", 31, "language", "de")).post("/api/energy/report-subscriptions").then().statusCode(422)
                .body("errors.field", hasItems("recipients[1]", "dayOfMonth", "language"));
    }

    @Test
    void subscriptionsAreCreatedReplacedAndDeleted() {
        long id = subscribe(Map.of("site", SITE, "recipients", List.of("Boss@Example.org"), "dayOfMonth", 3));
        given().get("/api/energy/report-subscriptions/" + id).then().statusCode(200)
                .body("recipients", equalTo(List.of("boss@example.org"))).body("language", equalTo("en"))
                .body("formats", equalTo(List.of("csv", "xlsx", "pdf"))).body("enabled", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("site", SITE, "recipients", List.of("boss@example.org"),
                "dayOfMonth", 7, "language", "zh-CN", "enabled", false)).put("/api/energy/report-subscriptions/" + id)
                .then().statusCode(200).body("dayOfMonth", equalTo(7)).body("language", equalTo("zh-CN"))
                .body("enabled", equalTo(false));
        given().delete("/api/energy/report-subscriptions/" + id).then().statusCode(204);
        given().get("/api/energy/report-subscriptions/" + id).then().statusCode(404);
    }

    private static long subscribe(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/energy/report-subscriptions").then()
                .statusCode(201).extract().jsonPath().getLong("id");
    }

    private long claims() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from report_delivery where period_from = '2025-03-01'").getSingleResult()).longValue());
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

    private static List<String> recipients(List<MimeMessage> mails) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mails) {
            for (Address a : m.getAllRecipients()) {
                out.add(a.toString());
            }
        }
        return out;
    }

    private static Map<String, byte[]> attachments(MimeMessage mail) throws MessagingException, IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MimeMultipart multipart = (MimeMultipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                files.put(part.getFileName(), part.getInputStream().readAllBytes());
            }
        }
        return files;
    }
}

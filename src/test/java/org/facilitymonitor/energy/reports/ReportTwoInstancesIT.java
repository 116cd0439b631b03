package org.facilitymonitor.energy.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.testing.NativeStack;
import org.facilitymonitor.testing.ServiceProcess;
import org.facilitymonitor.testing.StackDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances, both running the report job every second against one PostgreSQL: a
 * subscription due today (real clock, Europe/Berlin) is e-mailed once per recipient, the CSV's
 * totals equal the previous month's daily figures written to {@code consumption_1d}.
 */
class ReportTwoInstancesIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static NativeStack stack;
    private static GreenMail smtp;

    @BeforeAll
    static void start() {
        stack = NativeStack.start(NativeStack.repositoryRoot(), "reports-two-it");
        smtp = new GreenMail(new ServerSetup(NativeStack.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoInstancesSendEachRecipientOneReport() throws Exception {
        LocalDate today = LocalDate.now(BERLIN);
        assumeTrue(today.getDayOfMonth() <= 28, "a subscription's day is 1 to 28");
        LocalDate from = today.withDayOfMonth(1).minusMonths(1);
        LocalDate to = today.withDayOfMonth(1);
        List<String> lines = new ArrayList<>();
        int days = 0;
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1), days++) {
            long start = d.atStartOfDay(BERLIN).toInstant().toEpochMilli();
            lines.add("consumption_1d,site=demo-campus,building=dorm,asset=dorm-elec-main,point=dorm-elec-main-energy,"
                    + "carrier=electricity value=10.25,coverage=1,estimated=0i,resets=0i,rollovers=0i " + start);
        }
        write(lines);

        Map<String, String> env = new HashMap<>(Map.of("FM_SMTP_HOST", "127.0.0.1", "FM_SMTP_PORT",
                String.valueOf(smtp.getSmtp().getPort()), "FM_SMTP_START_TLS", "DISABLED", "FM_NOTIFY_DISPATCH_INTERVAL", "1s",
                "FM_ENERGY_REPORTS_CRON", "* * * * * ?"));
        try (ServiceProcess first = ServiceProcess.start(stack, ServiceProcess.freePort(), "fm-reports-1", "reports-1", env)
                .awaitReady(Duration.ofSeconds(120));
                ServiceProcess second = ServiceProcess.start(stack, ServiceProcess.freePort(), "fm-reports-2", "reports-2", env)
                        .awaitReady(Duration.ofSeconds(120))) {
            HttpResponse<String> created = first.send("POST", "/api/energy/report-subscriptions",
                    "{\"site\": \"demo-campus\", \"recipients\": [\"one@reports.example.org\", \"two@reports.example.org\"],"
                            + " \"dayOfMonth\": " + today.getDayOfMonth() + ", \"formats\": [\"csv\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long id = Long.parseLong(created.body().replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1"));
            String key = "report:" + id + ":" + from;

            await().atMost(Duration.ofSeconds(90)).until(() -> mails(key).size() >= 2);
            // Both instances keep running the job every second; a later subscription's e-mail proves that runs
            // (and dispatches) have passed since.
            HttpResponse<String> marker = second.send("POST", "/api/energy/report-subscriptions",
                    "{\"site\": \"demo-campus\", \"recipients\": [\"marker@reports.example.org\"], \"dayOfMonth\": "
                            + today.getDayOfMonth() + ", \"formats\": [\"csv\"]}");
            assertThat(marker.statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(90)).until(() -> recipientsOfAll().contains("marker@reports.example.org"));

            assertThat(recipients(mails(key))).containsExactlyInAnyOrder("one@reports.example.org", "two@reports.example.org");
            StackDb db = new StackDb(stack);
            assertThat(db.number("select count(*) from report_delivery where subscription_id = ?", id)).isEqualTo(2);
            assertThat(db.number("select count(*) from notify_outbox where event_key = ?", key)).isEqualTo(2);
            for (MimeMessage m : mails(key)) {
                byte[] csv = csvAttachment(m);
                assertThat(ReportFiles.csvSum(ReportFiles.csvBlocks(csv), "totals", 4, 2, "Electricity"))
                        .isEqualTo(10.25 * days, within(1e-9));
            }
        }
    }

    private static void write(List<String> lines) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.influxUrl()
                + "/api/v2/write?org=facility&bucket=facility&precision=ms"))
                .header("Authorization", "Token " + stack.influxToken())
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    private static List<MimeMessage> mails(String eventKey) throws MessagingException {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (eventKey.equals(m.getHeader("X-FM-Event-Key", null))) {
                out.add(m);
            }
        }
        return out;
    }

    private static List<String> recipientsOfAll() throws MessagingException {
        return recipients(List.of(smtp.getReceivedMessages()));
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

    private static byte[] csvAttachment(MimeMessage m) throws Exception {
        MimeMultipart multipart = (MimeMultipart) m.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && part.getFileName().endsWith(".csv")) {
                return part.getInputStream().readAllBytes();
            }
        }
        throw new AssertionError("no CSV attachment");
    }
}

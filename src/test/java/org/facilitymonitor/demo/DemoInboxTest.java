package org.facilitymonitor.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.facilitymonitor.testing.NativeStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/demo's inbox (demo/mailsink.py) keeps what an SMTP client sends and shows it on its page and on the command line. */
class DemoInboxTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path inbox;
    private Process sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.destroy();
        }
    }

    @Test
    void anEmailSentOverSmtpIsListedAndReadable() throws Exception {
        int smtpPort = NativeStack.freePort();
        int httpPort = NativeStack.freePort();
        Path script = NativeStack.repositoryRoot().resolve("demo/mailsink.py");
        sink = new ProcessBuilder("python3", script.toString(), "serve", inbox.toString(), "--smtp-port",
                String.valueOf(smtpPort), "--http-port", String.valueOf(httpPort)).redirectErrorStream(true)
                .redirectOutput(inbox.resolveSibling(inbox.getFileName() + ".log").toFile()).start();
        String page = "http://127.0.0.1:" + httpPort;
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> get(page + "/messages.json").equals("[]"));

        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage mail = new MimeMessage(Session.getInstance(props));
        mail.setFrom(new InternetAddress("facility-monitor@demo-campus.example"));
        mail.setRecipients(Message.RecipientType.TO, "mia.weber@demo-campus.example, jonas.berg@demo-campus.example");
        mail.setSubject("[CRITICAL] Heating pump 1 bearing vibration", "UTF-8");
        mail.setText("canteen-pump-hw-1-vibration 9.3 mm/s\n.a line starting with a dot\nÜberhitzung", "UTF-8");
        Transport.send(mail);

        JsonNode list = new ObjectMapper().readTree(get(page + "/messages.json"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("subject").asText()).isEqualTo("[CRITICAL] Heating pump 1 bearing vibration");
        assertThat(list.get(0).get("to").asText())
                .isEqualTo("<mia.weber@demo-campus.example>, <jonas.berg@demo-campus.example>");
        assertThat(get(page + "/messages/1")).contains("Subject: [CRITICAL] Heating pump 1 bearing vibration")
                .contains("\n.a line starting with a dot\n").contains("Überhitzung");
        assertThat(get(page + "/")).contains("<a href='/messages/1'>[CRITICAL] Heating pump 1 bearing vibration</a>");
        assertThat(Files.readString(inbox.resolve("1.eml"))).startsWith("X-Envelope-From: <facility-monitor@demo-campus.example>");

        Process list2 = new ProcessBuilder("python3", script.toString(), "list", inbox.toString()).start();
        String printed = new String(list2.getInputStream().readAllBytes());
        assertThat(list2.waitFor()).isZero();
        assertThat(printed).contains("[CRITICAL] Heating pump 1 bearing vibration").contains("mia.weber@demo-campus.example");
    }

    /** The service sends with Vert.x's mail client (quarkus-mailer), configured as bin/demo configures it. */
    @Test
    void theServicesMailClientDeliversToIt() throws Exception {
        int smtpPort = NativeStack.freePort();
        int httpPort = NativeStack.freePort();
        sink = new ProcessBuilder("python3", NativeStack.repositoryRoot().resolve("demo/mailsink.py").toString(), "serve",
                inbox.toString(), "--smtp-port", String.valueOf(smtpPort), "--http-port", String.valueOf(httpPort))
                .redirectErrorStream(true).redirectOutput(inbox.resolveSibling(inbox.getFileName() + ".log").toFile()).start();
        String page = "http://127.0.0.1:" + httpPort;
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> get(page + "/messages.json").equals("[]"));
        Vertx vertx = Vertx.vertx();
        try {
            MailClient client = MailClient.create(vertx, new MailConfig().setHostname("127.0.0.1").setPort(smtpPort)
                    .setStarttls(StartTLSOptions.DISABLED));
            client.sendMail(new MailMessage().setFrom("facility-monitor@demo-campus.example")
                    .setTo("sara.lind@demo-campus.example").setSubject("[MAJOR] Late: work order 7 step START")
                    .setText("Priority P2 -> P1")).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        JsonNode list = new ObjectMapper().readTree(get(page + "/messages.json"));
        assertThat(list).singleElement().satisfies(m -> {
            assertThat(m.get("subject").asText()).isEqualTo("[MAJOR] Late: work order 7 step START");
            assertThat(m.get("to").asText()).isEqualTo("<sara.lind@demo-campus.example>");
        });
        assertThat(get(page + "/messages/1")).contains("Priority P2 -> P1");
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}

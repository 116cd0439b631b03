package org.facilitymonitor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** JSON POST of an {@link AlertMessage}; any 2xx is delivered, anything else is retried by the outbox. */
@ApplicationScoped
class WebhookChannel implements NotificationChannel {

    @Inject
    ObjectMapper json;
    @Inject
    NotifyConfig config;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public void send(Delivery d) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(d.address()))
                .timeout(config.sendTimeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "fm-notification-" + d.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(AlertMessage.of(d, true))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new IOException("HTTP " + response.statusCode() + (body.isBlank() ? ""
                    : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }
}

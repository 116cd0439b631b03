package org.facilitymonitor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JSON POST of an {@link AlertMessage}; any 2xx is delivered, anything else is retried by the outbox.
 * The URL is checked by {@link WebhookGuard} before every connect, and the request goes to the
 * address the guard checked (the URL's host stays the Host header and the TLS server name, so
 * certificates are verified against it). A refused URL is undeliverable: DEAD at once. Errors name
 * the host and the status code only: neither the URL (its path is often the secret) nor the
 * receiver's response body reaches the outbox or the logs.
 */
@ApplicationScoped
class WebhookChannel implements NotificationChannel {

    @Inject
    ObjectMapper json;
    @Inject
    NotifyConfig config;
    @Inject
    WebhookGuard guard;
    @Inject
    Vertx vertx;

    private HttpClient http;

    @PostConstruct
    void init() {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.sendTimeout().toMillis());
        http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeoutMs).setVerifyHost(true)
                .setKeepAlive(false));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    @Override
    public void send(Delivery d) throws IOException, InterruptedException, UndeliverableException {
        WebhookGuard.Target target;
        try {
            target = guard.check(d.address());
        } catch (WebhookGuard.Refused e) {
            throw new UndeliverableException("webhook refused: " + e.getMessage());
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setSsl(target.tls())
                .setHost(target.host()).setPort(target.port()).setURI(target.requestUri())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setFollowRedirects(false).setTimeout(config.sendTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Idempotency-Key", "fm-notification-" + d.id());
        Buffer body = Buffer.buffer(json.writeValueAsBytes(AlertMessage.of(d, true)));
        int status;
        try {
            status = http.request(request)
                    .compose(r -> r.send(body))
                    .compose(response -> response.end().map(v -> response.statusCode())) // body read and dropped
                    .toCompletionStage().toCompletableFuture()
                    .get(config.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer from " + target.host() + " within " + config.sendTimeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("POST to " + target.host() + ":" + target.port() + " failed ("
                    + cause.getClass().getSimpleName() + ")");
        }
        if (status / 100 != 2) {
            throw new IOException("HTTP " + status + " from " + target.host());
        }
    }
}

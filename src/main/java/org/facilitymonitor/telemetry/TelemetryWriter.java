package org.facilitymonitor.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Synchronous line-protocol writes to InfluxDB's {@code /api/v2/write}, several at once from
 * different threads. Blocking on purpose: ingest acknowledges a message to the broker only after
 * this returns, and the client library's async API would buffer, drop the oldest and give up
 * retrying on its own. The lines go out as the bytes ingest built ({@link LineBlock}) on a plain
 * OkHttp client: the library's blocking API joined them into one String and copied it again.
 */
@ApplicationScoped
public class TelemetryWriter {

    private static final MediaType LINE_PROTOCOL = MediaType.get("text/plain; charset=utf-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TelemetryConfig config;

    private OkHttpClient http;
    private HttpUrl writeUrl;
    private String authorization;
    private volatile String currentFailure;

    @PostConstruct
    void init() {
        http = new OkHttpClient.Builder()
                .connectTimeout(config.timeout())
                .readTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(8, 5, TimeUnit.MINUTES))
                .socketFactory(new NoDelaySocketFactory())
                .build();
        HttpUrl base = HttpUrl.get(config.url());
        writeUrl = base.newBuilder().addPathSegments("api/v2/write")
                .addQueryParameter("org", config.org())
                .addQueryParameter("bucket", config.bucket())
                .addQueryParameter("precision", "ms")
                .build();
        authorization = config.token().filter(t -> !t.isBlank()).map(t -> "Token " + t).orElse(null);
    }

    @PreDestroy
    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    public void write(List<String> lines) throws WriteFailure {
        writeBlocks(List.of(LineBlock.of(lines)));
    }

    /** Writes the blocks' lines in one request. */
    public void writeBlocks(List<LineBlock> blocks) throws WriteFailure {
        Request.Builder request = new Request.Builder().url(writeUrl).post(new Body(blocks));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            int status = response.code();
            if (response.isSuccessful()) {
                currentFailure = null;
                return;
            }
            String body = response.body() == null ? "" : response.body().string();
            WriteFailure.Kind kind = switch (status) {
                case 400, 422 -> WriteFailure.Kind.REJECTED;
                case 413 -> WriteFailure.Kind.TOO_LARGE;
                default -> WriteFailure.Kind.RETRY;
            };
            throw failed(new WriteFailure(kind, status, "InfluxDB answered " + status + ": "
                    + errorMessage(response, body), null));
        } catch (IOException e) {
            throw failed(new WriteFailure(WriteFailure.Kind.RETRY, 0, "InfluxDB unreachable: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw failed(new WriteFailure(WriteFailure.Kind.RETRY, 0, e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        }
    }

    /** Why the latest write failed for a reason other than refused content, or empty when it succeeded. */
    public Optional<String> currentFailure() {
        return Optional.ofNullable(currentFailure);
    }

    private WriteFailure failed(WriteFailure failure) {
        if (failure.kind() != WriteFailure.Kind.REJECTED) {
            currentFailure = failure.getMessage();
        }
        return failure;
    }

    /** InfluxDB 2.x answers {"message": …}, 1.x {"error": …}, both also in a header. */
    private static String errorMessage(Response response, String body) {
        String header = response.header("X-Influxdb-Error");
        if (header != null && !header.isBlank()) {
            return header;
        }
        try {
            JsonNode node = JSON.readTree(body);
            for (String field : List.of("message", "error")) {
                if (node != null && node.hasNonNull(field)) {
                    return node.get(field).asText();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the body as it is
        }
        String text = body.strip();
        return text.isEmpty() ? response.message() : text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private static final class Body extends RequestBody {
        private final List<LineBlock> blocks;
        private final long length;

        Body(List<LineBlock> blocks) {
            this.blocks = blocks;
            long n = 0;
            for (LineBlock b : blocks) {
                n += b.byteLength();
            }
            this.length = n;
        }

        @Override
        public MediaType contentType() {
            return LINE_PROTOCOL;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            for (LineBlock b : blocks) {
                b.writeTo(sink);
            }
        }
    }
}

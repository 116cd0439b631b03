package org.facilitymonitor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads InfluxDB over its plain HTTP /query endpoint, independently of the service's own client,
 * so tests check what really is stored. Authenticates with the token of the {@link NativeStack}
 * serving the URL (InfluxDB runs with authentication), or the one given.
 */
public final class InfluxProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String database;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public InfluxProbe(String url, String database) {
        this(url, database, NativeStack.influxTokenFor(url));
    }

    /** {@code token}: {@code user:password} (or an InfluxDB 2.x token); null for none. */
    public InfluxProbe(String url, String database, String token) {
        this.url = url;
        this.database = database;
        this.token = token;
    }

    /** One series of a query result: name, tags, column names and rows. */
    public record Series(String name, JsonNode tags, List<String> columns, List<JsonNode> rows) {
    }

    /** Runs an InfluxQL query (epoch milliseconds) and returns every series of every statement. */
    public List<Series> query(String influxQl) {
        String uri = url + "/query?db=" + encode(database) + "&epoch=ms&q=" + encode(influxQl);
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET();
            if (token != null) {
                request.header("Authorization", "Token " + token);
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB query failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("InfluxDB answered " + response.statusCode() + ": " + response.body()
                    + " for " + influxQl);
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            List<Series> all = new ArrayList<>();
            for (JsonNode result : root.path("results")) {
                if (result.has("error")) {
                    throw new IllegalStateException("InfluxQL error: " + result.get("error").asText() + " in " + influxQl);
                }
                for (JsonNode s : result.path("series")) {
                    List<String> columns = new ArrayList<>();
                    s.path("columns").forEach(c -> columns.add(c.asText()));
                    List<JsonNode> rows = new ArrayList<>();
                    s.path("values").forEach(rows::add);
                    all.add(new Series(s.path("name").asText(), s.path("tags"), columns, rows));
                }
            }
            return all;
        } catch (IOException e) {
            throw new IllegalStateException("InfluxDB answer is not JSON: " + response.body(), e);
        }
    }

    /** Number of stored points of a site (every point carries the integer field seq). */
    public long countPoints(String site) {
        return countWhere("\"site\" = '" + site + "'");
    }

    /** Number of stored points, over every measurement, that match an InfluxQL condition. */
    public long countWhere(String condition) {
        long total = 0;
        for (Series s : query("SELECT count(\"seq\") FROM /.*/ WHERE " + condition)) {
            for (JsonNode row : s.rows()) {
                total += row.get(1).asLong();
            }
        }
        return total;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

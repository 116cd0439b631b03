package org.facilitymonitor.testing;

import static org.facilitymonitor.testing.RestRequests.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads counters from the service's Prometheus endpoint, as an operator would. */
public final class Metrics {

    private Metrics() {
    }

    /** Value of a sample such as {@code fm_ingest_readings_stored_total} or {@code name{reason="not-json"}}; 0 when absent. */
    public static double value(String sample) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    public static double rejectedMessages(String reason) {
        return value("fm_ingest_messages_rejected_total{reason=\"" + reason + "\"}");
    }

    public static double rejectedReadings(String reason) {
        return value("fm_ingest_readings_rejected_total{reason=\"" + reason + "\"}");
    }
}

package org.facilitymonitor.energy.baseline;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The OpenEEmeter sample files copied to demo/reference-data/caltrack-samples, read as they are. */
final class CaltrackSamples {

    static final Path DIR = Path.of("demo/reference-data/caltrack-samples");

    record Row(Instant start, double value) {
    }

    private CaltrackSamples() {
    }

    /** Hourly °F by the UTC hour of each reading. */
    static NavigableMap<Instant, Double> temperatureF() throws IOException {
        NavigableMap<Instant, Double> out = new TreeMap<>();
        for (Row r : rows("il-tempF.csv.gz", "dt", "tempF")) {
            out.put(r.start(), r.value());
        }
        return out;
    }

    static List<Row> meter(String name) throws IOException {
        return rows(name, "start", "value");
    }

    private static List<Row> rows(String file, String time, String value) throws IOException {
        List<Row> out = new ArrayList<>();
        try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(DIR.resolve(file))), StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                String v = r.get(value);
                out.add(new Row(OffsetDateTime.parse(r.get(time)).toInstant(), v.equals("nan") ? Double.NaN : Double.parseDouble(v)));
            }
        }
        return out;
    }
}

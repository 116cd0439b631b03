package org.facilitymonitor.energy.weather;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.facilitymonitor.energy.baseline.TemperatureUnit;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * An hourly outdoor-temperature file: a header row, then {@code time,temperature} rows. The time
 * is ISO-8601 with an offset ({@code 2026-01-05T07:00:00+01:00}, {@code …Z}) or a local date-time
 * read in the site's zone (an hour repeated at the autumn clock change then needs an offset). A
 * value names the hour it falls in; two values in one hour are averaged. Empty values and
 * {@code nan} are skipped and counted. Any other bad row rejects the file, every bad row named.
 */
public final class WeatherCsv {

    public static final int MAX_ROWS = 200_000;
    private static final int MAX_ERRORS = 20;

    /** The parsed file: hour start → mean value in °C, and the rows skipped for want of a value. */
    public record Parsed(TreeMap<Instant, Double> hourlyC, int rows, int skippedEmpty) {
    }

    private WeatherCsv() {
    }

    public static Parsed parse(String text, ZoneId zone, TemperatureUnit unit) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("empty file", List.of(new FieldError("body",
                    "required: CSV with a header row and rows of time,temperature")));
        }
        List<FieldError> errors = new ArrayList<>();
        Map<Instant, double[]> sums = new TreeMap<>();
        int rows = 0;
        int skipped = 0;
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(new StringReader(text))) {
            if (p.getHeaderNames().size() < 2) {
                throw ProblemException.invalid("bad header", List.of(new FieldError("line 1",
                        "a header of two columns (time,temperature) is required, was " + p.getHeaderNames())));
            }
            for (CSVRecord r : p) {
                long line = r.getRecordNumber() + 1;
                if (++rows > MAX_ROWS) {
                    throw ProblemException.invalid("file too long", List.of(new FieldError("line " + line,
                            "at most " + MAX_ROWS + " rows per import (about 22 years of hours); split the file")));
                }
                if (r.size() < 2) {
                    error(errors, line, "two columns (time,temperature) expected, found " + r.size());
                    continue;
                }
                String v = r.get(1);
                if (v.isEmpty() || v.equalsIgnoreCase("nan")) {
                    skipped++;
                    continue;
                }
                Instant t = time(r.get(0), zone);
                if (t == null) {
                    error(errors, line, "time '" + r.get(0) + "' is not ISO-8601 like 2026-01-05T07:00:00+01:00 or 2026-01-05T07:00");
                    continue;
                }
                double value;
                try {
                    value = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    error(errors, line, "temperature '" + v + "' is not a number");
                    continue;
                }
                double c = TemperatureUnit.C.fromFahrenheit(unit.toFahrenheit(value));
                if (!Double.isFinite(c) || c < -90 || c > 60) {
                    error(errors, line, "temperature " + v + " " + unit.symbol() + " is outside −90…60 °C: check the unit");
                    continue;
                }
                double[] s = sums.computeIfAbsent(t.truncatedTo(ChronoUnit.HOURS), k -> new double[2]);
                s[0] += c;
                s[1]++;
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw ProblemException.invalid("not CSV", List.of(new FieldError("body", e.getMessage())));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() + (errors.size() == MAX_ERRORS ? "+" : "")
                    + " bad row(s); nothing was imported", errors);
        }
        TreeMap<Instant, Double> out = new TreeMap<>();
        sums.forEach((h, s) -> out.put(h, s[0] / s[1]));
        return new Parsed(out, rows, skipped);
    }

    private static void error(List<FieldError> errors, long line, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError("line " + line, message));
        }
    }

    private static Instant time(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}

package org.facilitymonitor.energy.accounting;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/** Local days {@code from} (inclusive) to {@code to} (exclusive), as REST takes them, and their series. */
public record DayRange(LocalDate from, LocalDate to) {

    public static final int MAX_DAYS = 800;

    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to);
    }

    /** Parses {@code from}/{@code to} (ISO dates, to exclusive) with the problems named by field. */
    public static DayRange parse(String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate f = date("from", from, errors);
        LocalDate t = date("to", to, errors);
        if (f != null && t != null && !t.isAfter(f)) {
            errors.add(new FieldError("to", "must be after 'from' (exclusive end)"));
        } else if (f != null && t != null && ChronoUnit.DAYS.between(f, t) > MAX_DAYS) {
            errors.add(new FieldError("to", "at most " + MAX_DAYS + " days after 'from'"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("bad range", errors);
        }
        return new DayRange(f, t);
    }

    public static LocalDate day(String field, String value) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate d = date(field, value, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("bad " + field, errors);
        }
        return d;
    }

    private static LocalDate date(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "required: a local date like 2026-03-01"));
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not a local date like 2026-03-01: '" + value + "'"));
            return null;
        }
    }

    public static YearMonth month(String field, String value) {
        try {
            return YearMonth.parse(value == null ? "" : value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("bad month", List.of(new FieldError(field, "required: a month like 2026-03, was '"
                    + value + "'")));
        }
    }

    public record Sample(String start, double value) {
    }

    /** A daily vector as samples per day ({@code 1d}) or per calendar month ({@code 1mo}, partial months summed as far as the range goes). */
    public List<Sample> samples(double[] daily, String interval) {
        String i = interval == null ? "1d" : interval;
        List<Sample> out = new ArrayList<>();
        if (i.equals("1d")) {
            for (int d = 0; d < daily.length; d++) {
                out.add(new Sample(from.plusDays(d).toString(), daily[d]));
            }
            return out;
        }
        if (!i.equals("1mo")) {
            throw ProblemException.invalid("bad interval", List.of(new FieldError("interval", "1d or 1mo, was '" + interval + "'")));
        }
        Map<YearMonth, Double> months = new LinkedHashMap<>();
        for (int d = 0; d < daily.length; d++) {
            months.merge(YearMonth.from(from.plusDays(d)), Double.isNaN(daily[d]) ? 0 : daily[d], Double::sum);
        }
        months.forEach((m, v) -> out.add(new Sample(m.toString(), v)));
        return out;
    }
}

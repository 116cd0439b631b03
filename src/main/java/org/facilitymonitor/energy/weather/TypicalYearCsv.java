package org.facilitymonitor.energy.weather;

import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.facilitymonitor.energy.baseline.TemperatureUnit;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * A site's typical year from CSV {@code day,temperature}: a day is {@code MM-DD} or a day of a
 * common year {@code 1}…{@code 365}, or an hour of one ({@code MM-DD HH:mm}, as typical-year files
 * give them, averaged per day). Every one of the 365 days needs a value; 29 February is skipped.
 */
public final class TypicalYearCsv {

    static final int MAX_ROWS = 20_000;
    private static final int MAX_ERRORS = 20;
    private static final Pattern MONTH_DAY = Pattern.compile("(\\d{2})-(\\d{2})(?:[ T](\\d{1,2}):(\\d{2})(?::\\d{2})?)?");
    /** A common year: day-of-year indexes of the 365 days (29 February is not one). */
    private static final int COMMON_YEAR = 2025;

    /** The 365 daily means (°F), the rows read and the 29 February rows skipped. */
    public record Parsed(double[] dailyF, int rows, int skippedLeapDay) {
    }

    private TypicalYearCsv() {
    }

    public static Parsed parse(String text, TemperatureUnit unit) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("empty file", List.of(new FieldError("body",
                    "required: CSV with a header row and rows of day,temperature (365 days, or their hours)")));
        }
        List<FieldError> errors = new ArrayList<>();
        double[] sum = new double[365];
        int[] count = new int[365];
        int rows = 0;
        int leap = 0;
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(new StringReader(text))) {
            if (p.getHeaderNames().size() < 2) {
                throw ProblemException.invalid("bad header", List.of(new FieldError("line 1",
                        "a header of two columns (day,temperature) is required, was " + p.getHeaderNames())));
            }
            for (CSVRecord r : p) {
                long line = r.getRecordNumber() + 1;
                if (++rows > MAX_ROWS) {
                    throw ProblemException.invalid("file too long", List.of(new FieldError("line " + line,
                            "at most " + MAX_ROWS + " rows: one year of days or hours")));
                }
                if (r.size() < 2) {
                    error(errors, line, "two columns (day,temperature) expected, found " + r.size());
                    continue;
                }
                String day = r.get(0);
                Integer index = dayIndex(day);
                if (index == null) {
                    error(errors, line, "day '" + day + "' is not MM-DD, MM-DD HH:mm or a day 1…365");
                    continue;
                }
                if (index == -1) {
                    leap++;
                    continue;
                }
                double value;
                try {
                    value = Double.parseDouble(r.get(1));
                } catch (NumberFormatException e) {
                    error(errors, line, "temperature '" + r.get(1) + "' is not a number");
                    continue;
                }
                double f = unit.toFahrenheit(value);
                double c = TemperatureUnit.C.fromFahrenheit(f);
                if (!Double.isFinite(c) || c < -90 || c > 60) {
                    error(errors, line, "temperature " + r.get(1) + " " + unit.symbol() + " is outside −90…60 °C: check the unit");
                    continue;
                }
                sum[index] += f;
                count[index]++;
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw ProblemException.invalid("not CSV", List.of(new FieldError("body", e.getMessage())));
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 365; i++) {
            if (count[i] == 0) {
                missing.add(MonthDay.from(java.time.LocalDate.ofYearDay(COMMON_YEAR, i + 1)).toString().substring(2));
            }
        }
        if (!missing.isEmpty() && errors.size() < MAX_ERRORS) {
            errors.add(new FieldError("body", missing.size() + " of 365 days have no value: "
                    + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", …" : "")));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.size() + (errors.size() >= MAX_ERRORS ? "+" : "")
                    + " problem(s); the typical year was not changed", errors);
        }
        double[] daily = new double[365];
        for (int i = 0; i < 365; i++) {
            daily[i] = sum[i] / count[i];
        }
        return new Parsed(daily, rows, leap);
    }

    /** The day's index 0…364, -1 for 29 February, null when not a day. */
    static Integer dayIndex(String text) {
        Matcher m = MONTH_DAY.matcher(text);
        if (m.matches()) {
            try {
                MonthDay md = MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                if (m.group(3) != null && (Integer.parseInt(m.group(3)) > 24 || Integer.parseInt(m.group(4)) > 59)) {
                    return null;
                }
                if (md.getMonthValue() == 2 && md.getDayOfMonth() == 29) {
                    return -1;
                }
                return md.atYear(COMMON_YEAR).getDayOfYear() - 1;
            } catch (DateTimeException e) {
                return null;
            }
        }
        if (text.matches("\\d{1,3}")) {
            int d = Integer.parseInt(text);
            return d >= 1 && d <= 365 ? d - 1 : null;
        }
        return null;
    }

    private static void error(List<FieldError> errors, long line, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError("line " + line, message));
        }
    }
}

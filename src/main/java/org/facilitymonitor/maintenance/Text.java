package org.facilitymonitor.maintenance;

import java.util.List;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Checks of the text people type into work orders and plans. Titles and names end up in e-mail subjects
 * and headers, so a single-line field refuses every control character (CR/LF included); multi-line
 * fields allow line breaks and tabs but no other control characters.
 */
public final class Text {

    private Text() {
    }

    /** True when the value is present and fine; otherwise adds what is wrong (a missing optional value adds nothing). */
    public static boolean singleLine(List<FieldError> errors, String field, String value, int max, boolean required) {
        return check(errors, field, value, max, required, false);
    }

    public static boolean multiLine(List<FieldError> errors, String field, String value, int max, boolean required) {
        return check(errors, field, value, max, required, true);
    }

    private static boolean check(List<FieldError> errors, String field, String value, int max, boolean required,
            boolean lineBreaks) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return false;
        }
        if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = lineBreaks && (c == '\n' || c == '\r' || c == '\t');
            if (!allowed && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
                errors.add(new FieldError(field, lineBreaks
                        ? "must not contain control characters (only line breaks and tabs), found U+%04X".formatted((int) c)
                        : "must be a single line without control characters, found U+%04X".formatted((int) c)));
                return false;
            }
        }
        return true;
    }
}

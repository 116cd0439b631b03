package org.facilitymonitor.assets;

import java.util.List;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;

/** Upper limits on request parameters, so that no request can ask for unbounded work; refusals name the parameter. */
public final class Bounds {

    /** Longest name filter ({@code q}); names themselves are at most 200 characters. */
    public static final int MAX_QUERY_TEXT = 200;

    private Bounds() {
    }

    /** @throws ProblemException 422 naming {@code parameter} when {@code text} is longer than {@code max} */
    public static String maxLength(String parameter, String text, int max) {
        if (text != null && text.length() > max) {
            throw tooLarge(parameter, "at most " + max + " characters, was " + text.length());
        }
        return text;
    }

    /** @throws ProblemException 422 naming {@code parameter} when {@code value} is outside [min, max] */
    public static int between(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw tooLarge(parameter, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static ProblemException tooLarge(String parameter, String message) {
        return ProblemException.invalid("'" + parameter + "' is out of bounds: " + message,
                List.of(new FieldError(parameter, message)));
    }
}

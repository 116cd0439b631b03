package org.facilitymonitor.notify;

import java.util.regex.Pattern;

/**
 * Text that ends up in a mail header (subjects, names, addresses). A CR or LF there would end the
 * header and start another ({@code Bcc:}, a second body), so input carrying control characters is
 * refused, and subjects built from other data are flattened to one line as a second defence.
 */
public final class HeaderText {

    /** C0 and C1 controls (CR, LF, TAB, NUL, NEL …) and the Unicode line and paragraph separators. */
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]");
    private static final Pattern CONTROL_RUN = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]+");

    private HeaderText() {
    }

    public static boolean hasControl(String s) {
        return s != null && CONTROL.matcher(s).find();
    }

    /** The text on one line: every run of control characters becomes one space. */
    public static String singleLine(String s) {
        return s == null ? null : CONTROL_RUN.matcher(s).replaceAll(" ").strip();
    }
}

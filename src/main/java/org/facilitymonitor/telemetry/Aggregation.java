package org.facilitymonitor.telemetry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How readings are combined per interval of a history query. */
public enum Aggregation {
    MEAN, MIN, MAX, LAST, FIRST, SUM, COUNT;

    String function() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Aggregation> parse(String text) {
        return Arrays.stream(values()).filter(a -> a.function().equals(text)).findFirst();
    }
}

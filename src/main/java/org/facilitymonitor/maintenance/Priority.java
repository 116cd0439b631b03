package org.facilitymonitor.maintenance;

import java.util.Arrays;
import java.util.Optional;

/** Urgency of a work order, P1 most urgent; it selects the step deadlines in {@link DeadlineTable}. */
public enum Priority {
    P1, P2, P3, P4;

    /** One level more urgent; P1 stays P1. */
    public Priority raised() {
        return this == P1 ? P1 : values()[ordinal() - 1];
    }

    public static Optional<Priority> parse(String text) {
        return Arrays.stream(values()).filter(p -> p.name().equalsIgnoreCase(text == null ? "" : text.trim())).findFirst();
    }
}

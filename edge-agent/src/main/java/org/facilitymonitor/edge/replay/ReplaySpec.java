package org.facilitymonitor.edge.replay;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * One recorded series replayed onto one cumulative point.
 *
 * @param file          a CSV file with a header line
 * @param timeColumn    the column of ISO-8601 timestamps (like {@code 2018-01-01T00:00:00Z}), strictly increasing;
 *                      each stamps the <em>start</em> of the interval whose consumption its row holds
 * @param valueColumn   the column of per-interval consumption, a decimal number {@code >= 0}; an empty cell or
 *                      {@code nan} (any case) is a missing value: the row is skipped and counted
 * @param point         the point id the register is published under
 * @param speed         recorded seconds per agent second, finite and {@code > 0} (3600: an hour of recording per
 *                      second of agent time); taken as its shortest decimal form ({@link BigDecimal#valueOf(double)})
 * @param startRegister the register before the first interval, {@code >= 0}; {@code null} means 0
 * @param scale         multiplies every value (unit conversion), {@code > 0}; {@code null} means 1
 */
public record ReplaySpec(Path file, String timeColumn, String valueColumn, String point, double speed,
                         BigDecimal startRegister, BigDecimal scale) {

    public ReplaySpec {
        if (file == null) {
            throw new IllegalArgumentException("file: required");
        }
        requireText("timeColumn", timeColumn);
        requireText("valueColumn", valueColumn);
        requireText("point", point);
        if (timeColumn.equals(valueColumn)) {
            throw new IllegalArgumentException("valueColumn: must differ from timeColumn, both are '" + timeColumn + "'");
        }
        if (!(speed > 0) || !Double.isFinite(speed)) {
            throw new IllegalArgumentException("speed: must be a finite number > 0 (recorded seconds per agent second), got "
                    + speed);
        }
        startRegister = startRegister == null ? BigDecimal.ZERO : startRegister;
        scale = scale == null ? BigDecimal.ONE : scale;
        if (startRegister.signum() < 0) {
            throw new IllegalArgumentException("startRegister: a cumulative register cannot be negative, got "
                    + startRegister.toPlainString());
        }
        if (scale.signum() <= 0) {
            throw new IllegalArgumentException("scale: must be > 0, got " + scale.toPlainString());
        }
    }

    /** A spec starting at register 0 with scale 1. */
    public ReplaySpec(Path file, String timeColumn, String valueColumn, String point, double speed) {
        this(file, timeColumn, valueColumn, point, speed, BigDecimal.ZERO, BigDecimal.ONE);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
    }
}

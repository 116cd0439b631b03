package org.facilitymonitor.energy.baseline;

import java.util.Locale;

/** The two scales degree days are quoted in. CalTRACK's balance-point grid is defined in °F. */
public enum TemperatureUnit {
    C("degC"), F("degF");

    private final String symbol;

    TemperatureUnit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public double toFahrenheit(double t) {
        return this == F ? t : t * 9.0 / 5.0 + 32.0;
    }

    public double fromFahrenheit(double f) {
        return this == F ? f : (f - 32.0) * 5.0 / 9.0;
    }

    /** A temperature difference (a degree day) in this unit from one in °F. */
    public double differenceFromFahrenheit(double df) {
        return this == F ? df : df * 5.0 / 9.0;
    }

    /** {@code C}, {@code degC}, {@code °C}, {@code celsius} and the same for Fahrenheit; null for anything else. */
    public static TemperatureUnit parse(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "c", "degc", "°c", "celsius" -> C;
            case "f", "degf", "°f", "fahrenheit" -> F;
            default -> null;
        };
    }
}

package org.facilitymonitor.energy.reports;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.Instant;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The labels of a report in its language (bundle {@code energy-reports/messages}), and numbers and dates formatted for its locale. */
final class ReportText {

    private final ReportLanguage language;
    private final ResourceBundle bundle;

    ReportText(ReportLanguage language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("energy-reports.messages", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    ReportLanguage language() {
        return language;
    }

    String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            pattern = key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, language.locale()).format(args);
    }

    String carrier(String carrier) {
        return bundle.containsKey("carrier." + carrier) ? bundle.getString("carrier." + carrier) : carrier;
    }

    /** The name of a kind of waste opportunity (e.g. AFTER_HOURS); a kind without a text keeps its name. */
    String wasteKind(String kind) {
        return bundle.containsKey("waste." + kind) ? bundle.getString("waste." + kind) : kind;
    }

    /** A figure with up to 2 decimals, grouped as the locale groups. */
    String number(double value) {
        NumberFormat f = NumberFormat.getNumberInstance(language.locale());
        f.setMaximumFractionDigits(2);
        f.setMinimumFractionDigits(0);
        return f.format(value);
    }

    /** A share 0..1 as a percentage with one decimal. */
    String share(double value) {
        NumberFormat f = NumberFormat.getPercentInstance(language.locale());
        f.setMaximumFractionDigits(1);
        return f.format(value);
    }

    String date(LocalDate date) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(language.locale()).format(date);
    }

    String dateTime(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(language.locale())
                .format(instant.atZone(zone));
    }
}

package org.facilitymonitor.energy.reports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The languages a report is written in; {@link #tag()} is the BCP 47 tag used in the API and the database. */
public enum ReportLanguage {
    EN("en", Locale.ENGLISH), ZH_CN("zh-CN", Locale.SIMPLIFIED_CHINESE);

    private final String tag;
    private final Locale locale;

    ReportLanguage(String tag, Locale locale) {
        this.tag = tag;
        this.locale = locale;
    }

    public String tag() {
        return tag;
    }

    public Locale locale() {
        return locale;
    }

    public static Optional<ReportLanguage> ofTag(String tag) {
        return Arrays.stream(values()).filter(l -> l.tag.equalsIgnoreCase(tag)).findFirst();
    }
}

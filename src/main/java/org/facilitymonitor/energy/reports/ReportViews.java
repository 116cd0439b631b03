package org.facilitymonitor.energy.reports;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the report endpoints. */
public final class ReportViews {

    private ReportViews() {
    }

    /**
     * Body of POST/PUT /api/energy/report-subscriptions: recipients are e-mail addresses and/or
     * person ids; departments restrict the report (empty: all); formats default to csv, xlsx, pdf;
     * language en (default) or zh-CN; enabled defaults to true.
     */
    public record SubscriptionUpsert(String site, String name, List<String> recipients, List<String> departments,
            List<String> formats, Integer dayOfMonth, String language, Boolean enabled) {
    }

    public record SubscriptionView(long id, String site, String name, List<String> recipients, List<String> departments,
            List<String> formats, int dayOfMonth, String language, boolean enabled, Instant createdAt, Instant updatedAt) {

        static SubscriptionView of(ReportSubscription s) {
            return new SubscriptionView(s.id, s.siteId, s.name, List.of(s.recipients), List.of(s.departments),
                    List.of(s.formats), s.dayOfMonth, s.language, s.enabled, s.createdAt, s.updatedAt);
        }

        /** For roles that may not see personal data: recipients are e-mail addresses. */
        public SubscriptionView withoutRecipients() {
            return new SubscriptionView(id, site, name, null, departments, formats, dayOfMonth, language, enabled, createdAt,
                    updatedAt);
        }
    }
}

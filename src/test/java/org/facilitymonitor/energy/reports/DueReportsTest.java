package org.facilitymonitor.energy.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.facilitymonitor.energy.reports.DueReports.Due;
import org.facilitymonitor.energy.reports.DueReports.Subscription;
import org.junit.jupiter.api.Test;

/** Which report a subscription owes at a moment, in the site's time zone. */
class DueReportsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Subscription ON_THE_5TH = new Subscription(7, 5, Instant.parse("2026-01-10T00:00:00Z"), SHANGHAI);

    @Test
    void owesThePreviousMonthFromItsDayInTheSitesTimeZone() {
        // 2026-03-04T16:00Z is 00:00 on 5 March in Shanghai (UTC+8).
        assertThat(DueReports.due(ON_THE_5TH, Instant.parse("2026-03-04T15:59:59Z"))).isEmpty();
        assertThat(DueReports.due(ON_THE_5TH, Instant.parse("2026-03-04T16:00:00Z")))
                .contains(new Due(7, LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1)));
    }

    @Test
    void laterDaysOfTheMonthOweTheSamePeriodSoAMissedRunIsCaughtUp() {
        assertThat(DueReports.due(ON_THE_5TH, Instant.parse("2026-03-31T15:00:00Z")))
                .contains(new Due(7, LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1)));
        assertThat(DueReports.due(ON_THE_5TH, Instant.parse("2026-04-01T00:00:00Z"))).as("1 April: not yet the 5th")
                .isEmpty();
    }

    @Test
    void aSubscriptionCreatedAfterThisMonthsDayStartsNextMonth() {
        assertThat(DueReports.due(ON_THE_5TH, Instant.parse("2026-01-20T00:00:00Z"))).isEmpty();
        assertThat(DueReports.due(ON_THE_5TH, Instant.parse("2026-02-05T00:00:00Z")))
                .contains(new Due(7, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 1)));
    }

    @Test
    void januaryOwesDecember() {
        Subscription first = new Subscription(1, 1, Instant.parse("2025-06-01T00:00:00Z"), SHANGHAI);
        assertThat(DueReports.due(first, Instant.parse("2026-01-01T08:00:00Z")))
                .contains(new Due(1, LocalDate.of(2025, 12, 1), LocalDate.of(2026, 1, 1)));
    }
}

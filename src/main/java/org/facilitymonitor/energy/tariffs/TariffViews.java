package org.facilitymonitor.energy.tariffs;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/** Request and response bodies of {@link TariffResource}. */
public final class TariffViews {

    private TariffViews() {
    }

    public record TariffRequest(String siteId, String carrier, String name, String currency) {
    }

    public record TariffView(long id, String siteId, String carrier, String unit, String name, String currency,
            String timezone, String createdAt) {
    }

    /** A new version, or (PUT) a version's new definition; reason and actor are required for corrections. */
    public record VersionRequest(String validFrom, JsonNode definition, String actor, String reason) {
    }

    public record VersionView(long tariffId, String validFrom, JsonNode definition, String createdAt, String createdBy,
            String updatedAt, String updatedBy, boolean correction) {
    }

    public record AuditView(long id, long tariffId, String validFrom, String action, String actor, String at,
            String reason, JsonNode oldDefinition, JsonNode newDefinition) {
    }

    public record HolidayRequest(String day, String kind, String name) {
    }

    public record HolidayView(String day, String kind, String name) {
    }

    /** Intervals {@code [start, end)} with their consumption in the carrier's canonical unit. */
    public record QuoteRequest(List<QuoteInterval> intervals) {
    }

    public record QuoteInterval(String start, String end, Double quantity) {
    }

    /** Each interval priced; and per local month touched, its bill as if nothing else was consumed in it. */
    public record QuoteView(long tariffId, String currency, String unit, List<IntervalCost> intervals,
            BigDecimal energyTotal, List<MonthlyBill> bills) {
    }
}

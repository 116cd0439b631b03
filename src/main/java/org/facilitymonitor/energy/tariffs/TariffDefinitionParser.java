package org.facilitymonitor.energy.tariffs;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.facilitymonitor.assets.Carrier;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Reads a tariff definition (JSON) into a {@link TariffDefinition}, listing every problem with the field it
 * is in ({@code seasons[1].days.WORKDAY[2].to}); nothing is built when there is any.
 */
public final class TariffDefinitionParser {

    private static final Set<String> TOP = Set.of("seasons", "tiers", "fixedMonthlyCharge", "demandChargePerKw");
    private static final Set<String> SEASON = Set.of("name", "fromMonth", "toMonth", "prices", "days");
    private static final Set<String> SPAN = Set.of("from", "to", "period");
    private static final Set<String> TIER = Set.of("upTo", "price");
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");

    /** The definition, or the problems; field names are relative to the definition object. */
    public record Result(TariffDefinition definition, List<FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final List<FieldError> errors = new ArrayList<>();

    private TariffDefinitionParser() {
    }

    public static Result parse(JsonNode node, Carrier carrier) {
        TariffDefinitionParser p = new TariffDefinitionParser();
        TariffDefinition definition = p.definition(node, carrier);
        return new Result(p.errors.isEmpty() ? definition : null, List.copyOf(p.errors));
    }

    private TariffDefinition definition(JsonNode node, Carrier carrier) {
        if (node == null || !node.isObject()) {
            error("", "a JSON object with seasons or tiers is required");
            return null;
        }
        unknown(node, TOP, "");
        boolean hasSeasons = node.hasNonNull("seasons");
        boolean hasTiers = node.hasNonNull("tiers");
        if (hasSeasons == hasTiers) {
            error("seasons", "exactly one of seasons (time of use) and tiers (monthly blocks) is required");
        }
        List<TariffDefinition.Season> seasons = hasSeasons ? seasons(node.get("seasons")) : List.of();
        List<TariffDefinition.Tier> tiers = hasTiers ? tiers(node.get("tiers")) : List.of();
        BigDecimal fixed = money(node, "fixedMonthlyCharge", "fixedMonthlyCharge");
        BigDecimal demand = money(node, "demandChargePerKw", "demandChargePerKw");
        if (node.hasNonNull("demandChargePerKw") && !"kWh".equals(carrier.canonicalUnit())) {
            error("demandChargePerKw", "a demand charge needs a carrier metered in kWh; " + carrier + " is in "
                    + carrier.canonicalUnit());
        }
        return new TariffDefinition(seasons, tiers, fixed == null ? BigDecimal.ZERO : fixed,
                demand == null ? BigDecimal.ZERO : demand);
    }

    private List<TariffDefinition.Season> seasons(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            error("seasons", "a non-empty list of seasons is required");
            return List.of();
        }
        List<TariffDefinition.Season> seasons = new ArrayList<>();
        Map<Month, Integer> owner = new EnumMap<>(Month.class);
        for (int i = 0; i < array.size(); i++) {
            String at = "seasons[" + i + "]";
            JsonNode s = array.get(i);
            if (!s.isObject()) {
                error(at, "a season object is required");
                continue;
            }
            unknown(s, SEASON, at + ".");
            String name = s.hasNonNull("name") && s.get("name").isTextual() && !s.get("name").asText().isBlank()
                    ? s.get("name").asText().trim() : null;
            if (name == null) {
                error(at + ".name", "required, e.g. \"summer\"");
            }
            Integer from = month(s, at + ".fromMonth");
            Integer to = month(s, at + ".toMonth");
            if (from != null && to != null) {
                for (Month m : Month.values()) {
                    int v = m.getValue();
                    boolean in = from <= to ? v >= from && v <= to : v >= from || v <= to;
                    if (in) {
                        Integer previous = owner.putIfAbsent(m, i);
                        if (previous != null) {
                            error(at + ".fromMonth", "month " + m + " is already in seasons[" + previous + "]");
                        }
                    }
                }
            }
            Map<Period, BigDecimal> prices = prices(s.get("prices"), at + ".prices");
            Map<DayType, List<TariffDefinition.Span>> days = days(s.get("days"), at + ".days", prices);
            seasons.add(new TariffDefinition.Season(name, from == null ? 1 : from, to == null ? 12 : to, prices, days));
        }
        if (errors.isEmpty() && owner.size() < 12) {
            List<String> missing = new ArrayList<>();
            for (Month m : Month.values()) {
                if (!owner.containsKey(m)) {
                    missing.add(m.toString());
                }
            }
            error("seasons", "every month must be in one season; not covered: " + String.join(", ", missing));
        }
        return seasons;
    }

    private Integer month(JsonNode season, String at) {
        JsonNode n = season.get(at.substring(at.lastIndexOf('.') + 1));
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 12) {
            error(at, "a month number 1–12 is required");
            return null;
        }
        return n.asInt();
    }

    private Map<Period, BigDecimal> prices(JsonNode node, String at) {
        Map<Period, BigDecimal> prices = new EnumMap<>(Period.class);
        if (node == null || !node.isObject() || node.isEmpty()) {
            error(at, "an object of unit prices per period is required, e.g. {\"PEAK\": 1.2, \"VALLEY\": 0.4}");
            return prices;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            Period period = period(name);
            if (period == null) {
                error(at + "." + name, "unknown period; one of PEAK, FLAT, VALLEY, CRITICAL_PEAK");
                continue;
            }
            BigDecimal price = money(node, name, at + "." + name);
            if (price != null) {
                prices.put(period, price);
            }
        }
        return prices;
    }

    private Map<DayType, List<TariffDefinition.Span>> days(JsonNode node, String at, Map<Period, BigDecimal> prices) {
        Map<DayType, List<TariffDefinition.Span>> days = new EnumMap<>(DayType.class);
        if (node == null || !node.isObject()) {
            error(at, "an object with a WORKDAY schedule (and optionally WEEKEND, HOLIDAY) is required");
            return days;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            DayType type;
            try {
                type = DayType.valueOf(name);
            } catch (IllegalArgumentException e) {
                error(at + "." + name, "unknown day type; one of WORKDAY, WEEKEND, HOLIDAY");
                continue;
            }
            days.put(type, spans(node.get(name), at + "." + name, prices));
        }
        if (!node.has("WORKDAY")) {
            error(at + ".WORKDAY", "required (WEEKEND defaults to it, HOLIDAY to WEEKEND)");
        }
        return days;
    }

    private List<TariffDefinition.Span> spans(JsonNode array, String at, Map<Period, BigDecimal> prices) {
        List<TariffDefinition.Span> spans = new ArrayList<>();
        if (array == null || !array.isArray() || array.isEmpty()) {
            error(at, "a list of periods {from, to, period} covering 00:00–24:00 is required");
            return spans;
        }
        String expected = "00:00";
        for (int i = 0; i < array.size(); i++) {
            String here = at + "[" + i + "]";
            JsonNode span = array.get(i);
            if (!span.isObject()) {
                error(here, "a period object {from, to, period} is required");
                expected = null;
                continue;
            }
            unknown(span, SPAN, here + ".");
            String from = time(span, here + ".from");
            String to = time(span, here + ".to");
            if (from != null && "24:00".equals(from)) {
                error(here + ".from", "24:00 is only allowed as the end of the last period");
                from = null;
            }
            if (from != null && expected != null && !from.equals(expected)) {
                error(here + ".from", i == 0 ? "the first period must start at 00:00, was " + from
                        : "must be " + expected + " (the end of the previous period): periods cover the day without gaps or overlaps, was " + from);
            }
            if (from != null && to != null && !"24:00".equals(to) && to.compareTo(from) <= 0) {
                error(here + ".to", "must be after from (" + from + "), was " + to);
            }
            Period period = span.hasNonNull("period") ? period(span.get("period").asText()) : null;
            if (period == null) {
                error(here + ".period", "one of PEAK, FLAT, VALLEY, CRITICAL_PEAK is required");
            } else if (!prices.containsKey(period) && !prices.isEmpty()) {
                error(here + ".period", period + " has no price in this season's prices");
            }
            expected = to;
            if (from != null && to != null && period != null) {
                spans.add(new TariffDefinition.Span(LocalTime.parse(from), "24:00".equals(to) ? null : LocalTime.parse(to),
                        period));
            }
        }
        if (expected != null && !"24:00".equals(expected)) {
            error(at + "[" + (array.size() - 1) + "].to", "the last period must end at 24:00, was " + expected);
        }
        return spans;
    }

    private String time(JsonNode span, String at) {
        JsonNode n = span.get(at.substring(at.lastIndexOf('.') + 1));
        if (n == null || !n.isTextual() || !TIME.matcher(n.asText()).matches()) {
            error(at, "a local time HH:mm (minute resolution, 24:00 for the end of the day) is required");
            return null;
        }
        return n.asText();
    }

    private List<TariffDefinition.Tier> tiers(JsonNode array) {
        List<TariffDefinition.Tier> tiers = new ArrayList<>();
        if (!array.isArray() || array.isEmpty()) {
            error("tiers", "a non-empty list of tiers {upTo, price} is required, the last one without upTo");
            return tiers;
        }
        double previous = 0;
        for (int i = 0; i < array.size(); i++) {
            String at = "tiers[" + i + "]";
            JsonNode tier = array.get(i);
            if (!tier.isObject()) {
                error(at, "a tier object {upTo, price} is required");
                continue;
            }
            unknown(tier, TIER, at + ".");
            boolean last = i == array.size() - 1;
            Double upTo = null;
            JsonNode u = tier.get("upTo");
            if (last) {
                if (u != null && !u.isNull()) {
                    error(at + ".upTo", "the last tier has no upper bound: leave upTo out");
                }
            } else if (u == null || !u.isNumber()) {
                error(at + ".upTo", "required: the month's cumulative quantity where the next tier starts");
            } else if (!(u.asDouble() > previous) || Double.isInfinite(u.asDouble())) {
                error(at + ".upTo", "must be above " + (i == 0 ? "0" : "tiers[" + (i - 1) + "].upTo (" + previous + ")")
                        + ", was " + u.asText());
            } else {
                upTo = u.asDouble();
                previous = upTo;
            }
            BigDecimal price = money(tier, "price", at + ".price");
            if (price == null && (!tier.has("price") || tier.get("price").isNull())) {
                error(at + ".price", "required");
            }
            tiers.add(new TariffDefinition.Tier(upTo, price));
        }
        return tiers;
    }

    /** A non-negative amount; null (and an error when present but wrong) otherwise. */
    private BigDecimal money(JsonNode node, String name, String at) {
        JsonNode n = node.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            error(at, "a number is required, was " + n);
            return null;
        }
        BigDecimal value = n.decimalValue();
        if (value.signum() < 0) {
            error(at, "must not be negative, was " + value.toPlainString());
            return null;
        }
        return value;
    }

    private static Period period(String name) {
        try {
            return Period.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void unknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                error(prefix + name, "unknown field; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}

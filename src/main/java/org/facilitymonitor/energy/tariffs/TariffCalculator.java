package org.facilitymonitor.energy.tariffs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.facilitymonitor.assets.Carrier;

/**
 * Prices consumption under one tariff's versions (pure: no clock, no database). Time is split at local
 * midnight (where versions, seasons and day types change) and at every period boundary of the day's
 * schedule, in the site's time zone: a period is the set of instants whose local wall-clock time lies in it,
 * so on a 23-hour day a period inside the skipped hour has no length and on a 25-hour day a period over the
 * repeated hour lasts an hour longer. Each piece is priced with the consumption in it.
 *
 * <p>Money is {@link BigDecimal}: a piece's amount is {@code BigDecimal.valueOf(quantity) × unitPrice},
 * exact; sums are exact; shares of a month use 34 significant digits; nothing is rounded until
 * {@link MonthlyBill#totalRounded()}. Quantities are doubles (they come from double registers).
 */
public final class TariffCalculator {

    public static final Duration DEMAND_INTERVAL = Duration.ofMinutes(15);
    private static final MathContext MC = MathContext.DECIMAL128;

    private final ZoneId zone;
    private final ZoneRules rules;
    private final Carrier carrier;
    private final NavigableMap<LocalDate, TariffVersion> versions = new TreeMap<>();
    private final HolidayCalendar holidays;
    /** Each local day's pieces, computed once (a calculator is immutable otherwise, and safe to share). */
    private final Map<LocalDate, List<Slice>> days = new ConcurrentHashMap<>();

    public TariffCalculator(ZoneId zone, Carrier carrier, List<TariffVersion> versions, HolidayCalendar holidays) {
        this.zone = Objects.requireNonNull(zone);
        this.rules = zone.getRules();
        this.carrier = Objects.requireNonNull(carrier);
        for (TariffVersion v : versions) {
            if (this.versions.put(v.validFrom(), v) != null) {
                throw new IllegalArgumentException("two versions valid from " + v.validFrom());
            }
        }
        this.holidays = holidays == null ? HolidayCalendar.NONE : holidays;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The version in force on a local day, null before the first one. */
    public TariffVersion versionOn(LocalDate day) {
        Map.Entry<LocalDate, TariffVersion> e = versions.floorEntry(day);
        return e == null ? null : e.getValue();
    }

    /** {@code [from, to)} cut at every local midnight and period boundary, in time order. */
    public List<Slice> slices(Instant from, Instant to) {
        List<Slice> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        for (LocalDate day = LocalDate.ofInstant(from, zone);; day = day.plusDays(1)) {
            Instant dayStart = startOf(day);
            if (!dayStart.isBefore(to)) {
                return out;
            }
            Instant dayEnd = startOf(day.plusDays(1));
            if (dayEnd.isAfter(from)) {
                sliceDay(day, dayStart, dayEnd, from, to, out);
            }
        }
    }

    /** The energy cost of one interval. */
    public IntervalCost cost(ConsumptionFunction f, Instant from, Instant to) {
        return costs(f, List.of(from, to)).get(0);
    }

    /**
     * The energy cost of each interval between consecutive boundaries (e.g. a local 15-minute grid). Tiered
     * prices count the month's cumulative quantity from the local month start, so intervals priced one by one
     * and a whole month priced at once agree.
     */
    public List<IntervalCost> costs(ConsumptionFunction f, List<Instant> boundaries) {
        Pricer pricer = new Pricer(f);
        List<IntervalCost> out = new ArrayList<>(Math.max(0, boundaries.size() - 1));
        for (int i = 0; i + 1 < boundaries.size(); i++) {
            Instant from = boundaries.get(i);
            Instant to = boundaries.get(i + 1);
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("boundaries must not decrease: " + from + " then " + to);
            }
            pricer.reset();
            for (Slice s : slices(from, to)) {
                pricer.price(s);
            }
            out.add(new IntervalCost(from, to, pricer.quantity, pricer.unpriced, pricer.lines(), pricer.amount()));
        }
        return out;
    }

    /** Boundaries every 15 minutes from {@code from} to {@code to} (a local quarter-hour grid in every real zone). */
    public static List<Instant> quarterHours(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(DEMAND_INTERVAL)) {
            out.add(t);
        }
        out.add(to);
        return out;
    }

    /** Local midnight starting the month, as an instant. */
    public Instant startOf(YearMonth month) {
        return startOf(month.atDay(1));
    }

    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /**
     * The bill of a local calendar month: energy by period or tier; per version in force during the month the
     * fixed charge times its share of the month's days, and the demand charge on the highest 15-minute demand
     * (kWh in a local quarter hour × 4) among that version's days times the same share.
     */
    public MonthlyBill bill(ConsumptionFunction f, YearMonth month) {
        Instant from = startOf(month);
        Instant to = startOf(month.plusMonths(1));
        Pricer pricer = new Pricer(f);
        for (Slice s : slices(from, to)) {
            pricer.price(s);
        }
        List<CostLine> lines = new ArrayList<>(pricer.lines());
        BigDecimal total = pricer.amount();
        BigDecimal monthDays = BigDecimal.valueOf(month.lengthOfMonth());
        boolean kw = "kWh".equals(carrier.canonicalUnit());
        double peak = 0;
        Instant peakAt = null;
        LocalDate first = month.atDay(1);
        LocalDate end = month.plusMonths(1).atDay(1);
        while (first.isBefore(end)) {
            TariffVersion version = versionOn(first);
            LocalDate last = first.plusDays(1);
            while (last.isBefore(end) && versionOn(last) == version) {
                last = last.plusDays(1);
            }
            double segmentPeak = 0;
            Instant segmentPeakAt = null;
            if (kw) {
                Instant segmentEnd = startOf(last);
                for (Instant t = startOf(first); t.isBefore(segmentEnd); t = t.plus(DEMAND_INTERVAL)) {
                    double demand = f.between(t, t.plus(DEMAND_INTERVAL)) * 4;
                    if (demand > segmentPeak) {
                        segmentPeak = demand;
                        segmentPeakAt = t;
                    }
                }
                if (segmentPeak > peak) {
                    peak = segmentPeak;
                    peakAt = segmentPeakAt;
                }
            }
            if (version != null) {
                long days = last.toEpochDay() - first.toEpochDay();
                BigDecimal share = BigDecimal.valueOf(days).divide(monthDays, MC);
                String daysNote = first + " to " + last.minusDays(1) + ": " + days + " of " + monthDays + " days";
                TariffDefinition d = version.definition();
                if (d.fixedMonthlyCharge().signum() > 0) {
                    BigDecimal amount = d.fixedMonthlyCharge().multiply(share, MC);
                    lines.add(new CostLine(LineKind.FIXED, "fixed", null, version.validFrom(), share.doubleValue(), "month",
                            d.fixedMonthlyCharge(), amount, daysNote));
                    total = total.add(amount);
                }
                if (kw && d.demandChargePerKw().signum() > 0) {
                    BigDecimal amount = BigDecimal.valueOf(segmentPeak).multiply(d.demandChargePerKw()).multiply(share, MC);
                    lines.add(new CostLine(LineKind.DEMAND, "demand", null, version.validFrom(), segmentPeak, "kW",
                            d.demandChargePerKw(), amount, "highest 15-minute demand (kWh × 4)"
                                    + (segmentPeakAt == null ? "" : " in the quarter hour from " + segmentPeakAt)
                                    + "; " + daysNote));
                    total = total.add(amount);
                }
            }
            first = last;
        }
        return new MonthlyBill(month, from, to, pricer.quantity, pricer.unpriced, List.copyOf(lines),
                List.copyOf(pricer.crossings), peak, peakAt, total);
    }

    private void sliceDay(LocalDate day, Instant dayStart, Instant dayEnd, Instant from, Instant to, List<Slice> out) {
        for (Slice s : days.computeIfAbsent(day, d -> sliceDay(d, dayStart, dayEnd))) {
            clip(out, s, from, to);
        }
    }

    /** The whole local day in pieces of one price rule, merged where the same period continues. */
    private List<Slice> sliceDay(LocalDate day, Instant dayStart, Instant dayEnd) {
        List<Slice> out = new ArrayList<>();
        TariffVersion version = versionOn(day);
        DayType type = holidays.dayType(day);
        if (version == null || !version.definition().timeOfUse()) {
            out.add(new Slice(dayStart, dayEnd, day, version == null ? null : version.validFrom(), null, type, null, null));
            return List.copyOf(out);
        }
        TariffDefinition.Season season = version.definition().seasonOf(day.getMonth());
        List<TariffDefinition.Span> spans = season.schedule(type);
        List<Slice> pieces = new ArrayList<>();
        // Within a stretch of constant UTC offset the wall clock runs with the instant; cut the day at transitions.
        Instant a = dayStart;
        while (a.isBefore(dayEnd)) {
            ZoneOffsetTransition next = rules.nextTransition(a);
            Instant b = next == null || !next.getInstant().isBefore(dayEnd) ? dayEnd : next.getInstant();
            ZoneOffset offset = rules.getOffset(a);
            LocalDateTime wallFrom = LocalDateTime.ofInstant(a, offset);
            LocalDateTime wallTo = LocalDateTime.ofInstant(b, offset);
            for (TariffDefinition.Span span : spans) {
                LocalDateTime spanFrom = day.atTime(span.from());
                LocalDateTime spanTo = span.to() == null ? day.plusDays(1).atStartOfDay() : day.atTime(span.to());
                LocalDateTime s = spanFrom.isAfter(wallFrom) ? spanFrom : wallFrom;
                LocalDateTime e = spanTo.isBefore(wallTo) ? spanTo : wallTo;
                if (s.isBefore(e)) {
                    pieces.add(new Slice(s.toInstant(offset), e.toInstant(offset), day, version.validFrom(), season.name(),
                            type, span.period(), season.prices().get(span.period())));
                }
            }
            a = b;
        }
        pieces.sort(Comparator.comparing(Slice::from));
        Slice pending = null;
        for (Slice p : pieces) {
            if (pending != null && pending.to().equals(p.from()) && pending.period() == p.period()) {
                pending = new Slice(pending.from(), p.to(), day, pending.version(), pending.season(), type, p.period(),
                        p.unitPrice());
            } else {
                if (pending != null) {
                    out.add(pending);
                }
                pending = p;
            }
        }
        if (pending != null) {
            out.add(pending);
        }
        return List.copyOf(out);
    }

    private static void clip(List<Slice> out, Slice s, Instant from, Instant to) {
        Instant a = s.from().isBefore(from) ? from : s.from();
        Instant b = s.to().isAfter(to) ? to : s.to();
        if (a.isBefore(b)) {
            out.add(new Slice(a, b, s.day(), s.version(), s.season(), s.dayType(), s.period(), s.unitPrice()));
        }
    }

    /** Prices slices one after the other, keeping the month's cumulative quantity for tiers. */
    private final class Pricer {
        private final ConsumptionFunction f;
        private final Map<List<Object>, CostLine> lines = new LinkedHashMap<>();
        private final List<TierCrossing> crossings = new ArrayList<>();
        private double quantity;
        private double unpriced;
        private YearMonth cumulativeMonth;
        private Instant cumulativeAt;
        private double cumulative;

        Pricer(ConsumptionFunction f) {
            this.f = f;
        }

        void reset() {
            lines.clear();
            quantity = 0;
            unpriced = 0;
        }

        void price(Slice s) {
            double q = f.between(s.from(), s.to());
            quantity += q;
            if (s.version() == null) {
                unpriced += q;
                return;
            }
            if (s.period() != null) {
                add(LineKind.PERIOD, s.period().name(), s.season(), s.version(), q, s.unitPrice(), null);
                return;
            }
            YearMonth month = YearMonth.from(s.day());
            if (!month.equals(cumulativeMonth) || !s.from().equals(cumulativeAt)) {
                cumulative = f.between(startOf(month), s.from());
                cumulativeMonth = month;
            }
            List<TariffDefinition.Tier> tiers = versions.get(s.version()).definition().tiers();
            double c0 = cumulative;
            double c1 = c0 + q;
            double lower = 0;
            for (int i = 0; i < tiers.size(); i++) {
                TariffDefinition.Tier tier = tiers.get(i);
                double upper = tier.upper();
                double part = Math.min(c1, upper) - Math.max(c0, lower);
                if (part > 0) {
                    add(LineKind.TIER, "tier " + (i + 1), null, s.version(), part, tier.price(),
                            "month's cumulative quantity " + fmt(lower) + " to "
                                    + (tier.upTo() == null ? "more" : fmt(upper)) + " " + carrier.canonicalUnit());
                }
                if (i + 1 < tiers.size() && c0 < upper && upper <= c1 && q > 0) {
                    crossings.add(new TierCrossing(i + 2, upper, crossing(s.from(), s.to(), upper - c0, q)));
                }
                lower = upper;
            }
            cumulative = c1;
            cumulativeAt = s.to();
        }

        /**
         * Where the consumption since {@code from} reaches {@code needed}: proportional in time when the function
         * is linear across the piece, otherwise found by bisection down to a millisecond and interpolated
         * linearly within it.
         */
        private Instant crossing(Instant from, Instant to, double needed, double q) {
            long nanos = Duration.between(from, to).toNanos();
            Instant guess = from.plusNanos(Math.round(nanos * (needed / q)));
            if (Math.abs(f.between(from, guess) - needed) <= 1e-9 * Math.max(1, q)) {
                return guess;
            }
            Instant lo = from;
            Instant hi = to;
            while (Duration.between(lo, hi).toMillis() >= 1) {
                Instant mid = lo.plusNanos(Duration.between(lo, hi).toNanos() / 2);
                if (f.between(from, mid) < needed) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            // Within the last millisecond the function is linear (unless a reading falls inside it).
            double atLo = f.between(from, lo);
            double step = f.between(lo, hi);
            return step <= 0 ? hi : lo.plusNanos(Math.round(Duration.between(lo, hi).toNanos() * ((needed - atLo) / step)));
        }

        private void add(LineKind kind, String item, String season, LocalDate version, double q, BigDecimal price,
                String note) {
            BigDecimal amount = BigDecimal.valueOf(q).multiply(price);
            lines.merge(List.of(kind, item, Objects.toString(season, ""), version, price),
                    new CostLine(kind, item, season, version, q, carrier.canonicalUnit(), price, amount, note),
                    (x, y) -> new CostLine(kind, item, season, version, x.quantity() + y.quantity(), x.unit(), price,
                            x.amount().add(y.amount()), note));
        }

        List<CostLine> lines() {
            List<CostLine> out = new ArrayList<>(lines.values());
            out.sort(Comparator.comparing(CostLine::version).thenComparing(CostLine::kind)
                    .thenComparing(l -> Objects.toString(l.season(), "")).thenComparing(CostLine::item));
            return List.copyOf(out);
        }

        BigDecimal amount() {
            BigDecimal sum = BigDecimal.ZERO;
            for (CostLine l : lines.values()) {
                sum = sum.add(l.amount());
            }
            return sum;
        }
    }

    private static String fmt(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

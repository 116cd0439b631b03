package org.facilitymonitor.maintenance.plans;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which occurrences of a calendar plan must be turned into work orders now. Pure: the answer depends
 * only on the arguments and the clock, so instances that run it at the same time agree, and the
 * caller's unique constraint on (plan, occurrence key) absorbs the race. The caller records the
 * {@link Result#lastKey()} it generated and passes it back next time; with it, nothing is
 * returned twice.
 */
public final class Generation {

    private final Clock clock;

    public Generation(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param leadTime         how long before the due instant the work order is created (an exact duration,
     *                         so a 2-day lead across the spring-forward starts one wall-clock hour earlier)
     * @param lastGeneratedKey the key of the latest occurrence already generated for this plan, if any
     * @param lastCompletion   when this plan's latest work order was completed (FLOATING only; FIXED ignores it)
     * @param catchUp          how many already-due occurrences a FIXED plan may create at once after missed runs
     */
    public Result occurrencesToGenerate(CalendarRule rule, Duration leadTime, Optional<String> lastGeneratedKey,
            Optional<Instant> lastCompletion, CatchUp catchUp) {
        if (leadTime.isNegative()) {
            throw new IllegalArgumentException("lead time must not be negative: " + leadTime);
        }
        Instant now = clock.instant();
        return rule.anchoring() == CalendarRule.Anchoring.FIXED
                ? fixed(rule, leadTime, lastGeneratedKey.map(Generation::dateOfKey), catchUp, now)
                : floating(rule, leadTime, lastGeneratedKey, lastCompletion, now);
    }

    private static Result fixed(CalendarRule rule, Duration leadTime, Optional<LocalDate> lastGenerated,
            CatchUp catchUp, Instant now) {
        LocalDate from = lastGenerated.map(date -> date.plusDays(1)).orElse(rule.start());
        // One day beyond the local date of now + lead covers a due time pushed forward by a DST gap.
        LocalDate to = rule.localDateOf(now.plus(leadTime)).plusDays(1);
        List<Occurrence> alreadyDue = new ArrayList<>();
        List<Occurrence> upcoming = new ArrayList<>();
        for (LocalDate date : rule.fixedDates(from, to)) {
            Occurrence occurrence = rule.occurrenceOn(date, leadTime);
            if (occurrence.generateAt().isAfter(now)) {
                continue;
            }
            (occurrence.dueAt().isAfter(now) ? upcoming : alreadyDue).add(occurrence);
        }
        int skip = Math.max(0, alreadyDue.size() - catchUp.maxDueOccurrences());
        List<Occurrence> toGenerate = new ArrayList<>(alreadyDue.subList(skip, alreadyDue.size()));
        toGenerate.addAll(upcoming);
        return new Result(List.copyOf(toGenerate), List.copyOf(alreadyDue.subList(0, skip)));
    }

    /**
     * A FLOATING plan has at most one open occurrence: the next one is derived from the last completion,
     * and as long as that completion does not change, it is the occurrence already generated.
     */
    private static Result floating(CalendarRule rule, Duration leadTime, Optional<String> lastGeneratedKey,
            Optional<Instant> lastCompletion, Instant now) {
        LocalDate next = lastCompletion.map(rule::floatingDateAfter).orElse(rule.start());
        Occurrence occurrence = rule.occurrenceOn(next, leadTime);
        boolean alreadyGenerated = lastGeneratedKey.filter(occurrence.key()::equals).isPresent();
        if (alreadyGenerated || occurrence.generateAt().isAfter(now)) {
            return Result.NOTHING;
        }
        return new Result(List.of(occurrence), List.of());
    }

    private static LocalDate dateOfKey(String key) {
        try {
            return LocalDate.parse(key);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a calendar occurrence key: " + key, e);
        }
    }

    /**
     * @param toGenerate occurrences to create work orders for, in due order
     * @param skipped    missed occurrences left out by the catch-up limit (to be counted, never generated later)
     */
    public record Result(List<Occurrence> toGenerate, List<Occurrence> skipped) {

        static final Result NOTHING = new Result(List.of(), List.of());

        /** The key to store as the plan's last generated occurrence, if anything was generated. */
        public Optional<String> lastKey() {
            return toGenerate.isEmpty() ? Optional.empty() : Optional.of(toGenerate.get(toGenerate.size() - 1).key());
        }
    }
}

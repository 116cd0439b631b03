package org.facilitymonitor.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Maintenance figures over the orders requested in a window (pure; {@code now} decides what is overdue).
 * <ul>
 * <li><b>MTTA</b> (mean time to acknowledge): mean of request → first dispatch, over the orders dispatched.</li>
 * <li><b>MTTR</b> (mean time to repair, restore view): mean of request → completion, over the orders completed
 * (a reopened order counts its final completion); {@code meanRepairMinutes} is start → completion (wrench time
 * plus waiting on site).</li>
 * <li><b>On-time rate</b> per step: of the orders where the step is decided, the share done by its due time. A
 * step is decided when done, or when its due time has passed while it is still pending (late). Cancelled
 * orders count only for the steps they did.</li>
 * <li><b>Satisfaction</b>: mean rating (1–5) and count of rated orders, per department of the asset (as it was
 * at the request) and per team dispatched to.</li>
 * <li><b>MTBF</b> per asset: mean time between consecutive corrective orders (requested by a person or by a
 * rule, not cancelled, plan orders excluded) = (last − first request) / (failures − 1); absent with fewer
 * than two failures.</li>
 * </ul>
 */
public final class WorkOrderReports {

    /** What a report needs of one order. */
    public record Facts(long id, WorkOrder.Kind kind, WorkOrderState state, String assetId, String departmentId,
            String team, Integer rating, Instant requestedAt, Instant dispatchedAt, Instant startedAt,
            Instant completedAt, Instant acceptedAt, Map<Step, Instant> due) {

        static Facts of(WorkOrder o) {
            return new Facts(o.id, o.kind, o.state, o.assetId, o.departmentId, o.team, o.rating, o.requestedAt,
                    o.dispatchedAt, o.startedAt, o.completedAt, o.acceptedAt, o.dueTimes());
        }

        Instant done(Step step) {
            return switch (step) {
                case DISPATCH -> dispatchedAt;
                case START -> startedAt;
                case COMPLETE -> completedAt;
                case ACCEPT -> acceptedAt;
            };
        }
    }

    public record Mean(long count, Double meanMinutes) {
    }

    public record Repair(long count, Double meanMinutes, long repairCount, Double meanRepairMinutes) {
    }

    public record OnTime(Step step, long decided, long onTime, long late, Double rate) {
    }

    public record Satisfaction(String group, long count, double meanRating) {
    }

    public record Mtbf(String assetId, long failures, Double mtbfHours) {
    }

    public record Report(Instant from, Instant to, long orders, Mean mtta, Repair mttr, List<OnTime> onTime,
            List<Satisfaction> satisfactionByDepartment, List<Satisfaction> satisfactionByTeam, List<Mtbf> mtbfByAsset) {
    }

    /** Name of the group of orders without a department or team. */
    public static final String NONE = "(none)";

    private WorkOrderReports() {
    }

    public static Report compute(Instant from, Instant to, List<Facts> orders, Instant now) {
        List<Facts> inWindow = orders.stream()
                .filter(o -> !o.requestedAt().isBefore(from) && o.requestedAt().isBefore(to)).toList();
        return new Report(from, to, inWindow.size(), mtta(inWindow), mttr(inWindow), onTime(inWindow, now),
                satisfaction(inWindow, Facts::departmentId), satisfaction(inWindow, Facts::team), mtbf(inWindow));
    }

    private static Mean mtta(List<Facts> orders) {
        List<Duration> d = orders.stream().filter(o -> o.dispatchedAt() != null)
                .map(o -> Duration.between(o.requestedAt(), o.dispatchedAt())).toList();
        return new Mean(d.size(), meanMinutes(d));
    }

    private static Repair mttr(List<Facts> orders) {
        List<Duration> restore = orders.stream().filter(o -> o.completedAt() != null)
                .map(o -> Duration.between(o.requestedAt(), o.completedAt())).toList();
        List<Duration> repair = orders.stream().filter(o -> o.completedAt() != null && o.startedAt() != null)
                .map(o -> Duration.between(o.startedAt(), o.completedAt())).toList();
        return new Repair(restore.size(), meanMinutes(restore), repair.size(), meanMinutes(repair));
    }

    private static List<OnTime> onTime(List<Facts> orders, Instant now) {
        Map<Step, long[]> counts = new EnumMap<>(Step.class);
        for (Step step : Step.values()) {
            counts.put(step, new long[2]);
        }
        for (Facts o : orders) {
            for (Step step : Step.values()) {
                Instant due = o.due().get(step);
                if (due == null) {
                    continue;
                }
                Instant done = o.done(step);
                if (done != null) {
                    counts.get(step)[done.isAfter(due) ? 1 : 0]++;
                } else if (Escalation.pendingIn(step).contains(o.state()) && now.isAfter(due)) {
                    counts.get(step)[1]++;
                }
            }
        }
        List<OnTime> result = new ArrayList<>();
        counts.forEach((step, c) -> {
            long decided = c[0] + c[1];
            result.add(new OnTime(step, decided, c[0], c[1], decided == 0 ? null : (double) c[0] / decided));
        });
        return result;
    }

    private static List<Satisfaction> satisfaction(List<Facts> orders, Function<Facts, String> group) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Facts o : orders) {
            if (o.rating() != null) {
                long[] s = sums.computeIfAbsent(Objects.requireNonNullElse(group.apply(o), NONE), g -> new long[2]);
                s[0]++;
                s[1] += o.rating();
            }
        }
        List<Satisfaction> result = new ArrayList<>();
        sums.forEach((g, s) -> result.add(new Satisfaction(g, s[0], (double) s[1] / s[0])));
        return result;
    }

    private static List<Mtbf> mtbf(List<Facts> orders) {
        Map<String, List<Instant>> failures = new TreeMap<>();
        orders.stream()
                .filter(o -> o.kind() != WorkOrder.Kind.PLAN && o.state() != WorkOrderState.CANCELLED)
                .sorted(Comparator.comparing(Facts::requestedAt))
                .forEach(o -> failures.computeIfAbsent(o.assetId(), a -> new ArrayList<>()).add(o.requestedAt()));
        List<Mtbf> result = new ArrayList<>();
        failures.forEach((asset, times) -> {
            Double hours = null;
            if (times.size() >= 2) {
                Duration span = Duration.between(times.get(0), times.get(times.size() - 1));
                hours = span.toMillis() / 3_600_000.0 / (times.size() - 1);
            }
            result.add(new Mtbf(asset, times.size(), hours));
        });
        return result;
    }

    private static Double meanMinutes(List<Duration> durations) {
        if (durations.isEmpty()) {
            return null;
        }
        return durations.stream().mapToLong(Duration::toMillis).sum() / 60_000.0 / durations.size();
    }
}

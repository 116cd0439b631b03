package org.facilitymonitor.maintenance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Wire formats of the work-order API. */
public final class WorkOrderViews {

    private WorkOrderViews() {
    }

    /**
     * A person's request: POST /api/work-orders (logged in) or POST /request/{assetId} (the public form).
     * Priority P1–P4, P3 when absent. {@code requester} is the login and may be left out (anything else is
     * refused); {@code contact} is how to reach the person who reported it (name, e-mail or phone), required
     * on the public form.
     */
    public record NewRequest(String assetId, String title, String description, String requester, String contact,
            String priority) {
    }

    /**
     * What the public form answers. {@code key} (shown once, only for a request made without a login) lets
     * its requester accept and rate the order at {@code followUp}.
     */
    public record Receipt(long id, String assetId, WorkOrderState state, Priority priority, String followUp, String key) {
    }

    /** What the public requester sees of their order on the follow-up link. */
    public record FollowUpView(long id, String assetId, String title, WorkOrderState state, Priority priority,
            Instant requestedAt, Instant completedAt, Integer rating, List<String> actions) {
    }

    /**
     * A move to state {@code to}. Fields used per target: DISPATCHED {@code assignee} and/or {@code team};
     * COMPLETED {@code notes}, {@code parts}, {@code labourMinutes}, {@code checklist}; RATED {@code rating}
     * (1–5, the comment is the rating's comment); REOPENED a {@code comment} (why). The actor is the login;
     * {@code actor} may be left out (anything but the login is refused).
     */
    public record TransitionRequest(String to, String actor, String comment, String assignee, String team, String notes,
            List<Part> parts, Integer labourMinutes, List<ChecklistResult> checklist, Integer rating) {
    }

    public record Part(String name, BigDecimal quantity) {
    }

    public record ChecklistResult(String item, Boolean passed, String note) {
    }

    /** {@code requesterContact} is null unless the reader may see personal data (admin, engineer). */
    public record WorkOrderView(long id, WorkOrder.Kind kind, String origin, String assetId, String siteId,
            String departmentId, String title, String description, String requester, String requesterContact, Long ruleId, Long planId, String occurrenceKey,
            Priority priority, WorkOrderState state, List<WorkOrderState> allowedNext, String assignee, String team,
            String notes, Integer labourMinutes, List<Part> parts, List<ChecklistResult> checklist, Integer rating,
            String ratingComment, Instant requestedAt, Instant dispatchedAt, Instant startedAt, Instant completedAt,
            Instant acceptedAt, Instant ratedAt, Instant closedAt, Instant cancelledAt, Instant dispatchDue,
            Instant startDue, Instant completeDue, Instant acceptDue, Instant updatedAt) {

        static WorkOrderView of(WorkOrder o, boolean personalData) {
            return new WorkOrderView(o.id, o.kind, o.origin, o.assetId, o.siteId, o.departmentId, o.title, o.description,
                    o.requester, personalData ? o.requesterContact : null, o.ruleId, o.planId, o.occurrenceKey, o.priority, o.state,
                    List.copyOf(WorkOrderLifecycle.allowedFrom(o.state)), o.assignee, o.team, o.notes, o.labourMinutes,
                    o.parts.stream().map(p -> new Part(p.name, p.quantity)).toList(),
                    o.checklist.stream().map(c -> new ChecklistResult(c.item, c.passed, c.note)).toList(), o.rating,
                    o.ratingComment, o.requestedAt, o.dispatchedAt, o.startedAt, o.completedAt, o.acceptedAt, o.ratedAt,
                    o.closedAt, o.cancelledAt, o.dispatchDue, o.startDue, o.completeDue, o.acceptDue, o.updatedAt);
        }
    }

    /** One line of GET /api/work-orders/{id}/history. */
    public record EventView(Instant at, WorkOrderEvent.Kind kind, String actor, WorkOrderState from,
            WorkOrderState to, Priority priority, String comment) {

        static EventView of(WorkOrderEvent e) {
            return new EventView(e.at, e.kind, e.actor, e.fromState, e.toState, e.priority, e.comment);
        }
    }

    /** What {@code openForCondition} and {@code openForPlan} return: the order, new or the existing one. */
    public record Opened(long id, boolean created, WorkOrderState state) {
    }
}

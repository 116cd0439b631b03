package org.facilitymonitor.maintenance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A request for maintenance on one asset and its way through {@link WorkOrderLifecycle}.
 * {@code dispatchedAt} and {@code startedAt} keep the first time; {@code completedAt} the latest
 * completion (a reopened order is complete only when redone).
 */
@Entity
@Table(name = "work_order")
public class WorkOrder extends PanacheEntityBase {

    /** Who asked for the work. */
    public enum Kind {
        /** A person, over REST or the asset's request link. */
        REQUEST,
        /** A rule or alarm on the asset's telemetry (corrective). */
        CONDITION,
        /** A preventive-maintenance plan occurrence. */
        PLAN
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public String origin;
    public String assetId;
    /** The asset's site when the order was opened: what site scope checks. */
    public String siteId;
    public String departmentId;
    public String title;
    public String description;
    /** The identity that asked (a user, "rule:N", "plan:N"); null for a request from the public form. */
    public String requester;
    /** Name, e-mail or phone typed into a request: personal data. */
    public String requesterContact;
    /** SHA-256 (hex) of the public requester's follow-up key. */
    public String followUpKeyHash;
    public Long ruleId;
    public Long planId;
    public String occurrenceKey;
    @Enumerated(EnumType.STRING)
    public Priority priority;
    @Enumerated(EnumType.STRING)
    public WorkOrderState state;
    public String assignee;
    public String team;
    public String notes;
    public Integer labourMinutes;
    public Integer rating;
    public String ratingComment;
    public Instant requestedAt;
    public Instant dispatchedAt;
    public Instant startedAt;
    public Instant completedAt;
    public Instant acceptedAt;
    public Instant ratedAt;
    public Instant closedAt;
    public Instant cancelledAt;
    public Instant dispatchDue;
    public Instant startDue;
    public Instant completeDue;
    public Instant acceptDue;
    public Instant updatedAt;

    @ElementCollection
    @CollectionTable(name = "work_order_part", joinColumns = @JoinColumn(name = "work_order_id"))
    @OrderColumn(name = "position")
    public List<PartUsed> parts = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "work_order_checklist_item", joinColumns = @JoinColumn(name = "work_order_id"))
    @OrderColumn(name = "position")
    public List<ChecklistItem> checklist = new ArrayList<>();

    public Map<Step, Instant> dueTimes() {
        Map<Step, Instant> due = new EnumMap<>(Step.class);
        due.put(Step.DISPATCH, dispatchDue);
        due.put(Step.START, startDue);
        due.put(Step.COMPLETE, completeDue);
        if (acceptDue != null) {
            due.put(Step.ACCEPT, acceptDue);
        }
        return due;
    }

    @Embeddable
    public static class PartUsed {
        public String name;
        public BigDecimal quantity;

        public PartUsed() {
        }

        public PartUsed(String name, BigDecimal quantity) {
            this.name = name;
            this.quantity = quantity;
        }
    }

    /** A check to do; {@code passed} and {@code note} are filled in at completion. */
    @Embeddable
    public static class ChecklistItem {
        public String item;
        public Boolean passed;
        public String note;

        public ChecklistItem() {
        }

        public ChecklistItem(String item, Boolean passed, String note) {
            this.item = item;
            this.passed = passed;
            this.note = note;
        }
    }
}

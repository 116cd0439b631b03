package org.facilitymonitor.maintenance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One line of a work order's audit trail: a transition (or its creation) or an escalation. */
@Entity
@Table(name = "work_order_event")
public class WorkOrderEvent extends PanacheEntityBase {

    public enum Kind {
        TRANSITION, ESCALATION
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Long workOrderId;
    public Instant at;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public String actor;
    @Enumerated(EnumType.STRING)
    public WorkOrderState fromState;
    @Enumerated(EnumType.STRING)
    public WorkOrderState toState;
    /** The order's priority after the event. */
    @Enumerated(EnumType.STRING)
    public Priority priority;
    public String comment;

    static WorkOrderEvent record(WorkOrder order, Kind kind, Instant at, String actor, WorkOrderState from,
            String comment) {
        WorkOrderEvent e = new WorkOrderEvent();
        e.workOrderId = order.id;
        e.at = at;
        e.kind = kind;
        e.actor = actor;
        e.fromState = from;
        e.toState = order.state;
        e.priority = order.priority;
        e.comment = comment;
        e.persist();
        return e;
    }

    static List<WorkOrderEvent> history(long workOrderId) {
        return list("workOrderId", Sort.by("id"), workOrderId);
    }
}

package org.facilitymonitor.maintenance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A late step that was escalated; unique per order and step (written by {@link EscalationService}). */
@Entity
@Table(name = "work_order_escalation")
public class WorkOrderEscalation extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "work_order_id")
    public Long workOrderId;
    @Enumerated(EnumType.STRING)
    public Step step;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "escalated_at")
    public Instant escalatedAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "priority_before")
    public Priority priorityBefore;
    @Enumerated(EnumType.STRING)
    @Column(name = "priority_after")
    public Priority priorityAfter;
}

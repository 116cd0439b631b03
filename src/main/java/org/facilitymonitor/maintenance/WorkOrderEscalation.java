package org.facilitymonitor.maintenance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
    public Long workOrderId;
    @Enumerated(EnumType.STRING)
    public Step step;
    public Instant dueAt;
    public Instant escalatedAt;
    @Enumerated(EnumType.STRING)
    public Priority priorityBefore;
    @Enumerated(EnumType.STRING)
    public Priority priorityAfter;
}

package org.facilitymonitor.rules;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** A stored rule; {@code params} is the JSON of its kind's parameters (see {@link RuleParams}). */
@Entity
public class Rule extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Column(name = "site_id")
    public String siteId;
    @Column(name = "asset_id")
    public String assetId;
    @Column(name = "point_id")
    public String pointId;
    @Enumerated(EnumType.STRING)
    public RuleKind kind;
    public String params;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public boolean enabled;
    @Column(name = "creates_work_order")
    public boolean createsWorkOrder;
    @Column(name = "work_order_priority")
    public String workOrderPriority;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}

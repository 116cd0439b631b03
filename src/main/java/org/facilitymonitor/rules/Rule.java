package org.facilitymonitor.rules;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
    public String siteId;
    public String assetId;
    public String pointId;
    @Enumerated(EnumType.STRING)
    public RuleKind kind;
    public String params;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    public boolean enabled;
    public boolean createsWorkOrder;
    public String workOrderPriority;
    public Instant createdAt;
    public Instant updatedAt;
    /** Created, re-enabled, or its point, kind or parameters changed: when it started watching as it is. */
    public Instant startedAt;
}

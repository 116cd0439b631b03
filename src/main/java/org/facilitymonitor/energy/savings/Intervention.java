package org.facilitymonitor.energy.savings;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.facilitymonitor.assets.Carrier;

/** Something done to save energy on a meter, a building or a department, from a local day on. */
@Entity
@Table(name = "energy_intervention")
public class Intervention extends PanacheEntityBase {

    public enum Scope {
        METER, BUILDING, DEPARTMENT
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "site_id")
    public String siteId;
    @Enumerated(EnumType.STRING)
    public Scope scope;
    @Column(name = "scope_id")
    public String scopeId;
    @Enumerated(EnumType.STRING)
    public Carrier carrier;
    public String name;
    public String description;
    @Column(name = "effective_on")
    public LocalDate effectiveOn;
    public BigDecimal cost;
    public String currency;
    @Column(name = "expected_savings_kwh")
    public Double expectedSavingsKwh;
    @Column(name = "work_order_id")
    public Long workOrderId;
    @Column(name = "plan_id")
    public Long planId;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}

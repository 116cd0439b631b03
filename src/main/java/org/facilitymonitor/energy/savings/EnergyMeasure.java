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
import org.facilitymonitor.assets.Carrier;

/** A work order or a maintenance plan marked as an energy measure: its accepted work orders become interventions. */
@Entity
@Table(name = "energy_measure")
public class EnergyMeasure extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "site_id")
    public String siteId;
    @Column(name = "work_order_id")
    public Long workOrderId;
    @Column(name = "plan_id")
    public Long planId;
    @Enumerated(EnumType.STRING)
    public Intervention.Scope scope;
    @Column(name = "scope_id")
    public String scopeId;
    @Enumerated(EnumType.STRING)
    public Carrier carrier;
    public BigDecimal cost;
    public String currency;
    @Column(name = "expected_savings_kwh")
    public Double expectedSavingsKwh;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}

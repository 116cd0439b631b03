package org.facilitymonitor.energy.savings;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** A non-routine adjustment of an intervention's reporting period: kWh per day added to the model over [from, to). */
@Entity
@Table(name = "energy_adjustment")
public class Adjustment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "intervention_id")
    public Long interventionId;
    @Column(name = "from_day")
    public LocalDate fromDay;
    @Column(name = "to_day")
    public LocalDate toDay;
    @Column(name = "kwh_per_day")
    public double kwhPerDay;
    public String reason;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}

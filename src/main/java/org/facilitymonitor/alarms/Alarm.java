package org.facilitymonitor.alarms;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.facilitymonitor.rules.Severity;

/** An alarm a rule raised on an asset; at most one per asset and rule is not CLEARED (a database index). */
@Entity
public class Alarm extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "rule_id")
    public long ruleId;
    @Column(name = "site_id")
    public String siteId;
    @Column(name = "asset_id")
    public String assetId;
    @Column(name = "point_id")
    public String pointId;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Enumerated(EnumType.STRING)
    public AlarmStatus status;
    public String message;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "trigger_value")
    public Double triggerValue;
    @Column(name = "last_ts")
    public Instant lastTs;
    @Column(name = "last_value")
    public Double lastValue;
    public int occurrences;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "cleared_at")
    public Instant clearedAt;
    public boolean suppressed;
    @Column(name = "suppression_reason")
    public String suppressionReason;
    @Column(name = "work_order_id")
    public Long workOrderId;
}

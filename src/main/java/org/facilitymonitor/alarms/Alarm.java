package org.facilitymonitor.alarms;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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
    public long ruleId;
    public String siteId;
    public String assetId;
    public String pointId;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Enumerated(EnumType.STRING)
    public AlarmStatus status;
    public String message;
    public Instant raisedAt;
    public Double triggerValue;
    public Instant lastTs;
    public Double lastValue;
    public int occurrences;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    public Instant clearedAt;
    public boolean suppressed;
    public String suppressionReason;
    public Long workOrderId;
}

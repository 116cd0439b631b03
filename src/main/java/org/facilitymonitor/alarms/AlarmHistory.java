package org.facilitymonitor.alarms;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step of an alarm's life: raised, repeated, reopened, acknowledged, commented, cleared, suppressed. */
@Entity
@Table(name = "alarm_event")
public class AlarmHistory extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public long alarmId;
    public Instant at;
    public String type;
    public String actor;
    public String comment;
    public Double value;

    static void record(long alarmId, Instant at, String type, String actor, String comment, Double value) {
        AlarmHistory h = new AlarmHistory();
        h.alarmId = alarmId;
        h.at = at;
        h.type = type;
        h.actor = actor;
        h.comment = comment;
        h.value = value;
        h.persist();
    }
}
